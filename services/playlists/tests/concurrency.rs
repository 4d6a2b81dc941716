//! Concurrent changes through the HTTP API, on every store: each acknowledged change is
//! kept, or its request answers 409 `conflict` and changes nothing; a playlist's entry items
//! always match what the API shows.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use common::TenantId;
use common::model::PLAYLISTS;
use common::store::{Condition, Item, Key, Query, SortCondition, VERSION, version_of};
use serde_json::{Value, json};

use testkit::{Account, Platform};

/// `count` songs of one album, made through the API.
async fn songs(platform: &Platform, admin: &Account, count: usize) -> Vec<String> {
    let catalog = platform.catalog(admin, "Harbours").await;
    let mut ids = catalog.song_ids.clone();
    for n in ids.len()..count {
        let song = json!({"album_id": catalog.album_id, "title": format!("Song {n}"), "track_number": n + 1,
            "duration_ms": 200_000, "genre": "indie", "audio_key": "audio/tone.wav"});
        let song = platform.ok(Method::POST, "/songs", &admin.token, Some(song), StatusCode::CREATED).await;
        ids.push(song["song_id"].as_str().unwrap().to_owned());
    }
    ids.truncate(count);
    ids
}

/// Runs every request at once; answers (status, body) in the order given.
async fn all_at_once(
    platform: &Platform,
    requests: Vec<(Method, String, String, Option<Value>)>,
) -> Vec<(StatusCode, Value)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(method, path, token, body)| {
            let router = platform.router.clone();
            tokio::spawn(async move { common::testing::call(&router, method, &path, Some(&token), body).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// Every stored item of a playlist: the header first, then its entries by position.
async fn stored(platform: &Platform, slug: &str, playlist_id: &str) -> Vec<Item> {
    let tenant = TenantId::parse(slug).unwrap();
    let mut query = Query::new(&PLAYLISTS).sort(SortCondition::BeginsWith(playlist_id.to_owned()));
    let mut items = Vec::new();
    loop {
        let page = platform.store().query(&tenant, &query).await.unwrap();
        items.extend(page.items);
        match page.cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return items,
        }
    }
}

/// A new playlist of `owner`; answers its id.
async fn new_playlist(platform: &Platform, owner: &Account, name: &str) -> String {
    let body = Some(json!({"name": name}));
    let created = platform.ok(Method::POST, "/playlists", &owner.token, body, StatusCode::CREATED).await;
    created["playlist_id"].as_str().unwrap().to_owned()
}

fn song_ids(detail: &Value) -> Vec<String> {
    detail["entries"].as_array().unwrap().iter().map(|e| e["song_id"].as_str().unwrap().to_owned()).collect()
}

/// Checks that the API's view of a playlist and its stored items agree: positions 0..n, the
/// count, one entry item per song, nothing pending.
async fn assert_consistent(platform: &Platform, owner: &Account, playlist_id: &str) -> Value {
    let detail =
        platform.ok(Method::GET, &format!("/playlists/{playlist_id}"), &owner.token, None, StatusCode::OK).await;
    let entries = detail["entries"].as_array().unwrap();
    let positions: Vec<u64> = entries.iter().map(|e| e["position"].as_u64().unwrap()).collect();
    assert_eq!(positions, (0..entries.len() as u64).collect::<Vec<_>>(), "positions run 0..n");
    assert_eq!(detail["playlist"]["entry_count"], entries.len(), "the count matches the songs");
    let items = stored(platform, &owner.slug, playlist_id).await;
    assert!(items[0].get("pending_entries").is_none(), "nothing is left pending");
    let stored_songs: Vec<String> =
        items[1..].iter().map(|item| item["song_id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(stored_songs, song_ids(&detail), "one entry item per song, in order");
    detail
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_adds_keep_every_acknowledged_song() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let listener = platform.login("acme-records", "listener").await;
        let songs = songs(&platform, &admin, 50).await;
        let playlist_id = new_playlist(&platform, &listener, "Fifty").await;
        let path = format!("/playlists/{playlist_id}/songs");
        let requests = songs
            .iter()
            .map(|song| (Method::POST, path.clone(), listener.token.clone(), Some(json!({"song_id": song}))))
            .collect();
        let answers = all_at_once(&platform, requests).await;
        let mut kept = BTreeSet::new();
        for (song, (status, body)) in songs.iter().zip(&answers) {
            match *status {
                StatusCode::OK => {
                    kept.insert(song.clone());
                }
                StatusCode::CONFLICT => assert_eq!(body["error"]["code"], "conflict", "{body}"),
                other => panic!("an add answered {other}: {body}"),
            }
        }
        eprintln!("{} of 50 concurrent adds kept, {} answered 409", kept.len(), 50 - kept.len());
        assert!(kept.len() >= 25, "most adds are kept, not refused: {} of 50", kept.len());
        let detail = assert_consistent(&platform, &listener, &playlist_id).await;
        let listed: BTreeSet<String> = song_ids(&detail).into_iter().collect();
        assert_eq!(listed, kept, "exactly the acknowledged songs, each once");
        assert_eq!(song_ids(&detail).len(), kept.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_of_different_fields_keep_every_field() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let listener = platform.login("acme-records", "listener").await;
        let songs = songs(&platform, &admin, 3).await;
        let playlist_id = new_playlist(&platform, &listener, "Start").await;
        let base = format!("/playlists/{playlist_id}");
        let artist_path = {
            let artist = json!({"name": "Before", "genres": ["indie"]});
            let artist = platform.ok(Method::POST, "/artists", &admin.token, Some(artist), StatusCode::CREATED).await;
            format!("/artists/{}", artist["artist_id"].as_str().unwrap())
        };
        for round in 0..5 {
            let token = listener.token.clone();
            let requests = vec![
                (Method::PATCH, base.clone(), token.clone(), Some(json!({"name": format!("Name {round}")}))),
                (Method::PATCH, base.clone(), token.clone(), Some(json!({"description": format!("About {round}")}))),
                (Method::PATCH, base.clone(), token.clone(), Some(json!({"public": round % 2 == 0}))),
                (
                    Method::PUT,
                    format!("{base}/collaborators"),
                    token.clone(),
                    Some(json!({"user_ids": [admin.user_id]})),
                ),
                (Method::POST, format!("{base}/share"), token.clone(), None),
                (Method::POST, format!("{base}/songs"), token.clone(), Some(json!({"song_id": songs[round % 3]}))),
                (
                    Method::PATCH,
                    artist_path.clone(),
                    admin.token.clone(),
                    Some(json!({"name": format!("Artist {round}")})),
                ),
                (Method::PATCH, artist_path.clone(), admin.token.clone(), Some(json!({"bio": format!("Bio {round}")}))),
                (Method::PATCH, artist_path.clone(), admin.token.clone(), Some(json!({"popularity": round}))),
            ];
            let answers = all_at_once(&platform, requests).await;
            for (status, body) in &answers {
                assert_eq!(*status, StatusCode::OK, "round {round}: {body}");
            }
            let detail = assert_consistent(&platform, &listener, &playlist_id).await;
            let header = &detail["playlist"];
            assert_eq!(header["name"], format!("Name {round}"), "round {round}");
            assert_eq!(header["description"], format!("About {round}"), "round {round}");
            assert_eq!(header["public"], round % 2 == 0, "round {round}");
            assert_eq!(header["collaborators"], json!([admin.user_id]), "round {round}");
            assert_eq!(header["share_token"], answers[4].1["share_token"], "the link handed out is the stored one");
            assert_eq!(header["entry_count"], round + 1, "round {round}");
            let artist = platform.ok(Method::GET, &artist_path, &admin.token, None, StatusCode::OK).await;
            assert_eq!(artist["name"], format!("Artist {round}"), "round {round}: {artist}");
            assert_eq!(artist["bio"], format!("Bio {round}"), "round {round}: {artist}");
            assert_eq!(artist["popularity"], round, "round {round}: {artist}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_delete_during_adds_leaves_nothing_behind() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let listener = platform.login("acme-records", "listener").await;
        let songs = songs(&platform, &admin, 20).await;
        let playlist_id = new_playlist(&platform, &listener, "Doomed").await;
        let base = format!("/playlists/{playlist_id}");
        let mut requests: Vec<_> = songs
            .iter()
            .map(|song| (Method::POST, format!("{base}/songs"), listener.token.clone(), Some(json!({"song_id": song}))))
            .collect();
        requests.insert(10, (Method::DELETE, base.clone(), listener.token.clone(), None));
        let answers = all_at_once(&platform, requests).await;
        // A delete that keeps losing races answers 409 and changes nothing; a client retries.
        if answers[10].0 == StatusCode::CONFLICT {
            platform.ok(Method::DELETE, &base, &listener.token, None, StatusCode::NO_CONTENT).await;
        } else {
            assert_eq!(answers[10].0, StatusCode::NO_CONTENT, "{}", answers[10].1);
        }
        for (status, body) in &answers {
            assert!(
                [StatusCode::OK, StatusCode::NO_CONTENT, StatusCode::NOT_FOUND, StatusCode::CONFLICT].contains(status),
                "{status}: {body}"
            );
        }
        let (status, _) = platform.call(Method::GET, &base, &listener.token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let left = stored(&platform, "acme-records", &playlist_id).await;
        assert!(left.is_empty(), "no header and no orphan entries: {left:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_playlist_changes_past_one_transaction_and_resumes_a_change_cut_short() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let listener = platform.login("acme-records", "listener").await;
        let songs = songs(&platform, &admin, 3).await;
        let playlist_id = new_playlist(&platform, &listener, "Long").await;
        let base = format!("/playlists/{playlist_id}");
        for n in 0..150 {
            let body = json!({"song_id": songs[n % 3]});
            platform.ok(Method::POST, &format!("{base}/songs"), &listener.token, Some(body), StatusCode::OK).await;
        }
        // Moving the last song to the front rewrites all 150 entry items.
        let mut order: Vec<u32> = vec![149];
        order.extend(0..149);
        let before = assert_consistent(&platform, &listener, &playlist_id).await;
        let moved = platform
            .ok(Method::PUT, &format!("{base}/songs"), &listener.token, Some(json!({"order": order})), StatusCode::OK)
            .await;
        let expected: Vec<String> = order.iter().map(|&p| song_ids(&before)[p as usize].clone()).collect();
        assert_eq!(song_ids(&moved), expected);
        assert_eq!(song_ids(&assert_consistent(&platform, &listener, &playlist_id).await), expected);

        // A large change whose request died after its commit: the header holds the songs
        // but the entry items are the old ones. Readers see the committed songs, and the
        // next change writes them out.
        let tenant = TenantId::parse("acme-records").unwrap();
        let mut header =
            platform.store().get(&tenant, &PLAYLISTS, &Key::tenant(playlist_id.as_str())).await.unwrap().unwrap();
        let read = version_of(&header);
        let mut reversed: Vec<Value> = moved["entries"].as_array().unwrap().iter().rev().cloned().collect();
        for (position, entry) in reversed.iter_mut().enumerate() {
            entry["position"] = json!(position);
        }
        header.insert("pending_entries".into(), Value::Array(reversed.clone()));
        header.insert(VERSION.into(), (read + 1).into());
        platform.store().put(&tenant, &PLAYLISTS, header, Condition::Version(read)).await.unwrap();
        let reading = platform.ok(Method::GET, &base, &listener.token, None, StatusCode::OK).await;
        let reversed_ids: Vec<String> = reversed.iter().map(|e| e["song_id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(song_ids(&reading), reversed_ids, "readers see the committed songs");
        platform.ok(Method::DELETE, &format!("{base}/songs/0"), &listener.token, None, StatusCode::OK).await;
        let after = assert_consistent(&platform, &listener, &playlist_id).await;
        assert_eq!(song_ids(&after), reversed_ids[1..].to_vec());

        platform.ok(Method::DELETE, &base, &listener.token, None, StatusCode::NO_CONTENT).await;
        assert!(stored(&platform, "acme-records", &playlist_id).await.is_empty(), "a long playlist goes whole");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn adds_removes_and_reorders_at_once_leave_what_was_acknowledged() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let listener = platform.login("acme-records", "listener").await;
        let songs = songs(&platform, &admin, 30).await;
        let playlist_id = new_playlist(&platform, &listener, "Busy").await;
        let path = format!("/playlists/{playlist_id}/songs");
        for song in &songs[..10] {
            platform.ok(Method::POST, &path, &listener.token, Some(json!({"song_id": song})), StatusCode::OK).await;
        }
        let token = listener.token.clone();
        let mut requests: Vec<_> = songs[10..]
            .iter()
            .map(|song| (Method::POST, path.clone(), token.clone(), Some(json!({"song_id": song}))))
            .collect();
        for n in 0..5 {
            requests.insert(n * 4, (Method::DELETE, format!("{path}/0"), token.clone(), None));
            let reversed: Vec<u32> = (0..10).rev().collect();
            requests.insert(n * 4 + 2, (Method::PUT, path.clone(), token.clone(), Some(json!({"order": reversed}))));
        }
        let answers = all_at_once(&platform, requests.clone()).await;
        let (mut added, mut removed) = (0, 0);
        for ((method, _, _, _), (status, body)) in requests.iter().zip(&answers) {
            match (method.as_str(), *status) {
                ("POST", StatusCode::OK) => added += 1,
                ("DELETE", StatusCode::OK) => removed += 1,
                ("PUT", StatusCode::OK) => {}
                // A reorder that names positions the playlist no longer has is refused.
                ("PUT", StatusCode::UNPROCESSABLE_ENTITY) => {}
                (_, StatusCode::CONFLICT) => {}
                (method, status) => panic!("{method} answered {status}: {body}"),
            }
        }
        let detail = assert_consistent(&platform, &listener, &playlist_id).await;
        assert_eq!(song_ids(&detail).len(), 10 + added - removed, "{added} adds and {removed} removes acknowledged");
    }
}
