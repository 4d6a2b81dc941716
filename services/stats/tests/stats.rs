//! Stats: recording plays, history, top lists, patterns and the usage report.

use axum::http::{Method, StatusCode};
use chrono::{Duration, SecondsFormat, Utc};
use common::TenantId;
use common::model::{SONGS, USERS};
use common::store::{Condition, Key};
use serde_json::json;

use testkit::{Platform, assert_error, ids};

#[tokio::test]
async fn plays_feed_history_charts_and_usage() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let listener = platform.login("acme-records", "listener").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let second = platform.catalog(&admin, "Lighthouses").await;
    let hour_ago = (Utc::now() - Duration::hours(1)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let plays = [
        (&listener, &catalog.song_ids[0], 3),
        (&listener, &catalog.song_ids[1], 1),
        (&admin, &catalog.song_ids[0], 2),
        (&admin, &second.song_ids[0], 1),
    ];
    let mut recorded = Vec::new();
    for (who, song, times) in plays {
        for _ in 0..times {
            let body = json!({"song_id": song, "ms_played": 120_000, "device": "mobile", "context": "search", "played_at": hour_ago});
            let play = platform.ok(Method::POST, "/stats/plays", &who.token, Some(body), StatusCode::CREATED).await;
            recorded.push(play["play_id"].as_str().unwrap().to_owned());
        }
    }
    let mine = platform
        .ok(
            Method::POST,
            "/stats/plays",
            &listener.token,
            Some(json!({"song_id": catalog.song_ids[2], "ms_played": 1000, "device": "web"})),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(mine["plan"], "free");
    let history = platform.ok(Method::GET, "/stats/me/history?limit=2", &listener.token, None, StatusCode::OK).await;
    assert_eq!(ids(&history, "play_id")[0], mine["play_id"].as_str().unwrap(), "newest first");
    assert!(history["next_cursor"].is_string());
    let top = platform.ok(Method::GET, "/stats/top-songs?limit=2", &listener.token, None, StatusCode::OK).await;
    assert_eq!(top[0]["id"], catalog.song_ids[0].as_str());
    assert_eq!(top[0]["plays"], 5);
    assert_eq!(top[0]["minutes"], 10);
    assert_eq!(top[0]["name"], "Second Light (Harbours)");
    assert_eq!(top.as_array().unwrap().len(), 2);
    let artists = platform.ok(Method::GET, "/stats/top-artists", &listener.token, None, StatusCode::OK).await;
    assert_eq!((artists[0]["id"].as_str(), artists[0]["plays"].as_u64()), (Some(catalog.artist_id.as_str()), Some(7)));
    assert_eq!((artists[1]["name"].as_str(), artists[1]["plays"].as_u64()), (Some("Lighthouses"), Some(1)));
    let albums = platform.ok(Method::GET, "/stats/top-albums", &listener.token, None, StatusCode::OK).await;
    assert_eq!((albums[0]["id"].as_str(), albums[0]["plays"].as_u64()), (Some(catalog.album_id.as_str()), Some(7)));
    assert_eq!((albums[1]["name"].as_str(), albums[1]["plays"].as_u64()), (Some("Lighthouses LP"), Some(1)));
    let patterns = platform.ok(Method::GET, "/stats/patterns", &listener.token, None, StatusCode::OK).await;
    let by_hour: u64 = patterns["by_hour"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
    let by_weekday: u64 = patterns["by_weekday"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!((by_hour, by_weekday), (8, 8));
    let usage = platform.ok(Method::GET, "/stats/usage", &admin.token, None, StatusCode::OK).await;
    assert_eq!((usage["active_users"].as_u64(), usage["plays"].as_u64()), (Some(2), Some(8)));
    let plans: Vec<(&str, u64)> = usage["by_plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["plan"].as_str().unwrap(), p["plays"].as_u64().unwrap()))
        .collect();
    assert_eq!(plans, [("free", 5), ("premium", 3)]);
    let empty = platform
        .ok(Method::GET, "/stats/usage?from=2026-01-01&to=2026-01-31", &admin.token, None, StatusCode::OK)
        .await;
    assert_eq!(empty["plays"], 0);
}

#[tokio::test]
async fn bad_plays_and_periods_are_refused() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let song = &catalog.song_ids[0];
    let future = (Utc::now() + Duration::days(2)).to_rfc3339();
    let cases = [
        (json!({"song_id": "sng_missing", "ms_played": 1, "device": "web"}), StatusCode::NOT_FOUND),
        (json!({"song_id": song, "ms_played": 999_999, "device": "web"}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"song_id": song, "ms_played": 1, "device": "toaster"}), StatusCode::UNPROCESSABLE_ENTITY),
        (
            json!({"song_id": song, "ms_played": 1, "device": "web", "played_at": future}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"song_id": song, "ms_played": 1, "device": "web", "context": "elsewhere"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"song_id": song, "ms_played": -1, "device": "web"}), StatusCode::UNPROCESSABLE_ENTITY),
    ];
    for (body, status) in cases {
        let (got, answer) = platform.call(Method::POST, "/stats/plays", &admin.token, Some(body.clone())).await;
        assert_eq!(got, status, "{body}: {answer}");
    }
    for path in [
        "/stats/top-songs?from=2026-02-01&to=2026-01-01",
        "/stats/top-songs?from=2025-01-01&to=2026-01-01",
        "/stats/top-songs?limit=0",
        "/stats/patterns?to=tomorrow",
    ] {
        assert_error(
            &platform.call(Method::GET, path, &admin.token, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    let history = platform.ok(Method::GET, "/stats/me/history", &admin.token, None, StatusCode::OK).await;
    assert!(history["items"].as_array().unwrap().is_empty(), "no refused play was stored");
}

#[tokio::test]
async fn a_song_or_user_item_that_does_not_decode_is_an_internal_error() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let store = platform.state.store.as_ref();
    let tenant = TenantId::parse("acme-records").unwrap();
    let play = |song: &str| json!({"song_id": song, "ms_played": 1000, "device": "web"});
    let song_key = Key::tenant(catalog.song_ids[0].as_str());
    let mut song = store.get(&tenant, &SONGS, &song_key).await.unwrap().unwrap();
    song.insert("duration_ms".into(), "four minutes".into());
    store.put(&tenant, &SONGS, song, Condition::None).await.unwrap();
    let answer = platform.call(Method::POST, "/stats/plays", &admin.token, Some(play(&catalog.song_ids[0]))).await;
    assert_error(&answer, StatusCode::INTERNAL_SERVER_ERROR, "internal");
    let user_key = Key::tenant(admin.user_id.as_str());
    let stored_user = store.get(&tenant, &USERS, &user_key).await.unwrap().unwrap();
    let mut user = stored_user.clone();
    user.insert("plan".into(), "platinum".into());
    store.put(&tenant, &USERS, user, Condition::None).await.unwrap();
    let answer = platform.call(Method::POST, "/stats/plays", &admin.token, Some(play(&catalog.song_ids[1]))).await;
    assert_error(&answer, StatusCode::INTERNAL_SERVER_ERROR, "internal");
    // A user item that does not decode fails every request of its tokens; mended, they work.
    store.put(&tenant, &USERS, stored_user, Condition::None).await.unwrap();
    let history = platform.ok(Method::GET, "/stats/me/history", &admin.token, None, StatusCode::OK).await;
    assert!(history["items"].as_array().unwrap().is_empty(), "no play was stored with made-up fields");
}

#[tokio::test]
async fn chart_dates_at_the_ends_of_the_calendar_answer_422() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    for route in ["top-songs", "top-artists", "patterns", "usage"] {
        for query in ["to=-262143-01-01", "from=-262143-01-01&to=2026-11-03", "to=+262142-12-31"] {
            let answer = platform.call(Method::GET, &format!("/stats/{route}?{query}"), &admin.token, None).await;
            assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        }
    }
}
