//! Extractors whose rejections are JSON [`ApiError`]s instead of axum's plain text.

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// A JSON body; malformed or mistyped bodies answer a JSON 400 or 422.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A query string; a bad one answers a JSON 400.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Path parameters; bad ones answer a JSON 400.
#[derive(Debug, Clone, Copy, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(error) => {
                let (field, message) = crate::body_errors::explain(&error.body_text());
                ApiError::validation(field, message)
            }
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::UnsupportedMediaType("send the body as JSON with `Content-Type: application/json`".to_owned())
            }
            JsonRejection::BytesRejection(error) if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::PayloadTooLarge("the body is too large".to_owned())
            }
            other => ApiError::BadRequest(format!("the body is not valid JSON: {}", other.body_text())),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(format!("bad query string: {}", rejection.body_text()))
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest(format!("bad path: {}", rejection.body_text()))
    }
}

/// The address of the client that sent the request: the socket's peer on the local server,
/// the source IP that API Gateway saw on Lambda; `None` where neither is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::ConnectInfo;
        use lambda_http::request::RequestContext;
        if let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>() {
            return Ok(Self(Some(peer.ip())));
        }
        let source = match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.as_deref(),
            Some(RequestContext::ApiGatewayV1(context)) => context.identity.source_ip.as_deref(),
            _ => None,
        };
        Ok(Self(source.and_then(|ip| ip.parse().ok())))
    }
}
