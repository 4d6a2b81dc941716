//! Generated melodies, written as 8 kHz 8-bit mono WAV files into a tenant's media
//! directory, so that seeded songs really play, and for as long as they say: each file
//! repeats its melody to its length, and a seeded song is exactly as long as its file.
//! Low fidelity keeps them small (8 KB a second, about 8 MB a tenant).

use std::f64::consts::PI;
use std::path::Path;

use anyhow::Context as _;

const SAMPLE_RATE: u32 = 8_000;

/// One audio file of a seed.
pub(crate) struct AudioFile {
    /// The file name under `audio/`.
    pub(crate) name: &'static str,
    /// Notes of (frequency in Hz, beats); 0 Hz rests. Played again and again to the end.
    melody: &'static [(f64, f64)],
    /// How long the file lasts, and so every song that plays it.
    pub(crate) seconds: u32,
}

impl AudioFile {
    /// The length of the file in milliseconds.
    pub(crate) fn duration_ms(&self) -> u64 {
        u64::from(self.seconds) * 1000
    }

    /// The WAV bytes of the file.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        wav(self.melody, self.seconds)
    }
}

/// The audio files of a seed.
pub(crate) const AUDIO_FILES: &[AudioFile] = &[
    AudioFile { name: "tone-440-95s.wav", melody: &[(440.0, 8.0), (0.0, 1.0), (440.0, 8.0), (0.0, 2.0)], seconds: 95 },
    AudioFile {
        name: "c-major-scale-125s.wav",
        melody: &[
            (261.6, 1.0),
            (293.7, 1.0),
            (329.6, 1.0),
            (349.2, 1.0),
            (392.0, 1.0),
            (440.0, 1.0),
            (493.9, 1.0),
            (523.3, 2.0),
        ],
        seconds: 125,
    },
    AudioFile {
        name: "ode-155s.wav",
        melody: &[
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
        seconds: 155,
    },
    AudioFile {
        name: "arpeggio-185s.wav",
        melody: &[
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
        seconds: 185,
    },
    AudioFile {
        name: "bells-215s.wav",
        melody: &[(523.3, 2.0), (392.0, 2.0), (440.0, 2.0), (329.6, 2.0), (349.2, 2.0), (261.6, 2.0)],
        seconds: 215,
    },
    AudioFile {
        name: "lullaby-245s.wav",
        melody: &[
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
        seconds: 245,
    },
];

/// Seconds per beat.
const BEAT: f64 = 0.5;

/// The WAV bytes of `seconds` of a melody played again and again: a sine with a soft
/// attack and release on every note, as unsigned 8-bit samples.
fn wav(melody: &[(f64, f64)], seconds: u32) -> Vec<u8> {
    let total = (seconds * SAMPLE_RATE) as usize;
    let fade = (0.02 * f64::from(SAMPLE_RATE)) as usize;
    let mut samples: Vec<u8> = Vec::with_capacity(total);
    'fill: loop {
        for &(frequency, beats) in melody {
            let count = (beats * BEAT * f64::from(SAMPLE_RATE)) as usize;
            for n in 0..count {
                if samples.len() == total {
                    break 'fill;
                }
                let envelope = (n.min(count - n) as f64 / fade as f64).min(1.0);
                let t = n as f64 / f64::from(SAMPLE_RATE);
                let value = if frequency > 0.0 { (2.0 * PI * frequency * t).sin() * 0.4 * envelope } else { 0.0 };
                samples.push((128.0 + value * 127.0).round() as u8);
            }
        }
    }
    let data_len = samples.len() as u32;
    let mut bytes = Vec::with_capacity(44 + data_len as usize);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&1u16.to_le_bytes()); // mono
    bytes.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    bytes.extend_from_slice(&SAMPLE_RATE.to_le_bytes()); // byte rate
    bytes.extend_from_slice(&1u16.to_le_bytes()); // block align
    bytes.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    bytes.extend_from_slice(&samples);
    bytes
}

/// Writes every audio file into `<media>/<tenant>/audio/`, skipping files already there.
pub(crate) fn write_all(media_root: &Path, tenant: &str) -> anyhow::Result<usize> {
    let dir = media_root.join(tenant).join("audio");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = 0;
    for file in AUDIO_FILES {
        let path = dir.join(file.name);
        if !path.is_file() {
            std::fs::write(&path, file.bytes()).with_context(|| format!("writing {}", path.display()))?;
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
    for file in AUDIO_FILES {
        let key = format!("{tenant}/audio/{}", file.name);
        if s3.head_object().bucket(bucket).key(&key).send().await.is_ok() {
            continue;
        }
        s3.put_object()
            .bucket(bucket)
            .key(&key)
            .content_type("audio/wav")
            .body(file.bytes().into())
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
        for file in AUDIO_FILES {
            let bytes = file.bytes();
            let name = file.name;
            assert_eq!(&bytes[..4], b"RIFF", "{name}");
            assert_eq!(&bytes[8..16], b"WAVEfmt ", "{name}");
            let rate = u32::from_le_bytes(bytes[24..28].try_into().unwrap());
            let byte_rate = u32::from_le_bytes(bytes[28..32].try_into().unwrap());
            let data_len = u32::from_le_bytes(bytes[40..44].try_into().unwrap());
            assert_eq!(bytes.len(), 44 + data_len as usize, "{name}");
            // As long as the songs that play it say they are, to the millisecond.
            assert_eq!(u64::from(data_len) * 1000 / u64::from(byte_rate), file.duration_ms(), "{name}");
            assert_eq!(byte_rate, rate, "{name}: 8-bit mono");
            assert!(bytes[44..].iter().any(|&sample| sample > 160), "{name} is not silent");
        }
    }
}
