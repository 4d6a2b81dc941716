//! `TestApp`: the mounted router over a fresh embedded store, with two onboarded tenants.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::model::TABLES;
use common::store::{EmbeddedStore, Store};
use common::{AppState, AuthKeys, Role, TenantId};
use http_body_util::BodyExt as _;
use secrecy::SecretString;
use serde_json::{Value, json};
use tower::ServiceExt as _;
use users::accounts::{self, NewAccount};
use users::fields::{Email, Plan};

pub(crate) const SECRET: &str = "test-secret-test-secret-test-secret!";
pub(crate) const PASSWORD: &str = "correct horse 9";

/// A signed-in user of a test tenant.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) token: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
}

pub(crate) struct TestApp {
    pub(crate) router: Router,
    pub(crate) keys: Arc<AuthKeys>,
    pub(crate) store: Arc<EmbeddedStore>,
    _dir: tempfile::TempDir,
}

pub(crate) fn tenant(slug: &str) -> TenantId {
    TenantId::parse(slug).unwrap()
}

impl TestApp {
    /// A fresh app with tenants `acme-records` and `beta-radio`, each with admin `admin@<slug>.test`.
    pub(crate) async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(EmbeddedStore::open(dir.path().join("store.sqlite")).unwrap());
        store.create_tables(&TABLES).await.unwrap();
        let keys = AuthKeys::from_secret(&SecretString::from(SECRET.to_owned()), Duration::from_secs(600)).unwrap();
        let state = AppState::new(store.clone(), keys);
        let keys = Arc::clone(&state.auth);
        let router = common::serve::app([(users::NAME, users::router())], state);
        let app = Self { router, keys, store, _dir: dir };
        for (slug, name) in [("acme-records", "Acme Records"), ("beta-radio", "Beta Radio")] {
            users::tenants::create_tenant(app.store.as_ref(), &tenant(slug), name).await.unwrap();
            let admin = NewAccount {
                tenant: tenant(slug),
                email: Email::parse(&format!("admin@{slug}.test")).unwrap(),
                password: PASSWORD.to_owned(),
                display_name: format!("{name} admin"),
                country: None,
                role: Role::Admin,
                plan: Plan::Premium,
            };
            accounts::create_account(app.store.as_ref(), admin).await.unwrap();
        }
        app
    }

    /// Sends a request and answers the status and the JSON body (`Null` when empty).
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    /// Sends a prepared request.
    pub(crate) async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        if bytes.is_empty() {
            return (status, Value::Null);
        }
        assert_eq!(
            content_type.as_ref().and_then(|v| v.to_str().ok()),
            Some("application/json"),
            "every answer is JSON: {status} {}",
            String::from_utf8_lossy(&bytes)
        );
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    pub(crate) async fn login(&self, slug: &str, email: &str) -> Account {
        let body = json!({"tenant": slug, "email": email, "password": PASSWORD});
        let (status, body) = self.call(Method::POST, "/users/login", None, Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Account {
            token: body["token"].as_str().unwrap().to_owned(),
            user_id: body["user"]["user_id"].as_str().unwrap().to_owned(),
            email: email.to_owned(),
        }
    }

    pub(crate) async fn admin(&self, slug: &str) -> Account {
        self.login(slug, &format!("admin@{slug}.test")).await
    }

    pub(crate) async fn register(&self, slug: &str, email: &str) -> Account {
        let body = json!({"tenant": slug, "email": email, "password": PASSWORD, "display_name": "Listener"});
        let (status, body) = self.call(Method::POST, "/users/register", None, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        Account {
            token: body["token"].as_str().unwrap().to_owned(),
            user_id: body["user"]["user_id"].as_str().unwrap().to_owned(),
            email: email.to_owned(),
        }
    }
}

/// Asserts an error answer: its status and a JSON error body with a code and a message.
pub(crate) fn assert_error(answer: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["error"]["code"], code, "{}", answer.1);
    assert!(answer.1["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{}", answer.1);
}
