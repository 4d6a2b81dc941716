//! Songs: the record, its validation, and the store calls behind each route.

use common::model::{ALBUMS, SONGS};
use common::paging::{ListResponse, PageParams};
use common::record;
use common::store::{Condition, Key, Query, Store, StoreError};
use common::{ApiError, TenantId};
use serde::{Deserialize, Serialize};

use common::records::Album;
pub use common::records::Song;

/// The prefix of song ids.
pub const ID_PREFIX: &str = "sng_";

/// A song as the title and genre indexes answer it.
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

/// Validated fields of a song; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct SongFields {
    /// The album.
    pub album_id: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// Disc number.
    pub disc_number: Option<u32>,
    /// Track number.
    pub track_number: Option<u32>,
    /// Length.
    pub duration_ms: Option<u64>,
    /// Genre.
    pub genre: Option<String>,
    /// Media key.
    pub audio_key: Option<String>,
}

/// The artist of album `album_id`, read as the typed album record; 404 when the album does
/// not exist.
async fn album_artist(store: &dyn Store, tenant: &TenantId, album_id: &str) -> Result<String, ApiError> {
    let album: Album = record::fetch(store, tenant, &ALBUMS, album_id, "album").await?;
    Ok(album.artist_id)
}

fn apply(song: &mut Song, fields: SongFields) {
    let SongFields { album_id, title, disc_number, track_number, duration_ms, genre, audio_key } = fields;
    song.album_id = album_id.unwrap_or(std::mem::take(&mut song.album_id));
    song.title = title.unwrap_or(std::mem::take(&mut song.title));
    song.disc_number = disc_number.unwrap_or(song.disc_number);
    song.track_number = track_number.unwrap_or(song.track_number);
    song.duration_ms = duration_ms.unwrap_or(song.duration_ms);
    song.genre = genre.unwrap_or(std::mem::take(&mut song.genre));
    song.audio_key = audio_key.or(song.audio_key.take());
}

/// Adds a song to an existing album; the song takes the album's artist.
#[tracing::instrument(skip_all, fields(tenant = %tenant))]
pub async fn create_song(store: &dyn Store, tenant: &TenantId, fields: SongFields) -> Result<Song, ApiError> {
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
    };
    apply(&mut song, fields);
    song.artist_id = album_artist(store, tenant, &song.album_id).await?;
    store.put(tenant, &SONGS, song.to_item(tenant)?, Condition::MustNotExist).await?;
    Ok(song)
}

/// Changes a song; a new album must exist.
#[tracing::instrument(skip_all, fields(tenant = %tenant, song_id))]
pub async fn update_song(
    store: &dyn Store,
    tenant: &TenantId,
    song_id: &str,
    fields: SongFields,
) -> Result<Song, ApiError> {
    let mut song: Song = record::fetch(store, tenant, &SONGS, song_id, "song").await?;
    if let Some(album_id) = &fields.album_id {
        song.artist_id = album_artist(store, tenant, album_id).await?;
    }
    apply(&mut song, fields);
    song.updated_at = record::now();
    match store.put(tenant, &SONGS, song.to_item(tenant)?, Condition::MustExist).await {
        Ok(()) => Ok(song),
        Err(StoreError::ConditionFailed) => Err(ApiError::NotFound(format!("song {song_id}"))),
        Err(error) => Err(error.into()),
    }
}

/// Deletes a song.
pub async fn delete_song(store: &dyn Store, tenant: &TenantId, song_id: &str) -> Result<(), ApiError> {
    match store.delete(tenant, &SONGS, &Key::tenant(song_id), Condition::MustExist).await {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed) => Err(ApiError::NotFound(format!("song {song_id}"))),
        Err(error) => Err(error.into()),
    }
}

/// An album's songs in disc and track order.
pub async fn tracklist(
    store: &dyn Store,
    tenant: &TenantId,
    album_id: &str,
    params: &PageParams,
) -> Result<ListResponse<Song>, ApiError> {
    if !record::exists(store, tenant, &ALBUMS, album_id).await? {
        return Err(ApiError::NotFound(format!("album {album_id}")));
    }
    record::page_of(store, tenant, Query::new(&SONGS).index("by_album").scoped(album_id), params).await
}

/// Songs whose title starts with `prefix`, by title.
pub async fn search_songs(
    store: &dyn Store,
    tenant: &TenantId,
    prefix: &str,
    params: &PageParams,
) -> Result<ListResponse<SongSummary>, ApiError> {
    let query = Query::new(&SONGS).index("by_title").sort(record::search_prefix(prefix)?);
    record::page_of(store, tenant, query, params).await
}

/// Songs of `genre`, by title.
pub async fn songs_of_genre(
    store: &dyn Store,
    tenant: &TenantId,
    genre: &str,
    params: &PageParams,
) -> Result<ListResponse<SongSummary>, ApiError> {
    let genre = record::genre("genre", genre)?;
    record::page_of(store, tenant, Query::new(&SONGS).index("by_genre").scoped(genre), params).await
}
