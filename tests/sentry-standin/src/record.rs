//! The request log: every request the stand-in receives (method, path with query, body), in
//! arrival order, so tests can assert what a client sent.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::reply::ApiError;

/// Request bodies larger than this are refused (413) rather than buffered.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// One request as the stand-in received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// Path and query exactly as sent, e.g. `/api/0/organizations/acme/issues/?query=is%3Aunresolved`.
    pub path: String,
    /// The body as UTF-8 (lossy); empty when there was none.
    pub body: String,
}

/// The shared, append-only request log.
#[derive(Debug, Clone, Default)]
pub(crate) struct Recorder(Arc<Mutex<Vec<RecordedRequest>>>);

impl Recorder {
    fn push(&self, request: RecordedRequest) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push(request);
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// Middleware: buffers the body, logs the request, then passes it on unchanged.
pub(crate) async fn record(State(recorder): State<Recorder>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large").into_response();
    };
    recorder.push(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned()),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}
