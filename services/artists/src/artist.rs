//! Artists: the record, its validation, and the store calls behind each route.

use common::listed::Listed;
use common::model::{ALBUMS, ARTISTS};
use common::paging::{AddedParams, PageParams};
use common::patch::Patch;
use common::record::{self, from_item};
use common::store::{Item, Query, Store};
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

/// Adds an artist with the fields of `patch`, which must name it and give its genres.
#[tracing::instrument(skip_all, fields(tenant = %tenant))]
pub async fn create_artist(store: &dyn Store, tenant: &TenantId, patch: &Patch) -> Result<Artist, ApiError> {
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
        version: 1,
    };
    patch.apply(&mut artist)?;
    if artist.name.is_empty() {
        return Err(ApiError::validation("name", "an artist needs a name"));
    }
    if artist.genres.is_empty() {
        return Err(ApiError::validation("genres", "give 1 to 5 genres"));
    }
    record::create(store, tenant, &artist).await?;
    Ok(artist)
}

/// Sets the fields of `patch` on an artist, keeping every concurrent change.
#[tracing::instrument(skip_all, fields(tenant = %tenant, artist_id))]
pub async fn update_artist(
    store: &dyn Store,
    tenant: &TenantId,
    artist_id: &str,
    patch: &Patch,
) -> Result<Artist, ApiError> {
    record::modify(store, tenant, artist_id, |artist: &mut Artist| patch.apply(artist)).await
}

/// Deletes an artist that has no albums.
#[tracing::instrument(skip_all, fields(tenant = %tenant, artist_id))]
pub async fn delete_artist(store: &dyn Store, tenant: &TenantId, artist_id: &str) -> Result<(), ApiError> {
    // `remove` reads the artist (404 when there is none): no album names a missing artist.
    if record::any_in(store, tenant, &ALBUMS, "by_artist", artist_id).await? {
        return Err(ApiError::Conflict("the artist still has albums: delete them first".to_owned()));
    }
    record::remove::<Artist>(store, tenant, artist_id).await
}

/// The most popular artists whose primary genre is `genre`.
pub async fn top_artists(
    store: &dyn Store,
    tenant: &TenantId,
    genre: &str,
    params: &PageParams,
) -> Result<Listed<Artist>, ApiError> {
    let genre = record::genre("genre", genre)?;
    let query = Query::new(&ARTISTS).index("by_genre").scoped(genre).backward();
    record::page_of(store, tenant, query, params).await
}

/// All artists in the order they were added (ids are time-ordered), oldest or newest first.
pub async fn list_artists(
    store: &dyn Store,
    tenant: &TenantId,
    params: &AddedParams,
) -> Result<Listed<Artist>, ApiError> {
    record::page_of(store, tenant, params.ordered(Query::new(&ARTISTS)), &params.page()).await
}

/// All artists by name, A to Z (the name index).
pub async fn artists_by_name(
    store: &dyn Store,
    tenant: &TenantId,
    params: &PageParams,
) -> Result<Listed<ArtistSummary>, ApiError> {
    record::page_of(store, tenant, Query::new(&ARTISTS).index("by_name"), params).await
}

/// Reads an artist item, for other services' reference checks.
pub fn artist_from_item(item: Item) -> Option<Artist> {
    from_item(item)
}
