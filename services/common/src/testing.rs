//! Helpers for tests that drive a mounted router in-process (feature `testing`).

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;

/// Sends a request with an optional bearer token and JSON body; answers the status and the
/// JSON body (`Null` when empty). Fails the test when a non-empty answer is not JSON.
pub async fn call(
    router: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    };
    send(router, request.expect("a valid request")).await
}

/// Sends a prepared request; answers the status and the JSON body (`Null` when empty).
pub async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
    let bytes = response.into_body().collect().await.expect("a body").to_bytes();
    if bytes.is_empty() {
        return (status, Value::Null);
    }
    assert_eq!(
        content_type.as_ref().and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "every answer is JSON: {status} {}",
        String::from_utf8_lossy(&bytes)
    );
    (status, serde_json::from_slice(&bytes).expect("a JSON body"))
}

/// Asserts an error answer: its status and a JSON error body with `code` and a message.
pub fn assert_error(answer: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["error"]["code"], code, "{}", answer.1);
    assert!(answer.1["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{}", answer.1);
}

/// Runs an API Gateway event (v1 or v2 JSON) through `router` as the Lambda runtime does;
/// answers the status and the JSON body (`Null` when empty).
pub async fn invoke_lambda(router: Router, event: Value) -> (u16, Value) {
    use lambda_http::Service as _;
    let request: lambda_http::request::LambdaRequest = serde_json::from_value(event).expect("an API Gateway event");
    let mut adapter = lambda_http::Adapter::from(crate::serve::lambda_service(router));
    let event = lambda_http::LambdaEvent::new(request, lambda_http::Context::default());
    let response = adapter.call(event).await.expect("the router answers");
    let response = serde_json::to_value(&response).expect("a serialisable response");
    let status = response["statusCode"].as_u64().and_then(|s| u16::try_from(s).ok()).expect("a status");
    let body = response["body"].as_str().map_or(Value::Null, |text| serde_json::from_str(text).expect("a JSON body"));
    (status, body)
}
