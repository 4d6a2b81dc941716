//! The songs service: songs, an album's tracklist, search by title, songs of a genre,
//! audio streaming and audio upload. Handler logic only; `common::serve` runs it.

pub mod routes;
pub mod song;
pub mod stream;
pub mod upload;

use axum::Router;
use common::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's name and path prefix.
pub const NAME: &str = "songs";

/// The documented routes of the service, relative to `/songs`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::create_song, routes::list_songs))
        .routes(routes!(routes::search_songs))
        .routes(routes!(routes::tracklist))
        .routes(routes!(routes::songs_of_genre))
        .routes(routes!(routes::get_song, routes::update_song, routes::delete_song))
        .routes(routes!(stream::stream_song))
        .routes(routes!(stream::stream_url))
        .merge(OpenApiRouter::new().routes(routes!(upload::upload_audio)).layer(upload::body_limit()))
}

/// The routes of the service, relative to `/songs`.
pub fn router() -> Router<AppState> {
    api().split_for_parts().0
}
