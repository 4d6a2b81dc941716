//! Changing a playlist's songs: every change rewrites the entries in order with one batch,
//! so positions always run 0, 1, 2, … without gaps.

use common::model::{PLAYLISTS, SONGS};
use common::records::Song;
use common::store::{BatchRetry, Key, Store, WriteRequest, batch_write};
use common::{ApiError, AuthUser, TenantId, record};

use crate::playlist::{self, MAX_ENTRIES, PlaylistDetail, PlaylistEntry, entry_key};

/// A new entry for song `song_id`, which must exist in the caller's tenant; the song is read
/// as its typed record, so a song item that does not decode is a 500, never a blank entry.
pub async fn new_entry(store: &dyn Store, caller: &AuthUser, song_id: &str) -> Result<PlaylistEntry, ApiError> {
    let song: Song = record::fetch(store, &caller.tenant, &SONGS, song_id, "song").await?;
    Ok(PlaylistEntry {
        position: 0,
        song_id: song.song_id,
        title: song.title,
        artist_id: song.artist_id,
        duration_ms: song.duration_ms,
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
        requests.push(WriteRequest::Put(entry.to_item(tenant, &playlist_id)?));
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
