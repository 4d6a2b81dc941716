//! Search as you type across the catalog and public playlists, on every store: any word,
//! in any order, without case or accents; the index follows creates, renames, visibility
//! changes and deletes in the same transaction; pages never repeat a record; and nothing of
//! another tenant is ever found. The A-to-Z album lists, kept the same way, too.

use axum::http::{Method, StatusCode};
use serde_json::json;
use testkit::{Platform, assert_error, ids};

async fn found(platform: &Platform, token: &str, path: &str, attribute: &str) -> Vec<String> {
    ids(&platform.ok(Method::GET, path, token, None, StatusCode::OK).await, attribute)
}

#[tokio::test]
async fn any_word_of_any_catalog_name_finds_it() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let token = &admin.token;
        let catalog = platform.catalog(&admin, "Sigur Rós").await;
        // A word in the middle of a title, typed in part, in capitals.
        assert_eq!(
            found(&platform, token, "/songs/search?q=LIG", "song_id").await,
            std::slice::from_ref(&catalog.song_ids[0])
        );
        assert_eq!(
            found(&platform, token, "/songs/search?q=tide%20fir", "song_id").await,
            std::slice::from_ref(&catalog.song_ids[1])
        );
        // Accents on neither side matter; a word both ways finds every song once.
        let all = found(&platform, token, "/songs/search?q=ros", "song_id").await;
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(
            found(&platform, token, "/songs/search?q=R%C3%93S%20harb", "song_id").await,
            std::slice::from_ref(&catalog.song_ids[2])
        );
        assert_eq!(
            found(&platform, token, "/artists/search?q=ros", "artist_id").await,
            std::slice::from_ref(&catalog.artist_id)
        );
        assert_eq!(
            found(&platform, token, "/albums/search?q=lp%20sig", "album_id").await,
            std::slice::from_ref(&catalog.album_id)
        );
        assert!(found(&platform, token, "/songs/search?q=light%20tide", "song_id").await.is_empty());
        // What a result shows.
        let song = platform.ok(Method::GET, "/songs/search?q=second", token, None, StatusCode::OK).await;
        let first = &song["items"][0];
        assert_eq!(
            (first["title"].as_str(), first["album_id"].as_str()),
            (Some("Second Light (Sigur Rós)"), Some(catalog.album_id.as_str()))
        );
        assert_eq!(
            (first["artist_id"].as_str(), first["duration_ms"].as_u64()),
            (Some(catalog.artist_id.as_str()), Some(180_000))
        );
        // A rename moves the song to its new words; a delete takes it out.
        let path = format!("/songs/{}", catalog.song_ids[2]);
        platform.ok(Method::PATCH, &path, token, Some(json!({"title": "Café Nocturne"})), StatusCode::OK).await;
        assert!(found(&platform, token, "/songs/search?q=harbour", "song_id").await.is_empty());
        assert_eq!(
            found(&platform, token, "/songs/search?q=cafe", "song_id").await,
            std::slice::from_ref(&catalog.song_ids[2])
        );
        platform.ok(Method::DELETE, &path, token, None, StatusCode::NO_CONTENT).await;
        assert!(found(&platform, token, "/songs/search?q=cafe", "song_id").await.is_empty());
        let artist = format!("/artists/{}", catalog.artist_id);
        platform.ok(Method::PATCH, &artist, token, Some(json!({"name": "Jónsi"})), StatusCode::OK).await;
        assert!(found(&platform, token, "/artists/search?q=sigur", "artist_id").await.is_empty());
        assert_eq!(
            found(&platform, token, "/artists/search?q=jonsi", "artist_id").await,
            std::slice::from_ref(&catalog.artist_id)
        );
    }
}

#[tokio::test]
async fn pages_of_a_search_never_repeat_a_record() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let token = &admin.token;
    let artist = json!({"name": "Pager", "genres": ["rock"]});
    let artist = platform.ok(Method::POST, "/artists", token, Some(artist), StatusCode::CREATED).await;
    let album = json!({"artist_id": artist["artist_id"], "title": "Many", "release_date": "2024-05-01", "genres": ["rock"], "total_tracks": 7});
    let album = platform.ok(Method::POST, "/albums", token, Some(album), StatusCode::CREATED).await;
    // Every title has two words starting with "lo", so each song has two word items that
    // the Query for "lo" reads.
    for n in 0..7 {
        let song = json!({"album_id": album["album_id"], "title": format!("Lonely Love {n}"), "track_number": n + 1, "duration_ms": 1000, "genre": "rock"});
        platform.ok(Method::POST, "/songs", token, Some(song), StatusCode::CREATED).await;
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..20 {
        let page =
            platform.ok(Method::GET, &format!("/songs/search?q=lo&limit=3{cursor}"), token, None, StatusCode::OK).await;
        seen.extend(ids(&page, "song_id"));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    let distinct: std::collections::HashSet<&String> = seen.iter().collect();
    assert_eq!((seen.len(), distinct.len()), (7, 7), "{seen:?}");
}

#[tokio::test]
async fn only_public_playlists_are_found_and_only_while_public() {
    for platform in Platform::every().await {
        let listener = platform.login("acme-records", "listener").await;
        let admin = platform.login("acme-records", "admin").await;
        let body = json!({"name": "Sunday Morning Coffee", "public": false});
        let playlist = platform.ok(Method::POST, "/playlists", &listener.token, Some(body), StatusCode::CREATED).await;
        let id = playlist["playlist_id"].as_str().unwrap().to_owned();
        let path = format!("/playlists/{id}");
        assert!(found(&platform, &admin.token, "/playlists/search?q=coffee", "playlist_id").await.is_empty());
        platform.ok(Method::PATCH, &path, &listener.token, Some(json!({"public": true})), StatusCode::OK).await;
        let answer =
            platform.ok(Method::GET, "/playlists/search?q=morn%20cof", &admin.token, None, StatusCode::OK).await;
        assert_eq!(ids(&answer, "playlist_id"), std::slice::from_ref(&id));
        assert_eq!(answer["items"][0]["owner_id"], listener.user_id.as_str());
        platform
            .ok(Method::PATCH, &path, &listener.token, Some(json!({"name": "Sunday Evening"})), StatusCode::OK)
            .await;
        assert!(found(&platform, &admin.token, "/playlists/search?q=coffee", "playlist_id").await.is_empty());
        assert_eq!(
            found(&platform, &admin.token, "/playlists/search?q=evening", "playlist_id").await,
            std::slice::from_ref(&id)
        );
        platform.ok(Method::PATCH, &path, &listener.token, Some(json!({"public": false})), StatusCode::OK).await;
        assert!(found(&platform, &admin.token, "/playlists/search?q=sunday", "playlist_id").await.is_empty());
        platform.ok(Method::PATCH, &path, &listener.token, Some(json!({"public": true})), StatusCode::OK).await;
        platform.ok(Method::DELETE, &path, &listener.token, None, StatusCode::NO_CONTENT).await;
        assert!(found(&platform, &admin.token, "/playlists/search?q=sunday", "playlist_id").await.is_empty());
    }
}

#[tokio::test]
async fn albums_are_listed_a_to_z_in_all_and_by_genre_through_every_change() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let token = &admin.token;
        let catalog = platform.catalog(&admin, "Zephyr").await;
        let mut ids_by_title = std::collections::BTreeMap::new();
        for (title, genres) in
            [("Étude", json!(["jazz"])), ("Abc Def", json!(["rock", "jazz"])), ("Abc", json!(["rock"]))]
        {
            let body = json!({"artist_id": catalog.artist_id, "title": title, "release_date": "2020-01-01",
                "genres": genres, "total_tracks": 4});
            let album = platform.ok(Method::POST, "/albums", token, Some(body), StatusCode::CREATED).await;
            ids_by_title.insert(title, album["album_id"].as_str().unwrap().to_owned());
        }
        let titles = |list: serde_json::Value| -> Vec<String> {
            list["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_owned()).collect()
        };
        let all = platform.ok(Method::GET, "/albums/by-title", token, None, StatusCode::OK).await;
        // Folded: the accent does not move "Étude" after "Zephyr LP", and "Abc" comes first.
        assert_eq!(titles(all), ["Abc", "Abc Def", "Étude", "Zephyr LP"]);
        let jazz = platform.ok(Method::GET, "/albums/by-title?genre=Jazz", token, None, StatusCode::OK).await;
        assert_eq!(titles(jazz), ["Abc Def", "Étude"]);
        // Pages follow each other without a repeat.
        let first = platform.ok(Method::GET, "/albums/by-title?limit=3", token, None, StatusCode::OK).await;
        let cursor = first["next_cursor"].as_str().unwrap().to_owned();
        let rest = platform
            .ok(Method::GET, &format!("/albums/by-title?limit=3&cursor={cursor}"), token, None, StatusCode::OK)
            .await;
        assert_eq!([titles(first), titles(rest)].concat(), ["Abc", "Abc Def", "Étude", "Zephyr LP"]);
        // A rename and a change of genres move the album in every list.
        let path = format!("/albums/{}", ids_by_title["Abc Def"]);
        let change = json!({"title": "Yonder", "genres": ["folk"]});
        platform.ok(Method::PATCH, &path, token, Some(change), StatusCode::OK).await;
        let all = platform.ok(Method::GET, "/albums/by-title", token, None, StatusCode::OK).await;
        assert_eq!(titles(all), ["Abc", "Étude", "Yonder", "Zephyr LP"]);
        let jazz = platform.ok(Method::GET, "/albums/by-title?genre=jazz", token, None, StatusCode::OK).await;
        assert_eq!(titles(jazz), ["Étude"]);
        let folk = platform.ok(Method::GET, "/albums/by-title?genre=folk", token, None, StatusCode::OK).await;
        assert_eq!(titles(folk), ["Yonder"]);
        // A deleted album leaves every list.
        platform.ok(Method::DELETE, &path, token, None, StatusCode::NO_CONTENT).await;
        let folk = platform.ok(Method::GET, "/albums/by-title?genre=folk", token, None, StatusCode::OK).await;
        assert!(titles(folk).is_empty());
        let bad = platform.call(Method::GET, "/albums/by-title?genre=%23rock", token, None).await;
        assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(bad.1["error"]["field"], "genre", "{}", bad.1);
    }
}

#[tokio::test]
async fn a_search_of_one_tenant_never_finds_another_tenants_records() {
    let platform = Platform::new().await;
    let acme = platform.login("acme-records", "admin").await;
    let beta = platform.login("beta-radio", "admin").await;
    platform.catalog(&acme, "Shared Word").await;
    platform.catalog(&beta, "Shared Word").await;
    for (path, attribute) in [
        ("/songs/search?q=shared", "song_id"),
        ("/artists/search?q=shared", "artist_id"),
        ("/albums/search?q=shared", "album_id"),
    ] {
        let mine = found(&platform, &acme.token, path, attribute).await;
        let theirs = found(&platform, &beta.token, path, attribute).await;
        assert!(!mine.is_empty(), "{path}");
        assert_eq!(mine.len(), theirs.len(), "{path}");
        assert!(mine.iter().all(|id| !theirs.contains(id)), "{path}: {mine:?} {theirs:?}");
    }
}

#[tokio::test]
async fn a_search_without_a_letter_or_digit_is_refused_in_words() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let long = "a".repeat(121);
    for path in ["/songs/search?q=", "/songs/search?q=%20-%20", &format!("/artists/search?q={long}")] {
        let answer = platform.call(Method::GET, path, &admin.token, None).await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(answer.1["error"]["field"], "q", "{}", answer.1);
    }
    let (status, answer) = platform.call(Method::GET, "/albums/search", &admin.token, None).await;
    assert!(
        status.is_client_error() && answer["error"]["message"].as_str().is_some_and(|m| m.contains('q')),
        "{answer}"
    );
}
