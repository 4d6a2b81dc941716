//! The albums table's record and its stored item.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::record::to_item;
use crate::store::Item;
use crate::tenant::TenantId;

/// An album of a tenant's catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Album {
    /// The album id.
    pub album_id: String,
    /// The artist who recorded it.
    pub artist_id: String,
    /// The title.
    pub title: String,
    /// The release date, `YYYY-MM-DD`.
    pub release_date: String,
    /// Genres.
    pub genres: Vec<String>,
    /// How many tracks it has.
    pub total_tracks: u32,
    /// The record label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub label: Option<String>,
    /// Where its cover image is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub cover_url: Option<String>,
    /// When the album was added.
    pub created_at: String,
    /// When the album last changed.
    pub updated_at: String,
    /// Raised by one at every change: writes are conditional on the version they read.
    #[serde(default)]
    pub version: u64,
}

impl Album {
    /// The stored item of an album: the record plus its index keys.
    pub fn to_item(&self, tenant: &TenantId) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("tenant_artist".into(), tenant.scoped(&self.artist_id).into());
        Ok(item)
    }

    /// A fixed sample album, for the diagrams and tests.
    pub fn sample() -> Self {
        Self {
            album_id: "alb_0193f3c2a1b07d4e9c1a2b3c4d5e6f72".to_owned(),
            artist_id: "art_0193f3c2a1b07d4e9c1a2b3c4d5e6f71".to_owned(),
            title: "Low Tide".to_owned(),
            release_date: "2025-03-14".to_owned(),
            genres: vec!["indie".to_owned()],
            total_tracks: 11,
            label: Some("Northwind Records".to_owned()),
            cover_url: Some("/media/covers/low-tide.svg".to_owned()),
            created_at: "2026-11-22T10:00:00.000Z".to_owned(),
            updated_at: "2026-11-22T10:00:00.000Z".to_owned(),
            version: 1,
        }
    }
}
