//! The playlists table's records: a playlist's header and its entries, and their stored
//! items, which share one partition slice so that one Query returns a playlist whole.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::record::to_item;
use crate::store::Item;
use crate::tenant::TenantId;

/// A playlist's header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Playlist {
    /// The playlist id.
    pub playlist_id: String,
    /// The user who made it.
    pub owner_id: String,
    /// The name.
    pub name: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub description: Option<String>,
    /// Whether every user of the tenant may read it.
    pub public: bool,
    /// Users who may change its songs.
    #[serde(default)]
    pub collaborators: Vec<String>,
    /// How many songs it holds.
    pub entry_count: u32,
    /// The share token, shown to the owner only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub share_token: Option<String>,
    /// When it was made.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Raised by one at every change: writes are conditional on the version they read.
    #[serde(default)]
    pub version: u64,
}

/// One song of a playlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlaylistEntry {
    /// Its place, from 0.
    pub position: u32,
    /// The song.
    pub song_id: String,
    /// The song's title when it was added.
    pub title: String,
    /// The song's artist.
    pub artist_id: String,
    /// The song's length in milliseconds.
    pub duration_ms: u64,
    /// Who added it.
    pub added_by: String,
    /// When it was added.
    pub added_at: String,
}

/// The sort key of the entry at `position`.
pub fn entry_key(playlist_id: &str, position: u32) -> String {
    format!("{playlist_id}#{position:05}")
}

impl Playlist {
    /// The stored item of a header; only headers carry `tenant_owner`, so the owner index
    /// is sparse.
    pub fn to_item(&self, tenant: &TenantId) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("tenant_owner".into(), tenant.scoped(&self.owner_id).into());
        Ok(item)
    }

    /// A fixed sample header, for the diagrams and tests.
    pub fn sample() -> Self {
        Self {
            playlist_id: "pl_0193f3c2a1b07d4e9c1a2b3c4d5e6f74".to_owned(),
            owner_id: "usr_0193f3c2a1b07d4e9c1a2b3c4d5e6f70".to_owned(),
            name: "Sunday Morning".to_owned(),
            description: Some("Slow songs for a slow start.".to_owned()),
            public: false,
            collaborators: Vec::new(),
            entry_count: 1,
            share_token: None,
            created_at: "2026-11-22T10:00:00.000Z".to_owned(),
            updated_at: "2026-11-22T10:05:00.000Z".to_owned(),
            version: 1,
        }
    }
}

impl PlaylistEntry {
    /// The stored item of an entry of playlist `playlist_id`, at [`entry_key`].
    pub fn to_item(&self, tenant: &TenantId, playlist_id: &str) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("playlist_id".into(), entry_key(playlist_id, self.position).into());
        Ok(item)
    }

    /// A fixed sample entry (of [`Playlist::sample`]), for the tests.
    pub fn sample() -> Self {
        Self {
            position: 0,
            song_id: "sng_0193f3c2a1b07d4e9c1a2b3c4d5e6f73".to_owned(),
            title: "Salt Lines".to_owned(),
            artist_id: "art_0193f3c2a1b07d4e9c1a2b3c4d5e6f71".to_owned(),
            duration_ms: 214_000,
            added_by: "usr_0193f3c2a1b07d4e9c1a2b3c4d5e6f70".to_owned(),
            added_at: "2026-11-22T10:05:00.000Z".to_owned(),
        }
    }
}
