//! The artists table's record and its stored item.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::record::to_item;
use crate::store::Item;
use crate::tenant::TenantId;

/// An artist of a tenant's catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Artist {
    /// The artist id.
    pub artist_id: String,
    /// The name.
    pub name: String,
    /// Genres, the first one primary.
    pub genres: Vec<String>,
    /// Two-letter country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub country: Option<String>,
    /// A short biography.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub bio: Option<String>,
    /// Listeners in the last 30 days.
    pub monthly_listeners: u64,
    /// Popularity from 0 to 100.
    pub popularity: u8,
    /// When the artist was added.
    pub created_at: String,
    /// When the artist last changed.
    pub updated_at: String,
    /// Raised by one at every change: writes are conditional on the version they read.
    #[serde(default)]
    pub version: u64,
}

impl Artist {
    /// The stored item of an artist: the record plus its index keys.
    pub fn to_item(&self, tenant: &TenantId) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("name_key".into(), self.name.to_lowercase().into());
        let primary = self.genres.first().map_or("unknown", String::as_str);
        item.insert("tenant_genre".into(), tenant.scoped(primary).into());
        item.insert("popularity_key".into(), format!("{:03}", self.popularity).into());
        Ok(item)
    }

    /// A fixed sample artist, for the diagrams and tests.
    pub fn sample() -> Self {
        Self {
            artist_id: "art_0193f3c2a1b07d4e9c1a2b3c4d5e6f71".to_owned(),
            name: "The Quiet Harbours".to_owned(),
            genres: vec!["indie".to_owned(), "folk".to_owned()],
            country: Some("IE".to_owned()),
            bio: Some("Four-piece from Cork.".to_owned()),
            monthly_listeners: 182_340,
            popularity: 71,
            created_at: "2026-11-22T10:00:00.000Z".to_owned(),
            updated_at: "2026-11-22T10:00:00.000Z".to_owned(),
            version: 1,
        }
    }
}
