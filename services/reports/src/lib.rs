//! The reports service: the figures of the analytics dashboard, read from the summary
//! tables that the ETL loads (SQLite locally, the data VM's MySQL on AWS). Every answer is
//! scoped to the caller's tenant and only a tenant admin may ask. It never runs as a Lambda:
//! `musicctl up` serves it locally and the data VM next to its MySQL.

pub mod dashboard;
pub mod filters;
pub mod routes;

use axum::Extension;
use sqlx::AnyPool;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use common::AppState;

/// The service's name and path prefix.
pub const NAME: &str = "reports";

/// The documented routes of the service over the summary database `pool`, relative to `/reports`.
pub fn api(pool: AnyPool) -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::dashboard)).routes(routes!(routes::lineage)).layer(Extension(pool))
}
