//! The songs routes through the real router: songs take their album's artist, tracklists,
//! search and genres, and bad catalog input answers 4xx JSON.

use axum::http::{Method, StatusCode};
use serde_json::json;

use testkit::{Platform, ids};

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
    let found = platform.ok(Method::GET, "/songs/search?q=FIRST", token, None, StatusCode::OK).await;
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
    for path in
        ["/artists/search?q=", "/artists/top?genre=a%23b", "/songs?limit=500", "/songs?cursor=junk", "/artists/search"]
    {
        let (status, answer) = platform.call(Method::GET, path, token, None).await;
        assert!(status.is_client_error(), "{path}: {status} {answer}");
        assert!(answer["error"]["code"].is_string(), "{path}: {answer}");
    }
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_names_the_field_in_plain_words() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let body =
        json!({"album_id": catalog.album_id, "title": "X", "track_number": null, "duration_ms": 1000, "genre": "rock"});
    let (status, answer) = platform.call(Method::POST, "/songs", &admin.token, Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "track_number", "{answer}");
    assert_eq!(answer["error"]["message"], "use a whole number of 0 or more, not null", "{answer}");
    let body = json!({"title": "X"});
    let (_, answer) = platform.call(Method::POST, "/songs", &admin.token, Some(body)).await;
    assert_eq!(
        (answer["error"]["field"].as_str(), answer["error"]["message"].as_str()),
        (Some("album_id"), Some("this field is required"))
    );
}
