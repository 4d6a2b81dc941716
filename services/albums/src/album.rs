//! Albums: the record, its validation, and the store calls behind each route.

use common::listed::Listed;
use common::model::{ALBUMS, ARTISTS, SONGS};
use common::paging::{ListResponse, PageParams};
use common::patch::Patch;
use common::store::{Query, SortCondition, Store};
use common::{ApiError, TenantId};
use common::{record, records, search};
use serde::{Deserialize, Serialize};

pub use common::records::Album;

/// The prefix of album ids.
pub const ID_PREFIX: &str = "alb_";

/// An album as search and the new-releases index answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AlbumSummary {
    /// The album id.
    pub album_id: String,
    /// The artist.
    pub artist_id: String,
    /// The title.
    pub title: String,
    /// The release date.
    pub release_date: String,
    /// Where its cover image is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub cover_url: Option<String>,
}

async fn check_artist(store: &dyn Store, tenant: &TenantId, artist_id: &str) -> Result<(), ApiError> {
    if record::exists(store, tenant, &ARTISTS, artist_id).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound(format!("artist {artist_id}")))
    }
}

/// Adds an album of an existing artist with the fields of `patch`.
#[tracing::instrument(skip_all, fields(tenant = %tenant))]
pub async fn create_album(store: &dyn Store, tenant: &TenantId, patch: &Patch) -> Result<Album, ApiError> {
    let now = record::now();
    let mut album = Album {
        album_id: record::new_id(ID_PREFIX),
        artist_id: String::new(),
        title: String::new(),
        release_date: String::new(),
        genres: Vec::new(),
        total_tracks: 0,
        label: None,
        cover_url: None,
        created_at: now.clone(),
        updated_at: now,
        version: 1,
    };
    patch.apply(&mut album)?;
    check_artist(store, tenant, &album.artist_id).await?;
    record::create(store, tenant, &album).await?;
    Ok(album)
}

/// Sets the fields of `patch` on an album, keeping every concurrent change; a new artist
/// must exist.
#[tracing::instrument(skip_all, fields(tenant = %tenant, album_id))]
pub async fn update_album(
    store: &dyn Store,
    tenant: &TenantId,
    album_id: &str,
    patch: &Patch,
) -> Result<Album, ApiError> {
    if let Some(artist_id) = patch.get("artist_id").and_then(|v| v.as_str()) {
        check_artist(store, tenant, artist_id).await?;
    }
    record::modify(store, tenant, album_id, |album: &mut Album| patch.apply(album)).await
}

/// Deletes an album that has no songs.
#[tracing::instrument(skip_all, fields(tenant = %tenant, album_id))]
pub async fn delete_album(store: &dyn Store, tenant: &TenantId, album_id: &str) -> Result<(), ApiError> {
    // `remove` reads the album (404 when there is none): no song names a missing album.
    if record::any_in(store, tenant, &SONGS, "by_album", album_id).await? {
        return Err(ApiError::Conflict("the album still has songs: delete them first".to_owned()));
    }
    record::remove::<Album>(store, tenant, album_id).await
}

/// An artist's albums, oldest first.
pub async fn discography(
    store: &dyn Store,
    tenant: &TenantId,
    artist_id: &str,
    params: &PageParams,
) -> Result<Listed<Album>, ApiError> {
    if !record::exists(store, tenant, &ARTISTS, artist_id).await? {
        return Err(ApiError::NotFound(format!("artist {artist_id}")));
    }
    record::page_of(store, tenant, Query::new(&ALBUMS).index("by_artist").scoped(artist_id), params).await
}

/// The paging parameters of the albums A to Z, and the genre they may be narrowed to.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TitleParams {
    /// Only albums of this genre (any of an album's genres).
    pub genre: Option<String>,
    /// At most this many items, 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The tenant's albums by title, A to Z, all of them or those of one genre (the albums'
/// list items, see [`common::search`]).
pub async fn albums_by_title(
    store: &dyn Store,
    tenant: &TenantId,
    params: &TitleParams,
) -> Result<ListResponse<AlbumSummary>, ApiError> {
    let list = match params.genre.as_deref() {
        Some(genre) => records::genre_list(&record::genre("genre", genre)?),
        None => records::ALL_ALBUMS.to_owned(),
    };
    let page = PageParams { limit: params.limit, cursor: params.cursor.clone() };
    search::list(store, tenant, &ALBUMS, &list, &page).await
}

/// Albums released up to today, newest first.
pub async fn new_releases(
    store: &dyn Store,
    tenant: &TenantId,
    params: &PageParams,
) -> Result<Listed<AlbumSummary>, ApiError> {
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let query = Query::new(&ALBUMS).index("by_release").sort(SortCondition::Le(today)).backward();
    record::page_of(store, tenant, query, params).await
}
