//! The HTTP handlers of the songs service's catalog routes: parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use common::extract::{Json, Path, Query};
use common::listed::Listed;
use common::model::SONGS;
use common::paging::{ListResponse, PageParams};
use common::patch::Patch;
use common::search::{self, SearchParams};
use common::{ApiError, AppState, AuthUser, media, record};
use serde::Deserialize;

use crate::song::{self, Song, SongSummary};

/// `POST /songs`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SongCreateRequest {
    /// The album; must exist in the catalog. The song takes the album's artist.
    pub album_id: String,
    /// The title, 1 to 200 characters.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// The disc, 1 to 20; 1 when absent.
    #[schema(minimum = 1, maximum = 20)]
    pub disc_number: Option<u32>,
    /// The track on the disc, 1 to 500.
    #[schema(minimum = 1, maximum = 500)]
    pub track_number: u32,
    /// The length in milliseconds, up to 6 hours.
    #[schema(minimum = 1, maximum = 21600000)]
    pub duration_ms: u64,
    /// The genre.
    pub genre: String,
    /// Where its audio is in the media store, e.g. `audio/tone-440.wav`.
    pub audio_key: Option<String>,
}

/// `PATCH /songs/{song_id}`: only the fields given change.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SongUpdateRequest {
    /// The album; must exist in the catalog.
    pub album_id: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The disc.
    pub disc_number: Option<u32>,
    /// The track.
    pub track_number: Option<u32>,
    /// The length in milliseconds.
    pub duration_ms: Option<u64>,
    /// The genre.
    pub genre: Option<String>,
    /// The media key.
    pub audio_key: Option<String>,
}

impl SongUpdateRequest {
    /// The checked fields, by name.
    fn patch(self) -> Result<Patch, ApiError> {
        if self.disc_number.is_some_and(|n| n == 0 || n > 20) {
            return Err(ApiError::validation("disc_number", "a disc number runs from 1 to 20"));
        }
        if self.track_number.is_some_and(|n| n == 0 || n > 500) {
            return Err(ApiError::validation("track_number", "a track number runs from 1 to 500"));
        }
        if self.duration_ms.is_some_and(|ms| ms == 0 || ms > 6 * 3600 * 1000) {
            return Err(ApiError::validation("duration_ms", "a song lasts from 1 ms to 6 hours"));
        }
        if let Some(key) = &self.audio_key {
            media::check_key(key)?;
        }
        let mut patch = Patch::new();
        patch
            .set("album_id", self.album_id.map(|id| id.trim().to_owned()))?
            .set("title", self.title.as_deref().map(|t| record::name_field("title", t, 200)).transpose()?)?
            .set("disc_number", self.disc_number)?
            .set("track_number", self.track_number)?
            .set("duration_ms", self.duration_ms)?
            .set("genre", self.genre.as_deref().map(|g| record::genre("genre", g)).transpose()?)?
            .set("audio_key", self.audio_key)?;
        Ok(patch)
    }
}

impl From<SongCreateRequest> for SongUpdateRequest {
    fn from(r: SongCreateRequest) -> Self {
        Self {
            album_id: Some(r.album_id),
            title: Some(r.title),
            disc_number: Some(r.disc_number.unwrap_or(1)),
            track_number: Some(r.track_number),
            duration_ms: Some(r.duration_ms),
            genre: Some(r.genre),
            audio_key: r.audio_key,
        }
    }
}

/// Adds a song to an album (admins).
#[utoipa::path(post, path = "/", tag = "songs", request_body = SongCreateRequest,
    responses((status = 201, description = "The new song", body = Song)))]
pub async fn create_song(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<SongCreateRequest>,
) -> Result<(StatusCode, Json<Song>), ApiError> {
    caller.require_admin()?;
    let patch = SongUpdateRequest::from(request).patch()?;
    Ok((StatusCode::CREATED, Json(song::create_song(&state, &caller.tenant, patch).await?)))
}

/// Lists the tenant's songs by id.
#[utoipa::path(get, path = "/", tag = "songs", params(PageParams),
    responses((status = 200, description = "A page of songs", body = ListResponse<Song>)))]
pub async fn list_songs(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Listed<Song>, ApiError> {
    let query = common::store::Query::new(&SONGS);
    record::page_of(state.store.as_ref(), &caller.tenant, query, &params).await
}

/// Finds songs as you type: by the beginnings of any words of their title, in any order,
/// any case, with or without accents.
#[utoipa::path(get, path = "/search", tag = "songs", params(SearchParams),
    responses((status = 200, description = "Matching songs, by the word they were found by", body = ListResponse<SongSummary>)))]
pub async fn search_songs(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<SearchParams>,
) -> Result<Json<ListResponse<SongSummary>>, ApiError> {
    Ok(Json(search::find(state.store.as_ref(), &caller.tenant, &SONGS, &params).await?))
}

/// An album's tracklist in disc and track order.
#[utoipa::path(get, path = "/by-album/{album_id}", tag = "songs",
    params(("album_id" = String, Path, description = "An album id"), PageParams),
    responses((status = 200, description = "The album's songs in order", body = ListResponse<Song>)))]
pub async fn tracklist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(album_id): Path<String>,
    Query(params): Query<PageParams>,
) -> Result<Listed<Song>, ApiError> {
    song::tracklist(state.store.as_ref(), &caller.tenant, &album_id, &params).await
}

/// Songs of a genre, by title.
#[utoipa::path(get, path = "/by-genre/{genre}", tag = "songs",
    params(("genre" = String, Path, description = "A genre, e.g. indie"), PageParams),
    responses((status = 200, description = "Songs of the genre", body = ListResponse<SongSummary>)))]
pub async fn songs_of_genre(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(genre): Path<String>,
    Query(params): Query<PageParams>,
) -> Result<Listed<SongSummary>, ApiError> {
    song::songs_of_genre(state.store.as_ref(), &caller.tenant, &genre, &params).await
}

/// One song.
#[utoipa::path(get, path = "/{song_id}", tag = "songs", params(("song_id" = String, Path, description = "A song id")),
    responses((status = 200, description = "The song", body = Song)))]
pub async fn get_song(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(song_id): Path<String>,
) -> Result<Json<Song>, ApiError> {
    Ok(Json(record::fetch(state.store.as_ref(), &caller.tenant, &SONGS, &song_id, "song").await?))
}

/// Changes a song (admins).
#[utoipa::path(patch, path = "/{song_id}", tag = "songs", params(("song_id" = String, Path, description = "A song id")),
    request_body = SongUpdateRequest, responses((status = 200, description = "The changed song", body = Song)))]
pub async fn update_song(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(song_id): Path<String>,
    Json(request): Json<SongUpdateRequest>,
) -> Result<Json<Song>, ApiError> {
    caller.require_admin()?;
    let patch = request.patch()?;
    Ok(Json(song::update_song(&state, &caller.tenant, &song_id, patch).await?))
}

/// Deletes a song (admins).
#[utoipa::path(delete, path = "/{song_id}", tag = "songs", params(("song_id" = String, Path, description = "A song id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_song(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(song_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    song::delete_song(state.store.as_ref(), &caller.tenant, &song_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
