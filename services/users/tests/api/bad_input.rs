//! Bad input answers 4xx with a JSON error body, never 500, and changes nothing.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_error};

fn register(overrides: Value) -> Value {
    let mut body =
        json!({"tenant": "acme-records", "email": "ana@example.com", "password": PASSWORD, "display_name": "Ana"});
    for (name, value) in overrides.as_object().unwrap() {
        if value.is_null() {
            body.as_object_mut().unwrap().remove(name);
        } else {
            body[name] = value.clone();
        }
    }
    body
}

async fn check(app: &TestApp, body: Value, status: StatusCode, code: &str, field: Option<&str>) {
    let answer = app.call(Method::POST, "/users/register", None, Some(body.clone())).await;
    assert_error(&answer, status, code);
    if let Some(field) = field {
        assert_eq!(answer.1["error"]["field"], field, "{body}: {}", answer.1);
    }
}

#[tokio::test]
async fn registration_input_is_validated() {
    let app = TestApp::new().await;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    check(&app, register(json!({"email": null})), unprocessable, "validation_failed", Some("email")).await;
    check(&app, register(json!({"email": "not-an-email"})), unprocessable, "validation_failed", Some("email")).await;
    let long = format!("{}@example.com", "a".repeat(250));
    check(&app, register(json!({"email": long})), unprocessable, "validation_failed", Some("email")).await;
    check(&app, register(json!({"password": "short1"})), unprocessable, "validation_failed", Some("password")).await;
    check(
        &app,
        register(json!({"password": "passwordpassword"})),
        unprocessable,
        "validation_failed",
        Some("password"),
    )
    .await;
    check(&app, register(json!({"display_name": ""})), unprocessable, "validation_failed", Some("display_name")).await;
    check(&app, register(json!({"country": "Brazil"})), unprocessable, "validation_failed", Some("country")).await;
    check(&app, register(json!({"plan": "platinum"})), unprocessable, "validation_failed", Some("plan")).await;
    check(&app, register(json!({"tenant": "no-such-tenant"})), unprocessable, "validation_failed", Some("tenant"))
        .await;
    check(&app, register(json!({"tenant": "Bad Slug"})), unprocessable, "validation_failed", Some("tenant")).await;
    check(&app, register(json!({"role": "admin"})), unprocessable, "validation_failed", Some("role")).await;
    check(&app, register(json!({"email": 42})), unprocessable, "validation_failed", Some("email")).await;
    // Nothing was created by any of those.
    let admin = app.admin("acme-records").await;
    let (_, users) = app.call(Method::GET, "/users", Some(&admin.token), None).await;
    assert_eq!(users["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_duplicate_email_is_a_conflict() {
    let app = TestApp::new().await;
    app.register("acme-records", "ana@example.com").await;
    check(&app, register(json!({"email": "ANA@example.com"})), StatusCode::CONFLICT, "conflict", None).await;
    // The first account still logs in.
    app.login("acme-records", "ana@example.com").await;
}

#[tokio::test]
async fn malformed_bodies_are_refused() {
    let app = TestApp::new().await;
    for raw in ["{bad", "", "[]", "null", "{\"tenant\": \"acme-records\""] {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/users/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(raw))
            .unwrap();
        let (status, body) = app.send(request).await;
        assert!(status.is_client_error(), "{raw:?}: {status}");
        assert!(body["error"]["code"].is_string(), "{raw:?}: {body}");
    }
    let no_type = Request::builder().method(Method::POST).uri("/users/login").body(Body::from("{}")).unwrap();
    assert_error(&app.send(no_type).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let text = Request::builder()
        .method(Method::POST)
        .uri("/users/login")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    assert_error(&app.send(text).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let huge = Request::builder()
        .method(Method::POST)
        .uri("/users/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!("{{\"tenant\": \"{}\"}}", "a".repeat(3 * 1024 * 1024))))
        .unwrap();
    assert_error(&app.send(huge).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[tokio::test]
async fn bad_paging_and_profile_input_is_refused() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    for path in ["/users?limit=0", "/users?limit=101"] {
        assert_error(
            &app.call(Method::GET, path, Some(&admin.token), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    assert_error(
        &app.call(Method::GET, "/users?limit=abc", Some(&admin.token), None).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    for cursor in ["garbage!", "e30", "eyJ0ZW5hbnRfaWQiOiJ4In0"] {
        let answer = app.call(Method::GET, &format!("/users?cursor={cursor}"), Some(&admin.token), None).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "invalid_cursor");
    }
    let half = json!({"new_password": "another horse 10"});
    let answer = app.call(Method::PATCH, "/users/me", Some(&admin.token), Some(half)).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let weak = json!({"current_password": PASSWORD, "new_password": "weak"});
    let answer = app.call(Method::PATCH, "/users/me", Some(&admin.token), Some(weak)).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let role = app.call(Method::PUT, "/users/usr_x/role", Some(&admin.token), Some(json!({"role": "root"}))).await;
    assert_error(&role, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}
