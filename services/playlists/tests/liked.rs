//! Likes, on every store: a like of a song, album or artist is made once however often it
//! is asked for, comes back newest first with what a list shows, can be asked about by ids,
//! and is taken back; nothing of one user's likes reaches another user or another tenant.

use axum::http::{Method, StatusCode};
use serde_json::Value;

use testkit::{Platform, assert_error, ids};

#[tokio::test]
async fn likes_are_made_once_listed_newest_first_and_taken_back() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let listener = platform.login("acme-records", "listener").await;
        let catalog = platform.catalog(&admin, "Harbours").await;
        let token = &listener.token;
        let [first, second, third] = [0, 1, 2].map(|n| catalog.song_ids[n].clone());

        let liked = platform
            .ok(Method::PUT, &format!("/playlists/liked/songs/{first}"), token, None, StatusCode::CREATED)
            .await;
        assert_eq!(liked["kind"], "song");
        assert_eq!(liked["title"], "Second Light (Harbours)");
        assert_eq!(liked["album_id"].as_str(), Some(catalog.album_id.as_str()));
        assert_eq!(liked["duration_ms"], 180_000);
        // Liking again keeps the first like.
        let again =
            platform.ok(Method::PUT, &format!("/playlists/liked/songs/{first}"), token, None, StatusCode::OK).await;
        assert_eq!(again["liked_at"], liked["liked_at"]);
        for song in [&second, &third] {
            // Distinct times, so that newest first is one order.
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
            platform.ok(Method::PUT, &format!("/playlists/liked/songs/{song}"), token, None, StatusCode::CREATED).await;
        }
        platform
            .ok(Method::PUT, &format!("/playlists/liked/albums/{}", catalog.album_id), token, None, StatusCode::CREATED)
            .await;
        platform
            .ok(
                Method::PUT,
                &format!("/playlists/liked/artists/{}", catalog.artist_id),
                token,
                None,
                StatusCode::CREATED,
            )
            .await;

        let songs = platform.ok(Method::GET, "/playlists/liked/songs", token, None, StatusCode::OK).await;
        assert_eq!(ids(&songs, "item_id"), [third.clone(), second.clone(), first.clone()], "newest first, once each");
        let page = platform.ok(Method::GET, "/playlists/liked/songs?limit=2", token, None, StatusCode::OK).await;
        assert_eq!(ids(&page, "item_id"), [third.clone(), second.clone()]);
        let cursor = page["next_cursor"].as_str().expect("a second page");
        let rest = platform
            .ok(Method::GET, &format!("/playlists/liked/songs?limit=2&cursor={cursor}"), token, None, StatusCode::OK)
            .await;
        assert_eq!(ids(&rest, "item_id"), std::slice::from_ref(&first));
        let albums = platform.ok(Method::GET, "/playlists/liked/albums", token, None, StatusCode::OK).await;
        assert_eq!(ids(&albums, "item_id"), std::slice::from_ref(&catalog.album_id));
        assert_eq!(albums["items"][0]["title"], "Harbours LP");
        let artists = platform.ok(Method::GET, "/playlists/liked/artists", token, None, StatusCode::OK).await;
        assert_eq!(artists["items"][0]["title"], "Harbours");

        let among = format!("/playlists/liked/songs?ids={second},sng_unknown,{first},{second}");
        let among = platform.ok(Method::GET, &among, token, None, StatusCode::OK).await;
        assert_eq!(ids(&among, "item_id"), [second.clone(), first.clone()], "the liked ones, in the order asked, once");

        platform
            .ok(Method::DELETE, &format!("/playlists/liked/songs/{second}"), token, None, StatusCode::NO_CONTENT)
            .await;
        platform
            .ok(Method::DELETE, &format!("/playlists/liked/songs/{second}"), token, None, StatusCode::NO_CONTENT)
            .await;
        let songs = platform.ok(Method::GET, "/playlists/liked/songs", token, None, StatusCode::OK).await;
        assert_eq!(ids(&songs, "item_id"), [third, first]);
    }
}

#[tokio::test]
async fn likes_are_checked_and_stay_with_their_user_and_tenant() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let listener = platform.login("acme-records", "listener").await;
    let other = platform.login("beta-radio", "listener").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let song = &catalog.song_ids[0];
    platform
        .ok(Method::PUT, &format!("/playlists/liked/songs/{song}"), &listener.token, None, StatusCode::CREATED)
        .await;

    // Another user of the tenant, and a user of another tenant, see none of it.
    for token in [&admin.token, &other.token] {
        let list = platform.ok(Method::GET, "/playlists/liked/songs", token, None, StatusCode::OK).await;
        assert_eq!(list["items"], Value::Array(Vec::new()));
        let among =
            platform.ok(Method::GET, &format!("/playlists/liked/songs?ids={song}"), token, None, StatusCode::OK).await;
        assert_eq!(among["items"], Value::Array(Vec::new()));
    }
    // Another tenant's song cannot be liked: it does not exist there.
    assert_error(
        &platform.call(Method::PUT, &format!("/playlists/liked/songs/{song}"), &other.token, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Taking back someone else's like takes back nothing of theirs.
    platform
        .ok(Method::DELETE, &format!("/playlists/liked/songs/{song}"), &other.token, None, StatusCode::NO_CONTENT)
        .await;
    platform
        .ok(Method::DELETE, &format!("/playlists/liked/songs/{song}"), &admin.token, None, StatusCode::NO_CONTENT)
        .await;
    let mine = platform.ok(Method::GET, "/playlists/liked/songs", &listener.token, None, StatusCode::OK).await;
    assert_eq!(ids(&mine, "item_id"), std::slice::from_ref(song));

    // Bad input: an unknown kind, a missing item, a song id given as an album, too many ids.
    let token = &listener.token;
    for (path, status, code) in [
        ("/playlists/liked/playlists".to_owned(), StatusCode::NOT_FOUND, "not_found"),
        (format!("/playlists/liked/tracks/{song}"), StatusCode::NOT_FOUND, "not_found"),
        ("/playlists/liked/songs/sng_missing".to_owned(), StatusCode::NOT_FOUND, "not_found"),
        (format!("/playlists/liked/albums/{song}"), StatusCode::NOT_FOUND, "not_found"),
    ] {
        let method = if path.matches('/').count() == 3 { Method::GET } else { Method::PUT };
        assert_error(&platform.call(method, &path, token, None).await, status, code);
    }
    let many = (0..101).map(|n| format!("sng_{n}")).collect::<Vec<_>>().join(",");
    assert_error(
        &platform.call(Method::GET, &format!("/playlists/liked/songs?ids={many}"), token, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &platform.call(Method::GET, "/playlists/liked/songs?limit=0", token, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
}
