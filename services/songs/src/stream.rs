//! Streaming a song's audio: locally the file itself with HTTP Range support; on AWS a
//! redirect to a presigned S3 URL. `<audio>` elements cannot send a bearer token, so a
//! short-lived stream ticket in the query stands in for it.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use common::extract::{Json, Path, Query};
use common::media::StreamSource;
use common::model::SONGS;
use common::{ApiError, AppState, AuthUser, record};
use serde::{Deserialize, Serialize};
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

use crate::song::Song;

/// How long a stream ticket stays valid.
const TICKET_TTL: Duration = Duration::from_secs(15 * 60);

/// The query of `GET /songs/{song_id}/stream`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamParams {
    /// A stream ticket from `POST /songs/{song_id}/stream-url`, instead of the header.
    pub ticket: Option<String>,
}

/// Where to stream a song from.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StreamUrlResponse {
    /// The URL: a ticketed path of this API locally, a presigned S3 URL on AWS.
    pub url: String,
    /// When the URL stops working, in seconds since the epoch.
    pub expires_at: i64,
}

async fn audio_source(state: &AppState, caller: &AuthUser, song_id: &str) -> Result<StreamSource, ApiError> {
    let song: Song = record::fetch(state.store.as_ref(), &caller.tenant, &SONGS, song_id, "song").await?;
    let key = song.audio_key.ok_or_else(|| ApiError::NotFound(format!("audio of song {song_id}")))?;
    state.media.source(&caller.tenant, &key).await
}

/// Streams a song's audio; `Range` requests answer 206 with exactly the bytes asked for.
#[utoipa::path(get, path = "/{song_id}/stream", tag = "songs",
    params(("song_id" = String, Path, description = "A song id"), StreamParams),
    responses(
        (status = 200, description = "The whole audio file", content_type = "audio/wav"),
        (status = 206, description = "The requested byte range", content_type = "audio/wav"),
        (status = 307, description = "On AWS: a redirect to a presigned S3 URL"),
        (status = 416, description = "The range is outside the file"),
    ))]
pub async fn stream_song(
    State(state): State<AppState>,
    Path(song_id): Path<String>,
    Query(params): Query<StreamParams>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let caller = match &params.ticket {
        Some(ticket) => state.auth.verify_stream_ticket(ticket, &song_id)?,
        None => state.auth.authenticate(&headers).await?,
    };
    match audio_source(&state, &caller, &song_id).await? {
        StreamSource::Url(url) => Ok((StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, url)]).into_response()),
        StreamSource::File(path) => {
            // A folder (or anything but a file) would answer 200 and then close mid-body.
            if !tokio::fs::metadata(&path).await.is_ok_and(|metadata| metadata.is_file()) {
                tracing::warn!(path = %path.display(), "a song's audio file is missing or not a file");
                return Err(ApiError::NotFound(format!("audio of song {song_id}")));
            }
            let response = ServeFile::new(path)
                .oneshot(single_range_only(request))
                .await
                .map_err(|error| anyhow::anyhow!(error))?;
            Ok(response.map(axum::body::Body::new).into_response())
        }
    }
}

/// Drops a `Range` header other than one range of bytes: RFC 9110 lets a server ignore
/// ranges of unknown units and multiple ranges, and answer the whole file (200) instead of
/// refusing them.
fn single_range_only(mut request: Request) -> Request {
    let single = request
        .headers()
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().strip_prefix("bytes=").is_some_and(|ranges| !ranges.contains(',')));
    if single == Some(false) {
        request.headers_mut().remove(header::RANGE);
    }
    request
}

/// A URL that streams the song without an Authorization header, for `<audio>` elements.
#[utoipa::path(post, path = "/{song_id}/stream-url", tag = "songs", params(("song_id" = String, Path, description = "A song id")),
    responses((status = 200, description = "Where to stream from", body = StreamUrlResponse)))]
pub async fn stream_url(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(song_id): Path<String>,
) -> Result<Json<StreamUrlResponse>, ApiError> {
    match audio_source(&state, &caller, &song_id).await? {
        StreamSource::Url(url) => {
            let expires_at = chrono::Utc::now().timestamp() + 300;
            Ok(Json(StreamUrlResponse { url, expires_at }))
        }
        StreamSource::File(_) => {
            let ticket = state.auth.issue_stream_ticket(&caller, &song_id, TICKET_TTL)?;
            let url = format!("/songs/{song_id}/stream?ticket={}", ticket.token);
            Ok(Json(StreamUrlResponse { url, expires_at: ticket.expires_at }))
        }
    }
}
