//! Uploading a song's audio (admins): the file's bytes in the body, its type in
//! `Content-Type`; the bytes must be what the type says (WAV, MP3, Ogg, FLAC or MP4 audio,
//! checked by their signature). The audio goes to the stage's media store at
//! `audio/uploads/<song_id>.<ext>` and the song points at it.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use common::extract::{Json, Path};
use common::{ApiError, AppState, AuthUser, record};

use crate::song::Song;

/// The largest file taken: a Lambda request carries at most 6 MB, base64 included.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The body limit of the upload route (the default of 2 MB is below [`MAX_BYTES`]).
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_BYTES)
}

/// An audio type taken: its MIME type, its file extension, and whether bytes start as such
/// a file does.
struct AudioType {
    mime: &'static str,
    ext: &'static str,
    looks_right: fn(&[u8]) -> bool,
}

fn is_wav(b: &[u8]) -> bool {
    b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WAVE"
}

const TYPES: &[AudioType] = &[
    AudioType { mime: "audio/wav", ext: "wav", looks_right: is_wav },
    AudioType { mime: "audio/x-wav", ext: "wav", looks_right: is_wav },
    AudioType { mime: "audio/wave", ext: "wav", looks_right: is_wav },
    AudioType {
        mime: "audio/mpeg",
        ext: "mp3",
        looks_right: |b| b.starts_with(b"ID3") || (b.len() > 1 && b[0] == 0xFF && b[1] & 0xE0 == 0xE0),
    },
    AudioType { mime: "audio/ogg", ext: "ogg", looks_right: |b| b.starts_with(b"OggS") },
    AudioType { mime: "audio/flac", ext: "flac", looks_right: |b| b.starts_with(b"fLaC") },
    AudioType { mime: "audio/mp4", ext: "m4a", looks_right: |b| b.len() > 8 && &b[4..8] == b"ftyp" },
];

/// The extension of an audio file of `content_type` holding `bytes`.
fn extension(content_type: &str, bytes: &[u8]) -> Result<&'static str, ApiError> {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let Some(AudioType { ext, looks_right, .. }) = TYPES.iter().find(|kind| kind.mime == mime) else {
        return Err(ApiError::UnsupportedMediaType(format!(
            "upload audio as audio/wav, audio/mpeg, audio/ogg, audio/flac or audio/mp4, not {}",
            if mime.is_empty() { "a body without a type" } else { mime.as_str() }
        )));
    };
    if bytes.is_empty() {
        return Err(ApiError::validation("body", "the file is empty"));
    }
    if !looks_right(bytes) {
        return Err(ApiError::validation("body", format!("this is not a {} file", ext.to_uppercase())));
    }
    Ok(ext)
}

/// Replaces a song's audio with the uploaded file (admins).
#[utoipa::path(put, path = "/{song_id}/audio", tag = "songs", params(("song_id" = String, Path, description = "A song id")),
    request_body(content = Vec<u8>, description = "The audio file, at most 4 MB, sent with its own type as Content-Type: audio/wav, audio/mpeg, audio/ogg, audio/flac or audio/mp4", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "The song, pointing at its new audio", body = Song),
        (status = 413, description = "The file is larger than 4 MB"),
        (status = 415, description = "Not an audio type the platform takes"),
    ))]
pub async fn upload_audio(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(song_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Song>, ApiError> {
    caller.require_admin()?;
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::PayloadTooLarge(format!("the file is larger than {} MB", MAX_BYTES >> 20))
        }
        _ => ApiError::validation("body", format!("the file could not be read: {}", rejection.body_text())),
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let ext = extension(content_type, &body)?;
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_owned();
    // The song must exist before its audio is stored.
    if !record::exists(state.store.as_ref(), &caller.tenant, &common::model::SONGS, &song_id).await? {
        return Err(ApiError::NotFound(format!("song {song_id}")));
    }
    let key = format!("audio/uploads/{song_id}.{ext}");
    state.media.put(&caller.tenant, &key, body, &mime).await?;
    let song = record::modify(state.store.as_ref(), &caller.tenant, &song_id, |song: &mut Song| {
        song.audio_key = Some(key.clone());
        Ok(())
    })
    .await?;
    Ok(Json(song))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_what_their_type_says() {
        let wav = b"RIFF\x24\0\0\0WAVEfmt rest";
        assert_eq!(extension("audio/wav", wav).unwrap(), "wav");
        assert_eq!(extension("audio/x-wav; codecs=1", wav).unwrap(), "wav");
        assert_eq!(extension("audio/mpeg", b"ID3\x04rest").unwrap(), "mp3");
        assert_eq!(extension("audio/ogg", b"OggSrest").unwrap(), "ogg");
        assert!(matches!(extension("audio/wav", b"OggS-not-wav-at-all"), Err(ApiError::Validation { .. })));
        assert!(matches!(extension("audio/wav", b""), Err(ApiError::Validation { .. })));
        assert!(matches!(extension("text/plain", b"hello"), Err(ApiError::UnsupportedMediaType(_))));
        assert!(matches!(extension("", wav), Err(ApiError::UnsupportedMediaType(_))));
    }
}
