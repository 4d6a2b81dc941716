//! The catalog services: artists, albums and songs through the real router.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::platform::{Platform, assert_error, ids};

#[tokio::test]
async fn artists_albums_and_songs_fit_together() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let listener = platform.login("acme-records", "listener").await;
    let catalog = platform.catalog(&admin, "Quiet Harbours").await;
    let token = &listener.token;
    let artist =
        platform.ok(Method::GET, &format!("/artists/{}", catalog.artist_id), token, None, StatusCode::OK).await;
    assert_eq!((artist["name"].as_str(), artist["country"].as_str()), (Some("Quiet Harbours"), Some("IE")));
    let song = platform.ok(Method::GET, &format!("/songs/{}", catalog.song_ids[0]), token, None, StatusCode::OK).await;
    assert_eq!(song["artist_id"], catalog.artist_id.as_str(), "a song takes its album's artist");
    let tracks =
        platform.ok(Method::GET, &format!("/songs/by-album/{}", catalog.album_id), token, None, StatusCode::OK).await;
    let numbers: Vec<u64> =
        tracks["items"].as_array().unwrap().iter().map(|s| s["track_number"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3], "the tracklist is in track order");
    let found = platform.ok(Method::GET, "/songs/search?prefix=FIRST", token, None, StatusCode::OK).await;
    assert_eq!(ids(&found, "song_id"), [catalog.song_ids[1].clone()]);
    let genre = platform.ok(Method::GET, "/songs/by-genre/indie?limit=2", token, None, StatusCode::OK).await;
    assert_eq!(genre["items"].as_array().unwrap().len(), 2);
    assert!(genre["next_cursor"].is_string());
    let discography = platform
        .ok(Method::GET, &format!("/albums/by-artist/{}", catalog.artist_id), token, None, StatusCode::OK)
        .await;
    assert_eq!(ids(&discography, "album_id"), std::slice::from_ref(&catalog.album_id));
}

#[tokio::test]
async fn search_top_lists_and_releases_are_ordered() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let token = &admin.token;
    for (name, popularity) in [("Beacon", 40), ("Bellwether", 90), ("Anchor", 65), ("Belfry", 10)] {
        let body = json!({"name": name, "genres": ["rock"], "popularity": popularity});
        platform.ok(Method::POST, "/artists", token, Some(body), StatusCode::CREATED).await;
    }
    let found = platform.ok(Method::GET, "/artists/search?prefix=bel", token, None, StatusCode::OK).await;
    let names: Vec<&str> = found["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Belfry", "Bellwether"]);
    let top = platform.ok(Method::GET, "/artists/top?genre=rock&limit=3", token, None, StatusCode::OK).await;
    let popularity: Vec<u64> =
        top["items"].as_array().unwrap().iter().map(|a| a["popularity"].as_u64().unwrap()).collect();
    assert_eq!(popularity, [90, 65, 40]);
    let artist_id = platform.ok(Method::GET, "/artists/search?prefix=anchor", token, None, StatusCode::OK).await["items"][0]["artist_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (title, date) in [("Old", "2019-01-01"), ("Newer", "2025-06-01"), ("Future", "2999-01-01")] {
        let body = json!({"artist_id": artist_id, "title": title, "release_date": date, "genres": ["rock"], "total_tracks": 10});
        platform.ok(Method::POST, "/albums", token, Some(body), StatusCode::CREATED).await;
    }
    let releases = platform.ok(Method::GET, "/albums/new-releases", token, None, StatusCode::OK).await;
    let titles: Vec<&str> =
        releases["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Newer", "Old"], "newest first, nothing unreleased");
    let discography =
        platform.ok(Method::GET, &format!("/albums/by-artist/{artist_id}"), token, None, StatusCode::OK).await;
    let dates: Vec<&str> =
        discography["items"].as_array().unwrap().iter().map(|a| a["release_date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2019-01-01", "2025-06-01", "2999-01-01"]);
}

#[tokio::test]
async fn changes_and_deletes_respect_references() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let token = &admin.token;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let artist = format!("/artists/{}", catalog.artist_id);
    let album = format!("/albums/{}", catalog.album_id);
    assert_error(&platform.call(Method::DELETE, &artist, token, None).await, StatusCode::CONFLICT, "conflict");
    assert_error(&platform.call(Method::DELETE, &album, token, None).await, StatusCode::CONFLICT, "conflict");
    let renamed = platform
        .ok(Method::PATCH, &artist, token, Some(json!({"name": "Harbour Lights", "popularity": 99})), StatusCode::OK)
        .await;
    assert_eq!((renamed["name"].as_str(), renamed["popularity"].as_u64()), (Some("Harbour Lights"), Some(99)));
    let found = platform.ok(Method::GET, "/artists/search?prefix=harbour%20l", token, None, StatusCode::OK).await;
    assert_eq!(ids(&found, "artist_id"), std::slice::from_ref(&catalog.artist_id), "the name index follows a rename");
    for song in &catalog.song_ids {
        platform.ok(Method::DELETE, &format!("/songs/{song}"), token, None, StatusCode::NO_CONTENT).await;
    }
    platform.ok(Method::DELETE, &album, token, None, StatusCode::NO_CONTENT).await;
    platform.ok(Method::DELETE, &artist, token, None, StatusCode::NO_CONTENT).await;
    assert_error(&platform.call(Method::GET, &artist, token, None).await, StatusCode::NOT_FOUND, "not_found");
    assert_error(&platform.call(Method::DELETE, &artist, token, None).await, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn listeners_read_but_do_not_write_the_catalog() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let listener = platform.login("acme-records", "listener").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let token = &listener.token;
    let writes = [
        (Method::POST, "/artists".to_owned(), json!({"name": "X", "genres": ["rock"]})),
        (Method::PATCH, format!("/artists/{}", catalog.artist_id), json!({"name": "X"})),
        (Method::DELETE, format!("/artists/{}", catalog.artist_id), json!(null)),
        (
            Method::POST,
            "/albums".to_owned(),
            json!({"artist_id": catalog.artist_id, "title": "X", "release_date": "2020-01-01", "genres": ["rock"], "total_tracks": 1}),
        ),
        (Method::PATCH, format!("/albums/{}", catalog.album_id), json!({"title": "X"})),
        (Method::DELETE, format!("/albums/{}", catalog.album_id), json!(null)),
        (
            Method::POST,
            "/songs".to_owned(),
            json!({"album_id": catalog.album_id, "title": "X", "track_number": 9, "duration_ms": 1000, "genre": "rock"}),
        ),
        (Method::PATCH, format!("/songs/{}", catalog.song_ids[0]), json!({"title": "X"})),
        (Method::DELETE, format!("/songs/{}", catalog.song_ids[0]), json!(null)),
        (Method::GET, "/users".to_owned(), json!(null)),
        (Method::GET, "/stats/usage".to_owned(), json!(null)),
    ];
    for (method, path, body) in writes {
        let body = (!body.is_null()).then_some(body);
        assert_error(&platform.call(method, &path, token, body).await, StatusCode::FORBIDDEN, "forbidden");
    }
    for path in ["/artists", "/albums", "/songs", "/playlists/mine", "/stats/me/history"] {
        assert_error(&platform.call(Method::GET, path, "", None).await, StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

#[tokio::test]
async fn bad_catalog_input_answers_4xx_json() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let token = &admin.token;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let cases = [
        ("/artists", json!({"name": "", "genres": ["rock"]}), unprocessable),
        ("/artists", json!({"name": "X", "genres": []}), unprocessable),
        ("/artists", json!({"name": "X", "genres": ["rock"], "popularity": 101}), unprocessable),
        ("/artists", json!({"name": "X", "genres": ["a#b"]}), unprocessable),
        ("/artists", json!({"name": "X", "genres": ["rock"], "country": "Ireland"}), unprocessable),
        ("/artists", json!({"name": "X", "genres": ["rock"], "extra": 1}), unprocessable),
        (
            "/albums",
            json!({"artist_id": catalog.artist_id, "title": "X", "release_date": "2020-13-01", "genres": ["rock"], "total_tracks": 1}),
            unprocessable,
        ),
        (
            "/albums",
            json!({"artist_id": catalog.artist_id, "title": "X", "release_date": "2020-01-01", "genres": ["rock"], "total_tracks": 0}),
            unprocessable,
        ),
        (
            "/albums",
            json!({"artist_id": "art_missing", "title": "X", "release_date": "2020-01-01", "genres": ["rock"], "total_tracks": 1}),
            StatusCode::NOT_FOUND,
        ),
        (
            "/songs",
            json!({"album_id": catalog.album_id, "title": "X", "track_number": 1, "duration_ms": 0, "genre": "rock"}),
            unprocessable,
        ),
        (
            "/songs",
            json!({"album_id": catalog.album_id, "title": "X", "track_number": 1, "duration_ms": 1000, "genre": "rock", "audio_key": "../../etc/passwd"}),
            unprocessable,
        ),
        (
            "/songs",
            json!({"album_id": "alb_missing", "title": "X", "track_number": 1, "duration_ms": 1000, "genre": "rock"}),
            StatusCode::NOT_FOUND,
        ),
        // Audio must exist, and be a file: not missing, not a folder.
        (
            "/songs",
            json!({"album_id": catalog.album_id, "title": "X", "track_number": 1, "duration_ms": 1000, "genre": "rock", "audio_key": "audio/missing.wav"}),
            unprocessable,
        ),
        (
            "/songs",
            json!({"album_id": catalog.album_id, "title": "X", "track_number": 1, "duration_ms": 1000, "genre": "rock", "audio_key": "audio"}),
            unprocessable,
        ),
        // Names that could pass for others: a direction override, only invisible characters.
        ("/artists", json!({"name": "evil\u{202E}gpj.exe", "genres": ["rock"]}), unprocessable),
        ("/artists", json!({"name": "\u{200B}\u{200B}", "genres": ["rock"]}), unprocessable),
        ("/playlists", json!({"name": "a\u{2066}b"}), unprocessable),
    ];
    for (path, body, status) in cases {
        let (got, answer) = platform.call(Method::POST, path, token, Some(body.clone())).await;
        assert_eq!(got, status, "{path} {body}: {answer}");
        assert!(answer["error"]["message"].is_string(), "{answer}");
    }
    for path in [
        "/artists/search?prefix=",
        "/artists/top?genre=a%23b",
        "/songs?limit=500",
        "/songs?cursor=junk",
        "/artists/search",
    ] {
        let (status, answer) = platform.call(Method::GET, path, token, None).await;
        assert!(status.is_client_error(), "{path}: {status} {answer}");
        assert!(answer["error"]["code"].is_string(), "{path}: {answer}");
    }
}
