//! Authentication at the front door: API keys name tenants; an upstream
//! bearer token becomes the tenant's credential; failures answer 401.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::json;
use warren::mcp::auth::{AuthMode, hash_token};
use warren::mcp::{ServeConfig, Server};
use warren::{PluginConfig, Runtime};

use crate::common::config;

async fn start(
    cfg: warren::RuntimeConfig,
    auth: AuthMode,
) -> (SocketAddr, Arc<Runtime>, tokio::sync::oneshot::Sender<()>) {
    let runtime = Arc::new(Runtime::open(cfg).await.unwrap());
    let serve = ServeConfig { listen: "127.0.0.1:0".parse().unwrap(), auth, ..ServeConfig::default() };
    let server = Server::bind(runtime.clone(), &serve).await.unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    (addr, runtime, stop)
}

async fn client(url: String, token: &str) -> rmcp::service::RunningService<rmcp::RoleClient, ()> {
    let config = StreamableHttpClientTransportConfig::with_uri(url).auth_header(token.to_string());
    ().serve(StreamableHttpClientTransport::from_config(config)).await.unwrap()
}

async fn text(c: &rmcp::service::RunningService<rmcp::RoleClient, ()>, tool: &str, args: serde_json::Value) -> String {
    let r = c
        .call_tool(CallToolRequestParams::new(tool.to_string()).with_arguments(args.as_object().cloned().unwrap()))
        .await
        .unwrap();
    r.content.iter().filter_map(|c| c.as_text().map(|t| t.text.clone())).collect::<Vec<_>>().join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tenants_and_two_contexts_reach_four_agents() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.toml");
    std::fs::write(
        &tokens,
        format!(
            "version = 1\n[[token]]\nsha256 = \"{}\"\ntenant = \"alice\"\n[[token]]\nsha256 = \"{}\"\ntenant = \"bob\"\n",
            hash_token("alice-key"),
            hash_token("bob-key")
        ),
    )
    .unwrap();
    let (addr, runtime, _stop) = start(config(&dir.path().join("data")), AuthMode::tokens(&tokens).unwrap()).await;
    for (token, who) in [("alice-key", "alice"), ("bob-key", "bob")] {
        for book in ["work", "home"] {
            let c = client(format!("http://{addr}/notes/mcp/{book}"), token).await;
            let listed = text(&c, "list_notes", json!({})).await;
            assert_eq!(listed, "No notes yet. Add one with `add_note`.", "{who}/{book} starts empty");
            text(&c, "add_note", json!({"title": format!("{who} {book}"), "body": "x"})).await;
            c.cancel().await.unwrap();
        }
    }
    let agents = runtime.agents().unwrap();
    assert_eq!(agents.len(), 4);
    let mut tenants: Vec<&str> = agents.iter().map(|a| a.key.tenant.as_str()).collect();
    tenants.sort();
    assert_eq!(tenants, ["alice", "alice", "bob", "bob"]);

    let ping = |token: Option<&str>| {
        let mut req = reqwest::Client::new()
            .post(format!("http://{addr}/notes/mcp/work"))
            .header("accept", "application/json, text/event-stream")
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    let resp = ping(None).await.unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.headers()["www-authenticate"], "Bearer");
    assert!(resp.text().await.unwrap().contains("this server needs `Authorization: Bearer <token>`"));
    let resp = ping(Some("mallory-key")).await.unwrap();
    assert_eq!(resp.status(), 401);
    assert!(resp.text().await.unwrap().contains("the bearer token is not valid for this server"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upstream_bearer_token_is_injected_but_never_seen_by_the_plugin() {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    let upstream = axum::Router::new().route(
        "/ping",
        axum::routing::get(move |h: axum::http::HeaderMap| {
            log.lock().unwrap().push(h["authorization"].to_str().unwrap().to_string());
            async { "pong" }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, upstream).await });

    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path());
    cfg.plugin_config.insert(
        "testbed".into(),
        PluginConfig { values: [("upstream".to_string(), up.clone())].into(), allow_insecure_http: true },
    );
    let (addr, runtime, _stop) = start(cfg, AuthMode::UpstreamBearer { credential: "upstream".into() }).await;
    let c = client(format!("http://{addr}/testbed/mcp"), "tok-123").await;
    let out = text(&c, "fetch", json!({"url": format!("http://{up}/ping"), "credential": "upstream"})).await;
    assert_eq!(out, "200 pong");
    assert_eq!(*seen.lock().unwrap(), ["Bearer tok-123"]);
    let tenant = runtime.agents().unwrap()[0].key.tenant.to_string();
    assert!(tenant.starts_with("bearer-") && !tenant.contains("tok-123"), "{tenant}");
    c.cancel().await.unwrap();
}
