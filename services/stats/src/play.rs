//! Plays: the record, its validation and how it is stored, partitioned by tenant and day.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use common::model::{PLAYS, SONGS, USERS};
use common::record::{self, to_item};
use common::store::{Condition, Item, Key, Store};
use common::{ApiError, AuthUser};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The prefix of play ids.
pub const ID_PREFIX: &str = "ply_";

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

/// A validated play to record.
#[derive(Debug, Clone)]
pub struct NewPlay {
    /// The song.
    pub song_id: String,
    /// Milliseconds listened.
    pub ms_played: u64,
    /// The device.
    pub device: Device,
    /// The context.
    pub context: Option<String>,
    /// When, if not now.
    pub played_at: Option<DateTime<Utc>>,
}

/// Checks a play context: `search`, `radio`, `library`, or `playlist:`/`album:`/`artist:` and an id.
pub fn check_context(context: &str) -> Result<String, ApiError> {
    let context = context.trim();
    let valid = matches!(context, "search" | "radio" | "library")
        || ["playlist:", "album:", "artist:"].iter().any(|prefix| {
            context.strip_prefix(prefix).is_some_and(|id| {
                (1..=60).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        });
    if valid {
        Ok(context.to_owned())
    } else {
        Err(ApiError::validation("context", "use search, radio, library, or playlist:<id>, album:<id>, artist:<id>"))
    }
}

/// Checks when a play happened: within the last 30 days and not in the future.
pub fn check_played_at(text: &str) -> Result<DateTime<Utc>, ApiError> {
    let invalid = || ApiError::validation("played_at", "use an RFC 3339 time within the last 30 days");
    let at = DateTime::parse_from_rfc3339(text.trim()).map_err(|_| invalid())?.with_timezone(&Utc);
    let now = Utc::now();
    if at > now + Duration::minutes(5) || at < now - Duration::days(30) {
        return Err(invalid());
    }
    Ok(at)
}

/// The stored item of a play: the record plus its partition and index keys.
pub fn play_item(tenant: &common::TenantId, play: &Play) -> Result<Item, ApiError> {
    let mut item = to_item(play)?;
    let day = &play.played_at[..10];
    item.insert("tenant_id".into(), tenant.as_str().into());
    item.insert("tenant_day".into(), tenant.scoped(day).into());
    item.insert("play_key".into(), format!("{}#{}", play.played_at, play.play_id).into());
    item.insert("tenant_user".into(), tenant.scoped(&play.user_id).into());
    item.insert("tenant_song".into(), tenant.scoped(&play.song_id).into());
    Ok(item)
}

/// Records a play of an existing song by the caller.
#[tracing::instrument(skip_all, fields(tenant = %caller.tenant))]
pub async fn record_play(store: &dyn Store, caller: &AuthUser, new: NewPlay) -> Result<Play, ApiError> {
    let song = store.get(&caller.tenant, &SONGS, &Key::tenant(new.song_id.as_str())).await?;
    let Some(song) = song else {
        return Err(ApiError::NotFound(format!("song {}", new.song_id)));
    };
    let duration = song.get("duration_ms").and_then(Value::as_u64).unwrap_or(u64::MAX);
    if new.ms_played > duration.saturating_add(1000) {
        return Err(ApiError::validation("ms_played", format!("the song lasts {duration} ms")));
    }
    let user = store.get(&caller.tenant, &USERS, &Key::tenant(caller.user_id.as_str())).await?;
    let user_text = |name: &str| user.as_ref().and_then(|u| u.get(name)).and_then(Value::as_str).map(str::to_owned);
    let song_text = |name: &str| song.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    let played_at = new.played_at.unwrap_or_else(Utc::now).to_rfc3339_opts(SecondsFormat::Millis, true);
    let play = Play {
        play_id: record::new_id(ID_PREFIX),
        user_id: caller.user_id.clone(),
        song_id: new.song_id,
        artist_id: song_text("artist_id"),
        album_id: song_text("album_id"),
        played_at,
        ms_played: new.ms_played,
        device: new.device,
        context: new.context,
        plan: user_text("plan").unwrap_or_else(|| "free".to_owned()),
        country: user_text("country"),
    };
    store.put(&caller.tenant, &PLAYS, play_item(&caller.tenant, &play)?, Condition::MustNotExist).await?;
    Ok(play)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        for ok in ["search", "playlist:pl_0193", "album:alb_1"] {
            assert!(check_context(ok).is_ok(), "{ok}");
        }
        for bad in ["", "playlist:", "playlist:a#b", "elsewhere", "album:../x"] {
            assert!(check_context(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn play_times_are_recent() {
        assert!(check_played_at(&Utc::now().to_rfc3339()).is_ok());
        assert!(check_played_at("2001-01-01T00:00:00Z").is_err());
        assert!(check_played_at(&(Utc::now() + Duration::days(1)).to_rfc3339()).is_err());
        assert!(check_played_at("yesterday").is_err());
    }
}
