//! Short generated melodies, written as 16-bit mono WAV files into a tenant's media
//! directory, so that seeded songs really play.

use std::f64::consts::PI;
use std::path::Path;

use anyhow::Context as _;

const SAMPLE_RATE: u32 = 16_000;

/// The audio files of a seed: a name and a melody of (frequency in Hz, beats); 0 Hz rests.
pub(crate) const AUDIO_FILES: &[(&str, &[(f64, f64)])] = &[
    ("tone-440.wav", &[(440.0, 8.0), (0.0, 1.0), (440.0, 8.0)]),
    (
        "c-major-scale.wav",
        &[
            (261.6, 1.0),
            (293.7, 1.0),
            (329.6, 1.0),
            (349.2, 1.0),
            (392.0, 1.0),
            (440.0, 1.0),
            (493.9, 1.0),
            (523.3, 2.0),
        ],
    ),
    (
        "ode.wav",
        &[
            (329.6, 1.0),
            (329.6, 1.0),
            (349.2, 1.0),
            (392.0, 1.0),
            (392.0, 1.0),
            (349.2, 1.0),
            (329.6, 1.0),
            (293.7, 1.0),
            (261.6, 1.0),
            (261.6, 1.0),
            (293.7, 1.0),
            (329.6, 1.0),
            (329.6, 1.5),
            (293.7, 0.5),
            (293.7, 2.0),
        ],
    ),
    (
        "arpeggio.wav",
        &[
            (220.0, 0.5),
            (277.2, 0.5),
            (329.6, 0.5),
            (440.0, 0.5),
            (329.6, 0.5),
            (277.2, 0.5),
            (220.0, 0.5),
            (277.2, 0.5),
            (329.6, 0.5),
            (440.0, 0.5),
            (554.4, 1.0),
            (440.0, 2.0),
        ],
    ),
    ("bells.wav", &[(523.3, 2.0), (392.0, 2.0), (440.0, 2.0), (329.6, 2.0), (349.2, 2.0), (261.6, 2.0)]),
    (
        "lullaby.wav",
        &[
            (392.0, 1.5),
            (329.6, 0.5),
            (392.0, 2.0),
            (392.0, 1.5),
            (329.6, 0.5),
            (392.0, 2.0),
            (349.2, 1.0),
            (329.6, 1.0),
            (293.7, 1.0),
            (261.6, 3.0),
        ],
    ),
];

/// Seconds per beat.
const BEAT: f64 = 0.5;

/// The WAV bytes of a melody: a sine with a soft attack and release on every note.
pub(crate) fn wav(melody: &[(f64, f64)]) -> Vec<u8> {
    let mut samples: Vec<i16> = Vec::new();
    for &(frequency, beats) in melody {
        let count = (beats * BEAT * f64::from(SAMPLE_RATE)) as usize;
        let fade = (0.02 * f64::from(SAMPLE_RATE)) as usize;
        for n in 0..count {
            let envelope = (n.min(count - n) as f64 / fade as f64).min(1.0);
            let t = n as f64 / f64::from(SAMPLE_RATE);
            let value = if frequency > 0.0 { (2.0 * PI * frequency * t).sin() * 0.4 * envelope } else { 0.0 };
            samples.push((value * f64::from(i16::MAX)) as i16);
        }
    }
    let data_len = (samples.len() * 2) as u32;
    let mut bytes = Vec::with_capacity(44 + data_len as usize);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&1u16.to_le_bytes()); // mono
    bytes.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    bytes.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes()); // byte rate
    bytes.extend_from_slice(&2u16.to_le_bytes()); // block align
    bytes.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for sample in samples {
        bytes.extend_from_slice(&sample.to_le_bytes());
    }
    bytes
}

/// Writes every audio file into `<media>/<tenant>/audio/`, skipping files already there.
pub(crate) fn write_all(media_root: &Path, tenant: &str) -> anyhow::Result<usize> {
    let dir = media_root.join(tenant).join("audio");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = 0;
    for (name, melody) in AUDIO_FILES {
        let path = dir.join(name);
        if !path.is_file() {
            std::fs::write(&path, wav(melody)).with_context(|| format!("writing {}", path.display()))?;
            written += 1;
        }
    }
    Ok(written)
}

/// Uploads every audio file to `s3://bucket/<tenant>/audio/`, skipping files already there.
/// Answers how many were uploaded, or `None` when the bucket does not exist.
pub(crate) async fn upload_all(s3: &aws_sdk_s3::Client, bucket: &str, tenant: &str) -> anyhow::Result<Option<usize>> {
    if s3.head_bucket().bucket(bucket).send().await.is_err() {
        return Ok(None);
    }
    let mut uploaded = 0;
    for (name, melody) in AUDIO_FILES {
        let key = format!("{tenant}/audio/{name}");
        if s3.head_object().bucket(bucket).key(&key).send().await.is_ok() {
            continue;
        }
        s3.put_object()
            .bucket(bucket)
            .key(&key)
            .content_type("audio/wav")
            .body(wav(melody).into())
            .send()
            .await
            .map_err(|error| anyhow::anyhow!("uploading {key} to {bucket}: {}", crate::deploy::aws::explain(error)))?;
        uploaded += 1;
    }
    Ok(Some(uploaded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_valid_wav() {
        for (name, melody) in AUDIO_FILES {
            let bytes = wav(melody);
            assert_eq!(&bytes[..4], b"RIFF", "{name}");
            assert_eq!(&bytes[8..16], b"WAVEfmt ", "{name}");
            let data_len = u32::from_le_bytes(bytes[40..44].try_into().unwrap()) as usize;
            assert_eq!(bytes.len(), 44 + data_len, "{name}");
            assert!(data_len > 2 * 16_000, "{name} should last over a second");
        }
    }
}
