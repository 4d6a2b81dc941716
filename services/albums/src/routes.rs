//! The HTTP handlers of the albums service: parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use common::extract::{Json, Path, Query};
use common::listed::Listed;
use common::model::ALBUMS;
use common::paging::{AddedParams, ListResponse, PageParams};
use common::patch::Patch;
use common::record;
use common::search::{self, SearchParams};
use common::{ApiError, AppState, AuthUser};
use serde::Deserialize;

use crate::album::{self, Album, AlbumSummary};

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

impl AlbumUpdateRequest {
    /// The checked fields, by name.
    fn patch(self) -> Result<Patch, ApiError> {
        if self.total_tracks.is_some_and(|n| n == 0 || n > 500) {
            return Err(ApiError::validation("total_tracks", "an album has 1 to 500 tracks"));
        }
        let release_date = self
            .release_date
            .as_deref()
            .map(|d| record::date("release_date", d).map(|d| d.format("%Y-%m-%d").to_string()))
            .transpose()?;
        let mut patch = Patch::new();
        patch
            .set("artist_id", self.artist_id.map(|id| id.trim().to_owned()))?
            .set("title", self.title.as_deref().map(|t| record::name_field("title", t, 200)).transpose()?)?
            .set("release_date", release_date)?
            .set("genres", self.genres.as_deref().map(|g| record::genres("genres", g)).transpose()?)?
            .set("total_tracks", self.total_tracks)?
            .set("label", self.label.as_deref().map(|l| record::name_field("label", l, 120)).transpose()?)?
            .set(
                "cover_url",
                self.cover_url.as_deref().map(|c| record::text_field("cover_url", c, 500)).transpose()?,
            )?;
        Ok(patch)
    }
}

impl From<AlbumCreateRequest> for AlbumUpdateRequest {
    fn from(r: AlbumCreateRequest) -> Self {
        Self {
            artist_id: Some(r.artist_id),
            title: Some(r.title),
            release_date: Some(r.release_date),
            genres: Some(r.genres),
            total_tracks: Some(r.total_tracks),
            label: r.label,
            cover_url: r.cover_url,
        }
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
    let patch = AlbumUpdateRequest::from(request).patch()?;
    Ok((StatusCode::CREATED, Json(album::create_album(state.store.as_ref(), &caller.tenant, &patch).await?)))
}

/// Lists the tenant's albums in the order they were added, oldest or newest first.
#[utoipa::path(get, path = "/", tag = "albums", params(AddedParams),
    responses((status = 200, description = "A page of albums in the order they were added", body = ListResponse<Album>)))]
pub async fn list_albums(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<AddedParams>,
) -> Result<Listed<Album>, ApiError> {
    let query = params.ordered(common::store::Query::new(&ALBUMS));
    record::page_of(state.store.as_ref(), &caller.tenant, query, &params.page()).await
}

/// Finds albums as you type: by the beginnings of any words of their title, in any order,
/// any case, with or without accents.
#[utoipa::path(get, path = "/search", tag = "albums", params(SearchParams),
    responses((status = 200, description = "Matching albums, by the word they were found by", body = ListResponse<AlbumSummary>)))]
pub async fn search_albums(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<SearchParams>,
) -> Result<Json<ListResponse<AlbumSummary>>, ApiError> {
    Ok(Json(search::find(state.store.as_ref(), &caller.tenant, &ALBUMS, &params).await?))
}

/// The tenant's albums by title, A to Z: all of them, or those of one genre.
#[utoipa::path(get, path = "/by-title", tag = "albums", params(album::TitleParams),
    responses((status = 200, description = "A page of albums, A to Z", body = ListResponse<AlbumSummary>)))]
pub async fn albums_by_title(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<album::TitleParams>,
) -> Result<Json<ListResponse<AlbumSummary>>, ApiError> {
    Ok(Json(album::albums_by_title(state.store.as_ref(), &caller.tenant, &params).await?))
}

/// Albums released up to today, newest first.
#[utoipa::path(get, path = "/new-releases", tag = "albums", params(PageParams),
    responses((status = 200, description = "A page of new releases", body = ListResponse<AlbumSummary>)))]
pub async fn new_releases(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Listed<AlbumSummary>, ApiError> {
    album::new_releases(state.store.as_ref(), &caller.tenant, &params).await
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
) -> Result<Listed<Album>, ApiError> {
    album::discography(state.store.as_ref(), &caller.tenant, &artist_id, &params).await
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
    let patch = request.patch()?;
    Ok(Json(album::update_album(state.store.as_ref(), &caller.tenant, &album_id, &patch).await?))
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
