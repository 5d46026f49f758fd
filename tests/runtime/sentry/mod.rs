//! The Sentry plugin end to end: the Sentry API stand-in on 127.0.0.1, a
//! `warren serve` front door with the bundled `sentry` plugin pointed at it
//! (plain http, `upstream-bearer` auth: the client's bearer token is the
//! Sentry token), and rmcp clients per context URL. One file per tool group.

mod bad_input;
mod core;
mod inspect;
mod issues;
mod projects;
mod stdio;

use std::net::SocketAddr;
use std::sync::Arc;

use rmcp::model::{CallToolRequestParams, CallToolResult, Tool};
use rmcp::service::{RoleClient, RunningService, ServiceExt};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use sentry_standin::StandIn;
use serde_json::{Map, Value};
use tokio::sync::oneshot;
use warren::mcp::auth::AuthMode;
use warren::mcp::{ServeConfig, Server};
use warren::{PluginConfig, Runtime, RuntimeConfig};

/// The token the stand-in accepts.
pub const TOKEN: &str = "test-token";

/// A stand-in Sentry, Warren serving the plugin against it, and a data directory.
pub struct World {
    pub standin: StandIn,
    pub runtime: Arc<Runtime>,
    pub addr: SocketAddr,
    _stop: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

/// An MCP client session on one context URL.
pub type Client = RunningService<RoleClient, ()>;

/// What a tool call returned, flattened for assertions.
#[derive(Debug)]
pub struct Reply {
    /// The text blocks, joined by newlines.
    pub text: String,
    /// `isError`.
    pub is_error: bool,
    /// `structuredContent`.
    pub structured: Option<Value>,
}

impl World {
    /// Every skill granted.
    pub async fn start() -> World {
        World::with_config(&[("skills", "all")]).await
    }

    /// The plugin configured with `config` (besides `host` and `insecure_http`);
    /// `{standin}` in a value becomes the stand-in's base URL, e.g.
    /// `("docs_url", "{standin}")`.
    pub async fn with_config(config: &[(&str, &str)]) -> World {
        let standin = StandIn::start("127.0.0.1:0".parse().unwrap(), vec![TOKEN.into()]).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let base = standin.base_url();
        let mut values: std::collections::BTreeMap<String, String> =
            config.iter().map(|(k, v)| (k.to_string(), v.replace("{standin}", &base))).collect();
        values.insert("host".into(), standin.addr().to_string());
        values.insert("insecure_http".into(), "true".into());
        values.entry("seer_poll_ms".into()).or_insert_with(|| "100".into());
        let mut plugin_config = std::collections::BTreeMap::new();
        plugin_config.insert("sentry".to_string(), PluginConfig { values, allow_insecure_http: true });
        let cfg = RuntimeConfig {
            data_dir: dir.path().to_path_buf(),
            plugin_config,
            max_live_agents: 16,
            ..RuntimeConfig::default()
        };
        let runtime = Arc::new(Runtime::open(cfg).await.unwrap());
        let serve = ServeConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            auth: AuthMode::UpstreamBearer { credential: "sentry".into() },
            ..ServeConfig::default()
        };
        let server = Server::bind(runtime.clone(), &serve).await.unwrap();
        let addr = server.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        World { standin, runtime, addr, _stop: stop, _dir: dir }
    }

    /// A client on `/sentry/mcp{context}`, e.g. `""`, `"/acme"`, `"/acme/web"`.
    pub async fn client(&self, context: &str) -> Client {
        let url = format!("http://{}/sentry/mcp{context}", self.addr);
        let config = StreamableHttpClientTransportConfig::with_uri(url).auth_header(TOKEN.to_string());
        ().serve(StreamableHttpClientTransport::from_config(config)).await.unwrap()
    }
}

/// Calls `tool` with `args` (a JSON object).
pub async fn call(client: &Client, tool: &str, args: Value) -> Reply {
    let args: Map<String, Value> = args.as_object().cloned().unwrap_or_default();
    let params = CallToolRequestParams::new(tool.to_string()).with_arguments(args);
    let result: CallToolResult =
        client.call_tool(params).await.unwrap_or_else(|e| panic!("{tool}: JSON-RPC error {e}"));
    let text = result.content.iter().filter_map(|c| c.as_text().map(|t| t.text.clone())).collect::<Vec<_>>().join("\n");
    Reply { text, is_error: result.is_error.unwrap_or(false), structured: result.structured_content }
}

/// Calls a catalog tool through `execute_sentry_tool`.
pub async fn execute(client: &Client, tool: &str, args: Value) -> Reply {
    call(client, "execute_sentry_tool", serde_json::json!({"name": tool, "arguments": args})).await
}

/// The tools the client sees.
pub async fn tools(client: &Client) -> Vec<Tool> {
    client.list_all_tools().await.unwrap()
}

/// Fails with the whole reply unless it succeeded and contains every needle.
#[track_caller]
pub fn assert_ok(reply: &Reply, needles: &[&str]) {
    assert!(!reply.is_error, "expected success, got an error result:\n{}", reply.text);
    for needle in needles {
        assert!(reply.text.contains(needle), "expected {needle:?} in:\n{}", reply.text);
    }
}

/// Fails unless the reply is an error result containing every needle.
#[track_caller]
pub fn assert_err(reply: &Reply, needles: &[&str]) {
    assert!(reply.is_error, "expected an error result, got:\n{}", reply.text);
    for needle in needles {
        assert!(reply.text.contains(needle), "expected {needle:?} in:\n{}", reply.text);
    }
}
