//! `TestApp`: the mounted router over a fresh embedded store, with two onboarded tenants.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::model::TABLES;
use common::store::{EmbeddedStore, Store};
use common::{AppState, AuthKeys, Role, TenantId};
use secrecy::SecretString;
use serde_json::{Value, json};
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
        let state = AppState::new(store.clone(), keys, common::media::Media::local(dir.path()));
        let keys = Arc::clone(&state.auth);
        let router = common::serve::app([(users::NAME, users::api())], state);
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
        common::testing::call(&self.router, method, path, token, body).await
    }

    /// Sends a prepared request.
    pub(crate) async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        common::testing::send(&self.router, request).await
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

pub(crate) use common::testing::assert_error;
