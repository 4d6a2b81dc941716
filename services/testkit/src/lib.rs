//! For tests only. `Platform`: every service router mounted in-process over a fresh store
//! (embedded, or DynamoDB on the test command's moto server), with two onboarded tenants,
//! each with an admin and a listener, and helpers to fill a catalog. Each service's own
//! HTTP tests and the platform-wide ones in `cli/tests` build on it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use common::media::Media;
use common::model::TABLES;
use common::store::{DynamoStore, EmbeddedStore, Store};
use common::{AppState, AuthKeys, Role, TenantId};
use secrecy::SecretString;
use serde_json::{Value, json};
use users::accounts::{self, NewAccount};
use users::fields::{Email, Plan};

pub use common::testing::assert_error;

/// The password of every account of the platform.
pub const PASSWORD: &str = "correct horse 9";
/// The onboarded tenants; each has `admin@<slug>.test` and `listener@<slug>.test`.
pub const TENANTS: [&str; 2] = ["acme-records", "beta-radio"];

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Account {
    /// The bearer token.
    pub token: String,
    /// The user id.
    pub user_id: String,
    /// The tenant.
    pub slug: String,
}

/// A small catalog made through the API: one artist, one album, three songs.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The artist.
    pub artist_id: String,
    /// The album.
    pub album_id: String,
    /// The songs, in the order made (tracks 2, 1, 3).
    pub song_ids: Vec<String>,
}

/// Every service's routes over one store, as `musicctl up` mounts them.
pub struct Platform {
    /// The mounted routes.
    pub router: Router,
    /// The state behind the router, for mounting single services as Lambda does.
    pub state: AppState,
    /// Where the media store keeps each tenant's audio.
    pub media_root: PathBuf,
    _dir: tempfile::TempDir,
}

impl Platform {
    /// The platform over a fresh embedded store.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(EmbeddedStore::open(dir.path().join("store.sqlite")).unwrap());
        Self::on(store, dir).await
    }

    /// The platform over fresh tables on the moto server of `MUSICCTL_TEST_DYNAMODB_URL`,
    /// or `None` (the test is skipped, and says so) where there is none and the test
    /// command did not require it.
    pub async fn on_dynamo() -> Option<Self> {
        let url = match std::env::var("MUSICCTL_TEST_DYNAMODB_URL") {
            Ok(url) if !url.is_empty() => url,
            _ => {
                assert!(std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(), "MUSICCTL_TEST_DYNAMODB_URL is not set");
                eprintln!("skipped: MUSICCTL_TEST_DYNAMODB_URL is not set (run the README's test command)");
                return None;
            }
        };
        let prefix = format!("p{}-{}-", std::process::id(), next_suffix());
        let store = Arc::new(DynamoStore::from_env(Some(&url), prefix).await);
        Some(Self::on(store, tempfile::tempdir().unwrap()).await)
    }

    /// Both platforms, embedded first, for tests that must hold on every store.
    pub async fn every() -> Vec<Self> {
        let mut platforms = vec![Self::new().await];
        platforms.extend(Self::on_dynamo().await);
        platforms
    }

    async fn on(store: Arc<dyn Store>, dir: tempfile::TempDir) -> Self {
        store.create_tables(&TABLES).await.unwrap();
        let secret = SecretString::from("platform-test-secret-platform-test".to_owned());
        let keys = AuthKeys::from_secret(&secret, Duration::from_secs(600)).unwrap();
        let media = Media::local(dir.path());
        let media_root = dir.path().join("media");
        let services = vec![
            (users::NAME, users::api()),
            (artists::NAME, artists::api()),
            (albums::NAME, albums::api()),
            (songs::NAME, songs::api()),
            (playlists::NAME, playlists::api()),
            (stats::NAME, stats::api()),
        ];
        let state = AppState::new(Arc::clone(&store), keys, media);
        let router = common::serve::app(services, state.clone());
        for slug in TENANTS {
            let tenant = TenantId::parse(slug).unwrap();
            users::tenants::create_tenant(store.as_ref(), &tenant, slug).await.unwrap();
            for (name, role) in [("admin", Role::Admin), ("listener", Role::Listener)] {
                let account = NewAccount {
                    tenant: tenant.clone(),
                    email: Email::parse(&format!("{name}@{slug}.test")).unwrap(),
                    password: PASSWORD.to_owned(),
                    display_name: name.to_owned(),
                    country: Some("IE".to_owned()),
                    role,
                    plan: if role == Role::Admin { Plan::Premium } else { Plan::Free },
                };
                accounts::create_account(store.as_ref(), account).await.unwrap();
            }
        }
        Self { router, state, media_root, _dir: dir }
    }

    /// Calls a route with `token`; answers the status and the JSON body.
    pub async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> (StatusCode, Value) {
        common::testing::call(&self.router, method, path, Some(token), body).await
    }

    /// Calls and asserts the status; answers the body.
    pub async fn ok(&self, method: Method, path: &str, token: &str, body: Option<Value>, status: StatusCode) -> Value {
        let (got, body) = self.call(method.clone(), path, token, body).await;
        assert_eq!(got, status, "{method} {path}: {body}");
        body
    }

    /// Logs in `<name>@<slug>.test`.
    pub async fn login(&self, slug: &str, name: &str) -> Account {
        let body = json!({"tenant": slug, "email": format!("{name}@{slug}.test"), "password": PASSWORD});
        let (status, body) = common::testing::call(&self.router, Method::POST, "/users/login", None, Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Account {
            token: body["token"].as_str().unwrap().to_owned(),
            user_id: body["user"]["user_id"].as_str().unwrap().to_owned(),
            slug: slug.to_owned(),
        }
    }

    /// The store behind the platform.
    pub fn store(&self) -> &dyn Store {
        self.state.store.as_ref()
    }

    /// Makes an artist, an album and three songs as `admin`.
    pub async fn catalog(&self, admin: &Account, name: &str) -> Catalog {
        let artist = json!({"name": name, "genres": ["indie", "folk"], "country": "ie", "popularity": 70});
        let artist = self.ok(Method::POST, "/artists", &admin.token, Some(artist), StatusCode::CREATED).await;
        let artist_id = artist["artist_id"].as_str().unwrap().to_owned();
        let album = json!({"artist_id": artist_id, "title": format!("{name} LP"), "release_date": "2024-05-01",
            "genres": ["indie"], "total_tracks": 3});
        let album = self.ok(Method::POST, "/albums", &admin.token, Some(album), StatusCode::CREATED).await;
        let album_id = album["album_id"].as_str().unwrap().to_owned();
        // A song's audio must be in the media store before the song names it.
        if !self.media_root.join(&admin.slug).join("audio/tone.wav").exists() {
            self.write_audio(&admin.slug, "audio/tone.wav", b"RIFF-test-audio");
        }
        let mut song_ids = Vec::new();
        for (track, title) in [(2, "Second Light"), (1, "First Tide"), (3, "Third Harbour")] {
            let song = json!({"album_id": album_id, "title": format!("{title} ({name})"), "track_number": track,
                "duration_ms": 180_000, "genre": "indie", "audio_key": "audio/tone.wav"});
            let song = self.ok(Method::POST, "/songs", &admin.token, Some(song), StatusCode::CREATED).await;
            song_ids.push(song["song_id"].as_str().unwrap().to_owned());
        }
        Catalog { artist_id, album_id, song_ids }
    }

    /// Writes `bytes` as the audio file `key` of `slug`.
    pub fn write_audio(&self, slug: &str, key: &str, bytes: &[u8]) {
        let path = self.media_root.join(slug).join(key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

fn next_suffix() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_string()
}

/// The ids of a list answer's items under `attribute`.
pub fn ids(list: &Value, attribute: &str) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|item| item[attribute].as_str().unwrap().to_owned()).collect()
}
