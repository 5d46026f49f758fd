//! The MCP front door end to end: an rmcp client over Streamable HTTP, and
//! raw HTTP for the refusals.

use std::net::SocketAddr;
use std::sync::Arc;

use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::StreamableHttpClientTransport;
use serde_json::{Map, Value, json};
use tokio::sync::oneshot;
use warren::Runtime;
use warren::mcp::{ServeConfig, Server};

use crate::common::open;

/// A server on 127.0.0.1:0 over a fresh data directory; dropping the sender stops it.
async fn start(dir: &std::path::Path) -> (SocketAddr, Arc<Runtime>, oneshot::Sender<()>) {
    let runtime = Arc::new(open(dir).await);
    let config = ServeConfig { listen: "127.0.0.1:0".parse().unwrap(), ..ServeConfig::default() };
    let server = Server::bind(runtime.clone(), &config).await.unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    (addr, runtime, stop)
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

async fn call_text(client: &rmcp::service::RunningService<rmcp::RoleClient, ()>, tool: &str, a: Value) -> String {
    let r = client.call_tool(CallToolRequestParams::new(tool.to_string()).with_arguments(args(a))).await.unwrap();
    r.content.iter().filter_map(|c| c.as_text().map(|t| t.text.clone())).collect::<Vec<_>>().join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_rmcp_client_lists_and_calls_tools_per_context() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, runtime, _stop) = start(dir.path()).await;
    let work =
        ().serve(StreamableHttpClientTransport::from_uri(format!("http://{addr}/notes/mcp/work"))).await.unwrap();
    let tools = work.list_tools(Default::default()).await.unwrap();
    let names: Vec<&str> = tools.tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(names, ["add_note", "list_notes", "get_note", "search_notes", "delete_note"]);
    let delete = tools.tools.iter().find(|t| t.name == "delete_note").unwrap();
    assert_eq!(delete.annotations.as_ref().and_then(|a| a.destructive_hint), Some(true));

    let added = call_text(&work, "add_note", json!({"title": "over mcp", "body": "hello"})).await;
    assert_eq!(added, "Added note #1 \"over mcp\". Next: `list_notes` or `search_notes`.");

    // Another notebook is another agent.
    let home =
        ().serve(StreamableHttpClientTransport::from_uri(format!("http://{addr}/notes/mcp/home"))).await.unwrap();
    assert_eq!(call_text(&home, "list_notes", json!({})).await, "No notes yet. Add one with `add_note`.");

    // The agent hibernates while the session stays open; the next call wakes it.
    assert_eq!(runtime.hibernate_all().await, 2);
    assert!(call_text(&work, "list_notes", json!({})).await.contains("- #1 over mcp"));

    // A tool error is an isError result, not a JSON-RPC error.
    let r =
        work.call_tool(CallToolRequestParams::new("get_note").with_arguments(args(json!({"id": 9})))).await.unwrap();
    assert_eq!(r.is_error, Some(true));

    let metrics = reqwest::get(format!("http://{addr}/metrics")).await.unwrap().text().await.unwrap();
    for line in [
        "warren_agents_live 1",
        "warren_agents_hibernated 1",
        "warren_wakes_total{plugin=\"notes\"} 3",
        "warren_hibernations_total{plugin=\"notes\"} 2",
        "warren_call_duration_seconds_count{plugin=\"notes\",tool=\"add_note\"} 1",
        "warren_call_errors_total{plugin=\"notes\",kind=\"tool_error\"} 1",
        "warren_verify_cache_lookups_total{result=\"miss\"} 2",
    ] {
        assert!(metrics.lines().any(|l| l == line), "{line:?} missing from:\n{metrics}");
    }
    assert!(metrics.contains("warren_verify_cache_lookups_total{result=\"hit\"}"), "{metrics}");
    work.cancel().await.unwrap();
    home.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_2026_client_discovers_and_calls_statelessly() {
    use rmcp::model::ProtocolVersion;
    use rmcp::service::{ClientLifecycleMode, ClientServiceExt};
    let dir = tempfile::tempdir().unwrap();
    let (addr, _runtime, _stop) = start(dir.path()).await;
    let lifecycle = ClientLifecycleMode::Discover { preferred_versions: vec![ProtocolVersion::V_2026_07_28] };
    let transport = StreamableHttpClientTransport::from_uri(format!("http://{addr}/notes/mcp/modern"));
    let client = ().serve_with_lifecycle(transport, lifecycle).await.unwrap();
    let added = call_text(&client, "add_note", json!({"title": "stateless", "body": "2026"})).await;
    assert_eq!(added, "Added note #1 \"stateless\". Next: `list_notes` or `search_notes`.");
    assert!(call_text(&client, "list_notes", json!({})).await.contains("- #1 stateless"));
    client.cancel().await.unwrap();
}

async fn post(addr: SocketAddr, path: &str, origin: Option<&str>) -> (u16, String) {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}});
    let mut req = reqwest::Client::new()
        .post(format!("http://{addr}{path}"))
        .header("accept", "application/json, text/event-stream")
        .json(&body);
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// A POST whose path is sent as written (HTTP clients normalise `..` away).
async fn raw_post(addr: SocketAddr, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut out = String::new();
    tcp.read_to_string(&mut out).await.unwrap();
    let status = out.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, out)
}

#[tokio::test]
async fn refusals_carry_a_status_and_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, _runtime, _stop) = start(dir.path()).await;
    let (status, body) = post(addr, "/notes/mcp", Some("https://evil.example")).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Origin \\\"https://evil.example\\\" is not allowed"), "{body}");

    let (status, body) = post(addr, "/nope/mcp", None).await;
    assert_eq!(status, 404);
    assert!(
        body.contains(
            "no plugin named \\\"nope\\\" is loaded; loaded plugins: [\\\"notes\\\", \\\"sentry\\\", \\\"testbed\\\"]"
        ),
        "{body}"
    );

    let (status, body) = raw_post(addr, "/notes/mcp/..").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = post(addr, "/notes/mcp/a%2Fb", None).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("encoded slash"), "{body}");

    let (status, body) = post(addr, "/notes/mcp/a/b", None).await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = post(addr, "/testbed/mcp/forbidden", None).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("room \\\"forbidden\\\" is off limits"), "{body}");

    for (body, code) in
        [("{\"jsonrpc\":", -32700), ("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600), ("42", -32600)]
    {
        let resp = reqwest::Client::new()
            .post(format!("http://{addr}/notes/mcp"))
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{body}");
        let v: Value = resp.json().await.unwrap();
        assert_eq!(v["error"]["code"], code, "{body}: {v}");
    }

    let (status, _) = post(addr, "/notes/mcp/ok", Some("http://localhost:6274")).await;
    assert_eq!(status, 200, "a local Origin (e.g. the MCP Inspector) is allowed");
    let health = reqwest::get(format!("http://{addr}/healthz")).await.unwrap().text().await.unwrap();
    assert_eq!(health, "ok\n");
}

/// Reads the next server-sent event (name, data) from a streaming response.
async fn next_event(resp: &mut reqwest::Response, buf: &mut String) -> (String, String) {
    loop {
        if let Some(end) = buf.find("\n\n") {
            let raw: String = buf.drain(..end + 2).collect();
            let (mut name, mut data) = (String::from("message"), String::new());
            for line in raw.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                }
            }
            if data.is_empty() && raw.starts_with(':') {
                continue; // keep-alive comment
            }
            return (name, data);
        }
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), resp.chunk()).await.unwrap().unwrap();
        buf.push_str(&String::from_utf8_lossy(&chunk.expect("the stream ended")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_legacy_sse_transport_round_trips_a_tool_call() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, runtime, _stop) = start(dir.path()).await;
    let http = reqwest::Client::new();
    let mut stream = http.get(format!("http://{addr}/notes/sse/legacy")).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    let mut buf = String::new();
    let (name, endpoint) = next_event(&mut stream, &mut buf).await;
    assert_eq!(name, "endpoint");
    assert!(endpoint.starts_with("/sse/message?sessionId="), "{endpoint}");
    let post = |body: Value| {
        let http = http.clone();
        let url = format!("http://{addr}{endpoint}");
        async move { http.post(url).json(&body).send().await.unwrap().status().as_u16() }
    };
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": {"name": "old", "version": "1"}}});
    assert_eq!(post(init).await, 202);
    let (name, data) = next_event(&mut stream, &mut buf).await;
    assert_eq!(name, "message");
    let reply: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(reply["result"]["serverInfo"]["name"], "warren");
    assert_eq!(post(json!({"jsonrpc": "2.0", "method": "notifications/initialized"})).await, 202);
    let call = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "add_note", "arguments": {"title": "old school", "body": "sse"}}});
    assert_eq!(post(call).await, 202);
    let (_, data) = next_event(&mut stream, &mut buf).await;
    let reply: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(reply["id"], 2);
    assert_eq!(
        reply["result"]["content"][0]["text"],
        "Added note #1 \"old school\". Next: `list_notes` or `search_notes`."
    );
    let agents = runtime.agents().unwrap();
    assert_eq!(agents[0].key.constraints.get("notebook"), Some("legacy"));

    // Messages for a session that does not exist are refused clearly.
    let resp = http
        .post(format!("http://{addr}/sse/message?sessionId=nope"))
        .json(&json!({"jsonrpc": "2.0", "method": "ping", "id": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    drop(stream);
}

/// A JSON-RPC POST on a session (or opening one); returns status, session id and body.
async fn session_post(addr: SocketAddr, session: Option<&str>, body: Value) -> (u16, Option<String>, String) {
    let mut req = reqwest::Client::new()
        .post(format!("http://{addr}/notes/mcp"))
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-06-18")
        .json(&body);
    if let Some(id) = session {
        req = req.header("mcp-session-id", id);
    }
    let resp = req.send().await.unwrap();
    let id = resp.headers().get("mcp-session-id").map(|v| v.to_str().unwrap().to_string());
    (resp.status().as_u16(), id, resp.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_unused_past_their_time_to_live_are_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Arc::new(open(dir.path()).await);
    let config = ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        session_ttl: std::time::Duration::from_secs(1),
        ..ServeConfig::default()
    };
    let server = Server::bind(runtime.clone(), &config).await.unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}});
    let (status, id, _) = session_post(addr, None, init).await;
    assert_eq!(status, 200);
    let id = id.expect("a session id");
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    assert_eq!(session_post(addr, Some(&id), initialized).await.0, 202);
    let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
    let (status, _, body) = session_post(addr, Some(&id), list.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert!(runtime.session(&id).unwrap().is_some(), "the session is stored");
    // Unused for three times its time to live: gone from memory and from the store.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(runtime.session(&id).unwrap().is_none(), "the sweep forgot the stored session");
    let (status, _, body) = session_post(addr, Some(&id), list).await;
    assert_eq!(status, 404, "an expired session gets 404 so the client initializes again: {body}");
    let _ = stop.send(());
}
