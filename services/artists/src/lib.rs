//! The artists service: a tenant's artists, search by name prefix and top artists of a
//! genre. Handler logic only; `common::serve` runs it.

pub mod artist;
pub mod routes;

use axum::Router;
use common::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's name and path prefix.
pub const NAME: &str = "artists";

/// The documented routes of the service, relative to `/artists`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::create_artist, routes::list_artists))
        .routes(routes!(routes::search_artists))
        .routes(routes!(routes::artists_by_name))
        .routes(routes!(routes::top_artists))
        .routes(routes!(routes::get_artist, routes::update_artist, routes::delete_artist))
}

/// The routes of the service, relative to `/artists`.
pub fn router() -> Router<AppState> {
    api().split_for_parts().0
}
