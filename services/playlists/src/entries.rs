//! Changing a playlist so that no acknowledged change is ever lost.
//!
//! Every change reads the playlist, applies the request's edit, and writes the header (its
//! version raised by one) together with the entry items that differ, in one transaction on
//! the condition that the header still has the version read. When another request wrote in
//! between, the change is read and made again, a few times, before the answer is 409.
//!
//! The header's search words (a public playlist's) change in the same transaction.
//!
//! A change that rewrites more entries than one transaction holds (a reorder of a long
//! playlist) commits its songs into the header first (`pending_entries`), which readers
//! then take as the playlist's songs, and writes the entry items out afterwards in
//! transactions that each raise the version again, so that no older change can land over
//! them. A delete works the same way: the header is marked, then the entries go, then the
//! header. A request that dies part-way leaves a playlist that reads correctly, and the
//! next change (or delete) completes it.

use std::collections::HashMap;

use common::model::{PLAYLISTS, SONGS};
use common::record::{self, MAX_ATTEMPTS};
use common::records::Song;
use common::search::{self, Searchable as _};
use common::store::{Condition, Key, MAX_TRANSACT_ITEMS, Store, StoreError, TransactWrite, Update, VERSION};
use common::{ApiError, AuthUser, TenantId};

use crate::playlist::{
    self, DELETING, MAX_ENTRIES, PENDING, Playlist, PlaylistDetail, PlaylistEntry, Stored, entry_key,
};

/// How many times a playlist change is read and made again before it answers 409. A
/// playlist is one header that all its editors write, so it gets more tries than a record
/// (each after a random wait that spreads the writers out).
const ATTEMPTS: u32 = MAX_ATTEMPTS * 5;

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

/// Reads the playlist and applies `edit` to its header and songs, then commits the result;
/// again on a newer read when another request changed the playlist in between. `edit` sees
/// the playlist as stored and checks access itself, so a retry checks again. Answers the
/// playlist as committed.
pub async fn change(
    store: &dyn Store,
    tenant: &TenantId,
    playlist_id: &str,
    mut edit: impl FnMut(&mut Playlist, &mut Vec<PlaylistEntry>) -> Result<(), ApiError> + Send,
) -> Result<PlaylistDetail, ApiError> {
    for attempt in 0..ATTEMPTS {
        let stored = load_live(store, tenant, playlist_id).await?;
        let mut header = stored.header.clone();
        let mut entries = stored.entries().to_vec();
        edit(&mut header, &mut entries)?;
        if entries.len() > MAX_ENTRIES {
            return Err(ApiError::validation("song_id", format!("a playlist holds at most {MAX_ENTRIES} songs")));
        }
        for (position, entry) in entries.iter_mut().enumerate() {
            entry.position = position as u32;
        }
        header.entry_count = entries.len() as u32;
        header.version = stored.header.version + 1;
        header.updated_at = record::now();
        match commit(store, tenant, &stored, &header, &entries).await {
            Ok(()) => return Ok(PlaylistDetail { playlist: header, entries }),
            Err(ApiError::Store(StoreError::ConditionFailed)) => record::back_off(attempt).await,
            Err(error) => return Err(error),
        }
    }
    Err(record::lost_race("playlist", playlist_id))
}

/// The playlist `playlist_id`, or 404 when there is none or it is being deleted.
async fn load_live(store: &dyn Store, tenant: &TenantId, playlist_id: &str) -> Result<Stored, ApiError> {
    playlist::load(store, tenant, playlist_id)
        .await?
        .filter(|stored| !stored.deleting)
        .ok_or_else(|| ApiError::NotFound(format!("playlist {playlist_id}")))
}

/// The writes that turn the entry items `written` into `entries`: a put for each position
/// whose item differs or is missing, a delete for each item past the end. Items are matched
/// by their stored position, not their place in `written`, which a write-out cut short can
/// leave with gaps.
fn entry_writes(
    playlist_id: &str,
    tenant: &TenantId,
    written: &[PlaylistEntry],
    entries: &[PlaylistEntry],
) -> Result<Vec<TransactWrite>, ApiError> {
    let stored: HashMap<u32, &PlaylistEntry> = written.iter().map(|entry| (entry.position, entry)).collect();
    let mut writes = Vec::new();
    for entry in entries {
        if stored.get(&entry.position) != Some(&entry) {
            let item = entry.to_item(tenant, playlist_id)?;
            writes.push(TransactWrite::Put { table: &PLAYLISTS, item, condition: Condition::None });
        }
    }
    for stale in written.iter().filter(|entry| entry.position as usize >= entries.len()) {
        let key = Key::tenant(entry_key(playlist_id, stale.position));
        writes.push(TransactWrite::Delete { table: &PLAYLISTS, key, condition: Condition::None });
    }
    Ok(writes)
}

/// Writes `header` and `entries` over `stored`, on the condition that the header has not
/// changed since `stored` was read.
async fn commit(
    store: &dyn Store,
    tenant: &TenantId,
    stored: &Stored,
    header: &Playlist,
    entries: &[PlaylistEntry],
) -> Result<(), ApiError> {
    let playlist_id = &header.playlist_id;
    let read = Condition::Version(stored.header.version);
    let mut writes = entry_writes(playlist_id, tenant, &stored.written, entries)?;
    let (before, after) = (stored.header.search_entry(), header.search_entry());
    writes.extend(search::changes(tenant, &PLAYLISTS, before.as_ref(), after.as_ref()));
    let mut item = header.to_item(tenant)?;
    if writes.len() < MAX_TRANSACT_ITEMS {
        writes.push(TransactWrite::Put { table: &PLAYLISTS, item, condition: read });
        return Ok(store.transact_write(tenant, writes).await?);
    }
    let songs = serde_json::to_value(entries).map_err(anyhow::Error::from)?;
    item.insert(PENDING.to_owned(), songs);
    store.put(tenant, &PLAYLISTS, item, read).await?;
    // Committed: what is left is writing it out, which the next change completes if this
    // request does not.
    if let Err(error) = write_out(store, tenant, playlist_id, header.version, writes).await {
        tracing::warn!(playlist_id, %error, "a large playlist change is committed but not yet written out");
    }
    Ok(())
}

/// Writes the entry `writes` of a committed change (see [`in_steps`]), the last step also
/// clearing the pending songs. Stops quietly when another request changed the playlist
/// meanwhile: that request carries the committed songs on.
async fn write_out(
    store: &dyn Store,
    tenant: &TenantId,
    playlist_id: &str,
    version: u64,
    writes: Vec<TransactWrite>,
) -> Result<(), StoreError> {
    match in_steps(store, tenant, playlist_id, version, writes, &[PENDING]).await {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Applies `writes` in transactions of up to 99 writes, each also raising the header's
/// version by one on the condition that it is still the one before, starting from
/// `version`; the last also removes the header's attributes `last_removes`. Answers the
/// header's version afterwards.
async fn in_steps(
    store: &dyn Store,
    tenant: &TenantId,
    playlist_id: &str,
    mut version: u64,
    writes: Vec<TransactWrite>,
    last_removes: &[&str],
) -> Result<u64, StoreError> {
    let mut writes = writes.into_iter().peekable();
    loop {
        let mut batch: Vec<TransactWrite> = writes.by_ref().take(MAX_TRANSACT_ITEMS - 1).collect();
        let last = writes.peek().is_none();
        let mut update = Update::default();
        update.set.insert(VERSION.to_owned(), (version + 1).into());
        if last {
            update.remove.extend(last_removes.iter().map(|name| (*name).to_owned()));
        }
        batch.push(header_update(playlist_id, update, version));
        store.transact_write(tenant, batch).await?;
        version += 1;
        if last {
            return Ok(version);
        }
    }
}

fn header_update(playlist_id: &str, update: Update, version: u64) -> TransactWrite {
    TransactWrite::Update {
        table: &PLAYLISTS,
        key: Key::tenant(playlist_id),
        update,
        condition: Condition::Version(version),
    }
}

/// Deletes a playlist and all its entries, after `allow` has accepted the stored header; a
/// delete that died part-way is completed.
pub async fn delete_all(
    store: &dyn Store,
    tenant: &TenantId,
    playlist_id: &str,
    allow: impl Fn(&Playlist) -> Result<(), ApiError> + Send,
) -> Result<(), ApiError> {
    for attempt in 0..ATTEMPTS {
        let Some(stored) = playlist::load(store, tenant, playlist_id).await? else {
            return Err(ApiError::NotFound(format!("playlist {playlist_id}")));
        };
        allow(&stored.header)?;
        match delete_stored(store, tenant, &stored).await {
            Ok(()) => return Ok(()),
            Err(StoreError::ConditionFailed) => record::back_off(attempt).await,
            Err(error) => return Err(error.into()),
        }
    }
    Err(record::lost_race("playlist", playlist_id))
}

async fn delete_stored(store: &dyn Store, tenant: &TenantId, stored: &Stored) -> Result<(), StoreError> {
    let playlist_id = &stored.header.playlist_id;
    let mut version = stored.header.version;
    let mut deletes: Vec<TransactWrite> = stored
        .written
        .iter()
        .map(|entry| TransactWrite::Delete {
            table: &PLAYLISTS,
            key: Key::tenant(entry_key(playlist_id, entry.position)),
            condition: Condition::None,
        })
        .collect();
    deletes.extend(search::changes(tenant, &PLAYLISTS, stored.header.search_entry().as_ref(), None));
    if deletes.len() >= MAX_TRANSACT_ITEMS {
        if !stored.deleting {
            // Mark first: from here on readers see no playlist, writers cannot change it, and
            // it leaves its owner's list.
            let mut update = Update::default();
            update.set.insert(VERSION.to_owned(), (version + 1).into());
            update.set.insert(DELETING.to_owned(), true.into());
            update.remove.extend([PENDING.to_owned(), "tenant_owner".to_owned()]);
            store.transact_write(tenant, vec![header_update(playlist_id, update, version)]).await?;
            version += 1;
        }
        version = in_steps(store, tenant, playlist_id, version, std::mem::take(&mut deletes), &[]).await?;
    }
    deletes.push(TransactWrite::Delete {
        table: &PLAYLISTS,
        key: Key::tenant(playlist_id.clone()),
        condition: Condition::Version(version),
    });
    store.transact_write(tenant, deletes).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(position: u32, song: &str) -> PlaylistEntry {
        PlaylistEntry { position, song_id: song.to_owned(), ..PlaylistEntry::sample() }
    }

    fn keys(writes: &[TransactWrite]) -> Vec<(String, &'static str)> {
        writes
            .iter()
            .map(|write| match write {
                TransactWrite::Put { item, .. } => (item["playlist_id"].as_str().unwrap().to_owned(), "put"),
                TransactWrite::Delete { key, .. } => (key.sort.clone(), "delete"),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn entries_are_matched_by_stored_position_even_with_gaps() {
        let tenant = TenantId::parse("acme-records").unwrap();
        // A write-out cut short deleted positions 1 and 2 but not 3.
        let written = [entry(0, "a"), entry(3, "d")];
        let wanted = [entry(0, "a"), entry(1, "d"), entry(2, "c")];
        let writes = entry_writes("pl_1", &tenant, &written, &wanted).unwrap();
        assert_eq!(
            keys(&writes),
            [("pl_1#00001".to_owned(), "put"), ("pl_1#00002".to_owned(), "put"), ("pl_1#00003".to_owned(), "delete")]
        );
    }
}
