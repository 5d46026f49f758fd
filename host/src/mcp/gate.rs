//! The axum middleware in front of the MCP service: checks Origin, routes
//! the URL to a plugin and constraints, authenticates the caller (see
//! `auth.rs`), and verifies the constraints (cached).
//! Refusals get an HTTP status and a JSON-RPC error body naming the fix;
//! accepted requests carry their agent key and caller to the handler.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::AuthMode;
use super::route;
use super::sessions::SessionClock;
use super::verify_cache::{Verified, VerifyCache};
use crate::ids::Constraints;
use crate::runtime::Runtime;

/// What the gate needs.
#[derive(Clone)]
pub struct Gate {
    /// The runtime.
    pub runtime: Arc<Runtime>,
    /// Verified constraints.
    pub cache: Arc<VerifyCache>,
    /// The plugin served at `/mcp/…`, if any.
    pub default_plugin: Option<String>,
    /// How callers are authenticated.
    pub auth: Arc<AuthMode>,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// When each MCP session was last used.
    pub sessions: Arc<SessionClock>,
}

/// An HTTP error with a JSON-RPC error body (code -32600, invalid request).
pub fn refuse(status: u16, message: &str) -> Response {
    refuse_with(status, -32600, message)
}

/// An HTTP error with a JSON-RPC error body of the given code.
pub fn refuse_with(status: u16, code: i32, message: &str) -> Response {
    let status_code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::json!({"jsonrpc": "2.0", "id": null, "error": {"code": code, "message": message}});
    let mut resp =
        (status_code, [(header::CONTENT_TYPE, "application/json")], Body::from(body.to_string())).into_response();
    if status == 401 {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    resp
}

/// Whether an `Origin` header names a loopback site.
pub fn loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => rest.split(':').next().unwrap_or_default(),
    };
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// Reads a POST body and refuses what is not one JSON-RPC message with the
/// JSON-RPC codes (rmcp itself would answer 415): unparseable → -32700,
/// a batch or a non-object → -32600. Returns the request rebuilt.
async fn check_body(req: Request, limit: usize) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        refuse_with(413, -32600, &format!("the request body is larger than {limit} bytes or could not be read"))
    })?;
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Err(e) => return Err(refuse_with(400, -32700, &format!("the body is not valid JSON: {e}"))),
        Ok(serde_json::Value::Array(_)) => {
            return Err(refuse_with(400, -32600, "JSON-RPC batches are not supported; send one message per request"));
        }
        Ok(serde_json::Value::Object(_)) => {}
        Ok(_) => return Err(refuse_with(400, -32600, "the body must be a JSON-RPC message object")),
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// The middleware.
pub async fn gate(State(gate): State<Gate>, mut req: Request, next: Next) -> Response {
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        if !loopback_origin(origin) {
            return refuse(403, &format!("Origin {origin:?} is not allowed: requests from other sites are refused"));
        }
    }
    let route = match route::parse(req.uri().path(), gate.default_plugin.as_deref()) {
        Ok(r) => r,
        Err(e) => return refuse(e.status, &e.message),
    };
    let plugin = match gate.runtime.plugin(&route.plugin) {
        Ok(p) => p.clone(),
        Err(e) => return refuse(404, &e.to_string()),
    };
    let specs = &plugin.manifest.constraints;
    if route.segments.len() > specs.len() {
        let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
        return refuse(
            404,
            &format!(
                "plugin {:?} takes at most {} constraint segment(s) {names:?} after /mcp",
                route.plugin,
                specs.len()
            ),
        );
    }
    let pairs = specs.iter().zip(route.segments).map(|(s, v)| (s.name.clone(), v));
    let constraints = match Constraints::from_pairs(pairs) {
        Ok(c) => c,
        Err(e) => return refuse(400, &e.to_string()),
    };
    let who = match gate.auth.authenticate(req.headers()) {
        Ok(who) => who,
        Err(message) => return refuse(401, &message),
    };
    if req.method() == axum::http::Method::POST {
        req = match check_body(req, gate.max_body_bytes).await {
            Ok(r) => r,
            Err(resp) => return resp,
        };
    }
    match gate.cache.verify(&gate.runtime, (who.tenant, plugin.name().clone(), constraints), &who.caller).await {
        Verified::Agent(key) => {
            let session = req.headers().get("mcp-session-id").and_then(|v| v.to_str().ok()).map(str::to_string);
            req.extensions_mut().insert(key);
            req.extensions_mut().insert(who.caller);
            let response = next.run(req).await;
            // Only sessions the server knows (an unknown id gets 404).
            if let Some(id) = session
                && response.status() != axum::http::StatusCode::NOT_FOUND
            {
                gate.sessions.touch(&id);
            }
            response
        }
        Verified::Refused(status, message) => refuse(status, &message),
    }
}
