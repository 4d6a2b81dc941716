//! The users service: tenant registry, sign-up, login, token validation, profiles and
//! the tenant's user list. Handler logic only; `common::serve` runs it.

pub mod accounts;
pub mod fields;
pub mod password;
pub mod routes;
pub mod tenants;

use axum::Router;
use axum::routing::{get, post, put};
use common::AppState;

/// The service's name and path prefix.
pub const NAME: &str = "users";

/// The routes of the service, relative to `/users`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", post(routes::register_user))
        .route("/login", post(routes::login_user))
        .route("/validate", get(routes::validate_token))
        .route("/me", get(routes::get_me).patch(routes::update_me))
        .route("/", get(routes::list_users))
        .route("/{user_id}", get(routes::get_user))
        .route("/{user_id}/role", put(routes::update_role))
}
