//! The HTTP handlers of the artists service: parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use common::extract::{Json, Path, Query};
use common::listed::Listed;
use common::model::ARTISTS;
use common::paging::{AddedParams, ListResponse, PageParams};
use common::patch::Patch;
use common::record;
use common::search::{self, SearchParams};
use common::{ApiError, AppState, AuthUser};
use serde::Deserialize;

use crate::artist::{self, Artist, ArtistSummary};

/// `POST /artists`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistCreateRequest {
    /// The name, 1 to 120 characters.
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// 1 to 5 genres, the first one primary.
    #[schema(min_items = 1, max_items = 5)]
    pub genres: Vec<String>,
    /// Two-letter country code.
    #[schema(pattern = "^[A-Za-z]{2}$")]
    pub country: Option<String>,
    /// A short biography, up to 2,000 characters.
    #[schema(max_length = 2000)]
    pub bio: Option<String>,
    /// Listeners in the last 30 days.
    pub monthly_listeners: Option<u64>,
    /// Popularity from 0 to 100.
    #[schema(maximum = 100)]
    pub popularity: Option<u8>,
}

/// `PATCH /artists/{artist_id}`: only the fields given change.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistUpdateRequest {
    /// The name.
    pub name: Option<String>,
    /// Genres.
    pub genres: Option<Vec<String>>,
    /// Country code.
    pub country: Option<String>,
    /// Biography.
    pub bio: Option<String>,
    /// Monthly listeners.
    pub monthly_listeners: Option<u64>,
    /// Popularity from 0 to 100.
    #[schema(maximum = 100)]
    pub popularity: Option<u8>,
}

/// The query of `GET /artists/top`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArtistTopParams {
    /// The genre.
    pub genre: String,
    /// At most this many items, 1 to 100.
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ArtistUpdateRequest {
    /// The checked fields, by name.
    fn patch(self) -> Result<Patch, ApiError> {
        if self.popularity.is_some_and(|p| p > 100) {
            return Err(ApiError::validation("popularity", "popularity runs from 0 to 100"));
        }
        if self.monthly_listeners.is_some_and(|n| n > 10_000_000_000) {
            return Err(ApiError::validation("monthly_listeners", "at most 10,000,000,000"));
        }
        let mut patch = Patch::new();
        patch
            .set("name", self.name.as_deref().map(|n| record::name_field("name", n, 120)).transpose()?)?
            .set("genres", self.genres.as_deref().map(|g| record::genres("genres", g)).transpose()?)?
            .set("country", self.country.as_deref().map(record::country).transpose()?)?
            .set("bio", self.bio.as_deref().map(|b| record::text_field("bio", b, 2000)).transpose()?)?
            .set("monthly_listeners", self.monthly_listeners)?
            .set("popularity", self.popularity)?;
        Ok(patch)
    }
}

impl From<ArtistCreateRequest> for ArtistUpdateRequest {
    fn from(r: ArtistCreateRequest) -> Self {
        Self {
            name: Some(r.name),
            genres: Some(r.genres),
            country: r.country,
            bio: r.bio,
            monthly_listeners: r.monthly_listeners,
            popularity: r.popularity,
        }
    }
}

/// Adds an artist (admins).
#[utoipa::path(post, path = "/", tag = "artists", request_body = ArtistCreateRequest,
    responses((status = 201, description = "The new artist", body = Artist)))]
pub async fn create_artist(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<ArtistCreateRequest>,
) -> Result<(StatusCode, Json<Artist>), ApiError> {
    caller.require_admin()?;
    let patch = ArtistUpdateRequest::from(request).patch()?;
    let artist = artist::create_artist(state.store.as_ref(), &caller.tenant, &patch).await?;
    Ok((StatusCode::CREATED, Json(artist)))
}

/// Lists the tenant's artists in the order they were added, oldest or newest first.
#[utoipa::path(get, path = "/", tag = "artists", params(AddedParams),
    responses((status = 200, description = "A page of artists in the order they were added", body = ListResponse<Artist>)))]
pub async fn list_artists(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<AddedParams>,
) -> Result<Listed<Artist>, ApiError> {
    artist::list_artists(state.store.as_ref(), &caller.tenant, &params).await
}

/// Lists the tenant's artists by name, A to Z.
#[utoipa::path(get, path = "/by-name", tag = "artists", params(PageParams),
    responses((status = 200, description = "A page of artists, A to Z", body = ListResponse<ArtistSummary>)))]
pub async fn artists_by_name(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Listed<ArtistSummary>, ApiError> {
    artist::artists_by_name(state.store.as_ref(), &caller.tenant, &params).await
}

/// Finds artists as you type: by the beginnings of any words of their name, in any order,
/// any case, with or without accents.
#[utoipa::path(get, path = "/search", tag = "artists", params(SearchParams),
    responses((status = 200, description = "Matching artists, by the word they were found by", body = ListResponse<ArtistSummary>)))]
pub async fn search_artists(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<SearchParams>,
) -> Result<Json<ListResponse<ArtistSummary>>, ApiError> {
    Ok(Json(search::find(state.store.as_ref(), &caller.tenant, &ARTISTS, &params).await?))
}

/// The most popular artists of a genre.
#[utoipa::path(get, path = "/top", tag = "artists", params(ArtistTopParams),
    responses((status = 200, description = "Artists of the genre, most popular first", body = ListResponse<Artist>)))]
pub async fn top_artists(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<ArtistTopParams>,
) -> Result<Listed<Artist>, ApiError> {
    let paging = PageParams { limit: params.limit, cursor: params.cursor };
    artist::top_artists(state.store.as_ref(), &caller.tenant, &params.genre, &paging).await
}

/// One artist.
#[utoipa::path(get, path = "/{artist_id}", tag = "artists", params(("artist_id" = String, Path, description = "An artist id")),
    responses((status = 200, description = "The artist", body = Artist)))]
pub async fn get_artist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(artist_id): Path<String>,
) -> Result<Json<Artist>, ApiError> {
    Ok(Json(record::fetch(state.store.as_ref(), &caller.tenant, &common::model::ARTISTS, &artist_id, "artist").await?))
}

/// Changes an artist (admins).
#[utoipa::path(patch, path = "/{artist_id}", tag = "artists", params(("artist_id" = String, Path, description = "An artist id")),
    request_body = ArtistUpdateRequest, responses((status = 200, description = "The changed artist", body = Artist)))]
pub async fn update_artist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(artist_id): Path<String>,
    Json(request): Json<ArtistUpdateRequest>,
) -> Result<Json<Artist>, ApiError> {
    caller.require_admin()?;
    let patch = request.patch()?;
    Ok(Json(artist::update_artist(state.store.as_ref(), &caller.tenant, &artist_id, &patch).await?))
}

/// Deletes an artist without albums (admins).
#[utoipa::path(delete, path = "/{artist_id}", tag = "artists", params(("artist_id" = String, Path, description = "An artist id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_artist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(artist_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    artist::delete_artist(state.store.as_ref(), &caller.tenant, &artist_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
