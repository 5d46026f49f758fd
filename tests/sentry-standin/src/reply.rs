//! Responses in Sentry's shapes: JSON bodies, and errors as `{"detail": "…"}` with the status
//! code Sentry would send.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

/// The detail Sentry sends for anything it cannot find.
pub(crate) const NOT_FOUND: &str = "The requested resource does not exist";

/// The detail Sentry sends when the token may not see a resource.
pub(crate) const FORBIDDEN: &str = "You do not have permission to perform this action.";

/// An error answer: a status code and the `detail` text Sentry puts in its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: StatusCode,
    detail: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self { status, detail: detail.into() }
    }

    pub(crate) fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, NOT_FOUND)
    }

    pub(crate) fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, FORBIDDEN)
    }

    pub(crate) fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    pub(crate) fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, detail)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "detail": self.detail }))).into_response()
    }
}

/// What every handler returns.
pub(crate) type Reply = Result<Response, ApiError>;

/// 200 with a JSON body.
pub(crate) fn ok(body: impl Serialize) -> Reply {
    Ok(Json(body).into_response())
}

/// 201 with a JSON body, as Sentry answers a create.
pub(crate) fn created(body: impl Serialize) -> Reply {
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// A status with an empty body (Sentry's 202 and 204 answers).
pub(crate) fn empty(status: StatusCode) -> Reply {
    Ok(status.into_response())
}
