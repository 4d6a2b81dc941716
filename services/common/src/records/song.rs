//! The songs table's record and its stored item.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::record::to_item;
use crate::store::Item;
use crate::tenant::TenantId;

/// A song of a tenant's catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Song {
    /// The song id.
    pub song_id: String,
    /// The album it is a track of.
    pub album_id: String,
    /// The album's artist.
    pub artist_id: String,
    /// The title.
    pub title: String,
    /// The disc of the album, from 1.
    pub disc_number: u32,
    /// The track on the disc, from 1.
    pub track_number: u32,
    /// The length in milliseconds.
    pub duration_ms: u64,
    /// The genre.
    pub genre: String,
    /// Where its audio is in the stage's media store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub audio_key: Option<String>,
    /// When the song was added.
    pub created_at: String,
    /// When the song last changed.
    pub updated_at: String,
    /// Raised by one at every change: writes are conditional on the version they read.
    #[serde(default)]
    pub version: u64,
}

impl Song {
    /// The stored item of a song: the record plus its index keys.
    pub fn to_item(&self, tenant: &TenantId) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("title_key".into(), self.title.to_lowercase().into());
        item.insert("track_key".into(), format!("{:02}-{:03}", self.disc_number, self.track_number).into());
        item.insert("tenant_album".into(), tenant.scoped(&self.album_id).into());
        item.insert("tenant_genre".into(), tenant.scoped(&self.genre).into());
        Ok(item)
    }

    /// A fixed sample song, for the diagrams and tests.
    pub fn sample() -> Self {
        Self {
            song_id: "sng_0193f3c2a1b07d4e9c1a2b3c4d5e6f73".to_owned(),
            album_id: "alb_0193f3c2a1b07d4e9c1a2b3c4d5e6f72".to_owned(),
            artist_id: "art_0193f3c2a1b07d4e9c1a2b3c4d5e6f71".to_owned(),
            title: "Salt Lines".to_owned(),
            disc_number: 1,
            track_number: 3,
            duration_ms: 214_000,
            genre: "indie".to_owned(),
            audio_key: Some("audio/tone-440.wav".to_owned()),
            created_at: "2026-11-22T10:00:00.000Z".to_owned(),
            updated_at: "2026-11-22T10:00:00.000Z".to_owned(),
            version: 1,
        }
    }
}
