//! Likes: a user's songs, albums and artists, each liked at most once, listed newest first.
//! A like keeps what a list shows (title, artist, album, length), read from the catalog
//! when it is made, so "Liked songs" plays like a playlist without reading every song.
//! Likes live in the user's own partition (`tenant#user`): no other user, and no other
//! tenant, can address them.

use common::listed::Listed;
use common::model::{ALBUMS, ARTISTS, LIKES, SONGS};
use common::paging::PageParams;
use common::record;
use common::records::{Album, Artist, Like, LikeKind, Song, like_key};
use common::store::{Condition, Key, Partition, Query, SortCondition, Store, StoreError};
use common::{ApiError, AuthUser};
use futures::future::try_join_all;

/// The most ids one "which of these do I like" question may name.
pub const MAX_IDS: usize = 100;

fn key(caller: &AuthUser, kind: LikeKind, item_id: &str) -> Key {
    Key { partition: Partition::Scoped(caller.user_id.clone()), sort: like_key(kind, item_id) }
}

/// The like of `item_id` by the caller, if there is one.
pub async fn find(
    store: &dyn Store,
    caller: &AuthUser,
    kind: LikeKind,
    item_id: &str,
) -> Result<Option<Like>, ApiError> {
    let key = key(caller, kind, item_id);
    match store.get(&caller.tenant, &LIKES, &key).await? {
        Some(item) => Ok(Some(record::decode(&LIKES, &key.sort, item)?)),
        None => Ok(None),
    }
}

/// A new like of `item_id`, which must exist in the caller's tenant, with what lists show.
async fn describe(store: &dyn Store, caller: &AuthUser, kind: LikeKind, item_id: &str) -> Result<Like, ApiError> {
    let tenant = &caller.tenant;
    let mut like = Like {
        kind,
        item_id: item_id.to_owned(),
        user_id: caller.user_id.clone(),
        liked_at: record::now(),
        title: String::new(),
        artist_id: None,
        album_id: None,
        duration_ms: None,
        genre: None,
    };
    match kind {
        LikeKind::Song => {
            let song: Song = record::fetch(store, tenant, &SONGS, item_id, "song").await?;
            like.title = song.title;
            like.artist_id = Some(song.artist_id);
            like.album_id = Some(song.album_id);
            like.duration_ms = Some(song.duration_ms);
            like.genre = Some(song.genre);
        }
        LikeKind::Album => {
            let album: Album = record::fetch(store, tenant, &ALBUMS, item_id, "album").await?;
            like.title = album.title;
            like.artist_id = Some(album.artist_id);
        }
        LikeKind::Artist => {
            let artist: Artist = record::fetch(store, tenant, &ARTISTS, item_id, "artist").await?;
            like.title = artist.name;
        }
    }
    Ok(like)
}

/// Likes `item_id` for the caller. Liking again changes nothing and answers the first like,
/// so a retried or doubled request leaves one like; `created` says whether this one made it.
pub async fn like(
    store: &dyn Store,
    caller: &AuthUser,
    kind: LikeKind,
    item_id: &str,
) -> Result<(Like, bool), ApiError> {
    if let Some(existing) = find(store, caller, kind, item_id).await? {
        return Ok((existing, false));
    }
    let like = describe(store, caller, kind, item_id).await?;
    match store.put(&caller.tenant, &LIKES, like.to_item(&caller.tenant)?, Condition::MustNotExist).await {
        Ok(()) => Ok((like, true)),
        // A request of the same user won the race: its like stands.
        Err(StoreError::ConditionFailed) => match find(store, caller, kind, item_id).await? {
            Some(existing) => Ok((existing, false)),
            None => Err(record::lost_race("like of", item_id)),
        },
        Err(error) => Err(error.into()),
    }
}

/// Takes the caller's like of `item_id` back; answers whether there was one.
pub async fn unlike(store: &dyn Store, caller: &AuthUser, kind: LikeKind, item_id: &str) -> Result<bool, ApiError> {
    let removed = store.delete(&caller.tenant, &LIKES, &key(caller, kind, item_id), Condition::None).await?;
    Ok(removed.is_some())
}

/// One page of the caller's likes of `kind`, newest first.
pub async fn list(
    store: &dyn Store,
    caller: &AuthUser,
    kind: LikeKind,
    params: &PageParams,
) -> Result<Listed<Like>, ApiError> {
    let query = Query::new(&LIKES)
        .index("by_time")
        .scoped(caller.user_id.as_str())
        .sort(SortCondition::BeginsWith(format!("{}#", kind.as_str())))
        .backward();
    record::page_of(store, &caller.tenant, query, params).await
}

/// The caller's likes among `ids` (a comma-separated list of at most [`MAX_IDS`]), in the
/// order given: how a list of songs learns which of them to show as liked.
pub async fn among(store: &dyn Store, caller: &AuthUser, kind: LikeKind, ids: &str) -> Result<Vec<Like>, ApiError> {
    let mut wanted: Vec<&str> = Vec::new();
    for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        if id.len() > 64 {
            return Err(ApiError::validation("ids", "an id is at most 64 characters"));
        }
        if !wanted.contains(&id) {
            wanted.push(id);
        }
    }
    if wanted.len() > MAX_IDS {
        return Err(ApiError::validation("ids", format!("ask about at most {MAX_IDS} ids at once")));
    }
    let found = try_join_all(wanted.iter().map(|id| find(store, caller, kind, id))).await?;
    Ok(found.into_iter().flatten().collect())
}
