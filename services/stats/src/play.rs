//! Plays: the record, its validation and how it is stored, partitioned by tenant and day.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use common::model::{PLAYS, SONGS, USERS};
use common::record;
use common::records::{Plan, Song, User};
use common::store::{Condition, Key, Store};
use common::{ApiError, AuthUser};

pub use common::records::{Device, Play};

/// The prefix of play ids.
pub const ID_PREFIX: &str = "ply_";

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

/// Records a play of an existing song by the caller. The song and the caller are read as
/// their typed records: an item of either that does not decode is a 500. A caller without a
/// user item (a token that outlived its account) plays on the free plan, as before.
#[tracing::instrument(skip_all, fields(tenant = %caller.tenant))]
pub async fn record_play(store: &dyn Store, caller: &AuthUser, new: NewPlay) -> Result<Play, ApiError> {
    let song: Song = record::fetch(store, &caller.tenant, &SONGS, &new.song_id, "song").await?;
    if new.ms_played > song.duration_ms.saturating_add(1000) {
        return Err(ApiError::validation("ms_played", format!("the song lasts {} ms", song.duration_ms)));
    }
    let user = store.get(&caller.tenant, &USERS, &Key::tenant(caller.user_id.as_str())).await?;
    let user: Option<User> = user.map(|item| record::decode(&USERS, &caller.user_id, item)).transpose()?;
    let played_at = new.played_at.unwrap_or_else(Utc::now).to_rfc3339_opts(SecondsFormat::Millis, true);
    let play = Play {
        play_id: record::new_id(ID_PREFIX),
        user_id: caller.user_id.clone(),
        song_id: song.song_id,
        artist_id: song.artist_id,
        album_id: song.album_id,
        played_at,
        ms_played: new.ms_played,
        device: new.device,
        context: new.context,
        plan: user.as_ref().map_or(Plan::default(), |user| user.plan).as_str().to_owned(),
        country: user.and_then(|user| user.country),
    };
    store.put(&caller.tenant, &PLAYS, play.to_item(&caller.tenant)?, Condition::MustNotExist).await?;
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
