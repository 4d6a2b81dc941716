//! What the users service keeps in the store, on every store (embedded, and DynamoDB on
//! moto): a demoted admin loses admin rights at once, failed logins lock an e-mail for the
//! window, and tokens that do not fit the store are refused.

use axum::http::{Method, StatusCode};
use common::auth::Claims;
use serde_json::json;
use testkit::{PASSWORD, Platform, assert_error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demoted_admin_is_refused_at_the_next_admin_request() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let listener = platform.login("acme-records", "listener").await;
        let role = format!("/users/{}/role", listener.user_id);
        platform.ok(Method::PUT, &role, &admin.token, Some(json!({"role": "admin"})), StatusCode::OK).await;
        let promoted = platform.login("acme-records", "listener").await;
        platform.ok(Method::GET, "/users", &promoted.token, None, StatusCode::OK).await;
        platform.ok(Method::PUT, &role, &admin.token, Some(json!({"role": "listener"})), StatusCode::OK).await;
        let (status, body) = platform.call(Method::GET, "/users", &promoted.token, None).await;
        assert!([StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&status), "{status} {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eleven_failed_logins_answer_429_even_for_the_right_password() {
    for platform in Platform::every().await {
        let login =
            |password: &str| json!({"tenant": "beta-radio", "email": "listener@beta-radio.test", "password": password});
        for _ in 0..10 {
            let answer =
                common::testing::call(&platform.router, Method::POST, "/users/login", None, Some(login("no"))).await;
            assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthorized");
        }
        for password in ["no", PASSWORD] {
            let answer =
                common::testing::call(&platform.router, Method::POST, "/users/login", None, Some(login(password)))
                    .await;
            assert_error(&answer, StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
        }
        // The same e-mail in another tenant is another account, not locked.
        platform.login("acme-records", "listener").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_that_do_not_fit_the_store_are_refused() {
    for platform in Platform::every().await {
        let admin = platform.login("acme-records", "admin").await;
        let now = chrono::Utc::now().timestamp();
        let good = Claims {
            sub: admin.user_id.clone(),
            tid: "acme-records".into(),
            role: common::Role::Admin,
            ver: 0,
            iat: now,
            nbf: None,
            exp: now + 60,
        };
        let sign = |claims: &Claims| platform.state.auth.sign(claims).unwrap();
        platform.ok(Method::GET, "/users/validate", &sign(&good), None, StatusCode::OK).await;
        for claims in [
            Claims { nbf: Some(now + 60), ..good.clone() },
            Claims { iat: now + 600, ..good.clone() },
            Claims { sub: String::new(), ..good.clone() },
            Claims { sub: "usr_0000000000000000000000000000dead".into(), ..good.clone() },
            Claims { tid: "beta-radio".into(), ..good.clone() },
            Claims { tid: "never-onboarded".into(), ..good.clone() },
            Claims { ver: 3, ..good.clone() },
        ] {
            let answer = platform.call(Method::GET, "/users/validate", &sign(&claims), None).await;
            assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthorized");
        }
    }
}
