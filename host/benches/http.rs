//! `just bench` (second part): tools/call of `notes` over Streamable HTTP on
//! loopback with keep-alive, against the release `warren serve` in its own
//! process, from a load generator here (one hyper HTTP/1.1 connection per
//! MCP session) at concurrency 1, 16 and 64; baselines in the same run: the
//! same call through `Runtime::call` (no HTTP) and `GET /healthz` (HTTP, no
//! MCP) over the same client. Also startup of the release binary to ready
//! with a warm compile cache.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use warren::{Caller, Constraints, Runtime, RuntimeConfig, TenantId, Unobserved};

fn pct(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

/// One keep-alive HTTP/1.1 connection driven by hyper directly: no pool, no
/// redirects, no cookie jar, so the client adds as little as it can to what
/// is measured.
struct Conn {
    send: http1::SendRequest<Full<Bytes>>,
    authority: String,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Conn {
        let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
        tcp.set_nodelay(true).expect("nodelay");
        let (send, conn) = http1::handshake(TokioIo::new(tcp)).await.expect("handshake");
        tokio::spawn(conn);
        Conn { send, authority: addr.to_string() }
    }

    /// Sends one request; returns the status, the session id header and the body.
    async fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &'static str) -> Response {
        let mut req = hyper::Request::builder().method(method).uri(path).header("host", &self.authority);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(Full::new(Bytes::from_static(body.as_bytes()))).expect("request");
        self.send.ready().await.expect("connection ready");
        let resp = self.send.send_request(req).await.expect("response");
        let status = resp.status().as_u16();
        let session = resp.headers().get("mcp-session-id").map(|v| v.to_str().expect("ascii").to_string());
        let body = resp.into_body().collect().await.expect("body").to_bytes();
        Response { status, session, body }
    }
}

struct Response {
    status: u16,
    session: Option<String>,
    body: Bytes,
}

/// One MCP session on its own connection.
struct Session {
    conn: Conn,
    id: String,
}

const ACCEPT: &str = "application/json, text/event-stream";

impl Session {
    async fn open(addr: SocketAddr) -> Session {
        let mut conn = Conn::open(addr).await;
        let init = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"#;
        let headers = [("accept", ACCEPT), ("content-type", "application/json")];
        let resp = conn.send("POST", PATH, &headers, init).await;
        assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
        let mut s = Session { conn, id: resp.session.expect("a session id") };
        s.post(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).await;
        s
    }

    async fn post(&mut self, body: &'static str) -> Bytes {
        let headers = [
            ("accept", ACCEPT),
            ("content-type", "application/json"),
            ("mcp-session-id", self.id.as_str()),
            ("mcp-protocol-version", "2025-06-18"),
        ];
        self.conn.send("POST", PATH, &headers, body).await.body
    }
}

const PATH: &str = "/notes/mcp/bench";
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
        .map(|mut s| {
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

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let scratch = tempfile::tempdir().expect("tempdir");

    // Baseline 1: the same tool through the runtime API, in this process
    // (before the server starts, so nothing else runs).
    let config = RuntimeConfig { data_dir: scratch.path().join("direct"), ..RuntimeConfig::default() };
    let runtime = Arc::new(Runtime::open(config).await.expect("runtime"));
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
    runtime.close().await;
    drop(runtime);

    // The server: the release binary in its own process, as operators run it.
    let data = scratch.path().join("served");
    let (mut child, addr) = tokio::task::spawn_blocking(move || spawn_warren(&data)).await.expect("spawn");
    let addr: SocketAddr = addr.parse().expect("address");

    // Baseline 2: HTTP round trip without MCP, same client, same server.
    let mut conn = Conn::open(addr).await;
    let mut health = Vec::new();
    for i in 0..6000 {
        let t = Instant::now();
        let resp = conn.send("GET", "/healthz", &[], "").await;
        if i >= 1000 {
            health.push(t.elapsed());
        }
        assert_eq!(resp.status, 200);
    }
    let (_, _) = load(addr, 1, 1000).await; // warm-up
    let mut rows = Vec::new();
    for (c, total) in [(1, 5000), (16, 16_000), (64, 32_000)] {
        let (lat, wall) = load(addr, c, total).await;
        let n = lat.len();
        let (p50, p99) = pct(lat);
        rows.push((c, p50, p99, n as f64 / wall.as_secs_f64(), n));
    }
    let _ = child.kill();
    let _ = child.wait();
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
    println!(
        "| baseline: `GET /healthz` over HTTP (no MCP), same client and server | {} | {} | — | 5000 | — |",
        us(h50),
        us(h99)
    );
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
