//! The artists routes through the real router: search, lists by name and by the time
//! added, top lists, renames that the name index follows, deletes that respect albums.

use axum::http::{Method, StatusCode};
use serde_json::json;

use testkit::{Platform, assert_error, ids};

#[tokio::test]
async fn search_and_top_lists_are_ordered() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let token = &admin.token;
    for (name, popularity) in [("Beacon", 40), ("Bellwether", 90), ("Anchor", 65), ("Belfry", 10)] {
        let body = json!({"name": name, "genres": ["rock"], "popularity": popularity});
        platform.ok(Method::POST, "/artists", token, Some(body), StatusCode::CREATED).await;
    }
    let found = platform.ok(Method::GET, "/artists/search?q=bel", token, None, StatusCode::OK).await;
    let names: Vec<&str> = found["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Belfry", "Bellwether"]);
    let name = |list: &serde_json::Value| -> Vec<String> {
        list["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect()
    };
    let by_name = platform.ok(Method::GET, "/artists/by-name", token, None, StatusCode::OK).await;
    assert_eq!(name(&by_name), ["Anchor", "Beacon", "Belfry", "Bellwether"], "A to Z");
    let newest = platform.ok(Method::GET, "/artists?order=newest", token, None, StatusCode::OK).await;
    assert_eq!(name(&newest), ["Belfry", "Anchor", "Bellwether", "Beacon"], "the last added first");
    let oldest = platform.ok(Method::GET, "/artists?order=oldest&limit=2", token, None, StatusCode::OK).await;
    assert_eq!(name(&oldest), ["Beacon", "Bellwether"]);
    let (status, _) = platform.call(Method::GET, "/artists?order=sideways", token, None).await;
    assert!(status.is_client_error());
    let top = platform.ok(Method::GET, "/artists/top?genre=rock&limit=3", token, None, StatusCode::OK).await;
    let popularity: Vec<u64> =
        top["items"].as_array().unwrap().iter().map(|a| a["popularity"].as_u64().unwrap()).collect();
    assert_eq!(popularity, [90, 65, 40]);
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
    let found = platform.ok(Method::GET, "/artists/search?q=harbour%20l", token, None, StatusCode::OK).await;
    assert_eq!(ids(&found, "artist_id"), std::slice::from_ref(&catalog.artist_id), "the name index follows a rename");
    for song in &catalog.song_ids {
        platform.ok(Method::DELETE, &format!("/songs/{song}"), token, None, StatusCode::NO_CONTENT).await;
    }
    platform.ok(Method::DELETE, &album, token, None, StatusCode::NO_CONTENT).await;
    platform.ok(Method::DELETE, &artist, token, None, StatusCode::NO_CONTENT).await;
    assert_error(&platform.call(Method::GET, &artist, token, None).await, StatusCode::NOT_FOUND, "not_found");
    assert_error(&platform.call(Method::DELETE, &artist, token, None).await, StatusCode::NOT_FOUND, "not_found");
}
