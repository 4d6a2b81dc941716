//! Playlists: the header record, its entries, and the reads and writes of both.
//!
//! A playlist is one partition slice: the header at `playlist_id` and one entry per song at
//! `playlist_id#<position>`, so one Query with `begins_with(playlist_id)` returns it whole.
//! Only headers carry `tenant_owner`, so the owner index is sparse.

use common::model::PLAYLISTS;
use common::record::{self, from_item};
use common::store::{Condition, Query, SortCondition, Store};
use common::{ApiError, TenantId};
use serde::{Deserialize, Serialize};

pub use common::records::{Playlist, PlaylistEntry, entry_key};

/// The prefix of playlist ids.
pub const ID_PREFIX: &str = "pl_";

/// The most songs a playlist holds.
pub const MAX_ENTRIES: usize = 500;

/// A playlist with all its songs in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlaylistDetail {
    /// The header.
    pub playlist: Playlist,
    /// The songs, by position.
    pub entries: Vec<PlaylistEntry>,
}

/// A playlist as the owner index answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlaylistSummary {
    /// The playlist id.
    pub playlist_id: String,
    /// The name.
    pub name: String,
    /// Whether it is public.
    pub public: bool,
    /// How many songs it holds.
    pub entry_count: u32,
    /// When it last changed.
    pub updated_at: String,
}

/// Reads a playlist with all its entries with one Query (paged past 1 MB).
pub async fn load(store: &dyn Store, tenant: &TenantId, playlist_id: &str) -> Result<Option<PlaylistDetail>, ApiError> {
    if !record::is_id(ID_PREFIX, playlist_id) {
        return Ok(None);
    }
    let mut query = Query::new(&PLAYLISTS).sort(SortCondition::BeginsWith(playlist_id.to_owned()));
    let mut items = Vec::new();
    loop {
        let page = store.query(tenant, &query).await?;
        items.extend(page.items);
        match page.cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => break,
        }
    }
    let mut items = items.into_iter();
    let Some(header) = items.next().and_then(from_item::<Playlist>) else {
        return Ok(None);
    };
    let entries = items.filter_map(from_item::<PlaylistEntry>).collect();
    Ok(Some(PlaylistDetail { playlist: header, entries }))
}

/// Writes a new header.
pub async fn create(store: &dyn Store, tenant: &TenantId, playlist: &Playlist) -> Result<(), ApiError> {
    store.put(tenant, &PLAYLISTS, playlist.to_item(tenant)?, Condition::MustNotExist).await?;
    Ok(())
}

/// Replaces a header that exists.
pub async fn save_header(store: &dyn Store, tenant: &TenantId, playlist: &Playlist) -> Result<(), ApiError> {
    store.put(tenant, &PLAYLISTS, playlist.to_item(tenant)?, Condition::MustExist).await?;
    Ok(())
}
