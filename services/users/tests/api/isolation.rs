//! Tenant isolation: a token of one tenant never reads, changes or learns of another's users.

use axum::http::{Method, StatusCode};
use common::Role;
use common::auth::Claims;
use serde_json::json;

use crate::helpers::{TestApp, assert_error};

#[tokio::test]
async fn every_user_route_answers_404_across_tenants() {
    let app = TestApp::new().await;
    let acme_admin = app.admin("acme-records").await;
    let beta_admin = app.admin("beta-radio").await;
    let beta_listener = app.register("beta-radio", "bea@example.com").await;
    for target in [&beta_admin.user_id, &beta_listener.user_id] {
        let read = app.call(Method::GET, &format!("/users/{target}"), Some(&acme_admin.token), None).await;
        assert_error(&read, StatusCode::NOT_FOUND, "not_found");
        let role = json!({"role": "admin"});
        let change = app.call(Method::PUT, &format!("/users/{target}/role"), Some(&acme_admin.token), Some(role)).await;
        assert_error(&change, StatusCode::NOT_FOUND, "not_found");
    }
    // A missing id of the caller's own tenant answers exactly the same.
    let missing =
        app.call(Method::GET, "/users/usr_00000000000000000000000000000000", Some(&acme_admin.token), None).await;
    let foreign =
        app.call(Method::GET, &format!("/users/{}", beta_listener.user_id), Some(&acme_admin.token), None).await;
    assert_eq!(missing.0, foreign.0);
    assert_eq!(missing.1["error"]["code"], foreign.1["error"]["code"]);
    // Nothing of beta changed.
    let (_, bea) = app.call(Method::GET, "/users/me", Some(&beta_listener.token), None).await;
    assert_eq!(bea["role"], "listener");
}

#[tokio::test]
async fn lists_hold_only_the_callers_tenant() {
    let app = TestApp::new().await;
    for n in 0..3 {
        app.register("beta-radio", &format!("b{n}@example.com")).await;
    }
    app.register("acme-records", "a0@example.com").await;
    let acme_admin = app.admin("acme-records").await;
    let (status, page) = app.call(Method::GET, "/users?limit=100", Some(&acme_admin.token), None).await;
    assert_eq!(status, StatusCode::OK);
    let tenants: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|u| u["tenant_id"].as_str().unwrap()).collect();
    assert_eq!(tenants, ["acme-records", "acme-records"]);
    // A cursor from beta's list is refused in acme's.
    let beta_admin = app.admin("beta-radio").await;
    let (_, beta_page) = app.call(Method::GET, "/users?limit=1", Some(&beta_admin.token), None).await;
    let cursor = beta_page["next_cursor"].as_str().unwrap();
    let reused = app.call(Method::GET, &format!("/users?limit=1&cursor={cursor}"), Some(&acme_admin.token), None).await;
    assert_error(&reused, StatusCode::BAD_REQUEST, "invalid_cursor");
}

#[tokio::test]
async fn a_valid_token_naming_another_tenants_user_reaches_nothing() {
    let app = TestApp::new().await;
    let bea = app.register("beta-radio", "bea@example.com").await;
    // Signed with the real key: tenant acme, but the subject is beta's user.
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        sub: bea.user_id.clone(),
        tid: "acme-records".into(),
        role: Role::Admin,
        ver: 0,
        iat: now,
        nbf: None,
        exp: now + 60,
    };
    let token = app.keys.sign(&claims).unwrap();
    let unauthorized = |answer| assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthorized");
    unauthorized(app.call(Method::GET, "/users/me", Some(&token), None).await);
    let change = json!({"display_name": "Hijacked"});
    unauthorized(app.call(Method::PATCH, "/users/me", Some(&token), Some(change)).await);
    let (_, me) = app.call(Method::GET, "/users/me", Some(&bea.token), None).await;
    assert_eq!(me["display_name"], "Listener");
}

#[tokio::test]
async fn the_same_email_may_live_in_two_tenants() {
    let app = TestApp::new().await;
    let in_acme = app.register("acme-records", "sam@example.com").await;
    let in_beta = app.register("beta-radio", "sam@example.com").await;
    assert_ne!(in_acme.user_id, in_beta.user_id);
    let (_, who) = app.call(Method::GET, "/users/validate", Some(&in_beta.token), None).await;
    assert_eq!(who["tenant_id"], "beta-radio");
    assert_eq!(in_acme.email, in_beta.email);
}
