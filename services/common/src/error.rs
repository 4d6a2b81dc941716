//! The one error type at the HTTP boundary of every service, answered as a JSON body.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::store::StoreError;

/// The result type of handlers.
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// Everything a request can fail with. Each 4xx variant tells the client what was wrong;
/// internal failures answer 500 with no detail, and their cause goes to the log.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed: unreadable JSON, a bad query string, a bad cursor.
    #[error("{0}")]
    BadRequest(String),
    /// A field of a well-formed request is invalid.
    #[error("{field}: {message}")]
    Validation {
        /// The field at fault.
        field: String,
        /// What is wrong with it and what is expected.
        message: String,
    },
    /// No valid token: missing, malformed, expired or wrongly signed.
    #[error("{0}")]
    Unauthorized(String),
    /// The token is valid but its role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Nothing of this kind with this id in the caller's tenant.
    #[error("{0} not found")]
    NotFound(String),
    /// The request conflicts with the current state, e.g. a duplicate.
    #[error("{0}")]
    Conflict(String),
    /// The body is larger than accepted.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body is not of a type the route takes (JSON).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Too many attempts: refused until `retry_after` seconds have passed, which the answer
    /// says in a `Retry-After` header.
    #[error("{message}")]
    TooManyRequests {
        /// What was refused and why.
        message: String,
        /// Seconds until the client may try again.
        retry_after: u64,
    },
    /// A failure of the store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Any other internal failure.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A validation error of `field`.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation { field: field.into(), message: message.into() }
    }

    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) | Self::Store(StoreError::ConditionFailed) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Store(StoreError::InvalidCursor) => StatusCode::BAD_REQUEST,
            Self::Store(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Validation { .. } => "validation_failed",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) | Self::Store(StoreError::ConditionFailed) => "conflict",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Store(StoreError::InvalidCursor) => "invalid_cursor",
            Self::Store(_) | Self::Internal(_) => "internal",
        }
    }
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable code, e.g. `validation_failed`.
    #[schema(value_type = String)]
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
    /// The field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "internal error; the cause is in the server log".to_owned()
        } else {
            match &self {
                Self::Validation { message, .. } => message.clone(),
                Self::Store(StoreError::InvalidCursor) => {
                    "the cursor is not valid for this list; start again without it".to_owned()
                }
                Self::Store(StoreError::ConditionFailed) => {
                    "another request changed this at the same time; read it again and retry".to_owned()
                }
                other => other.to_string(),
            }
        };
        let code = self.code();
        let retry_after = match &self {
            Self::TooManyRequests { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        let field = match self {
            Self::Validation { field, .. } => Some(field),
            _ => None,
        };
        let mut response = (status, Json(ErrorBody { error: ErrorDetail { code, message, field } })).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(seconds));
        }
        response
    }
}
