//! `warren serve`: the axum router (Streamable HTTP and legacy SSE streams
//! behind the gate, the SSE message endpoint, `/healthz`, `/metrics`), the listener with TCP_NODELAY, and graceful shutdown that
//! stops taking requests, finishes calls in flight and hibernates every agent.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio_util::sync::CancellationToken;

use super::auth::AuthMode;
use super::gate::{Gate, gate};
use super::handler::Handler;
use super::listeners::Listeners;
use super::sessions::{self, DurableSessions, SessionClock};
use super::sse::{self, SseState};
use super::verify_cache::VerifyCache;
use crate::runtime::Runtime;

/// Front-door settings.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen (default `127.0.0.1:8377`).
    pub listen: SocketAddr,
    /// The plugin also served at `/mcp/…` (default none).
    pub default_plugin: Option<String>,
    /// How long verified constraints are trusted (default 5 minutes).
    pub verify_ttl: Duration,
    /// Largest request body (default 4 MiB).
    pub max_body_bytes: usize,
    /// How callers are authenticated (default `none`: loopback only).
    pub auth: AuthMode,
    /// `Host` values accepted besides loopback names (DNS-rebinding rule);
    /// a public deployment lists its own host names (default none).
    pub allowed_hosts: Vec<String>,
    /// How long an unused MCP session is kept (default 24 hours); a client
    /// that comes back later gets 404 and initializes again.
    pub session_ttl: Duration,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8377)),
            default_plugin: None,
            verify_ttl: Duration::from_secs(300),
            max_body_bytes: 4 << 20,
            auth: AuthMode::None,
            allowed_hosts: Vec::new(),
            session_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// A bound server, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    cancel: CancellationToken,
}

impl Server {
    /// Binds the listener and builds the router. With auth `none` only
    /// loopback addresses are accepted.
    pub async fn bind(runtime: Arc<Runtime>, config: &ServeConfig) -> anyhow::Result<Self> {
        if config.auth.is_open() && !config.listen.ip().is_loopback() {
            anyhow::bail!(
                "refusing to listen on {} without authentication: use a loopback address such as 127.0.0.1, or --auth tokens / upstream-bearer",
                config.listen
            );
        }
        if let Some(p) = &config.default_plugin {
            runtime.plugin(p).map_err(|e| anyhow::anyhow!("--default-plugin: {e}"))?;
        }
        let cancel = CancellationToken::new();
        let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "::1"].into_iter().map(String::from).collect();
        hosts.extend(config.allowed_hosts.iter().cloned());
        let mut mcp_config = StreamableHttpServerConfig::default()
            .with_allowed_hosts(hosts)
            .with_allowed_origins(["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"])
            .with_max_request_body_bytes(config.max_body_bytes)
            .with_cancellation_token(cancel.child_token());
        mcp_config.session_store = Some(Arc::new(DurableSessions { runtime: runtime.clone() }));
        let listeners = Listeners::start(&runtime);
        let handler = Handler::new(runtime.clone(), None, listeners.clone());
        let mut manager = LocalSessionManager::default();
        // rmcp drops idle sessions from memory after this (they are restored
        // from the store on their next request, until the sweep forgets them).
        manager.session_config.keep_alive = Some(config.session_ttl.min(Duration::from_secs(300)));
        let manager = Arc::new(manager);
        let clock = Arc::new(SessionClock::default());
        let every = (config.session_ttl / 4).clamp(Duration::from_millis(100), Duration::from_secs(600));
        tokio::spawn(sessions::sweep(
            runtime.clone(),
            clock.clone(),
            manager.clone(),
            config.session_ttl,
            every,
            cancel.clone(),
        ));
        let mcp = StreamableHttpService::new(move || Ok(handler.for_session()), manager, mcp_config);
        let auth = Arc::new(config.auth.clone());
        let scraped = runtime.clone();
        let sse_state = SseState::new(runtime.clone(), auth.clone(), listeners);
        let gate_state = Gate {
            runtime,
            cache: Arc::new(VerifyCache::new(config.verify_ttl)),
            default_plugin: config.default_plugin.clone(),
            auth,
            max_body_bytes: config.max_body_bytes,
            sessions: clock,
        };
        let sse_streams = Router::new()
            .route("/sse", get(sse::open))
            .route("/sse/{*rest}", get(sse::open))
            .route("/{plugin}/sse", get(sse::open))
            .route("/{plugin}/sse/{*rest}", get(sse::open))
            .with_state(sse_state.clone());
        let gated = Router::new()
            .route_service("/mcp", mcp.clone())
            .route_service("/mcp/{*rest}", mcp.clone())
            .route_service("/{plugin}/mcp", mcp.clone())
            .route_service("/{plugin}/mcp/{*rest}", mcp)
            .merge(sse_streams)
            .layer(from_fn_with_state(gate_state, gate));
        let router = Router::new()
            .route("/healthz", get(|| async { "ok\n" }))
            .route(
                "/metrics",
                get(move || {
                    let text = scraped.scrape();
                    async move {
                        ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text)
                    }
                }),
            )
            .route(sse::MESSAGE_PATH, post(sse::message).with_state(sse_state))
            .merge(gated);
        let listener = tokio::net::TcpListener::bind(config.listen).await.map_err(|e| {
            anyhow::anyhow!("cannot listen on {}: {e}; pass --listen with a free address", config.listen)
        })?;
        Ok(Self { listener, router, cancel })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then stops accepting requests and
    /// ends MCP sessions. The caller then shuts the runtime down.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let cancel = self.cancel.clone();
        axum::serve(listener, self.router)
            .with_graceful_shutdown(async move {
                shutdown.await;
                cancel.cancel();
            })
            .await
    }
}
