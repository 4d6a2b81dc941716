//! The albums routes through the real router: new releases, discographies and the list by
//! the time added in order, and catalog writes that only admins may make.

use axum::http::{Method, StatusCode};
use serde_json::json;

use testkit::{Platform, assert_error};

#[tokio::test]
async fn releases_and_discographies_are_ordered() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let token = &admin.token;
    let body = json!({"name": "Anchor", "genres": ["rock"], "popularity": 65});
    let artist = platform.ok(Method::POST, "/artists", token, Some(body), StatusCode::CREATED).await;
    let artist_id = artist["artist_id"].as_str().unwrap().to_owned();
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
    let newest = platform.ok(Method::GET, "/albums?order=newest", token, None, StatusCode::OK).await;
    let titles: Vec<&str> = newest["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Future", "Newer", "Old"], "the last added first");
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
