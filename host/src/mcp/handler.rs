//! The rmcp `ServerHandler`: `tools/list` and `tools/call` on the agent the
//! gate chose for this request. Tool failures, limits and aborts become
//! `isError` results the model can read; only an unknown tool (or a request
//! that bypassed the gate) is a JSON-RPC error.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, InitializeRequestParams, InitializeResult,
    ListToolsResult, PaginatedRequestParams, ProgressNotificationParam, ServerCapabilities,
};
use rmcp::service::{Peer, RequestContext};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::convert;
use super::listeners::Listeners;
use crate::agent::Caller;
use crate::bindings::warren::plugin::client::LogLevel;
use crate::capabilities::client::CallObserver;
use crate::error::CallError;
use crate::ids::AgentKey;
use crate::runtime::Runtime;

/// The MCP service for every plugin; cheap to clone (one per session).
#[derive(Clone)]
pub struct Handler {
    /// The runtime.
    pub runtime: Arc<Runtime>,
    /// The one agent (and caller) this handler serves (stdio); `None` over
    /// HTTP, where the gate puts each request's agent and caller into its
    /// extensions.
    pub fixed: Option<(AgentKey, Caller)>,
    /// Sessions to tell when a plugin's tool set changes.
    pub listeners: Arc<Listeners>,
    /// Whether this session joined `listeners` (one handler per session).
    pub joined: Arc<AtomicBool>,
}

impl Handler {
    /// A handler for one client session.
    pub fn new(runtime: Arc<Runtime>, fixed: Option<(AgentKey, Caller)>, listeners: Arc<Listeners>) -> Self {
        Self { runtime, fixed, listeners, joined: Arc::new(AtomicBool::new(false)) }
    }

    /// This handler's twin for a new session.
    pub fn for_session(&self) -> Self {
        Self::new(self.runtime.clone(), self.fixed.clone(), self.listeners.clone())
    }

    /// Joins the listeners of the request's plugin, once per session.
    fn join(&self, ctx: &RequestContext<RoleServer>) {
        if self.joined.load(Ordering::Relaxed) {
            return;
        }
        if let Ok((key, _)) = self.target(ctx)
            && !self.joined.swap(true, Ordering::AcqRel)
        {
            self.listeners.add(&key.plugin, ctx.peer.clone());
        }
    }

    /// The agent and caller for this request.
    fn target(&self, ctx: &RequestContext<RoleServer>) -> Result<(AgentKey, Caller), ErrorData> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let parts = ctx.extensions.get::<axum::http::request::Parts>();
        let key = parts.and_then(|p| p.extensions.get::<AgentKey>()).cloned();
        let caller = parts.and_then(|p| p.extensions.get::<Caller>()).cloned();
        key.zip(caller).ok_or_else(|| ErrorData::internal_error("request reached MCP without a verified agent", None))
    }
}

/// Forwards a call's progress reports to the client as notifications.
struct Notifier {
    peer: Peer<RoleServer>,
    progress_token: Option<rmcp::model::ProgressToken>,
    cancel: CancellationToken,
}

impl CallObserver for Notifier {
    /// MCP logging is deprecated (SEP-2577) and absent from 2026-07-28, so
    /// plugin log messages go only to the host log (see `capabilities::client`).
    fn log(&self, _: LogLevel, _: &str) {}

    fn progress(&self, progress: f64, total: Option<f64>, message: Option<&str>) {
        let Some(token) = &self.progress_token else { return };
        let param = json!({"progressToken": token, "progress": progress, "total": total, "message": message});
        if let Ok(param) = serde_json::from_value::<ProgressNotificationParam>(param) {
            let peer = self.peer.clone();
            tokio::spawn(async move { peer.notify_progress(param).await });
        }
    }

    fn cancellation(&self) -> Option<CancellationToken> {
        Some(self.cancel.clone())
    }
}

/// How long a cancelled call may take to return on its own (a plugin waiting
/// through `client.wait` returns at once) before it is abandoned.
const CANCEL_GRACE: Duration = Duration::from_secs(2);

impl ServerHandler for Handler {
    fn get_info(&self) -> InitializeResult {
        let capabilities = ServerCapabilities::builder().enable_tools().enable_tool_list_changed().build();
        InitializeResult::new(capabilities)
            .with_server_info(Implementation::new("warren", env!("CARGO_PKG_VERSION")))
            .with_instructions("Tools of a Warren plugin; each URL (plugin and constraints) is its own context.")
    }

    async fn initialize(
        &self,
        request: InitializeRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<InitializeResult, ErrorData> {
        self.join(&ctx);
        ctx.peer.set_peer_info(request.clone());
        self.negotiate_initialize(&request)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        self.join(&ctx);
        let (key, caller) = self.target(&ctx)?;
        let tools =
            self.runtime.list_tools(&key, &caller).await.map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        Ok(ListToolsResult::with_all_items(tools.into_iter().map(convert::tool).collect()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        self.join(&ctx);
        let (key, caller) = self.target(&ctx)?;
        let arguments = serde_json::Value::Object(request.arguments.unwrap_or_default()).to_string();
        let observer = Arc::new(Notifier {
            peer: ctx.peer.clone(),
            progress_token: ctx.meta.get_progress_token(),
            cancel: ctx.ct.clone(),
        });
        let call = self.runtime.call(&key, &caller, &request.name, &arguments, observer);
        tokio::pin!(call);
        let outcome = tokio::select! {
            r = &mut call => r,
            () = ctx.ct.cancelled() => match tokio::time::timeout(CANCEL_GRACE, &mut call).await {
                Ok(r) => r,
                Err(_) => return Ok(convert::error_result("the call was cancelled".into()).into()),
            },
        };
        match outcome {
            Ok(out) => Ok(convert::result(out).into()),
            Err(e @ CallError::UnknownTool { .. }) => Err(ErrorData::invalid_params(e.to_string(), None)),
            Err(e) => Ok(convert::error_result(e.to_string()).into()),
        }
    }
}
