//! Songs: the record, its validation, and the store calls behind each route.

use common::listed::Listed;
use common::model::{ALBUMS, SONGS};
use common::paging::PageParams;
use common::patch::Patch;
use common::record;
use common::store::{Query, Store};
use common::{ApiError, AppState, TenantId};
use serde::{Deserialize, Serialize};

use common::records::Album;
pub use common::records::Song;

/// The prefix of song ids.
pub const ID_PREFIX: &str = "sng_";

/// A song as search and the genre index answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SongSummary {
    /// The song id.
    pub song_id: String,
    /// The title.
    pub title: String,
    /// The artist.
    pub artist_id: String,
    /// The album.
    pub album_id: String,
    /// The length in milliseconds.
    pub duration_ms: u64,
    /// The genre.
    pub genre: String,
}

/// The artist of album `album_id`, read as the typed album record; 404 when the album does
/// not exist.
async fn album_artist(store: &dyn Store, tenant: &TenantId, album_id: &str) -> Result<String, ApiError> {
    let album: Album = record::fetch(store, tenant, &ALBUMS, album_id, "album").await?;
    Ok(album.artist_id)
}

/// Completes a patch before it is applied: a new album brings its artist, and a new audio
/// key must name audio that is in the media store.
async fn resolve(state: &AppState, tenant: &TenantId, patch: &mut Patch) -> Result<(), ApiError> {
    if let Some(album_id) = patch.get("album_id").and_then(|v| v.as_str()).map(str::to_owned) {
        let artist_id = album_artist(state.store.as_ref(), tenant, &album_id).await?;
        patch.set("artist_id", Some(artist_id))?;
    }
    if let Some(key) = patch.get("audio_key").and_then(|v| v.as_str()) {
        state.media.require_audio(tenant, key).await?;
    }
    Ok(())
}

/// Adds a song to an existing album; the song takes the album's artist.
#[tracing::instrument(skip_all, fields(tenant = %tenant))]
pub async fn create_song(state: &AppState, tenant: &TenantId, mut patch: Patch) -> Result<Song, ApiError> {
    resolve(state, tenant, &mut patch).await?;
    let now = record::now();
    let mut song = Song {
        song_id: record::new_id(ID_PREFIX),
        album_id: String::new(),
        artist_id: String::new(),
        title: String::new(),
        disc_number: 1,
        track_number: 1,
        duration_ms: 0,
        genre: String::new(),
        audio_key: None,
        created_at: now.clone(),
        updated_at: now,
        version: 1,
    };
    patch.apply(&mut song)?;
    record::create(state.store.as_ref(), tenant, &song).await?;
    Ok(song)
}

/// Sets the fields of `patch` on a song, keeping every concurrent change; a new album must
/// exist.
#[tracing::instrument(skip_all, fields(tenant = %tenant, song_id))]
pub async fn update_song(
    state: &AppState,
    tenant: &TenantId,
    song_id: &str,
    mut patch: Patch,
) -> Result<Song, ApiError> {
    resolve(state, tenant, &mut patch).await?;
    record::modify(state.store.as_ref(), tenant, song_id, |song: &mut Song| patch.apply(song)).await
}

/// Deletes a song.
pub async fn delete_song(store: &dyn Store, tenant: &TenantId, song_id: &str) -> Result<(), ApiError> {
    record::remove::<Song>(store, tenant, song_id).await
}

/// An album's songs in disc and track order.
pub async fn tracklist(
    store: &dyn Store,
    tenant: &TenantId,
    album_id: &str,
    params: &PageParams,
) -> Result<Listed<Song>, ApiError> {
    if !record::exists(store, tenant, &ALBUMS, album_id).await? {
        return Err(ApiError::NotFound(format!("album {album_id}")));
    }
    record::page_of(store, tenant, Query::new(&SONGS).index("by_album").scoped(album_id), params).await
}

/// Songs of `genre`, by title.
pub async fn songs_of_genre(
    store: &dyn Store,
    tenant: &TenantId,
    genre: &str,
    params: &PageParams,
) -> Result<Listed<SongSummary>, ApiError> {
    let genre = record::genre("genre", genre)?;
    record::page_of(store, tenant, Query::new(&SONGS).index("by_genre").scoped(genre), params).await
}
