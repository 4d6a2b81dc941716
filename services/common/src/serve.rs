//! Mounting service routers and serving them: under `lambda_http` on AWS Lambda, under the
//! local server of `server.rs` everywhere else. Only these modules know the transport.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::Request;
use axum::http::Uri;
use axum::response::IntoResponse as _;
use axum::routing::get;
use lambda_http::RequestExt as _;
use lambda_http::request::RequestContext;
use tower::ServiceExt as _;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::extract::Json;
use crate::openapi;
use crate::state::AppState;

/// One service: its name, which is also its path prefix, and its documented router.
pub type ServiceRouter = (&'static str, OpenApiRouter<AppState>);

/// Mounts each service under `/<name>`, with a health check, the merged OpenAPI document
/// at `/openapi.json`, Swagger UI at `/docs`, and JSON answers for unknown paths and methods.
pub fn app(services: impl IntoIterator<Item = ServiceRouter>, state: AppState) -> Router {
    app_with_web(services, None, state)
}

/// [`app`] that also serves a built web app from `web_dir` at `/`, with a `config.json`
/// that points it at this same server. Unknown paths under a service still answer JSON 404;
/// other unknown paths get the web app's `index.html`, so that its routes load directly.
pub fn app_with_web(
    services: impl IntoIterator<Item = ServiceRouter>,
    web_dir: Option<&std::path::Path>,
    state: AppState,
) -> Router {
    let mut api = OpenApiRouter::new();
    for (name, service) in services {
        api = api.nest(&format!("/{name}"), service.fallback(not_found));
    }
    let (router, spec) = api.split_for_parts();
    let spec = openapi::finish(spec);
    let router = router.route("/healthz", get(health)).merge(openapi::routes(&spec));
    let router = match web_dir {
        Some(dir) => {
            let index = tower_http::services::ServeFile::new(dir.join("index.html"));
            router
                .route("/config.json", get(|| async { Json(serde_json::json!({"api_url": "", "stage": "local"})) }))
                .fallback_service(tower_http::services::ServeDir::new(dir).fallback(index))
        }
        None => router.fallback(not_found),
    };
    router
        .method_not_allowed_fallback(method_not_allowed)
        .layer(CatchPanicLayer::custom(answer_panic))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A handler that panicked answers a JSON 500, as any internal failure does: the cause goes
/// to the log, never to the client, and the connection stays usable.
fn answer_panic(cause: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let cause = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    ApiError::Internal(anyhow::anyhow!("a handler panicked: {cause}")).into_response()
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!("route {}", uri.path()))
}

async fn method_not_allowed() -> (axum::http::StatusCode, Json<serde_json::Value>) {
    (
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        Json(
            serde_json::json!({"error": {"code": "method_not_allowed", "message": "this path does not take that method"}}),
        ),
    )
}

/// Whether this process runs inside AWS Lambda.
pub fn in_lambda() -> bool {
    std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some()
}

/// Serves `app`: as a Lambda function when `AWS_LAMBDA_RUNTIME_API` is set, otherwise on
/// `local_addr` until Ctrl-C.
pub async fn serve(app: Router, local_addr: SocketAddr) -> anyhow::Result<()> {
    if in_lambda() {
        lambda_http::run(lambda_service(app)).await.map_err(|error| anyhow::anyhow!(error))
    } else {
        let listener = tokio::net::TcpListener::bind(local_addr).await?;
        crate::server::run(listener, app, crate::server::Limits::default(), shutdown_signal()).await?;
        Ok(())
    }
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// `app` as the Lambda runtime calls it: API Gateway puts a named stage in front of the
/// path (`/dev/users/login`), which is removed so that routes match as they do locally.
pub fn lambda_service(
    app: Router,
) -> impl tower::Service<
    lambda_http::Request,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    app.map_request(|request: lambda_http::Request| strip_stage(request.map(axum::body::Body::new)))
}

fn stage_of(request: &Request) -> Option<String> {
    let stage = match request.request_context_ref()? {
        RequestContext::ApiGatewayV2(context) => context.stage.clone(),
        RequestContext::ApiGatewayV1(context) => context.stage.clone(),
        _ => None,
    }?;
    (stage != "$default" && !stage.is_empty()).then_some(stage)
}

fn strip_stage(mut request: Request) -> Request {
    let Some(stage) = stage_of(&request) else {
        return request;
    };
    let prefix = format!("/{stage}");
    let path = request.uri().path();
    let rest = match path.strip_prefix(&prefix) {
        Some("") => "/".to_owned(),
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => return request,
    };
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest,
    };
    let mut parts = request.uri().clone().into_parts();
    if let Ok(value) = path_and_query.parse() {
        parts.path_and_query = Some(value);
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// Binds `addr`, answering the address actually bound (port 0 picks a free port).
pub async fn bind(addr: SocketAddr) -> anyhow::Result<(tokio::net::TcpListener, SocketAddr)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::http::{Method, StatusCode};
    use secrecy::SecretString;

    use super::*;
    use crate::auth::AuthKeys;
    use crate::media::Media;
    use crate::store::EmbeddedStore;

    #[tokio::test]
    async fn a_panicking_handler_answers_a_json_500_without_its_cause() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(EmbeddedStore::open(dir.path().join("store.sqlite")).unwrap());
        let secret = SecretString::from("serve-test-secret-serve-test-secret".to_owned());
        let keys = AuthKeys::from_secret(&secret, Duration::from_secs(60)).unwrap();
        let state = AppState::new(store, keys, Media::local(dir.path()));
        async fn boom() -> &'static str {
            panic!("secret detail")
        }
        let service = OpenApiRouter::new().route("/boom", get(boom));
        let app = app([("test", service)], state);
        let request = axum::http::Request::builder()
            .method(Method::GET)
            .uri("/test/boom")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 4096).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "internal");
        assert!(!body.to_string().contains("secret detail"), "{body}");
        // The server goes on answering.
        let health = axum::http::Request::builder().uri("/healthz").body(axum::body::Body::empty()).unwrap();
        assert_eq!(app.oneshot(health).await.unwrap().status(), StatusCode::OK);
    }
}
