//! The likes table's record: a user's like of a song, an album or an artist, kept in the
//! user's own partition with what a list of likes shows (a song's title, artist, album and
//! length as they were when liked), so that "Liked songs" plays without reading the songs.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::record::to_item;
use crate::store::Item;
use crate::tenant::TenantId;

/// What can be liked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LikeKind {
    /// A song.
    Song,
    /// An album.
    Album,
    /// An artist.
    Artist,
}

impl LikeKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Song, Self::Album, Self::Artist];

    /// The kind's name, as stored and answered: `song`, `album` or `artist`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Song => "song",
            Self::Album => "album",
            Self::Artist => "artist",
        }
    }

    /// The kind of a path segment: `songs`, `albums` or `artists`.
    pub fn from_plural(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| text.strip_suffix('s') == Some(kind.as_str()))
    }
}

/// A user's like.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Like {
    /// What is liked.
    pub kind: LikeKind,
    /// The liked song, album or artist.
    pub item_id: String,
    /// Who likes it.
    pub user_id: String,
    /// When it was liked.
    pub liked_at: String,
    /// The song's or album's title, or the artist's name, when it was liked.
    pub title: String,
    /// The artist of a song or an album.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub artist_id: Option<String>,
    /// The album of a song.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub album_id: Option<String>,
    /// A song's length in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub duration_ms: Option<u64>,
    /// A song's genre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub genre: Option<String>,
}

/// The sort key of the like of `item_id` of `kind`: one like per user and item.
pub fn like_key(kind: LikeKind, item_id: &str) -> String {
    format!("{}#{item_id}", kind.as_str())
}

impl Like {
    /// The stored item: the record in the partition `tenant#user`, keyed by kind and item,
    /// and by kind and time for the newest-first index.
    pub fn to_item(&self, tenant: &TenantId) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("tenant_user".into(), tenant.scoped(&self.user_id).into());
        item.insert("like_key".into(), like_key(self.kind, &self.item_id).into());
        item.insert("liked_key".into(), format!("{}#{}#{}", self.kind.as_str(), self.liked_at, self.item_id).into());
        Ok(item)
    }

    /// A fixed sample like (of [`super::Song::sample`] by [`super::User::sample`]), for the
    /// diagrams and tests.
    pub fn sample() -> Self {
        Self {
            kind: LikeKind::Song,
            item_id: "sng_0193f3c2a1b07d4e9c1a2b3c4d5e6f73".to_owned(),
            user_id: "usr_0193f3c2a1b07d4e9c1a2b3c4d5e6f70".to_owned(),
            liked_at: "2026-11-22T10:06:00.000Z".to_owned(),
            title: "Salt Lines".to_owned(),
            artist_id: Some("art_0193f3c2a1b07d4e9c1a2b3c4d5e6f71".to_owned()),
            album_id: Some("alb_0193f3c2a1b07d4e9c1a2b3c4d5e6f72".to_owned()),
            duration_ms: Some(214_000),
            genre: Some("indie".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_from_their_plural() {
        assert_eq!(LikeKind::from_plural("songs"), Some(LikeKind::Song));
        assert_eq!(LikeKind::from_plural("albums"), Some(LikeKind::Album));
        assert_eq!(LikeKind::from_plural("artists"), Some(LikeKind::Artist));
        for bad in ["song", "playlists", "", "s", "Songs"] {
            assert_eq!(LikeKind::from_plural(bad), None, "{bad}");
        }
    }
}
