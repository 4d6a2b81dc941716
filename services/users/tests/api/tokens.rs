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
    Claims {
        sub: user_id.to_owned(),
        tid: tid.to_owned(),
        role: Role::Admin,
        ver: 0,
        iat: now,
        nbf: None,
        exp: now + exp_offset,
    }
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

#[tokio::test]
async fn signed_tokens_that_do_not_fit_the_store_are_refused() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let now = chrono::Utc::now().timestamp();
    let good = claims(&admin.user_id, "acme-records", 60);
    assert_eq!(
        app.call(Method::GET, "/users/validate", Some(&app.keys.sign(&good).unwrap()), None).await.0,
        StatusCode::OK
    );
    let variants = [
        ("a future nbf", Claims { nbf: Some(now + 30), ..good.clone() }),
        ("a future iat", Claims { iat: now + 600, ..good.clone() }),
        ("an empty sub", Claims { sub: String::new(), ..good.clone() }),
        (
            "a sub that is no user of the tenant",
            Claims { sub: "usr_0000000000000000000000000000dead".into(), ..good.clone() },
        ),
        ("a user of another tenant", Claims { tid: "beta-radio".into(), ..good.clone() }),
        ("a tenant never onboarded", Claims { tid: "never-onboarded".into(), ..good.clone() }),
        ("an old token version", Claims { ver: 7, ..good.clone() }),
    ];
    for (what, claims) in variants {
        let token = app.keys.sign(&claims).unwrap();
        let answer = app.call(Method::GET, "/users/validate", Some(&token), None).await;
        assert_eq!(answer.0, StatusCode::UNAUTHORIZED, "{what}: {}", answer.1);
    }
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let request = Request::builder()
            .uri("/users/me")
            .header(header::AUTHORIZATION, format!("{scheme} {}", admin.token))
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.send(request).await.0, StatusCode::OK, "{scheme}");
    }
}

#[tokio::test]
async fn a_demoted_admin_loses_admin_rights_at_once_and_a_new_password_revokes_tokens() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let other = app.register("acme-records", "second@acme.test").await;
    // Promote the second account; its old token is revoked, a new login is an admin.
    let path = format!("/users/{}/role", other.user_id);
    let (status, body) = app.call(Method::PUT, &path, Some(&admin.token), Some(json!({"role": "admin"}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    refused(&app, &other.token).await;
    let promoted = app.login("acme-records", &other.email).await;
    assert_eq!(app.call(Method::GET, "/users", Some(&promoted.token), None).await.0, StatusCode::OK);
    // The first admin demotes the second: its next admin request is refused at once.
    let (status, body) = app.call(Method::PUT, &path, Some(&admin.token), Some(json!({"role": "listener"}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer = app.call(Method::GET, "/users", Some(&promoted.token), None).await;
    assert!([StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&answer.0), "{}", answer.1);
    let answer = app
        .call(
            Method::PUT,
            &format!("/users/{}/role", admin.user_id),
            Some(&promoted.token),
            Some(json!({"role": "listener"})),
        )
        .await;
    assert!([StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&answer.0), "{}", answer.1);
    // A new password revokes the tokens issued before it.
    let listener = app.login("acme-records", &other.email).await;
    let change = json!({"current_password": crate::helpers::PASSWORD, "new_password": "another horse 77"});
    let (status, body) = app.call(Method::PATCH, "/users/me", Some(&listener.token), Some(change)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    refused(&app, &listener.token).await;
}

#[tokio::test]
async fn listeners_do_not_choose_paid_plans() {
    let app = TestApp::new().await;
    let listener = app.register("acme-records", "plan@acme.test").await;
    let answer = app.call(Method::PATCH, "/users/me", Some(&listener.token), Some(json!({"plan": "premium"}))).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let signup = json!({"tenant": "acme-records", "email": "paid@acme.test", "password": "correct horse 9",
        "display_name": "Paid", "plan": "family"});
    let answer = common::testing::call(&app.router, Method::POST, "/users/register", None, Some(signup)).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let admin = app.admin("acme-records").await;
    let answer = app.call(Method::PATCH, "/users/me", Some(&admin.token), Some(json!({"plan": "premium"}))).await;
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    // An admin sets a listener's plan; the listener cannot.
    let path = format!("/users/{}/plan", listener.user_id);
    let answer = app.call(Method::PUT, &path, Some(&listener.token), Some(json!({"plan": "student"}))).await;
    assert_error(&answer, StatusCode::FORBIDDEN, "forbidden");
    let answer = app.call(Method::PUT, &path, Some(&admin.token), Some(json!({"plan": "student"}))).await;
    assert_eq!((answer.0, answer.1["plan"].as_str()), (StatusCode::OK, Some("student")), "{}", answer.1);
}

#[tokio::test]
async fn eleven_failed_logins_lock_the_account_until_the_window_passes() {
    use common::store::Store as _;
    let app = TestApp::new().await;
    let login =
        |password: &str| json!({"tenant": "acme-records", "email": "admin@acme-records.test", "password": password});
    for _ in 0..10 {
        let answer =
            common::testing::call(&app.router, Method::POST, "/users/login", None, Some(login("wrong horse 1"))).await;
        assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthorized");
    }
    let request = |password: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/users/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(login(password).to_string()))
            .unwrap()
    };
    // The eleventh, and the right password too, are refused with a time to wait.
    for password in ["wrong horse 1", crate::helpers::PASSWORD] {
        let response = tower::ServiceExt::oneshot(app.router.clone(), request(password)).await.unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=900).contains(&wait), "{wait}");
    }
    // Another e-mail of the tenant is not locked.
    app.login("beta-radio", "admin@beta-radio.test").await;
    // Once the window has passed (its start moved back 15 minutes), the right password works.
    let tenant = crate::helpers::tenant("acme-records");
    let key = common::store::Key::tenant("throttle#email#admin@acme-records.test");
    let mut counter = app.store.get(&tenant, &common::model::USERS, &key).await.unwrap().unwrap();
    let start = counter["window_start"].as_i64().unwrap();
    counter.insert("window_start".into(), (start - 15 * 60).into());
    app.store.put(&tenant, &common::model::USERS, counter, common::store::Condition::None).await.unwrap();
    app.admin("acme-records").await;
}
