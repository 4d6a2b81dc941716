//! Streaming: HTTP Range on the local media store, tickets for `<audio>` elements.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::json;
use tower::ServiceExt as _;

use testkit::{Platform, assert_error};

fn audio() -> Vec<u8> {
    (0..4096u32).map(|n| (n * 7 % 251) as u8).collect()
}

async fn get_bytes(
    platform: &Platform,
    path: &str,
    token: Option<&str>,
    range: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::builder().method(Method::GET).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(range) = range {
        request = request.header(header::RANGE, range);
    }
    let response = platform.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

#[tokio::test]
async fn range_requests_answer_exactly_the_bytes_asked_for() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let listener = platform.login("acme-records", "listener").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let audio = audio();
    platform.write_audio("acme-records", "audio/tone.wav", &audio);
    let path = format!("/songs/{}/stream", catalog.song_ids[0]);
    let (status, headers, bytes) = get_bytes(&platform, &path, Some(&listener.token), Some("bytes=100-199")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(bytes, &audio[100..200]);
    assert_eq!(headers[header::CONTENT_RANGE], "bytes 100-199/4096");
    assert_eq!(headers[header::CONTENT_LENGTH], "100");
    let (status, headers, bytes) = get_bytes(&platform, &path, Some(&listener.token), None).await;
    assert_eq!((status, bytes.len()), (StatusCode::OK, 4096));
    assert_eq!(headers[header::ACCEPT_RANGES], "bytes");
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("audio/"));
    let (status, _, _) = get_bytes(&platform, &path, Some(&listener.token), Some("bytes=5000-6000")).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    // Several ranges, or a unit other than bytes, are ignored: the whole file, as RFC 9110 allows.
    for range in ["bytes=0-1,2-3", "pages=1-2"] {
        let (status, _, bytes) = get_bytes(&platform, &path, Some(&listener.token), Some(range)).await;
        assert_eq!((status, bytes.len()), (StatusCode::OK, 4096), "{range}");
    }
    let (status, _, _) = get_bytes(&platform, &path, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn stream_tickets_stand_in_for_the_header_for_one_song() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    platform.write_audio("acme-records", "audio/tone.wav", &audio());
    let url = platform
        .ok(Method::POST, &format!("/songs/{}/stream-url", catalog.song_ids[0]), &admin.token, None, StatusCode::OK)
        .await;
    let url = url["url"].as_str().unwrap();
    let (status, _, bytes) = get_bytes(&platform, url, None, Some("bytes=0-9")).await;
    assert_eq!((status, bytes.len()), (StatusCode::PARTIAL_CONTENT, 10));
    let ticket = url.split("ticket=").nth(1).unwrap();
    let other_song = format!("/songs/{}/stream?ticket={ticket}", catalog.song_ids[1]);
    let (status, _, _) = get_bytes(&platform, &other_song, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a ticket is for one song");
    let as_token = platform.call(Method::GET, "/users/me", ticket, None).await;
    assert_error(&as_token, StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn missing_audio_answers_json_404() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    // Audio removed from the media store after its songs were made.
    std::fs::remove_file(platform.media_root.join("acme-records/audio/tone.wav")).unwrap();
    let path = format!("/songs/{}/stream", catalog.song_ids[0]);
    assert_error(&platform.call(Method::GET, &path, &admin.token, None).await, StatusCode::NOT_FOUND, "not_found");
    let body = json!({"album_id": catalog.album_id, "title": "Silent", "track_number": 9, "duration_ms": 1000, "genre": "indie"});
    let silent = platform.ok(Method::POST, "/songs", &admin.token, Some(body), StatusCode::CREATED).await;
    let path = format!("/songs/{}/stream", silent["song_id"].as_str().unwrap());
    assert_error(&platform.call(Method::GET, &path, &admin.token, None).await, StatusCode::NOT_FOUND, "not_found");
}

/// Uploads `bytes` as the audio of `song_id` with `content_type`.
async fn upload(
    platform: &Platform,
    song_id: &str,
    token: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> (StatusCode, serde_json::Value) {
    let request = Request::builder()
        .method(Method::PUT)
        .uri(format!("/songs/{song_id}/audio"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes))
        .unwrap();
    common::testing::send(&platform.router, request).await
}

#[tokio::test]
async fn admins_upload_audio_that_then_streams() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let listener = platform.login("acme-records", "listener").await;
    let other = platform.login("beta-radio", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let song_id = &catalog.song_ids[0];
    let mut wav = b"RIFF\x24\x10\0\0WAVEfmt ".to_vec();
    wav.extend(audio());

    let (status, song) = upload(&platform, song_id, &admin.token, "audio/wav", wav.clone()).await;
    assert_eq!(status, StatusCode::OK, "{song}");
    assert_eq!(song["audio_key"], format!("audio/uploads/{song_id}.wav"));
    let (status, _, bytes) =
        get_bytes(&platform, &format!("/songs/{song_id}/stream"), Some(&listener.token), None).await;
    assert_eq!((status, bytes), (StatusCode::OK, wav.clone()), "the uploaded file streams back whole");

    // Listeners may not; another tenant's admin finds no such song; and nothing changed.
    assert_error(
        &upload(&platform, song_id, &listener.token, "audio/wav", wav.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_error(
        &upload(&platform, song_id, &other.token, "audio/wav", wav.clone()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert!(!platform.media_root.join("beta-radio").join(format!("audio/uploads/{song_id}.wav")).exists());
    // Bytes that are not what the type says, no type, an empty file, and a file too large.
    assert_error(
        &upload(&platform, song_id, &admin.token, "audio/wav", b"not a wav file at all".to_vec()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &upload(&platform, song_id, &admin.token, "application/json", wav.clone()).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_error(
        &upload(&platform, song_id, &admin.token, "audio/wav", Vec::new()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let mut huge = wav.clone();
    huge.resize(songs::upload::MAX_BYTES + 1, 0);
    assert_error(
        &upload(&platform, song_id, &admin.token, "audio/wav", huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    assert_error(
        &upload(&platform, "sng_missing", &admin.token, "audio/wav", wav.clone()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let song = platform.ok(Method::GET, &format!("/songs/{song_id}"), &listener.token, None, StatusCode::OK).await;
    assert_eq!(song["audio_key"], format!("audio/uploads/{song_id}.wav"), "refused uploads change nothing");
}
