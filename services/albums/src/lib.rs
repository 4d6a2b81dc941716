//! The albums service: albums, search, an artist's discography by release date, and new
//! releases. Handler logic only; `common::serve` runs it.

pub mod album;
pub mod routes;

use axum::Router;
use common::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's name and path prefix.
pub const NAME: &str = "albums";

/// The documented routes of the service, relative to `/albums`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::create_album, routes::list_albums))
        .routes(routes!(routes::search_albums))
        .routes(routes!(routes::albums_by_title))
        .routes(routes!(routes::new_releases))
        .routes(routes!(routes::discography))
        .routes(routes!(routes::get_album, routes::update_album, routes::delete_album))
}

/// The routes of the service, relative to `/albums`.
pub fn router() -> Router<AppState> {
    api().split_for_parts().0
}
