//! Changing a playlist's songs: every change rewrites the entries in order with one batch,
//! so positions always run 0, 1, 2, … without gaps.

use common::model::{PLAYLISTS, SONGS};
use common::store::{BatchRetry, Key, Store, WriteRequest, batch_write};
use common::{ApiError, AuthUser, TenantId, record};
use serde_json::Value;

use crate::playlist::{self, MAX_ENTRIES, PlaylistDetail, PlaylistEntry, entry_item, entry_key};

/// A new entry for song `song_id`, which must exist in the caller's tenant.
pub async fn new_entry(store: &dyn Store, caller: &AuthUser, song_id: &str) -> Result<PlaylistEntry, ApiError> {
    let song = store.get(&caller.tenant, &SONGS, &Key::tenant(song_id)).await?;
    let Some(song) = song else {
        return Err(ApiError::NotFound(format!("song {song_id}")));
    };
    let text = |name: &str| song.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    Ok(PlaylistEntry {
        position: 0,
        song_id: song_id.to_owned(),
        title: text("title"),
        artist_id: text("artist_id"),
        duration_ms: song.get("duration_ms").and_then(Value::as_u64).unwrap_or(0),
        added_by: caller.user_id.clone(),
        added_at: record::now(),
    })
}

/// Stores `entries` as the playlist's songs, in order, and updates its header.
pub async fn rewrite(
    store: &dyn Store,
    tenant: &TenantId,
    mut detail: PlaylistDetail,
    mut entries: Vec<PlaylistEntry>,
) -> Result<PlaylistDetail, ApiError> {
    if entries.len() > MAX_ENTRIES {
        return Err(ApiError::validation("song_id", format!("a playlist holds at most {MAX_ENTRIES} songs")));
    }
    let playlist_id = detail.playlist.playlist_id.clone();
    let mut requests = Vec::with_capacity(entries.len() + detail.entries.len());
    for (position, entry) in entries.iter_mut().enumerate() {
        entry.position = position as u32;
        requests.push(WriteRequest::Put(entry_item(tenant, &playlist_id, entry)?));
    }
    for stale in detail.entries.iter().filter(|old| old.position as usize >= entries.len()) {
        requests.push(WriteRequest::Delete(Key::tenant(entry_key(&playlist_id, stale.position))));
    }
    batch_write(store, tenant, &PLAYLISTS, requests, BatchRetry::default()).await?;
    detail.playlist.entry_count = entries.len() as u32;
    detail.playlist.updated_at = record::now();
    playlist::save_header(store, tenant, &detail.playlist).await?;
    detail.entries = entries;
    Ok(detail)
}

/// Deletes a playlist and all its entries.
pub async fn delete_all(store: &dyn Store, tenant: &TenantId, detail: &PlaylistDetail) -> Result<(), ApiError> {
    let playlist_id = &detail.playlist.playlist_id;
    let mut requests: Vec<WriteRequest> = detail
        .entries
        .iter()
        .map(|entry| WriteRequest::Delete(Key::tenant(entry_key(playlist_id, entry.position))))
        .collect();
    requests.push(WriteRequest::Delete(Key::tenant(playlist_id.clone())));
    batch_write(store, tenant, &PLAYLISTS, requests, BatchRetry::default()).await?;
    Ok(())
}
