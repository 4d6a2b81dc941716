//! Albums: the record, its validation, and the store calls behind each route.

use common::model::{ALBUMS, ARTISTS, SONGS};
use common::paging::{ListResponse, PageParams};
use common::record;
use common::store::{Condition, Key, Query, SortCondition, Store, StoreError};
use common::{ApiError, TenantId};
use serde::{Deserialize, Serialize};

pub use common::records::Album;

/// The prefix of album ids.
pub const ID_PREFIX: &str = "alb_";

/// An album as the new-releases index answers it.
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

/// Validated fields of an album; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AlbumFields {
    /// The artist.
    pub artist_id: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The release date.
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

async fn check_artist(store: &dyn Store, tenant: &TenantId, artist_id: &str) -> Result<(), ApiError> {
    if record::exists(store, tenant, &ARTISTS, artist_id).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound(format!("artist {artist_id}")))
    }
}

fn apply(album: &mut Album, fields: AlbumFields) {
    let AlbumFields { artist_id, title, release_date, genres, total_tracks, label, cover_url } = fields;
    album.artist_id = artist_id.unwrap_or(std::mem::take(&mut album.artist_id));
    album.title = title.unwrap_or(std::mem::take(&mut album.title));
    album.release_date = release_date.unwrap_or(std::mem::take(&mut album.release_date));
    album.genres = genres.unwrap_or(std::mem::take(&mut album.genres));
    album.total_tracks = total_tracks.unwrap_or(album.total_tracks);
    album.label = label.or(album.label.take());
    album.cover_url = cover_url.or(album.cover_url.take());
}

/// Adds an album of an existing artist.
#[tracing::instrument(skip_all, fields(tenant = %tenant))]
pub async fn create_album(store: &dyn Store, tenant: &TenantId, fields: AlbumFields) -> Result<Album, ApiError> {
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
    };
    apply(&mut album, fields);
    check_artist(store, tenant, &album.artist_id).await?;
    store.put(tenant, &ALBUMS, album.to_item(tenant)?, Condition::MustNotExist).await?;
    Ok(album)
}

/// Changes an album; a new artist must exist.
#[tracing::instrument(skip_all, fields(tenant = %tenant, album_id))]
pub async fn update_album(
    store: &dyn Store,
    tenant: &TenantId,
    album_id: &str,
    fields: AlbumFields,
) -> Result<Album, ApiError> {
    let mut album: Album = record::fetch(store, tenant, &ALBUMS, album_id, "album").await?;
    if let Some(artist_id) = &fields.artist_id {
        check_artist(store, tenant, artist_id).await?;
    }
    apply(&mut album, fields);
    album.updated_at = record::now();
    match store.put(tenant, &ALBUMS, album.to_item(tenant)?, Condition::MustExist).await {
        Ok(()) => Ok(album),
        Err(StoreError::ConditionFailed) => Err(ApiError::NotFound(format!("album {album_id}"))),
        Err(error) => Err(error.into()),
    }
}

/// Deletes an album that has no songs.
#[tracing::instrument(skip_all, fields(tenant = %tenant, album_id))]
pub async fn delete_album(store: &dyn Store, tenant: &TenantId, album_id: &str) -> Result<(), ApiError> {
    if !record::exists(store, tenant, &ALBUMS, album_id).await? {
        return Err(ApiError::NotFound(format!("album {album_id}")));
    }
    if record::any_in(store, tenant, &SONGS, "by_album", album_id).await? {
        return Err(ApiError::Conflict("the album still has songs: delete them first".to_owned()));
    }
    store.delete(tenant, &ALBUMS, &Key::tenant(album_id), Condition::None).await?;
    Ok(())
}

/// An artist's albums, oldest first.
pub async fn discography(
    store: &dyn Store,
    tenant: &TenantId,
    artist_id: &str,
    params: &PageParams,
) -> Result<ListResponse<Album>, ApiError> {
    if !record::exists(store, tenant, &ARTISTS, artist_id).await? {
        return Err(ApiError::NotFound(format!("artist {artist_id}")));
    }
    record::page_of(store, tenant, Query::new(&ALBUMS).index("by_artist").scoped(artist_id), params).await
}

/// Albums released up to today, newest first.
pub async fn new_releases(
    store: &dyn Store,
    tenant: &TenantId,
    params: &PageParams,
) -> Result<ListResponse<AlbumSummary>, ApiError> {
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let query = Query::new(&ALBUMS).index("by_release").sort(SortCondition::Le(today)).backward();
    record::page_of(store, tenant, query, params).await
}
