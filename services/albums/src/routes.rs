//! The HTTP handlers of the albums service: parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use common::extract::{Json, Path, Query};
use common::model::ALBUMS;
use common::paging::{ListResponse, PageParams};
use common::record;
use common::{ApiError, AppState, AuthUser};
use serde::Deserialize;

use crate::album::{self, Album, AlbumFields, AlbumSummary};

/// `POST /albums`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlbumCreateRequest {
    /// The artist who recorded it; must exist in the catalog.
    pub artist_id: String,
    /// The title, 1 to 200 characters.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// The release date, `YYYY-MM-DD`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub release_date: String,
    /// 1 to 5 genres.
    #[schema(min_items = 1, max_items = 5)]
    pub genres: Vec<String>,
    /// How many tracks it has, 1 to 500.
    #[schema(minimum = 1, maximum = 500)]
    pub total_tracks: u32,
    /// The record label.
    pub label: Option<String>,
    /// Where its cover image is.
    pub cover_url: Option<String>,
}

/// `PATCH /albums/{album_id}`: only the fields given change.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlbumUpdateRequest {
    /// The artist; must exist in the catalog.
    pub artist_id: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The release date, `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// Genres.
    pub genres: Option<Vec<String>>,
    /// Track count.
    pub total_tracks: Option<u32>,
    /// Label.
    pub label: Option<String>,
    /// Cover URL.
    pub cover_url: Option<String>,
}

#[allow(clippy::too_many_arguments)] // One argument per optional field of both requests.
fn check_fields(
    artist_id: Option<String>,
    title: Option<String>,
    release_date: Option<String>,
    genres: Option<Vec<String>>,
    total_tracks: Option<u32>,
    label: Option<String>,
    cover_url: Option<String>,
) -> Result<AlbumFields, ApiError> {
    if total_tracks.is_some_and(|n| n == 0 || n > 500) {
        return Err(ApiError::validation("total_tracks", "an album has 1 to 500 tracks"));
    }
    let release_date = release_date
        .as_deref()
        .map(|d| record::date("release_date", d).map(|d| d.format("%Y-%m-%d").to_string()))
        .transpose()?;
    Ok(AlbumFields {
        artist_id: artist_id.map(|id| id.trim().to_owned()),
        title: title.as_deref().map(|t| record::text_field("title", t, 200)).transpose()?,
        release_date,
        genres: genres.as_deref().map(|g| record::genres("genres", g)).transpose()?,
        total_tracks,
        label: label.as_deref().map(|l| record::text_field("label", l, 120)).transpose()?,
        cover_url: cover_url.as_deref().map(|c| record::text_field("cover_url", c, 500)).transpose()?,
    })
}

impl TryFrom<AlbumCreateRequest> for AlbumFields {
    type Error = ApiError;

    fn try_from(r: AlbumCreateRequest) -> Result<Self, Self::Error> {
        check_fields(
            Some(r.artist_id),
            Some(r.title),
            Some(r.release_date),
            Some(r.genres),
            Some(r.total_tracks),
            r.label,
            r.cover_url,
        )
    }
}

impl TryFrom<AlbumUpdateRequest> for AlbumFields {
    type Error = ApiError;

    fn try_from(r: AlbumUpdateRequest) -> Result<Self, Self::Error> {
        check_fields(r.artist_id, r.title, r.release_date, r.genres, r.total_tracks, r.label, r.cover_url)
    }
}

/// Adds an album (admins).
#[utoipa::path(post, path = "/", tag = "albums", request_body = AlbumCreateRequest,
    responses((status = 201, description = "The new album", body = Album)))]
pub async fn create_album(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<AlbumCreateRequest>,
) -> Result<(StatusCode, Json<Album>), ApiError> {
    caller.require_admin()?;
    let fields = AlbumFields::try_from(request)?;
    Ok((StatusCode::CREATED, Json(album::create_album(state.store.as_ref(), &caller.tenant, fields).await?)))
}

/// Lists the tenant's albums by id.
#[utoipa::path(get, path = "/", tag = "albums", params(PageParams),
    responses((status = 200, description = "A page of albums", body = ListResponse<Album>)))]
pub async fn list_albums(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Json<ListResponse<Album>>, ApiError> {
    let query = common::store::Query::new(&ALBUMS);
    Ok(Json(record::page_of(state.store.as_ref(), &caller.tenant, query, &params).await?))
}

/// Albums released up to today, newest first.
#[utoipa::path(get, path = "/new-releases", tag = "albums", params(PageParams),
    responses((status = 200, description = "A page of new releases", body = ListResponse<AlbumSummary>)))]
pub async fn new_releases(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Json<ListResponse<AlbumSummary>>, ApiError> {
    Ok(Json(album::new_releases(state.store.as_ref(), &caller.tenant, &params).await?))
}

/// An artist's discography, oldest first.
#[utoipa::path(get, path = "/by-artist/{artist_id}", tag = "albums",
    params(("artist_id" = String, Path, description = "An artist id"), PageParams),
    responses((status = 200, description = "The artist's albums by release date", body = ListResponse<Album>)))]
pub async fn discography(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(artist_id): Path<String>,
    Query(params): Query<PageParams>,
) -> Result<Json<ListResponse<Album>>, ApiError> {
    Ok(Json(album::discography(state.store.as_ref(), &caller.tenant, &artist_id, &params).await?))
}

/// One album.
#[utoipa::path(get, path = "/{album_id}", tag = "albums", params(("album_id" = String, Path, description = "An album id")),
    responses((status = 200, description = "The album", body = Album)))]
pub async fn get_album(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(album_id): Path<String>,
) -> Result<Json<Album>, ApiError> {
    Ok(Json(record::fetch(state.store.as_ref(), &caller.tenant, &ALBUMS, &album_id, "album").await?))
}

/// Changes an album (admins).
#[utoipa::path(patch, path = "/{album_id}", tag = "albums", params(("album_id" = String, Path, description = "An album id")),
    request_body = AlbumUpdateRequest, responses((status = 200, description = "The changed album", body = Album)))]
pub async fn update_album(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(album_id): Path<String>,
    Json(request): Json<AlbumUpdateRequest>,
) -> Result<Json<Album>, ApiError> {
    caller.require_admin()?;
    let fields = AlbumFields::try_from(request)?;
    Ok(Json(album::update_album(state.store.as_ref(), &caller.tenant, &album_id, fields).await?))
}

/// Deletes an album without songs (admins).
#[utoipa::path(delete, path = "/{album_id}", tag = "albums", params(("album_id" = String, Path, description = "An album id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_album(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(album_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    album::delete_album(state.store.as_ref(), &caller.tenant, &album_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
