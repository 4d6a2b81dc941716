//! The users service: tenant registry, sign-up, login, token validation, profiles and
//! the tenant's user list. Handler logic only; `common::serve` runs it.

pub mod accounts;
pub mod fields;
pub mod password;
pub mod routes;
pub mod tenants;
pub mod throttle;

use axum::Router;
use common::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's name and path prefix.
pub const NAME: &str = "users";

/// The documented routes of the service, relative to `/users`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::get_organisation))
        .routes(routes!(routes::register_user))
        .routes(routes!(routes::login_user))
        .routes(routes!(routes::validate_token))
        .routes(routes!(routes::get_me, routes::update_me))
        .routes(routes!(routes::list_users))
        .routes(routes!(routes::search_users))
        .routes(routes!(routes::get_user))
        .routes(routes!(routes::update_role))
        .routes(routes!(routes::update_plan))
}

/// The routes of the service, relative to `/users`.
pub fn router() -> Router<AppState> {
    api().split_for_parts().0
}
