//! Playlists: entries in order, owners, collaborators, public playlists and share links.

use axum::http::{Method, StatusCode};
use common::TenantId;
use common::model::SONGS;
use common::store::{Condition, Key};
use serde_json::{Value, json};

use testkit::{Platform, assert_error, ids};

fn song_order(detail: &Value) -> Vec<String> {
    detail["entries"].as_array().unwrap().iter().map(|e| e["song_id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_playlist_keeps_its_songs_in_order() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let listener = platform.login("acme-records", "listener").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let token = &listener.token;
    let created =
        platform.ok(Method::POST, "/playlists", token, Some(json!({"name": "Sunday"})), StatusCode::CREATED).await;
    let playlist_id = created["playlist_id"].as_str().unwrap();
    let songs = format!("/playlists/{playlist_id}/songs");
    for song in &catalog.song_ids {
        platform.ok(Method::POST, &songs, token, Some(json!({"song_id": song})), StatusCode::OK).await;
    }
    let first = platform
        .ok(Method::POST, &songs, token, Some(json!({"song_id": catalog.song_ids[2], "position": 0})), StatusCode::OK)
        .await;
    let s = &catalog.song_ids;
    assert_eq!(song_order(&first), [s[2].clone(), s[0].clone(), s[1].clone(), s[2].clone()]);
    let reordered = platform.ok(Method::PUT, &songs, token, Some(json!({"order": [1, 2, 3, 0]})), StatusCode::OK).await;
    assert_eq!(song_order(&reordered), [s[0].clone(), s[1].clone(), s[2].clone(), s[2].clone()]);
    let removed = platform.ok(Method::DELETE, &format!("{songs}/1"), token, None, StatusCode::OK).await;
    assert_eq!(song_order(&removed), [s[0].clone(), s[2].clone(), s[2].clone()]);
    let positions: Vec<u64> =
        removed["entries"].as_array().unwrap().iter().map(|e| e["position"].as_u64().unwrap()).collect();
    assert_eq!(positions, [0, 1, 2], "positions stay without gaps");
    let described = platform.ok(Method::GET, &format!("/playlists/{playlist_id}"), token, None, StatusCode::OK).await;
    assert_eq!(song_order(&described), song_order(&removed));
    assert_eq!(described["playlist"]["entry_count"], 3);
    assert_eq!(described["entries"][0]["title"], "Second Light (Harbours)");
    for bad in [json!({"order": [0, 1]}), json!({"order": [0, 0, 1]}), json!({"order": [0, 1, 3]})] {
        assert_error(
            &platform.call(Method::PUT, &songs, token, Some(bad)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    assert_error(
        &platform.call(Method::POST, &songs, token, Some(json!({"song_id": "sng_missing"}))).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &platform.call(Method::POST, &songs, token, Some(json!({"song_id": s[0], "position": 9}))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &platform.call(Method::DELETE, &format!("{songs}/7"), token, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn my_playlists_come_newest_first_and_go_away_whole() {
    let platform = Platform::new().await;
    let listener = platform.login("acme-records", "listener").await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let token = &listener.token;
    let mut made = Vec::new();
    for name in ["One", "Two", "Three"] {
        let created =
            platform.ok(Method::POST, "/playlists", token, Some(json!({"name": name})), StatusCode::CREATED).await;
        made.push(created["playlist_id"].as_str().unwrap().to_owned());
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let renamed = platform
        .ok(
            Method::PATCH,
            &format!("/playlists/{}", made[0]),
            token,
            Some(json!({"name": "One again"})),
            StatusCode::OK,
        )
        .await;
    assert_eq!(renamed["name"], "One again");
    let mine = platform.ok(Method::GET, "/playlists/mine", token, None, StatusCode::OK).await;
    assert_eq!(
        ids(&mine, "playlist_id"),
        [made[0].clone(), made[2].clone(), made[1].clone()],
        "the renamed one is newest"
    );
    let songs = format!("/playlists/{}/songs", made[1]);
    platform.ok(Method::POST, &songs, token, Some(json!({"song_id": catalog.song_ids[0]})), StatusCode::OK).await;
    platform.ok(Method::DELETE, &format!("/playlists/{}", made[1]), token, None, StatusCode::NO_CONTENT).await;
    assert_error(
        &platform.call(Method::GET, &format!("/playlists/{}", made[1]), token, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let mine = platform.ok(Method::GET, "/playlists/mine", token, None, StatusCode::OK).await;
    assert_eq!(ids(&mine, "playlist_id").len(), 2);
    let admin_mine = platform.ok(Method::GET, "/playlists/mine", &admin.token, None, StatusCode::OK).await;
    assert!(ids(&admin_mine, "playlist_id").is_empty());
}

#[tokio::test]
async fn private_public_shared_and_collaborative_access() {
    let platform = Platform::new().await;
    let owner = platform.login("acme-records", "listener").await;
    let other = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&other, "Harbours").await;
    let created = platform
        .ok(Method::POST, "/playlists", &owner.token, Some(json!({"name": "Secret"})), StatusCode::CREATED)
        .await;
    let path = format!("/playlists/{}", created["playlist_id"].as_str().unwrap());
    let songs = format!("{path}/songs");
    let add = json!({"song_id": catalog.song_ids[0]});
    // Private: another user of the tenant cannot learn it exists.
    assert_error(&platform.call(Method::GET, &path, &other.token, None).await, StatusCode::NOT_FOUND, "not_found");
    assert_error(
        &platform.call(Method::POST, &songs, &other.token, Some(add.clone())).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Shared by link: readable with the token, and the token is the owner's secret.
    let share = platform.ok(Method::POST, &format!("{path}/share"), &owner.token, None, StatusCode::OK).await;
    let token = share["share_token"].as_str().unwrap();
    let shared = platform.ok(Method::GET, &format!("{path}?share={token}"), &other.token, None, StatusCode::OK).await;
    assert!(shared["playlist"].get("share_token").is_none(), "{shared}");
    assert_error(
        &platform.call(Method::GET, &format!("{path}?share=wrong"), &other.token, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    platform.ok(Method::DELETE, &format!("{path}/share"), &owner.token, None, StatusCode::NO_CONTENT).await;
    assert_error(
        &platform.call(Method::GET, &format!("{path}?share={token}"), &other.token, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Public: readable, not changeable.
    platform.ok(Method::PATCH, &path, &owner.token, Some(json!({"public": true})), StatusCode::OK).await;
    platform.ok(Method::GET, &path, &other.token, None, StatusCode::OK).await;
    assert_error(
        &platform.call(Method::POST, &songs, &other.token, Some(add.clone())).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_error(
        &platform.call(Method::PATCH, &path, &other.token, Some(json!({"name": "Mine now"}))).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_error(&platform.call(Method::DELETE, &path, &other.token, None).await, StatusCode::FORBIDDEN, "forbidden");
    // Collaborators change songs but not the playlist itself.
    let collaborators = json!({"user_ids": [other.user_id]});
    platform.ok(Method::PUT, &format!("{path}/collaborators"), &owner.token, Some(collaborators), StatusCode::OK).await;
    platform.ok(Method::POST, &songs, &other.token, Some(add), StatusCode::OK).await;
    assert_error(&platform.call(Method::DELETE, &path, &other.token, None).await, StatusCode::FORBIDDEN, "forbidden");
    let unknown = json!({"user_ids": ["usr_00000000000000000000000000000000"]});
    assert_error(
        &platform.call(Method::PUT, &format!("{path}/collaborators"), &owner.token, Some(unknown)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn a_song_item_that_does_not_decode_is_an_internal_error() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let store = platform.state.store.as_ref();
    let tenant = TenantId::parse("acme-records").unwrap();
    let key = Key::tenant(catalog.song_ids[0].as_str());
    let mut song = store.get(&tenant, &SONGS, &key).await.unwrap().unwrap();
    song.remove("title");
    store.put(&tenant, &SONGS, song, Condition::None).await.unwrap();
    let created =
        platform.ok(Method::POST, "/playlists", &admin.token, Some(json!({"name": "Mix"})), StatusCode::CREATED).await;
    let songs = format!("/playlists/{}/songs", created["playlist_id"].as_str().unwrap());
    let answer = platform.call(Method::POST, &songs, &admin.token, Some(json!({"song_id": catalog.song_ids[0]}))).await;
    assert_error(&answer, StatusCode::INTERNAL_SERVER_ERROR, "internal");
    let answer = platform.call(Method::POST, &songs, &admin.token, Some(json!({"song_id": "sng_missing"}))).await;
    assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
    let detail = platform
        .ok(Method::POST, &songs, &admin.token, Some(json!({"song_id": catalog.song_ids[1]})), StatusCode::OK)
        .await;
    assert_eq!(song_order(&detail), [catalog.song_ids[1].clone()], "no blank entry was stored");
}
