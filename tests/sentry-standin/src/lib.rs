//! A stand-in for Sentry's REST API: a real HTTP server serving our own fixture world in the
//! shapes of Sentry's public API, so Warren's Sentry plugin, the official Sentry MCP server and
//! the benchmark run fully offline. Every endpoint the 54 Sentry MCP tools call is served;
//! mutations change in-memory state for the server's lifetime; every request is recorded.
//!
//! ```text
//! let standin = StandIn::start("127.0.0.1:0".parse()?, vec!["demo-token".into()]).await?;
//! // point a client at standin.base_url() with `Authorization: Bearer demo-token`
//! assert!(standin.requests().iter().any(|r| r.path.starts_with("/api/0/auth/")));
//! ```
//!
//! The fixture world (organizations, projects, issues, ids, error cases) is listed in the
//! crate's README.
//!
//! # Layout
//!
//! | file | what it holds |
//! |---|---|
//! | `lib.rs` | [`StandIn`]: bind, serve, the request log |
//! | `routes/mod.rs` | the route table, every endpoint in one place |
//! | `routes/*.rs` | handlers, one file per Sentry resource |
//! | `world/` | the fixture world: typed entities, the mutable store, rendering |
//! | `auth.rs`, `special.rs`, `record.rs` | middleware: bearer tokens, error-case orgs, request log |
//! | `table.rs`, `search.rs` | the events endpoint's query engine and Sentry's search syntax |
//! | `reply.rs`, `params.rs`, `paginate.rs` | responses, query strings, cursor paging |
//! | `fixtures.rs` | the files under `fixtures/`, compiled in |
//! | `clock.rs`, `ids.rs` | timestamps and made-up ids |

mod auth;
mod clock;
mod fixtures;
mod ids;
mod paginate;
mod params;
mod record;
mod reply;
mod routes;
mod search;
mod special;
mod table;
mod world;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use record::RecordedRequest;

/// A running stand-in. Dropping it shuts the server down.
pub struct StandIn {
    addr: SocketAddr,
    base_url: String,
    recorder: record::Recorder,
    /// Dropping the sender ends the server's graceful shutdown wait.
    _shutdown: oneshot::Sender<()>,
}

impl StandIn {
    /// Binds `addr` (e.g. `127.0.0.1:0` for any free port) and serves in a tokio task.
    /// Requests to `/api/0/` must carry `Authorization: Bearer <token>` with one of `tokens`.
    /// Organizations name the stand-in as their region (`links.regionUrl`), as sentry.io does.
    pub async fn start(addr: SocketAddr, tokens: Vec<String>) -> io::Result<StandIn> {
        Self::serve(addr, tokens, true).await
    }

    /// Like [`StandIn::start`], but organizations answer `links.regionUrl: ""`, as a
    /// self-hosted Sentry does. The official Sentry MCP server refuses region URLs that are not
    /// `https`, so benchmark it against a stand-in started this way.
    pub async fn start_self_hosted(addr: SocketAddr, tokens: Vec<String>) -> io::Result<StandIn> {
        Self::serve(addr, tokens, false).await
    }

    async fn serve(addr: SocketAddr, tokens: Vec<String>, own_region: bool) -> io::Result<StandIn> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let region_url = if own_region { base_url.clone() } else { String::new() };
        let world = world::World::load(base_url.clone(), region_url)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let recorder = record::Recorder::default();
        let app = routes::app(Arc::new(world), auth::Tokens::new(tokens), recorder.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        // Small JSON answers are written in one go; without TCP_NODELAY, Nagle plus delayed
        // ACKs would add ~40 ms to keep-alive requests in benchmarks.
        let listener = listener.tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
        tokio::spawn(async move {
            let shutdown_signal = async move {
                let _ = stopped.await;
            };
            let _ = axum::serve(listener, app).with_graceful_shutdown(shutdown_signal).await;
        });
        Ok(StandIn { addr, base_url, recorder, _shutdown: shutdown })
    }

    /// The address the stand-in listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the stand-in's root (the API is under `/api/0/`).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorder.snapshot()
    }
}
