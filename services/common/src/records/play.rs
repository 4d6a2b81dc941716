//! The plays table's record: one listen, stored in the partition of its tenant and day.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::record::to_item;
use crate::store::Item;
use crate::tenant::TenantId;

/// The device a play happened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    /// A phone.
    Mobile,
    /// A desktop app.
    Desktop,
    /// The web app.
    Web,
    /// A tablet.
    Tablet,
    /// A smart speaker.
    Speaker,
    /// A car.
    Car,
    /// A television.
    Tv,
}

/// One listen of one song by one user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Play {
    /// The play id.
    pub play_id: String,
    /// Who listened.
    pub user_id: String,
    /// The song.
    pub song_id: String,
    /// The song's artist.
    pub artist_id: String,
    /// The song's album.
    pub album_id: String,
    /// When the play started, RFC 3339 UTC.
    pub played_at: String,
    /// How long it was listened to, in milliseconds.
    pub ms_played: u64,
    /// Where.
    pub device: Device,
    /// Where it was started from, e.g. `playlist:pl_…`, `album:alb_…`, `search`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub context: Option<String>,
    /// The listener's plan at the time.
    pub plan: String,
    /// The listener's country, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub country: Option<String>,
}

impl Play {
    /// The stored item of a play: the record plus its partition and index keys.
    pub fn to_item(&self, tenant: &TenantId) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        let day = &self.played_at[..10];
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("tenant_day".into(), tenant.scoped(day).into());
        item.insert("play_key".into(), format!("{}#{}", self.played_at, self.play_id).into());
        item.insert("tenant_user".into(), tenant.scoped(&self.user_id).into());
        item.insert("tenant_song".into(), tenant.scoped(&self.song_id).into());
        Ok(item)
    }

    /// A fixed sample play (of [`super::Song::sample`] by [`super::User::sample`]), for the
    /// diagrams and tests.
    pub fn sample() -> Self {
        Self {
            play_id: "ply_0193f3c2a1b07d4e9c1a2b3c4d5e6f75".to_owned(),
            user_id: "usr_0193f3c2a1b07d4e9c1a2b3c4d5e6f70".to_owned(),
            song_id: "sng_0193f3c2a1b07d4e9c1a2b3c4d5e6f73".to_owned(),
            artist_id: "art_0193f3c2a1b07d4e9c1a2b3c4d5e6f71".to_owned(),
            album_id: "alb_0193f3c2a1b07d4e9c1a2b3c4d5e6f72".to_owned(),
            played_at: "2026-11-22T20:15:03.120Z".to_owned(),
            ms_played: 180_500,
            device: Device::Mobile,
            context: Some("playlist:pl_0193f3c2a1b07d4e9c1a2b3c4d5e6f74".to_owned()),
            plan: "premium".to_owned(),
            country: Some("BR".to_owned()),
        }
    }
}
