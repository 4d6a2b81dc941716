//! The tenant isolation matrix: a token of `beta-radio` tries every route with the ids of
//! `acme-records`, by path, by query parameter and in the body. Every attempt answers 404,
//! exactly as for an id that exists nowhere, and nothing of acme changes or shows up.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use testkit::{Platform, assert_error, ids};

struct Acme {
    artist: String,
    album: String,
    song: String,
    playlist: String,
    share: String,
    user: String,
}

#[tokio::test]
async fn another_tenants_ids_answer_404_on_every_route() {
    let platform = Platform::new().await;
    let acme_admin = platform.login("acme-records", "admin").await;
    let acme_listener = platform.login("acme-records", "listener").await;
    let beta_admin = platform.login("beta-radio", "admin").await;
    let beta_listener = platform.login("beta-radio", "listener").await;
    let catalog = platform.catalog(&acme_admin, "Acme Artist").await;
    platform.write_audio("acme-records", "audio/tone.wav", b"RIFF-acme-audio");
    let created = platform
        .ok(
            Method::POST,
            "/playlists",
            &acme_listener.token,
            Some(json!({"name": "Acme mix", "public": true})),
            StatusCode::CREATED,
        )
        .await;
    let playlist = created["playlist_id"].as_str().unwrap().to_owned();
    platform
        .ok(
            Method::POST,
            &format!("/playlists/{playlist}/songs"),
            &acme_listener.token,
            Some(json!({"song_id": catalog.song_ids[0]})),
            StatusCode::OK,
        )
        .await;
    let share = platform
        .ok(Method::POST, &format!("/playlists/{playlist}/share"), &acme_listener.token, None, StatusCode::OK)
        .await;
    let acme = Acme {
        artist: catalog.artist_id.clone(),
        album: catalog.album_id.clone(),
        song: catalog.song_ids[0].clone(),
        playlist,
        share: share["share_token"].as_str().unwrap().to_owned(),
        user: acme_listener.user_id.clone(),
    };
    // Beta has a catalog and a playlist of its own, so that body references have a target.
    let beta_catalog = platform.catalog(&beta_admin, "Beta Artist").await;
    let beta_playlist = platform
        .ok(Method::POST, "/playlists", &beta_admin.token, Some(json!({"name": "Beta mix"})), StatusCode::CREATED)
        .await;
    let beta_playlist = beta_playlist["playlist_id"].as_str().unwrap().to_owned();

    let matrix: Vec<(Method, String, Option<Value>)> = vec![
        // By id in the path.
        (Method::GET, format!("/users/{}", acme.user), None),
        (Method::PUT, format!("/users/{}/role", acme.user), Some(json!({"role": "admin"}))),
        (Method::GET, format!("/artists/{}", acme.artist), None),
        (Method::PATCH, format!("/artists/{}", acme.artist), Some(json!({"name": "Stolen"}))),
        (Method::DELETE, format!("/artists/{}", acme.artist), None),
        (Method::GET, format!("/albums/{}", acme.album), None),
        (Method::PATCH, format!("/albums/{}", acme.album), Some(json!({"title": "Stolen"}))),
        (Method::DELETE, format!("/albums/{}", acme.album), None),
        (Method::GET, format!("/albums/by-artist/{}", acme.artist), None),
        (Method::GET, format!("/songs/{}", acme.song), None),
        (Method::PATCH, format!("/songs/{}", acme.song), Some(json!({"title": "Stolen"}))),
        (Method::DELETE, format!("/songs/{}", acme.song), None),
        (Method::GET, format!("/songs/by-album/{}", acme.album), None),
        (Method::GET, format!("/songs/{}/stream", acme.song), None),
        (Method::POST, format!("/songs/{}/stream-url", acme.song), None),
        (Method::GET, format!("/playlists/{}", acme.playlist), None),
        (Method::PATCH, format!("/playlists/{}", acme.playlist), Some(json!({"name": "Stolen"}))),
        (Method::DELETE, format!("/playlists/{}", acme.playlist), None),
        (
            Method::POST,
            format!("/playlists/{}/songs", acme.playlist),
            Some(json!({"song_id": beta_catalog.song_ids[0]})),
        ),
        (Method::PUT, format!("/playlists/{}/songs", acme.playlist), Some(json!({"order": [0]}))),
        (Method::DELETE, format!("/playlists/{}/songs/0", acme.playlist), None),
        (Method::POST, format!("/playlists/{}/share", acme.playlist), None),
        (Method::DELETE, format!("/playlists/{}/share", acme.playlist), None),
        (Method::PUT, format!("/playlists/{}/collaborators", acme.playlist), Some(json!({"user_ids": []}))),
        // By query parameter.
        (Method::GET, format!("/playlists/{}?share={}", acme.playlist, acme.share), None),
        // In the body.
        (
            Method::POST,
            "/albums".to_owned(),
            Some(
                json!({"artist_id": acme.artist, "title": "X", "release_date": "2020-01-01", "genres": ["rock"], "total_tracks": 1}),
            ),
        ),
        (Method::PATCH, format!("/albums/{}", beta_catalog.album_id), Some(json!({"artist_id": acme.artist}))),
        (
            Method::POST,
            "/songs".to_owned(),
            Some(
                json!({"album_id": acme.album, "title": "X", "track_number": 1, "duration_ms": 1000, "genre": "rock"}),
            ),
        ),
        (Method::PATCH, format!("/songs/{}", beta_catalog.song_ids[0]), Some(json!({"album_id": acme.album}))),
        (Method::POST, format!("/playlists/{beta_playlist}/songs"), Some(json!({"song_id": acme.song}))),
        (Method::PUT, format!("/playlists/{beta_playlist}/collaborators"), Some(json!({"user_ids": [acme.user]}))),
        (
            Method::POST,
            "/stats/plays".to_owned(),
            Some(json!({"song_id": acme.song, "ms_played": 1000, "device": "web"})),
        ),
    ];
    for (method, path, body) in &matrix {
        for token in [&beta_admin.token, &beta_listener.token] {
            let answer = platform.call(method.clone(), path, token, body.clone()).await;
            let is_admin_route = path.starts_with("/users/")
                || (*method != Method::GET
                    && !path.starts_with("/playlists")
                    && !path.starts_with("/stats")
                    && !path.contains("stream"));
            if token == &beta_listener.token && is_admin_route {
                // A listener is stopped by its role first; it still learns nothing of acme.
                assert!(
                    matches!(answer.0, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                    "{method} {path}: {}",
                    answer.1
                );
                continue;
            }
            assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
        }
    }
    // The same answer as for ids that exist nowhere.
    let nowhere =
        platform.call(Method::GET, "/songs/sng_00000000000000000000000000000000", &beta_admin.token, None).await;
    let foreign = platform.call(Method::GET, &format!("/songs/{}", acme.song), &beta_admin.token, None).await;
    assert_eq!(nowhere.0, foreign.0);
    assert_eq!(nowhere.1["error"]["code"], foreign.1["error"]["code"]);

    // Nothing of acme changed.
    let artist =
        platform.ok(Method::GET, &format!("/artists/{}", acme.artist), &acme_admin.token, None, StatusCode::OK).await;
    assert_eq!(artist["name"], "Acme Artist");
    let detail = platform
        .ok(Method::GET, &format!("/playlists/{}", acme.playlist), &acme_listener.token, None, StatusCode::OK)
        .await;
    assert_eq!(
        (detail["playlist"]["name"].as_str(), detail["entries"].as_array().unwrap().len()),
        (Some("Acme mix"), 1)
    );
    assert_eq!(detail["playlist"]["share_token"], acme.share.as_str());
    let user =
        platform.ok(Method::GET, &format!("/users/{}", acme.user), &acme_admin.token, None, StatusCode::OK).await;
    assert_eq!(user["role"], "listener");
    let history = platform.ok(Method::GET, "/stats/me/history", &beta_admin.token, None, StatusCode::OK).await;
    assert!(history["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn lists_searches_and_charts_hold_only_the_callers_tenant() {
    let platform = Platform::new().await;
    let acme_admin = platform.login("acme-records", "admin").await;
    let acme_listener = platform.login("acme-records", "listener").await;
    let beta = platform.login("beta-radio", "admin").await;
    let catalog = platform.catalog(&acme_admin, "Acme Artist").await;
    platform
        .ok(
            Method::POST,
            "/playlists",
            &acme_listener.token,
            Some(json!({"name": "Acme mix", "public": true})),
            StatusCode::CREATED,
        )
        .await;
    let play = json!({"song_id": catalog.song_ids[0], "ms_played": 1000, "device": "web"});
    platform.ok(Method::POST, "/stats/plays", &acme_listener.token, Some(play), StatusCode::CREATED).await;
    for (path, attribute) in [
        ("/users?limit=100", "user_id"),
        ("/artists", "artist_id"),
        ("/artists/search?q=acme", "artist_id"),
        ("/albums/search?q=acme", "album_id"),
        ("/playlists/search?q=acme", "playlist_id"),
        ("/artists/top?genre=indie", "artist_id"),
        ("/albums", "album_id"),
        ("/albums/new-releases", "album_id"),
        ("/albums/by-title", "album_id"),
        ("/albums/by-title?genre=indie", "album_id"),
        ("/artists/by-name", "artist_id"),
        ("/songs", "song_id"),
        ("/songs/search?q=first", "song_id"),
        ("/songs/by-genre/indie", "song_id"),
        ("/playlists/mine", "playlist_id"),
        ("/stats/me/history", "play_id"),
    ] {
        let list = platform.ok(Method::GET, path, &beta.token, None, StatusCode::OK).await;
        let found = ids(&list, attribute);
        let expected = if path.starts_with("/users") { 2 } else { 0 };
        assert_eq!(found.len(), expected, "{path}: {list}");
    }
    // The searches and lists that show nothing to beta show acme's records to acme.
    for (path, attribute) in [
        ("/artists/search?q=acme", "artist_id"),
        ("/albums/search?q=acme", "album_id"),
        ("/playlists/search?q=acme", "playlist_id"),
        ("/songs/search?q=first", "song_id"),
        ("/albums/by-title", "album_id"),
        ("/albums/by-title?genre=indie", "album_id"),
        ("/artists/by-name", "artist_id"),
    ] {
        let list = platform.ok(Method::GET, path, &acme_admin.token, None, StatusCode::OK).await;
        assert_eq!(ids(&list, attribute).len(), 1, "{path}: {list}");
    }
    for path in ["/stats/top-songs", "/stats/top-artists"] {
        let chart = platform.ok(Method::GET, path, &beta.token, None, StatusCode::OK).await;
        assert!(chart.as_array().unwrap().is_empty(), "{path}: {chart}");
    }
    let patterns = platform.ok(Method::GET, "/stats/patterns", &beta.token, None, StatusCode::OK).await;
    assert!(patterns["by_hour"].as_array().unwrap().iter().all(|n| n == 0));
    let usage = platform.ok(Method::GET, "/stats/usage", &beta.token, None, StatusCode::OK).await;
    assert_eq!(usage["plays"], 0);
    // A cursor of acme's list is refused in beta's.
    let page = platform.ok(Method::GET, "/songs?limit=1", &acme_admin.token, None, StatusCode::OK).await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let reused = platform.call(Method::GET, &format!("/songs?limit=1&cursor={cursor}"), &beta.token, None).await;
    assert_error(&reused, StatusCode::BAD_REQUEST, "invalid_cursor");
}
