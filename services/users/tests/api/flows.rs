//! The main flows: sign up, log in, validate, profile, admin lists and roles.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_error};

#[tokio::test]
async fn sign_up_log_in_and_validate() {
    let app = TestApp::new().await;
    let ana = app.register("acme-records", "Ana@Example.com").await;
    let again = app.login("acme-records", "ana@example.com").await;
    assert_eq!(again.user_id, ana.user_id);
    let (status, body) = app.call(Method::GET, "/users/validate", Some(&ana.token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["valid"], true);
    assert_eq!(body["tenant_id"], "acme-records");
    assert_eq!(body["user_id"], ana.user_id.as_str());
    assert_eq!(body["role"], "listener");
    let (status, me) = app.call(Method::GET, "/users/me", Some(&ana.token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "ana@example.com");
    assert!(me.get("password_hash").is_none(), "the hash never leaves the service");
}

#[tokio::test]
async fn profiles_change_and_passwords_rotate() {
    let app = TestApp::new().await;
    let ana = app.register("acme-records", "ana@example.com").await;
    let changes = json!({"display_name": "Ana S.", "country": "br"});
    let (status, me) = app.call(Method::PATCH, "/users/me", Some(&ana.token), Some(changes)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(
        (me["display_name"].as_str(), me["country"].as_str(), me["plan"].as_str()),
        (Some("Ana S."), Some("BR"), Some("free"))
    );
    let wrong = json!({"current_password": "not it at all 1", "new_password": "another horse 10"});
    let answer = app.call(Method::PATCH, "/users/me", Some(&ana.token), Some(wrong)).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let rotate = json!({"current_password": PASSWORD, "new_password": "another horse 10"});
    let (status, _) = app.call(Method::PATCH, "/users/me", Some(&ana.token), Some(rotate)).await;
    assert_eq!(status, StatusCode::OK);
    let old = json!({"tenant": "acme-records", "email": "ana@example.com", "password": PASSWORD});
    assert_error(
        &app.call(Method::POST, "/users/login", None, Some(old)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let new = json!({"tenant": "acme-records", "email": "ana@example.com", "password": "another horse 10"});
    assert_eq!(app.call(Method::POST, "/users/login", None, Some(new)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn admins_list_users_page_by_page_and_set_roles() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let mut expected = vec![admin.user_id.clone()];
    for n in 0..11 {
        expected.push(app.register("acme-records", &format!("listener{n}@example.com")).await.user_id);
    }
    expected.sort();
    let mut seen = Vec::new();
    let mut path = "/users?limit=4".to_owned();
    loop {
        let (status, page) = app.call(Method::GET, &path, Some(&admin.token), None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 4);
        seen.extend(items.iter().map(|user| user["user_id"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/users?limit=4&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, expected, "every user exactly once, in order");
    let listener = &seen.iter().find(|id| **id != admin.user_id).unwrap().clone();
    let path = format!("/users/{listener}/role");
    let (status, user) = app.call(Method::PUT, &path, Some(&admin.token), Some(json!({"role": "admin"}))).await;
    assert_eq!((status, user["role"].as_str()), (StatusCode::OK, Some("admin")));
    let own = format!("/users/{}/role", admin.user_id);
    let answer = app.call(Method::PUT, &own, Some(&admin.token), Some(json!({"role": "listener"}))).await;
    assert_error(&answer, StatusCode::CONFLICT, "conflict");
}

#[tokio::test]
async fn listeners_may_not_use_admin_routes() {
    let app = TestApp::new().await;
    let ana = app.register("acme-records", "ana@example.com").await;
    let bob = app.register("acme-records", "bob@example.com").await;
    assert_error(&app.call(Method::GET, "/users", Some(&ana.token), None).await, StatusCode::FORBIDDEN, "forbidden");
    let other = format!("/users/{}", bob.user_id);
    assert_error(&app.call(Method::GET, &other, Some(&ana.token), None).await, StatusCode::FORBIDDEN, "forbidden");
    let own = format!("/users/{}", ana.user_id);
    assert_eq!(app.call(Method::GET, &own, Some(&ana.token), None).await.0, StatusCode::OK);
    let role = format!("/users/{}/role", bob.user_id);
    let answer = app.call(Method::PUT, &role, Some(&ana.token), Some(json!({"role": "admin"}))).await;
    assert_error(&answer, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn login_failures_all_look_the_same() {
    let app = TestApp::new().await;
    app.register("acme-records", "ana@example.com").await;
    let attempts = [
        json!({"tenant": "acme-records", "email": "ana@example.com", "password": "wrong horse 99"}),
        json!({"tenant": "acme-records", "email": "nobody@example.com", "password": PASSWORD}),
        json!({"tenant": "beta-radio", "email": "ana@example.com", "password": PASSWORD}),
        json!({"tenant": "no-such-tenant", "email": "ana@example.com", "password": PASSWORD}),
        json!({"tenant": "Not A Slug", "email": "ana@example.com", "password": PASSWORD}),
    ];
    let mut bodies = Vec::new();
    for attempt in attempts {
        let answer = app.call(Method::POST, "/users/login", None, Some(attempt)).await;
        assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthorized");
        bodies.push(answer.1);
    }
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]), "{bodies:?}");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let app = TestApp::new().await;
    assert_error(&app.call(Method::GET, "/nowhere", None, None).await, StatusCode::NOT_FOUND, "not_found");
    assert_error(
        &app.call(Method::DELETE, "/users/login", None, None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    let (status, body) = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("ok")));
}

#[tokio::test]
async fn the_login_page_learns_an_organisations_name_or_that_there_is_none() {
    let app = TestApp::new().await;
    let (status, found) = app.call(Method::GET, "/users/organisations/Acme-Records", None, None).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found, json!({"tenant_id": "acme-records", "name": "Acme Records"}), "the name and nothing else");
    for slug in ["nobody-here", "Not%20a%20slug", "a"] {
        let answer = app.call(Method::GET, &format!("/users/organisations/{slug}"), None, None).await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
        let message = answer.1["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("no organisation is called"), "{message}");
    }
}

#[tokio::test]
async fn admins_find_users_by_the_start_of_their_e_mail_in_their_tenant_only() {
    let app = TestApp::new().await;
    let admin = app.admin("acme-records").await;
    let ana = app.register("acme-records", "ana.silva@example.com").await;
    app.register("acme-records", "bruno@example.com").await;
    app.register("beta-radio", "ana.costa@example.com").await;
    let (status, found) = app.call(Method::GET, "/users/search?q=ANA", Some(&admin.token), None).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "acme's Ana only: {found}");
    assert_eq!((items[0]["user_id"].as_str(), items[0]["plan"].as_str()), (Some(ana.user_id.as_str()), Some("free")));
    assert!(items[0].get("password_hash").is_none(), "{found}");
    let answer = app.call(Method::GET, "/users/search?q=ana", Some(&ana.token), None).await;
    assert_error(&answer, StatusCode::FORBIDDEN, "forbidden");
    let answer = app.call(Method::GET, "/users/search?q=%20", Some(&admin.token), None).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}
