//! `just bench` (second part): tools/call of `notes` over Streamable HTTP on
//! loopback with keep-alive, from a load generator in this process, at
//! concurrency 1, 16 and 64; baselines in the same run: the same call through
//! `Runtime::call` (no HTTP) and `GET /healthz` (HTTP, no MCP). Also startup
//! of the release binary to ready with a warm compile cache.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use warren::mcp::{ServeConfig, Server};
use warren::{Caller, Constraints, Runtime, RuntimeConfig, TenantId, Unobserved};

fn pct(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

/// One MCP session on its own keep-alive connection.
struct Session {
    client: reqwest::Client,
    url: String,
    id: String,
}

const ACCEPT: &str = "application/json, text/event-stream";

impl Session {
    async fn open(addr: SocketAddr) -> Session {
        let client = reqwest::Client::builder().tcp_nodelay(true).pool_max_idle_per_host(1).build().expect("client");
        let url = format!("http://{addr}/notes/mcp/bench");
        let init = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"#;
        let resp = client
            .post(&url)
            .header("accept", ACCEPT)
            .header("content-type", "application/json")
            .body(init)
            .send()
            .await
            .expect("initialize");
        let id = resp.headers()["mcp-session-id"].to_str().expect("session id").to_string();
        resp.bytes().await.expect("initialize body");
        let s = Session { client, url, id };
        s.post(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).await;
        s
    }

    async fn post(&self, body: &'static str) -> bytes::Bytes {
        let resp = self
            .client
            .post(&self.url)
            .header("accept", ACCEPT)
            .header("content-type", "application/json")
            .header("mcp-session-id", &self.id)
            .header("mcp-protocol-version", "2025-06-18")
            .body(body)
            .send()
            .await
            .expect("post");
        resp.bytes().await.expect("body")
    }
}

const CALL: &str = r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_notes","arguments":{}}}"#;

/// Runs `total` calls split over `concurrency` sessions; returns latencies and wall time.
async fn load(addr: SocketAddr, concurrency: usize, total: usize) -> (Vec<Duration>, Duration) {
    let mut sessions = Vec::new();
    for _ in 0..concurrency {
        sessions.push(Session::open(addr).await);
    }
    let per = total / concurrency;
    let started = Instant::now();
    let tasks: Vec<_> = sessions
        .into_iter()
        .map(|s| {
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per);
                for _ in 0..per {
                    let t = Instant::now();
                    let body = s.post(CALL).await;
                    lat.push(t.elapsed());
                    assert!(body.windows(6).any(|w| w == b"result"), "{}", String::from_utf8_lossy(&body));
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::with_capacity(total);
    for t in tasks {
        all.extend(t.await.expect("worker"));
    }
    (all, started.elapsed())
}

/// Spawns the release binary and waits for its URL line; returns the child and address.
fn spawn_warren(data_dir: &std::path::Path) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_warren"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn warren");
    let stdout = child.stdout.take().expect("stdout");
    let url = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.split("http://").nth(1).and_then(|r| r.split('/').next()).map(str::to_string))
        .expect("warren printed its URL");
    (child, url)
}

async fn startup_ms(data_dir: &std::path::Path) -> Vec<Duration> {
    let mut out = Vec::new();
    // The first start compiles `notes` into the cache; it is not counted.
    for round in 0..6 {
        let started = Instant::now();
        let dir = data_dir.to_path_buf();
        let (mut child, addr) = tokio::task::spawn_blocking(move || spawn_warren(&dir)).await.expect("spawn");
        let health = reqwest::get(format!("http://{addr}/healthz")).await.expect("healthz");
        assert!(health.status().is_success());
        if round > 0 {
            out.push(started.elapsed());
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    out
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let config = RuntimeConfig { data_dir: scratch.path().join("data"), ..RuntimeConfig::default() };
    let runtime = Arc::new(Runtime::open(config).await.expect("runtime"));
    let server = Server::bind(
        runtime.clone(),
        &ServeConfig { listen: "127.0.0.1:0".parse().expect("addr"), ..Default::default() },
    )
    .await
    .expect("bind");
    let addr = server.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));

    // Baseline 1: the same tool through the runtime API.
    let tenant = TenantId::new("local").expect("tenant");
    let constraints = Constraints::from_pairs([("notebook", "bench")]).expect("constraints");
    let key = runtime.verify(&tenant, "notes", constraints, &Caller::default()).await.expect("verify");
    let mut direct = Vec::new();
    for i in 0..12_000 {
        let t = Instant::now();
        runtime.call(&key, &Caller::default(), "list_notes", "{}", Arc::new(Unobserved)).await.expect("call");
        if i >= 2000 {
            direct.push(t.elapsed());
        }
    }
    // Baseline 2: HTTP round trip without MCP.
    let client = reqwest::Client::builder().tcp_nodelay(true).build().expect("client");
    let mut health = Vec::new();
    for i in 0..6000 {
        let t = Instant::now();
        client.get(format!("http://{addr}/healthz")).send().await.expect("get").bytes().await.expect("body");
        if i >= 1000 {
            health.push(t.elapsed());
        }
    }
    let (_, _) = load(addr, 1, 1000).await; // warm-up
    let mut rows = Vec::new();
    for (c, total) in [(1, 5000), (16, 16_000), (64, 32_000)] {
        let (lat, wall) = load(addr, c, total).await;
        let n = lat.len();
        let (p50, p99) = pct(lat);
        rows.push((c, p50, p99, n as f64 / wall.as_secs_f64(), n));
    }
    let _ = stop.send(());
    let _ = serving.await;
    runtime.close().await;
    let startup = startup_ms(&scratch.path().join("startup")).await;

    let (d50, d99) = pct(direct);
    let (h50, h99) = pct(health);
    println!(
        "# Warren MCP over HTTP benchmark (release build, {} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| what | p50 | p99 | calls/s | n | target |");
    println!("|---|---|---|---|---|---|");
    println!("| baseline: `Runtime::call` in process (no HTTP) | {} | {} | — | 10000 | — |", us(d50), us(d99));
    println!("| baseline: `GET /healthz` over HTTP (no MCP) | {} | {} | — | 5000 | — |", us(h50), us(h99));
    for (c, p50, p99, rate, n) in &rows {
        let target = match c {
            1 => "p50 ≤ 200 µs",
            64 => "≥ 10,000 calls/s",
            _ => "—",
        };
        println!(
            "| tools/call `list_notes`, concurrency {c} | {} | {} | {:.0} | {n} | {target} |",
            us(*p50),
            us(*p99),
            rate
        );
    }
    let (s50, s99) = pct(startup);
    println!(
        "| startup to ready (`warren serve`, warm compile cache) | {:.1} ms | {:.1} ms | — | 5 | ≤ 200 ms |",
        s50.as_secs_f64() * 1e3,
        s99.as_secs_f64() * 1e3
    );
    println!();
    println!(
        "ratio tools/call p50 (c=1) / healthz p50: {:.1}×; / in-process call p50: {:.0}×",
        rows[0].1.as_secs_f64() / h50.as_secs_f64(),
        rows[0].1.as_secs_f64() / d50.as_secs_f64()
    );
}
