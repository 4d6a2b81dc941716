//! The stats service: recording plays, a listener's history, the tenant's top songs and
//! artists, listening patterns by hour and weekday, and the admins' usage report.
//! Handler logic only; `common::serve` runs it.

pub mod charts;
pub mod play;
pub mod routes;

use axum::Router;
use common::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's name and path prefix.
pub const NAME: &str = "stats";

/// The documented routes of the service, relative to `/stats`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::record_play))
        .routes(routes!(routes::my_history))
        .routes(routes!(routes::top_songs_chart))
        .routes(routes!(routes::top_artists_chart))
        .routes(routes!(routes::top_albums_chart))
        .routes(routes!(routes::listening_patterns))
        .routes(routes!(routes::usage_report))
}

/// The routes of the service, relative to `/stats`.
pub fn router() -> Router<AppState> {
    api().split_for_parts().0
}
