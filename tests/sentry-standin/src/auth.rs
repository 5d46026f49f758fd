//! Bearer-token check for `/api/0/`: a request must carry `Authorization: Bearer <token>` with
//! one of the tokens the stand-in was started with, else 401 `{"detail": "Invalid token"}`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::reply::ApiError;

/// The tokens the stand-in accepts.
#[derive(Debug, Clone)]
pub(crate) struct Tokens(Arc<Vec<String>>);

impl Tokens {
    pub(crate) fn new(tokens: Vec<String>) -> Self {
        Self(Arc::new(tokens))
    }

    fn accepts(&self, presented: &str) -> bool {
        self.0.iter().any(|token| token == presented)
    }
}

/// Middleware: refuses requests without an accepted bearer token.
pub(crate) async fn require_token(State(tokens): State<Tokens>, request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    match presented {
        Some(token) if tokens.accepts(token) => next.run(request).await,
        _ => ApiError::new(StatusCode::UNAUTHORIZED, "Invalid token").into_response(),
    }
}
