//! Artists: the record, its validation, and the store calls behind each route.

use common::model::{ALBUMS, ARTISTS};
use common::paging::{ListResponse, PageParams};
use common::record::{self, from_item};
use common::store::{Condition, Item, Key, Query, StoreError};
use common::{ApiError, TenantId};
use serde::{Deserialize, Serialize};

pub use common::records::Artist;

/// The prefix of artist ids.
pub const ID_PREFIX: &str = "art_";

/// An artist as a search or index answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ArtistSummary {
    /// The artist id.
    pub artist_id: String,
    /// The name.
    pub name: String,
    /// Genres, the first one primary.
    pub genres: Vec<String>,
    /// Popularity from 0 to 100.
    pub popularity: u8,
}

/// The fields an admin sets; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ArtistFields {
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
    /// Popularity.
    pub popularity: Option<u8>,
}

fn apply(artist: &mut Artist, fields: ArtistFields) {
    if let Some(name) = fields.name {
        artist.name = name;
    }
    if let Some(genres) = fields.genres {
        artist.genres = genres;
    }
    if let Some(country) = fields.country {
        artist.country = Some(country);
    }
    if let Some(bio) = fields.bio {
        artist.bio = Some(bio);
    }
    if let Some(listeners) = fields.monthly_listeners {
        artist.monthly_listeners = listeners;
    }
    if let Some(popularity) = fields.popularity {
        artist.popularity = popularity;
    }
}

/// Adds an artist; `fields.name` and `fields.genres` are required.
#[tracing::instrument(skip_all, fields(tenant = %tenant))]
pub async fn create_artist(
    store: &dyn common::store::Store,
    tenant: &TenantId,
    fields: ArtistFields,
) -> Result<Artist, ApiError> {
    let now = record::now();
    let mut artist = Artist {
        artist_id: record::new_id(ID_PREFIX),
        name: String::new(),
        genres: Vec::new(),
        country: None,
        bio: None,
        monthly_listeners: 0,
        popularity: 0,
        created_at: now.clone(),
        updated_at: now,
    };
    apply(&mut artist, fields);
    if artist.name.is_empty() {
        return Err(ApiError::validation("name", "an artist needs a name"));
    }
    if artist.genres.is_empty() {
        return Err(ApiError::validation("genres", "give 1 to 5 genres"));
    }
    store.put(tenant, &ARTISTS, artist.to_item(tenant)?, Condition::MustNotExist).await?;
    Ok(artist)
}

/// Changes an artist.
#[tracing::instrument(skip_all, fields(tenant = %tenant, artist_id))]
pub async fn update_artist(
    store: &dyn common::store::Store,
    tenant: &TenantId,
    artist_id: &str,
    fields: ArtistFields,
) -> Result<Artist, ApiError> {
    let mut artist: Artist = record::fetch(store, tenant, &ARTISTS, artist_id, "artist").await?;
    apply(&mut artist, fields);
    artist.updated_at = record::now();
    match store.put(tenant, &ARTISTS, artist.to_item(tenant)?, Condition::MustExist).await {
        Ok(()) => Ok(artist),
        Err(StoreError::ConditionFailed) => Err(ApiError::NotFound(format!("artist {artist_id}"))),
        Err(error) => Err(error.into()),
    }
}

/// Deletes an artist that has no albums.
#[tracing::instrument(skip_all, fields(tenant = %tenant, artist_id))]
pub async fn delete_artist(
    store: &dyn common::store::Store,
    tenant: &TenantId,
    artist_id: &str,
) -> Result<(), ApiError> {
    if !record::exists(store, tenant, &ARTISTS, artist_id).await? {
        return Err(ApiError::NotFound(format!("artist {artist_id}")));
    }
    if record::any_in(store, tenant, &ALBUMS, "by_artist", artist_id).await? {
        return Err(ApiError::Conflict("the artist still has albums: delete them first".to_owned()));
    }
    store.delete(tenant, &ARTISTS, &Key::tenant(artist_id), Condition::None).await?;
    Ok(())
}

/// Artists whose name starts with `prefix`, by name.
pub async fn search_artists(
    store: &dyn common::store::Store,
    tenant: &TenantId,
    prefix: &str,
    params: &PageParams,
) -> Result<ListResponse<ArtistSummary>, ApiError> {
    let query = Query::new(&ARTISTS).index("by_name").sort(record::search_prefix(prefix)?);
    record::page_of(store, tenant, query, params).await
}

/// The most popular artists whose primary genre is `genre`.
pub async fn top_artists(
    store: &dyn common::store::Store,
    tenant: &TenantId,
    genre: &str,
    params: &PageParams,
) -> Result<ListResponse<Artist>, ApiError> {
    let genre = record::genre("genre", genre)?;
    let query = Query::new(&ARTISTS).index("by_genre").scoped(genre).backward();
    record::page_of(store, tenant, query, params).await
}

/// All artists, by id.
pub async fn list_artists(
    store: &dyn common::store::Store,
    tenant: &TenantId,
    params: &PageParams,
) -> Result<ListResponse<Artist>, ApiError> {
    record::page_of(store, tenant, Query::new(&ARTISTS), params).await
}

/// Reads an artist item, for other services' reference checks.
pub fn artist_from_item(item: Item) -> Option<Artist> {
    from_item(item)
}
