//! Deterministic, coherent fake data for one tenant: the same seed, generation and tenant
//! give the same items, so an interrupted seed can be run again without duplicates.
//!
//! Every reference stays inside the tenant: albums name its artists, songs its albums,
//! playlist entries its songs, plays its users and songs, likes its users and what they like.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, Timelike, Utc, Weekday};
use common::model::{ALBUMS, ARTISTS, LIKES, PLAYLISTS, PLAYS, SONGS, TableDef, USERS};
use common::records::{Like, LikeKind};
use common::search;
use common::store::Item;
use common::{Role, TenantId};
use fake::Fake as _;
use fake::faker::company::en::CompanyName;
use fake::faker::name::en::{FirstName, LastName};
use rand::rngs::StdRng;
use rand::{RngExt as _, SeedableRng as _};

use super::audio::AUDIO_FILES;
use super::profile::{self, ADJECTIVES, DEVICES, HOURS, NOUNS, PLANS, Profile};

/// What to generate for one tenant.
pub(crate) struct Spec<'a> {
    pub(crate) profile: &'a Profile,
    pub(crate) tenant_index: usize,
    /// Rows of each table for this tenant.
    pub(crate) rows: usize,
    pub(crate) seed: u64,
    pub(crate) generation: u32,
    /// The time the seed is anchored at: all times are before it.
    pub(crate) anchor: DateTime<Utc>,
    /// The password hash of the demo accounts, when the stage has them.
    pub(crate) demo_hash: Option<String>,
    /// The password hash of every other seeded user (a password nobody knows).
    pub(crate) user_hash: String,
}

/// One tenant's items, table by table, in the order they must be written.
pub(crate) struct TenantData {
    pub(crate) tenant: TenantId,
    pub(crate) tables: Vec<(&'static TableDef, Vec<Item>)>,
}

/// The e-mail addresses of the demo accounts of a tenant.
pub(crate) fn demo_emails(profile: &Profile) -> [String; 2] {
    [format!("admin@{}.test", profile.slug), format!("listener@{}.test", profile.slug)]
}

fn id(rng: &mut StdRng, prefix: &str) -> String {
    format!("{prefix}{:032x}", rng.random::<u128>())
}

/// An id as the services make them (a UUIDv7 in hex: the time in milliseconds, then random
/// bits) for an item added at `at`, so that lists by id run in the order items were added.
fn timed_id(rng: &mut StdRng, prefix: &str, at: DateTime<Utc>) -> String {
    let millis = at.timestamp_millis().max(0) as u64 & 0xffff_ffff_ffff;
    format!("{prefix}{millis:012x}7{:019x}", rng.random::<u128>() >> 52)
}

/// A name of `count` parts built from music-like words: "Quiet Harbour", "Lights of the City".
fn words(rng: &mut StdRng, count: usize) -> String {
    let mut pick = |list: &[&'static str]| list[rng.random_range(0..list.len())];
    match count {
        0 | 1 => pick(NOUNS).to_owned(),
        2 => format!("{} {}", pick(ADJECTIVES), pick(NOUNS)),
        3 => format!("{} of the {}", pick(NOUNS), pick(NOUNS)),
        _ => format!("{} {} of {}", pick(ADJECTIVES), pick(NOUNS), pick(NOUNS)),
    }
}

fn ascii(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The songs as generated, then the albums' items, the albums' search words and the songs'
/// items.
type AlbumsAndSongs = (Vec<SeedSong>, Vec<Item>, Vec<Item>, Vec<Item>);

struct Generator<'a> {
    spec: &'a Spec<'a>,
    tenant: TenantId,
    rng: StdRng,
}

/// Generates every table of one tenant.
pub(crate) fn generate(spec: &Spec<'_>) -> anyhow::Result<TenantData> {
    let tenant = TenantId::parse(&spec.profile.slug)?;
    let seed = spec.seed ^ (u64::from(spec.generation) << 48) ^ ((spec.tenant_index as u64 + 1) << 32);
    let mut generator = Generator { spec, tenant: tenant.clone(), rng: StdRng::seed_from_u64(seed) };
    let users = generator.users()?;
    let (artists, artist_items) = generator.artists()?;
    let (songs, mut album_items, album_words, song_items) = generator.albums_and_songs(&artists)?;
    let (playlist_ids, playlist_items) = generator.playlists(&users, &songs)?;
    let play_items = generator.plays(&users, &songs, &playlist_ids)?;
    let like_items = generator.likes(&users, &artists, &album_items, &songs)?;
    album_items.extend(album_words);
    let user_items = users.into_iter().flat_map(|user| user.items).collect();
    Ok(TenantData {
        tenant,
        tables: vec![
            (&USERS, user_items),
            (&ARTISTS, artist_items),
            (&ALBUMS, album_items),
            (&SONGS, song_items),
            (&PLAYLISTS, playlist_items),
            (&PLAYS, play_items),
            (&LIKES, like_items),
        ],
    })
}

struct SeedUser {
    user_id: String,
    plan: String,
    country: String,
    created_at: DateTime<Utc>,
    items: Vec<Item>,
}

struct SeedSong {
    song_id: String,
    title: String,
    album_id: String,
    artist_id: String,
    duration_ms: u64,
    genre: String,
}

impl Generator<'_> {
    fn users(&mut self) -> anyhow::Result<Vec<SeedUser>> {
        let spec = self.spec;
        let demo = spec.demo_hash.as_ref().map(|hash| (demo_emails(spec.profile), hash.clone()));
        let mut users = Vec::with_capacity(spec.rows);
        for n in 0..spec.rows {
            let rng = &mut self.rng;
            let user_id = id(rng, users::accounts::USER_PREFIX);
            let first: String = FirstName().fake_with_rng(rng);
            let last: String = LastName().fake_with_rng(rng);
            let plan = profile::weighted(rng, PLANS).to_string();
            let country = profile::weighted(rng, spec.profile.countries).to_string();
            // Most accounts are older than the listening window; sign-ups keep coming.
            let age_days = if rng.random_bool(0.75) { rng.random_range(190..700) } else { rng.random_range(1..190) };
            let created_at = spec.anchor - Duration::days(age_days) - Duration::seconds(rng.random_range(0..86_400));
            let mut email =
                format!("{}.{}.{}{}@{}", ascii(&first), ascii(&last), spec.generation, n, spec.profile.domain);
            let mut role = Role::Listener;
            let mut hash = spec.user_hash.clone();
            let mut display_name = format!("{first} {last}");
            if let Some((emails, demo_hash)) = demo.as_ref().filter(|_| spec.generation == 1 && n < 2) {
                email = emails[n].clone();
                hash = demo_hash.clone();
                role = if n == 0 { Role::Admin } else { Role::Listener };
                display_name = format!("Demo {}", if n == 0 { "admin" } else { "listener" });
            }
            let user = users::accounts::User {
                user_id: user_id.clone(),
                tenant_id: self.tenant.to_string(),
                email: email.clone(),
                display_name,
                role,
                plan: serde_json::from_value(serde_json::Value::String(plan.clone()))?,
                country: Some(country.clone()),
                created_at: stamp(created_at),
            };
            let items = vec![
                user.to_item(&self.tenant, &hash).map_err(|e| anyhow::anyhow!("{e}"))?,
                users::accounts::claim_item(&self.tenant, &email, &user_id),
            ];
            users.push(SeedUser { user_id, plan, country, created_at, items });
        }
        Ok(users)
    }

    fn artist_name(&mut self) -> String {
        let rng = &mut self.rng;
        match rng.random_range(0..10) {
            0..=3 => format!(
                "{} {}",
                FirstName().fake_with_rng::<String, _>(rng),
                LastName().fake_with_rng::<String, _>(rng)
            ),
            4..=6 => format!("The {}s", words(rng, 2)),
            _ => words(rng, 2),
        }
    }

    fn artists(&mut self) -> anyhow::Result<(Vec<artists::artist::Artist>, Vec<Item>)> {
        let spec = self.spec;
        let mut artists = Vec::with_capacity(spec.rows);
        let mut items = Vec::with_capacity(spec.rows);
        for _ in 0..spec.rows {
            let name = self.artist_name();
            let rng = &mut self.rng;
            let genre_count = rng.random_range(1..=3).min(spec.profile.genres.len());
            let mut genres: Vec<String> = Vec::new();
            while genres.len() < genre_count {
                let genre = spec.profile.genres[profile::skewed(rng, spec.profile.genres.len())].to_owned();
                if !genres.contains(&genre) {
                    genres.push(genre);
                }
            }
            let popularity = (100.0 * (1.0 - rng.random::<f64>().powf(0.35))).round().clamp(0.0, 100.0) as u8;
            let created = spec.anchor - Duration::days(rng.random_range(200..900));
            let artist = artists::artist::Artist {
                artist_id: timed_id(rng, artists::artist::ID_PREFIX, created),
                name,
                genres,
                country: Some(profile::weighted(rng, spec.profile.countries).to_string()),
                bio: None,
                monthly_listeners: u64::from(popularity).pow(3) * rng.random_range(5..50),
                popularity,
                created_at: stamp(created),
                updated_at: stamp(created),
                version: 1,
            };
            items.push(artist.to_item(&self.tenant).map_err(|e| anyhow::anyhow!("{e}"))?);
            items.extend(search::items_of(&self.tenant, &ARTISTS, &artist));
            artists.push(artist);
        }
        // Most popular first, so that skewed picks favour popular artists.
        artists.sort_by_key(|artist| std::cmp::Reverse(artist.popularity));
        Ok((artists, items))
    }

    fn albums_and_songs(&mut self, artists: &[artists::artist::Artist]) -> anyhow::Result<AlbumsAndSongs> {
        let spec = self.spec;
        let first_day = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
        let last_day = spec.anchor.date_naive() - Duration::days(1);
        let span = (last_day - first_day).num_days().max(1);
        let mut albums = Vec::with_capacity(spec.rows);
        for n in 0..spec.rows {
            // Every artist gets one album; the rest go to popular artists.
            let artist = if n < artists.len() / 2 {
                &artists[n]
            } else {
                &artists[profile::skewed(&mut self.rng, artists.len())]
            };
            let title = {
                let count = self.rng.random_range(1..=3);
                words(&mut self.rng, count)
            };
            let rng = &mut self.rng;
            let release = first_day + Duration::days(span - (span as f64 * rng.random::<f64>().powf(1.8)) as i64);
            let created = spec.anchor - Duration::days(rng.random_range(30..200));
            let label =
                if spec.profile.own_label { spec.profile.name.clone() } else { CompanyName().fake_with_rng(rng) };
            albums.push(albums::album::Album {
                album_id: timed_id(rng, albums::album::ID_PREFIX, created),
                artist_id: artist.artist_id.clone(),
                title,
                release_date: release.format("%Y-%m-%d").to_string(),
                genres: vec![artist.genres[0].clone()],
                total_tracks: 0,
                label: Some(label),
                cover_url: None,
                created_at: stamp(created),
                updated_at: stamp(created),
                version: 1,
            });
        }
        let mut tracks: HashMap<usize, u32> = HashMap::new();
        let mut songs = Vec::with_capacity(2 * spec.rows);
        let mut song_items = Vec::with_capacity(2 * spec.rows);
        for n in 0..2 * spec.rows {
            let album_index = if n < albums.len() { n } else { self.rng.random_range(0..albums.len()) };
            let track = tracks.entry(album_index).or_insert(0);
            *track += 1;
            let track_number = *track;
            let title = {
                let count = self.rng.random_range(1..=4);
                words(&mut self.rng, count)
            };
            let rng = &mut self.rng;
            let album = &albums[album_index];
            let audio = &AUDIO_FILES[rng.random_range(0..AUDIO_FILES.len())];
            let song = songs::song::Song {
                song_id: id(rng, songs::song::ID_PREFIX),
                album_id: album.album_id.clone(),
                artist_id: album.artist_id.clone(),
                title,
                disc_number: 1,
                track_number,
                // As long as its audio, so that a song plays to the length it shows.
                duration_ms: audio.duration_ms(),
                genre: album.genres[0].clone(),
                audio_key: Some(format!("audio/{}", audio.name)),
                created_at: album.created_at.clone(),
                updated_at: album.created_at.clone(),
                version: 1,
            };
            song_items.push(song.to_item(&self.tenant).map_err(|e| anyhow::anyhow!("{e}"))?);
            song_items.extend(search::items_of(&self.tenant, &SONGS, &song));
            songs.push(SeedSong {
                song_id: song.song_id,
                title: song.title,
                album_id: song.album_id,
                artist_id: song.artist_id,
                duration_ms: song.duration_ms,
                genre: song.genre,
            });
        }
        let mut album_items = Vec::with_capacity(albums.len());
        // Apart, so that likes draw from the albums themselves.
        let mut album_words = Vec::with_capacity(2 * albums.len());
        for (index, album) in albums.iter_mut().enumerate() {
            album.total_tracks = tracks.get(&index).copied().unwrap_or(0);
            album_items.push(album.to_item(&self.tenant).map_err(|e| anyhow::anyhow!("{e}"))?);
            album_words.extend(search::items_of(&self.tenant, &ALBUMS, album));
        }
        Ok((songs, album_items, album_words, song_items))
    }

    fn playlists(&mut self, users: &[SeedUser], songs: &[SeedSong]) -> anyhow::Result<(Vec<String>, Vec<Item>)> {
        let spec = self.spec;
        let mut ids = Vec::new();
        let mut items = Vec::new();
        let mut owner_index = 0;
        // Headers and entries make the table's rows; search words come on top.
        let mut rows = 0;
        while rows < spec.rows {
            let name = {
                let count = self.rng.random_range(1..=3);
                words(&mut self.rng, count)
            };
            let rng = &mut self.rng;
            // The demo listener, then everyone else in turn, with heavy users more often.
            let owner = if owner_index < 2 {
                &users[1.min(users.len() - 1)]
            } else {
                &users[profile::skewed(rng, users.len())]
            };
            owner_index += 1;
            let playlist_id = id(rng, playlists::playlist::ID_PREFIX);
            let created =
                owner.created_at.max(spec.anchor - Duration::days(180)) + Duration::hours(rng.random_range(1..48));
            let updated = (created + Duration::days(rng.random_range(0..90))).min(spec.anchor - Duration::minutes(5));
            let count = rng.random_range(1..=12usize);
            let mut entries = Vec::with_capacity(count);
            for position in 0..count {
                let song = &songs[profile::skewed(rng, songs.len())];
                let entry = playlists::playlist::PlaylistEntry {
                    position: position as u32,
                    song_id: song.song_id.clone(),
                    title: song.title.clone(),
                    artist_id: song.artist_id.clone(),
                    duration_ms: song.duration_ms,
                    added_by: owner.user_id.clone(),
                    added_at: stamp(created),
                };
                entries.push(entry);
            }
            let header = playlists::playlist::Playlist {
                playlist_id: playlist_id.clone(),
                owner_id: owner.user_id.clone(),
                name,
                description: None,
                public: rng.random_bool(0.3),
                collaborators: Vec::new(),
                entry_count: count as u32,
                share_token: None,
                created_at: stamp(created),
                updated_at: stamp(updated),
                version: 1,
            };
            items.push(header.to_item(&self.tenant).map_err(|e| anyhow::anyhow!("{e}"))?);
            items.extend(search::items_of(&self.tenant, &PLAYLISTS, &header));
            rows += 1 + entries.len();
            for entry in &entries {
                items.push(entry.to_item(&self.tenant, &playlist_id).map_err(|e| anyhow::anyhow!("{e}"))?);
            }
            ids.push(playlist_id);
        }
        Ok((ids, items))
    }

    /// Half as many likes as `rows`: mostly songs, some albums and artists, each liked once
    /// per user, at a time after the user joined. The demo listener likes a few songs first.
    fn likes(
        &mut self,
        users: &[SeedUser],
        artists: &[artists::artist::Artist],
        album_items: &[Item],
        songs: &[SeedSong],
    ) -> anyhow::Result<Vec<Item>> {
        let spec = self.spec;
        let wanted = spec.rows / 2;
        let text = |item: &Item, name: &str| item.get(name).and_then(serde_json::Value::as_str).map(str::to_owned);
        let mut seen = HashSet::new();
        let mut items = Vec::with_capacity(wanted);
        // Skewed choices repeat: give up on duplicates after a bounded number of draws.
        for _ in 0..4 * wanted.max(1) {
            if items.len() >= wanted {
                break;
            }
            let rng = &mut self.rng;
            let user = if items.len() < 5 {
                &users[1.min(users.len() - 1)]
            } else {
                &users[profile::skewed(rng, users.len())]
            };
            let draw = if items.len() < 5 { 9 } else { rng.random_range(0..10) };
            let mut like = Like {
                kind: LikeKind::Song,
                item_id: String::new(),
                user_id: user.user_id.clone(),
                liked_at: String::new(),
                title: String::new(),
                artist_id: None,
                album_id: None,
                duration_ms: None,
                genre: None,
            };
            match draw {
                0 => {
                    let artist = &artists[profile::skewed(rng, artists.len())];
                    like.kind = LikeKind::Artist;
                    like.item_id = artist.artist_id.clone();
                    like.title = artist.name.clone();
                }
                1 => {
                    let album = &album_items[profile::skewed(rng, album_items.len())];
                    like.kind = LikeKind::Album;
                    like.item_id = text(album, "album_id").unwrap_or_default();
                    like.title = text(album, "title").unwrap_or_default();
                    like.artist_id = text(album, "artist_id");
                }
                _ => {
                    let song = &songs[profile::skewed(rng, songs.len())];
                    like.item_id = song.song_id.clone();
                    like.title = song.title.clone();
                    like.artist_id = Some(song.artist_id.clone());
                    like.album_id = Some(song.album_id.clone());
                    like.duration_ms = Some(song.duration_ms);
                    like.genre = Some(song.genre.clone());
                }
            }
            if !seen.insert((like.user_id.clone(), like.kind.as_str(), like.item_id.clone())) {
                continue;
            }
            let since = user.created_at.max(spec.anchor - Duration::days(180));
            let span = (spec.anchor - since).num_seconds().max(2);
            like.liked_at = stamp(since + Duration::seconds(rng.random_range(1..span)));
            items.push(like.to_item(&self.tenant).map_err(|e| anyhow::anyhow!("{e}"))?);
        }
        Ok(items)
    }

    fn play_time(&mut self, not_before: DateTime<Utc>) -> DateTime<Utc> {
        let anchor = self.spec.anchor;
        for _ in 0..12 {
            // More plays lately (the service grows), more at weekends and in the evening.
            let days_back = (180.0 * self.rng.random::<f64>().powf(1.6)) as i64;
            let day = anchor.date_naive() - Duration::days(days_back);
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            if !weekend && self.rng.random_bool(0.3) {
                continue;
            }
            let hour = *profile::weighted(&mut self.rng, HOURS);
            let at = day.and_hms_milli_opt(
                hour,
                self.rng.random_range(0..60),
                self.rng.random_range(0..60),
                self.rng.random_range(0..1000),
            );
            let Some(at) = at.map(|at| at.and_utc()) else { continue };
            if at >= not_before && at < anchor {
                return at;
            }
        }
        (not_before + Duration::minutes(self.rng.random_range(1..600))).min(anchor - Duration::seconds(1))
    }

    fn plays(&mut self, users: &[SeedUser], songs: &[SeedSong], playlist_ids: &[String]) -> anyhow::Result<Vec<Item>> {
        let spec = self.spec;
        let mut items = Vec::with_capacity(2 * spec.rows);
        for _ in 0..2 * spec.rows {
            let user = &users[profile::skewed(&mut self.rng, users.len())];
            let song = &songs[profile::skewed(&mut self.rng, songs.len())];
            let at = self.play_time(user.created_at);
            let rng = &mut self.rng;
            let ms_played =
                if rng.random_bool(0.7) { song.duration_ms } else { rng.random_range(10_000..song.duration_ms) };
            let context = match rng.random_range(0..20) {
                0..=6 => format!("playlist:{}", playlist_ids[rng.random_range(0..playlist_ids.len())]),
                7..=11 => format!("album:{}", song.album_id),
                12..=14 => "search".to_owned(),
                15..=17 => "library".to_owned(),
                _ => "radio".to_owned(),
            };
            let device = profile::weighted(rng, DEVICES).to_string();
            let play = stats::play::Play {
                play_id: id(rng, stats::play::ID_PREFIX),
                user_id: user.user_id.clone(),
                song_id: song.song_id.clone(),
                artist_id: song.artist_id.clone(),
                album_id: song.album_id.clone(),
                played_at: stamp(at),
                ms_played,
                device: serde_json::from_value(serde_json::Value::String(device))?,
                context: Some(context),
                plan: user.plan.clone(),
                country: Some(user.country.clone()),
            };
            debug_assert!(at.hour() < 24);
            items.push(play.to_item(&self.tenant).map_err(|e| anyhow::anyhow!("{e}"))?);
        }
        Ok(items)
    }
}
