//! Playlists: the header record, its entries, and the reads and writes of both.
//!
//! A playlist is one partition slice: the header at `playlist_id` and one entry per song at
//! `playlist_id#<position>`, so one Query with `begins_with(playlist_id)` returns it whole.
//! Only headers carry `tenant_owner`, so the owner index is sparse. Every change is written
//! on the condition that the header's version is the one read (see [`crate::entries`]).

use common::listed::Items;
use common::model::PLAYLISTS;
use common::record;
use common::store::{Query, SortCondition, Store};
use common::{ApiError, TenantId};
use serde::{Deserialize, Serialize};

pub use common::records::{Playlist, PlaylistEntry, entry_key};

/// The prefix of playlist ids.
pub const ID_PREFIX: &str = "pl_";

/// The most songs a playlist holds.
pub const MAX_ENTRIES: usize = 500;

/// A public playlist as search answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlaylistMatch {
    /// The playlist id.
    pub playlist_id: String,
    /// The name.
    pub name: String,
    /// Who owns it.
    pub owner_id: String,
}

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

/// A playlist as stored: the header, the entry items as they are (as records, or as their
/// stored JSON text: `W = String`), and the state of a change that is still being written
/// out.
#[derive(Debug, Clone)]
pub struct Stored<W = PlaylistEntry> {
    /// The header (its `version` is the one read).
    pub header: Playlist,
    /// The entry items in the store, by position.
    pub written: Vec<W>,
    /// The songs of a committed change too large for one transaction, kept in the header
    /// until every entry item is written; while present, they are the playlist's songs.
    pub pending: Option<Vec<PlaylistEntry>>,
    /// Whether a delete of the playlist has begun; such a playlist is gone for readers.
    pub deleting: bool,
}

impl Stored {
    /// The playlist's songs: the pending ones while a large change is written out.
    pub fn entries(&self) -> &[PlaylistEntry] {
        self.pending.as_deref().unwrap_or(&self.written)
    }
}

impl Stored<String> {
    /// The playlist's songs as readers see them, ready to send (see [`Stored::entries`]).
    pub fn entry_items(&self) -> Result<Items<PlaylistEntry>, ApiError> {
        match &self.pending {
            Some(pending) => Items::from_records(pending),
            None => Items::from_texts(&PLAYLISTS, &self.written),
        }
    }
}

/// Reads a playlist, header and entry items, with one Query (pages of 100 items, short
/// enough for the embedded store to read on the calling thread); `None` when there is no
/// such playlist. A header or entry item that does not decode is a 500.
pub async fn load(store: &dyn Store, tenant: &TenantId, playlist_id: &str) -> Result<Option<Stored>, ApiError> {
    let Some(stored) = load_text(store, tenant, playlist_id).await? else { return Ok(None) };
    let written = stored.written.iter().map(|text| record::decode_text(&PLAYLISTS, text)).collect::<Result<_, _>>()?;
    Ok(Some(Stored { header: stored.header, written, pending: stored.pending, deleting: stored.deleting }))
}

/// [`load`] with the entry items left as their stored JSON text, for answers that send
/// them as they are; the header is decoded (a 500 when it does not).
pub async fn load_text(
    store: &dyn Store,
    tenant: &TenantId,
    playlist_id: &str,
) -> Result<Option<Stored<String>>, ApiError> {
    if !record::is_id(ID_PREFIX, playlist_id) {
        return Ok(None);
    }
    let mut query = Query::new(&PLAYLISTS).sort(SortCondition::BeginsWith(playlist_id.to_owned())).limit(100);
    let mut texts = Vec::new();
    loop {
        let page = store.query_text(tenant, &query).await?;
        texts.extend(page.items);
        match page.cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => break,
        }
    }
    let Some(first) = texts.first() else { return Ok(None) };
    let state: HeaderState = record::decode_text(&PLAYLISTS, first)?;
    if state.playlist_id != playlist_id {
        return Ok(None);
    }
    let header: Playlist = record::decode_text(&PLAYLISTS, first)?;
    texts.remove(0);
    let HeaderState { pending_entries: pending, deleting, .. } = state;
    Ok(Some(Stored { header, written: texts, pending, deleting }))
}

/// The first item of a playlist's slice as far as [`load`] needs it before the header:
/// whose it is, and the state of a change or delete in progress.
#[derive(Deserialize)]
struct HeaderState {
    /// The playlist id of a header; `<id>#<position>` of an entry.
    playlist_id: String,
    /// See [`PENDING`].
    pending_entries: Option<Vec<PlaylistEntry>>,
    /// See [`DELETING`].
    #[serde(default)]
    deleting: bool,
}

/// The attribute of a header that holds the songs of a change still being written out
/// (named as [`HeaderState`]'s field).
pub const PENDING: &str = "pending_entries";

/// The attribute of a header whose playlist is being deleted.
pub const DELETING: &str = "deleting";

/// Writes a new header, with its search words when it is public.
pub async fn create(store: &dyn Store, tenant: &TenantId, playlist: &Playlist) -> Result<(), ApiError> {
    record::create(store, tenant, playlist).await
}
