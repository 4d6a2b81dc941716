//! The playlists service, a user's library: playlists with their entries in one partition,
//! owners and collaborators, public playlists (found by search) and share links; and likes
//! of songs, albums and artists. Handler logic only.

pub mod access;
pub mod entries;
pub mod liked;
pub mod liked_routes;
pub mod playlist;
pub mod routes;

use axum::Router;
use common::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's name and path prefix.
pub const NAME: &str = "playlists";

/// The documented routes of the service, relative to `/playlists`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::create_playlist))
        .routes(routes!(routes::my_playlists))
        .routes(routes!(routes::search_playlists))
        .routes(routes!(routes::describe_playlist, routes::update_playlist, routes::delete_playlist))
        .routes(routes!(routes::add_song, routes::reorder_songs))
        .routes(routes!(routes::remove_song))
        .routes(routes!(routes::share_playlist, routes::unshare_playlist))
        .routes(routes!(routes::set_collaborators))
        .routes(routes!(liked_routes::list_liked))
        .routes(routes!(liked_routes::like, liked_routes::unlike))
}

/// The routes of the service, relative to `/playlists`.
pub fn router() -> Router<AppState> {
    api().split_for_parts().0
}
