//! `just bench-sentry`: Warren's Sentry plugin side by side with the reference Sentry MCP server
//! (`@sentry/mcp-server` 0.39.0 under Node 22) in one run, against one in-process Sentry API
//! stand-in on 127.0.0.1. Measures startup (spawn to the first `tools/list` answer) and p50/p99
//! of `whoami` and `get_issue_details` over MCP stdio, checks every answer, and prints a
//! markdown table with the reference/Warren ratios against the targets (≥ 10×).

#[path = "sentry/servers.rs"]
mod servers;
#[path = "sentry/stdio_client.rs"]
mod stdio_client;

use std::path::Path;
use std::time::{Duration, Instant};

use sentry_standin::StandIn;
use serde_json::{Value, json};
use servers::Launch;
use stdio_client::StdioServer;

/// Measured starts per server, after one unmeasured warm-up start.
const STARTS: usize = 5;
/// Unmeasured calls per tool before the measured ones.
const WARM_UP_CALLS: usize = 30;
/// Measured calls per tool.
const CALLS: usize = 300;
/// The ratio both targets ask for.
const TARGET: f64 = 10.0;

/// One measured tool, reached through `execute_sentry_tool` on both servers.
struct Probe {
    tool: &'static str,
    arguments: Value,
    /// Text every answer must contain.
    expect: &'static [&'static str],
}

fn probes() -> [Probe; 2] {
    [
        Probe { tool: "whoami", arguments: json!({}), expect: &["Ada Lovelace"] },
        Probe {
            tool: "get_issue_details",
            arguments: json!({"organizationSlug": "acme", "issueId": "WEB-1"}),
            expect: &["WEB-1", "Cannot read properties of undefined"],
        },
    ]
}

/// What one server measured.
struct Measured {
    startup: Vec<Duration>,
    calls: Vec<ToolStats>,
    /// MCP `ping` round trips: the floor of a call over this server's stdio.
    pings: Vec<Duration>,
    rss_kib: Option<u64>,
}

struct ToolStats {
    latencies: Vec<Duration>,
    /// Stand-in requests per measured call: how much upstream work one call is.
    api_requests: f64,
}

/// Spawns the server and answers `initialize` and `tools/list`; returns the tool names.
fn start(launch: &Launch, logs: &Path) -> Result<(StdioServer, Vec<String>), String> {
    let log = logs.join(format!("{}.stderr.log", launch.log_stem));
    let mut server = StdioServer::spawn(launch.command(), log)?;
    server.initialize()?;
    let tools = server.list_tools()?;
    if !tools.iter().any(|t| t == "execute_sentry_tool") {
        return Err(format!("tools/list has no execute_sentry_tool: {tools:?}"));
    }
    Ok((server, tools))
}

fn call(server: &mut StdioServer, probe: &Probe) -> Result<(), String> {
    let text = server.call_tool("execute_sentry_tool", &json!({"name": probe.tool, "arguments": probe.arguments}))?;
    match probe.expect.iter().find(|want| !text.contains(**want)) {
        Some(missing) => Err(format!("{} answered without {missing:?}: {text}", probe.tool)),
        None => Ok(()),
    }
}

fn startups(launch: &Launch, logs: &Path) -> Result<Vec<Duration>, String> {
    // The first start is not counted: it fills Warren's compile cache and the OS page cache.
    start(launch, logs)?.0.shut_down();
    let mut out = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let started = Instant::now();
        let (server, _) = start(launch, logs)?;
        out.push(started.elapsed());
        server.shut_down();
    }
    Ok(out)
}

fn measure(launch: &Launch, logs: &Path, standin: &StandIn) -> Result<Measured, String> {
    let startup = startups(launch, logs)?;
    let (mut server, _) = start(launch, logs)?;
    let mut calls = Vec::new();
    for probe in probes() {
        for _ in 0..WARM_UP_CALLS {
            call(&mut server, &probe)?;
        }
        let before = standin.requests().len();
        let mut latencies = Vec::with_capacity(CALLS);
        for _ in 0..CALLS {
            let t = Instant::now();
            call(&mut server, &probe)?;
            latencies.push(t.elapsed());
        }
        let api_requests = (standin.requests().len() - before) as f64 / CALLS as f64;
        calls.push(ToolStats { latencies, api_requests });
    }
    let mut pings = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let t = Instant::now();
        server.ping()?;
        pings.push(t.elapsed());
    }
    let rss_kib = rss_kib(server.pid());
    server.shut_down();
    Ok(Measured { startup, calls, pings, rss_kib })
}

/// `GET /api/0/auth/` on the stand-in from this process over one keep-alive connection: the
/// floor of one upstream request, which every `whoami` makes.
fn upstream_floor(runtime: &tokio::runtime::Runtime, standin: &StandIn) -> Vec<Duration> {
    let client = reqwest::Client::new();
    let url = format!("{}/api/0/auth/", standin.base_url());
    runtime.block_on(async {
        let mut out = Vec::with_capacity(CALLS);
        for i in 0..WARM_UP_CALLS + CALLS {
            let t = Instant::now();
            let resp = client.get(&url).bearer_auth(servers::TOKEN).send().await.expect("stand-in answers");
            let body = resp.error_for_status().expect("200").bytes().await.expect("body");
            if i >= WARM_UP_CALLS {
                out.push(t.elapsed());
            }
            assert!(body.windows(12).any(|w| w == b"Ada Lovelace"), "{}", String::from_utf8_lossy(&body));
        }
        out
    })
}

/// Resident set size from `/proc/PID/status` (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn pct(v: &[Duration]) -> (Duration, Duration) {
    let mut v = v.to_vec();
    v.sort();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

fn time(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    match us {
        us if us < 1000.0 => format!("{us:.0} µs"),
        us if us < 100_000.0 => format!("{:.2} ms", us / 1000.0),
        us => format!("{:.0} ms", us / 1000.0),
    }
}

fn row(label: &str, m: &Measured) -> String {
    let (s50, s99) = pct(&m.startup);
    let mut cells = vec![label.to_string(), time(s50), time(s99)];
    for stats in &m.calls {
        let (p50, p99) = pct(&stats.latencies);
        cells.extend([time(p50), time(p99)]);
    }
    let requests: Vec<String> = m.calls.iter().map(|s| format!("{:.1}", s.api_requests)).collect();
    cells.push(requests.join(" / "));
    cells.push(m.rss_kib.map_or("—".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0)));
    format!("| {} |", cells.join(" | "))
}

/// Startup, then each tool's latencies.
fn series(m: &Measured) -> Vec<&[Duration]> {
    std::iter::once(&m.startup[..]).chain(m.calls.iter().map(|s| &s.latencies[..])).collect()
}

/// reference p50 / Warren p50 (and p99 / p99) for startup and each tool.
fn ratios(warren: &Measured, reference: &Measured) -> Vec<(f64, f64)> {
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    let pairs = series(warren).into_iter().zip(series(reference));
    pairs
        .map(|(w, r)| {
            let ((w50, w99), (r50, r99)) = (pct(w), pct(r));
            (ratio(r50, w50), ratio(r99, w99))
        })
        .collect()
}

fn print_floors(warren: &Measured, reference: Option<&Measured>, upstream: &[Duration]) {
    println!("\n| baseline (same run) | p50 | p99 |\n|---|---|---|");
    let mut rows = vec![("MCP `ping` over Warren's stdio (no tool)", &warren.pings[..])];
    if let Some(reference) = reference {
        rows.push(("MCP `ping` over the reference's stdio (no tool)", &reference.pings[..]));
    }
    rows.push(("stand-in `GET /api/0/auth/` from this process (reqwest, keep-alive)", upstream));
    for (what, series) in rows {
        let (p50, p99) = pct(series);
        println!("| {what} | {} | {} |", time(p50), time(p99));
    }
}

fn print_table(node: &str, warren: &Measured, reference: &Result<Measured, String>, upstream: &[Duration]) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("# Sentry MCP: Warren vs the reference server (release build, {cores} cores, Node {node})\n");
    println!(
        "One stand-in on 127.0.0.1 for both; MCP stdio, one request in flight; both started with \
         `--access-token … --host 127.0.0.1:PORT --insecure-http --all-skills`. Startup: spawn to the \
         first `tools/list` answer, {STARTS} starts after an unmeasured one (Warren: warm compile cache). \
         Calls: {CALLS} per tool after {WARM_UP_CALLS} warm-up calls, every answer checked. Both tools \
         are reached through `execute_sentry_tool` on both servers: in @sentry/mcp-server 0.39.0 \
         `whoami` and `get_issue_details` are catalog tools, not in `tools/list`.\n"
    );
    println!(
        "| server | startup p50 | startup p99 | whoami p50 | whoami p99 | get_issue_details p50 | \
         get_issue_details p99 | API requests per call (whoami / issue) | RSS after the calls |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    println!("{}", row("Warren (`warren stdio --plugin sentry`)", warren));
    let reference = match reference {
        Ok(reference) => reference,
        Err(why) => {
            print_floors(warren, None, upstream);
            println!("\nThe reference was not measured: {why}");
            return;
        }
    };
    println!("{}", row("reference (`@sentry/mcp-server` 0.39.0, Node 22)", reference));
    let ratios = ratios(warren, reference);
    let cells: Vec<String> =
        ratios.iter().flat_map(|(r50, r99)| [format!("{r50:.1}×"), format!("{r99:.1}×")]).collect();
    println!("| **reference / Warren** | {} | — | — |", cells.join(" | "));
    println!("\n| target | reference / Warren (p50) | |\n|---|---|---|");
    let names =
        ["startup ≥ 10× faster", "`whoami` call latency ≥ 10× lower", "`get_issue_details` call latency ≥ 10× lower"];
    for (name, (r50, _)) in names.iter().zip(&ratios) {
        println!("| {name} | {r50:.1}× | {} |", if *r50 >= TARGET { "met" } else { "missed" });
    }
    print_floors(warren, Some(reference), upstream);
}

fn main() {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("tokio runtime");
    let localhost = "127.0.0.1:0".parse().expect("address");
    // Self-hosted mode: organizations carry `regionUrl: ""`, as a self-hosted Sentry answers;
    // the reference refuses plain-http region URLs.
    let standin = runtime
        .block_on(StandIn::start_self_hosted(localhost, vec![servers::TOKEN.to_string()]))
        .expect("start the Sentry stand-in");
    let scratch = tempfile::tempdir().expect("tempdir");
    let logs = scratch.path();

    let warren_launch = servers::warren(&scratch.path().join("warren-data"), standin.addr());
    let warren = match measure(&warren_launch, logs, &standin) {
        Ok(m) => m,
        Err(why) => {
            eprintln!("error: Warren could not be measured: {why}");
            std::process::exit(1);
        }
    };
    let reference_launch = servers::reference(standin.addr());
    let node = reference_launch.as_ref().map(servers::node_version).unwrap_or_else(|_| "—".into());
    let reference = reference_launch.and_then(|launch| measure(&launch, logs, &standin));
    let upstream = upstream_floor(&runtime, &standin);
    print_table(&node, &warren, &reference, &upstream);
}
