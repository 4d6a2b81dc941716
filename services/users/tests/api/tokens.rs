//! Tokens that must be refused with 401: foreign keys, expiry, `alg: none`, tampering.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::auth::Claims;
use common::{AuthKeys, Role};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error};

async fn refused(app: &TestApp, token: &str) {
    for path in ["/users/validate", "/users/me", "/users"] {
        let answer = app.call(Method::GET, path, Some(token), None).await;
        assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

fn claims(user_id: &str, tid: &str, exp_offset: i64) -> Claims {
    let now = chrono::Utc::now().timestamp();
    Claims { sub: user_id.to_owned(), tid: tid.to_owned(), role: Role::Admin, iat: now, exp: now + exp_offset }
}

#[tokio::test]
async fn a_token_signed_with_another_key_is_refused() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let other = AuthKeys::from_secret(
        &SecretString::from("another-secret-another-secret-xx".to_owned()),
        Duration::from_secs(60),
    )
    .unwrap();
    refused(&app, &other.sign(&claims(&admin.user_id, "acme-records", 60)).unwrap()).await;
}

#[tokio::test]
async fn an_expired_token_is_refused_and_says_so() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let expired = app.keys.sign(&claims(&admin.user_id, "acme-records", -5)).unwrap();
    refused(&app, &expired).await;
    let (_, body) = app.call(Method::GET, "/users/validate", Some(&expired), None).await;
    assert!(body["error"]["message"].as_str().unwrap().contains("expired"), "{body}");
}

#[tokio::test]
async fn an_unsigned_alg_none_token_is_refused() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(&admin.user_id, "acme-records", 60)).unwrap());
    refused(&app, &format!("{header}.{payload}.")).await;
    refused(&app, &format!("{header}.{payload}")).await;
}

#[tokio::test]
async fn a_token_with_a_tampered_tenant_is_refused() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let parts: Vec<&str> = admin.token.split('.').collect();
    let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["tid"] = json!("beta-radio");
    let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    refused(&app, &format!("{}.{forged}.{}", parts[0], parts[2])).await;
    // The untouched token still works.
    assert_eq!(app.call(Method::GET, "/users/validate", Some(&admin.token), None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn missing_and_malformed_headers_are_refused() {
    let app = TestApp::new().await;
    assert_error(&app.call(Method::GET, "/users/me", None, None).await, StatusCode::UNAUTHORIZED, "unauthorized");
    refused(&app, "not-a-token").await;
    refused(&app, "").await;
    let admin = app.admin("acme-records").await;
    let basic = Request::builder()
        .uri("/users/me")
        .header(header::AUTHORIZATION, format!("Basic {}", admin.token))
        .body(Body::empty())
        .unwrap();
    assert_error(&app.send(basic).await, StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn a_token_with_a_tenant_that_is_not_a_slug_is_refused() {
    let app = TestApp::new().await;
    refused(&app, &app.keys.sign(&claims("usr_1", "Not#A#Slug", 60)).unwrap()).await;
}
