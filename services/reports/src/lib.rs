//! The reports service: the figures of the analytics dashboard, read from the summary
//! tables that the ETL loads (SQLite locally, the data VM's MySQL on AWS). Every answer is
//! scoped to the caller's tenant and only a tenant admin may ask. It never runs as a Lambda:
//! `musicctl up` serves it locally and the data VM next to its MySQL.

pub mod dashboard;
pub mod filters;
pub mod routes;

use std::sync::Arc;

use axum::extract::FromRef;
use axum::http::{Method, Uri, header};
use axum::routing::get;
use axum::{Extension, Router};
use common::extract::Json;
use common::{ApiError, AuthKeys};
use sqlx::AnyPool;
use tower_http::cors::{Any, CorsLayer};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's name and path prefix.
pub const NAME: &str = "reports";

/// The documented routes of the service over the summary database `pool`, relative to
/// `/reports`, for any state that holds the token keys.
pub fn api<S>(pool: AnyPool) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Arc<AuthKeys>: FromRef<S>,
{
    OpenApiRouter::new().routes(routes!(routes::dashboard)).routes(routes!(routes::lineage)).layer(Extension(pool))
}

/// The reports API alone, as the data VM serves it: `/reports/…`, `/healthz`, the OpenAPI
/// document and Swagger UI, JSON answers for unknown paths, and CORS for the stage's web
/// app, which calls it from the web bucket's origin with a bearer token (no cookies).
pub fn standalone(pool: AnyPool, keys: AuthKeys) -> Router {
    let (router, spec) = OpenApiRouter::<Arc<AuthKeys>>::new().nest(&format!("/{NAME}"), api(pool)).split_for_parts();
    let spec = common::openapi::finish(spec);
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    router
        .route("/healthz", get(|| async { Json(serde_json::json!({"status": "ok"})) }))
        .merge(common::openapi::routes(&spec))
        .fallback(|uri: Uri| async move { ApiError::NotFound(format!("route {}", uri.path())) })
        .layer(cors)
        .with_state(Arc::new(keys))
}
