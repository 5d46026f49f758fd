//! The legacy HTTP+SSE transport (MCP 2024-11-05), which rmcp no longer
//! ships: `GET /{plugin}/sse[/{constraints}…]` (after the gate) opens an
//! event stream whose first event, `endpoint`, names
//! `/sse/message?sessionId=…`; the client POSTs each JSON-RPC message there
//! (202 Accepted) and reads responses as `message` events. Each stream is one
//! rmcp service bound to the agent of its URL; closing it ends the session.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::channel::mpsc;
use futures::{SinkExt, Stream, StreamExt};
use rmcp::ServiceExt;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use serde::Deserialize;

use super::auth::AuthMode;
use super::gate::{loopback_origin, refuse};
use super::handler::Handler;
use super::listeners::Listeners;
use crate::agent::Caller;
use crate::ids::{AgentKey, TenantId};
use crate::runtime::Runtime;

/// Where clients post their messages.
pub const MESSAGE_PATH: &str = "/sse/message";

struct Session {
    tenant: TenantId,
    to_server: mpsc::Sender<ClientJsonRpcMessage>,
}

/// Open SSE sessions by id.
#[derive(Clone)]
pub struct SseState {
    /// The runtime.
    pub runtime: Arc<Runtime>,
    /// How POSTs are authenticated (they must come from the stream's tenant).
    pub auth: Arc<AuthMode>,
    /// Sessions to tell when a plugin's tool set changes.
    pub listeners: Arc<Listeners>,
    sessions: Arc<Mutex<HashMap<String, Session>>>,
}

impl SseState {
    /// No sessions yet.
    pub fn new(runtime: Arc<Runtime>, auth: Arc<AuthMode>, listeners: Arc<Listeners>) -> Self {
        Self { runtime, auth, listeners, sessions: Arc::default() }
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Removes its session when the event stream is dropped (the client left).
struct Closer {
    id: String,
    state: SseState,
}

impl Drop for Closer {
    fn drop(&mut self) {
        self.state.sessions().remove(&self.id);
    }
}

/// `GET /{plugin}/sse/…`: opens a session on the gate's agent.
pub async fn open(
    State(state): State<SseState>,
    Extension(key): Extension<AgentKey>,
    Extension(caller): Extension<Caller>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (to_server, from_client) = mpsc::channel::<ClientJsonRpcMessage>(64);
    let (to_client, from_server) = mpsc::channel::<ServerJsonRpcMessage>(64);
    state.sessions().insert(id.clone(), Session { tenant: key.tenant.clone(), to_server });
    let handler = Handler::new(state.runtime.clone(), Some((key, caller)), state.listeners.clone());
    tokio::spawn(async move {
        match handler.serve((to_client, from_client)).await {
            Ok(service) => {
                let _ = service.waiting().await;
            }
            Err(e) => tracing::info!("legacy SSE session ended before initialize: {e}"),
        }
    });
    let endpoint = Event::default().event("endpoint").data(format!("{MESSAGE_PATH}?sessionId={id}"));
    let closer = Closer { id, state };
    let messages = from_server.map(move |m| {
        let _keep = &closer;
        Ok(Event::default().event("message").data(serde_json::to_string(&m).unwrap_or_default()))
    });
    Sse::new(futures::stream::once(async { Ok(endpoint) }).chain(messages)).keep_alive(KeepAlive::default())
}

/// The query of a message POST.
#[derive(Deserialize)]
pub struct MessageQuery {
    #[serde(rename = "sessionId")]
    session_id: String,
}

/// `POST /sse/message?sessionId=…`: hands one message to its session.
pub async fn message(
    State(state): State<SseState>,
    Query(q): Query<MessageQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())
        && !loopback_origin(origin)
    {
        return refuse(403, &format!("Origin {origin:?} is not allowed: requests from other sites are refused"));
    }
    let who = match state.auth.authenticate(&headers) {
        Ok(who) => who,
        Err(message) => return refuse(401, &message),
    };
    let message: ClientJsonRpcMessage = match serde_json::from_slice(&body) {
        Ok(m) => m,
        Err(e) => return refuse(400, &format!("the body is not a JSON-RPC message: {e}")),
    };
    let sender = {
        let sessions = state.sessions();
        match sessions.get(&q.session_id) {
            Some(s) if s.tenant == who.tenant => s.to_server.clone(),
            Some(_) => return refuse(403, "this session belongs to another tenant"),
            None => return refuse(404, "no such SSE session (it ended); open a new one with GET /{plugin}/sse"),
        }
    };
    let mut sender = sender;
    match sender.send(message).await {
        Ok(()) => axum::http::StatusCode::ACCEPTED.into_response(),
        Err(_) => refuse(404, "the SSE session has ended; open a new one with GET /{plugin}/sse"),
    }
}
