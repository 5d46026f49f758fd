//! `just bench`: the runtime's speed and memory, measured in one process on
//! a release build. Prints p50/p99 per operation, ratios against baselines
//! measured in the same run, and the issue's targets beside them.
//!
//! Not a test: nothing here fails a build. `WARREN_BENCH_AGENTS` changes the
//! agent count of the RSS measurement (default 10000); `WARREN_BENCH_CACHE_MIB`
//! the state store's page cache (default: the runtime's default).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use warren::compile_cache::CompileCache;
use warren::{AgentKey, Caller, Constraints, Runtime, RuntimeConfig, TenantId, Unobserved};

/// Percentiles of a set of durations.
struct Stats {
    p50: Duration,
    p99: Duration,
    n: usize,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats { p50: at(0.50), p99: at(0.99), n: samples.len() }
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Resident set size of this process, from /proc, after returning freed
/// heap to the OS (as the runtime does after mass hibernation), so every
/// reading counts memory in use rather than the allocator's free lists.
fn rss_bytes() -> u64 {
    warren::memory::release_freed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    kb * 1024
}

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / (1 << 20) as f64)
}

fn row(what: &str, s: &Stats, target: &str) {
    println!("| {what} | {} | {} | {} | {target} |", us(s.p50), us(s.p99), s.n);
}

async fn key(rt: &Runtime, tenant: &str) -> AgentKey {
    let tenant = TenantId::new(tenant).expect("tenant");
    rt.verify(&tenant, "notes", Constraints::none(), &Caller::default()).await.expect("verify")
}

async fn call(rt: &Runtime, k: &AgentKey, tool: &str, args: &str) {
    let out = rt.call(k, &Caller::default(), tool, args, Arc::new(Unobserved)).await.expect("call");
    assert!(!out.is_error, "{tool}: {}", out.text());
}

/// First compile vs cached load of the bundled notes component.
fn load_times(scratch: &Path) -> (Stats, Stats) {
    let engine = warren::engine::build(warren::engine::PoolSize { instances: 8, max_memory_mib: 64 }).expect("engine");
    let wasm = warren::built::BUNDLED[0].component;
    let mut compiled = Vec::new();
    for i in 0..5 {
        let dir = scratch.join(format!("compile-{i}"));
        std::fs::create_dir_all(&dir).expect("dir");
        let cap = cap_std::fs::Dir::open_ambient_dir(&dir, cap_std::ambient_authority()).expect("dir");
        let cache = CompileCache::open(&cap, &dir).expect("cache");
        let t = Instant::now();
        cache.load(&engine, wasm).expect("compile");
        compiled.push(t.elapsed());
    }
    let dir = scratch.join("compile-0");
    let cap = cap_std::fs::Dir::open_ambient_dir(&dir, cap_std::ambient_authority()).expect("dir");
    let cache = CompileCache::open(&cap, &dir).expect("cache");
    let cached = (0..50)
        .map(|_| {
            let t = Instant::now();
            cache.load(&engine, wasm).expect("cached load");
            t.elapsed()
        })
        .collect();
    (stats(compiled), stats(cached))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let agents: usize = std::env::var("WARREN_BENCH_AGENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let scratch = tempfile::tempdir().expect("tempdir");
    println!(
        "# Warren runtime benchmark (release build, {} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let (compiled, cached) = load_times(scratch.path());
    let rss_start = rss_bytes();
    let config = RuntimeConfig {
        data_dir: scratch.path().join("data"),
        max_live_agents: agents + 16,
        max_agent_memory_mib: 64,
        state_cache_mib: std::env::var("WARREN_BENCH_CACHE_MIB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(RuntimeConfig::default().state_cache_mib),
        ..RuntimeConfig::default()
    };
    let rt = Runtime::open(config).await.expect("runtime");
    let k = key(&rt, "bench").await;
    for i in 0..3 {
        call(&rt, &k, "add_note", &format!(r#"{{"title":"note {i}","body":"some text to search","tags":["a"]}}"#))
            .await;
    }

    // Warm call: a read-only tool on a live agent (no storage writes, no disk).
    for _ in 0..1000 {
        call(&rt, &k, "list_notes", "{}").await;
    }
    let mut samples = Vec::with_capacity(20_000);
    for _ in 0..20_000 {
        let t = Instant::now();
        call(&rt, &k, "list_notes", "{}").await;
        samples.push(t.elapsed());
    }
    let warm = stats(samples);

    // A call that writes: commit + fsync before the reply (on another agent,
    // so the measured agents stay small).
    let writer = key(&rt, "writer").await;
    let mut samples = Vec::with_capacity(300);
    for i in 0..300 {
        let t = Instant::now();
        call(&rt, &writer, "add_note", &format!(r#"{{"title":"w{i}","body":"x"}}"#)).await;
        samples.push(t.elapsed());
    }
    let write = stats(samples);

    // Hibernation (snapshot + durable commit + drop) and wake to first result.
    rt.hibernate_all().await;
    call(&rt, &k, "list_notes", "{}").await;
    let (mut hib, mut wake) = (Vec::new(), Vec::new());
    for _ in 0..1000 {
        let t = Instant::now();
        assert_eq!(rt.hibernate_all().await, 1);
        hib.push(t.elapsed());
        let t = Instant::now();
        call(&rt, &k, "list_notes", "{}").await;
        wake.push(t.elapsed());
    }
    let (hib, wake) = (stats(hib), stats(wake));
    rt.hibernate_all().await;

    // Memory: many live agents, then all hibernated.
    let rss_base = rss_bytes();
    let keys: Vec<AgentKey> = {
        let mut v = Vec::with_capacity(agents);
        for i in 0..agents {
            v.push(key(&rt, &format!("tenant-{i}")).await);
        }
        v
    };
    let rss_keys = rss_bytes();
    let t = Instant::now();
    for k in &keys {
        call(&rt, k, "list_notes", "{}").await;
    }
    let wake_all = t.elapsed();
    let live = rt.live_agents();
    let rss_live = rss_bytes();
    let t = Instant::now();
    let hibernated = rt.hibernate_all().await;
    let hibernate_all = t.elapsed();
    let rss_after = rss_bytes();
    // A second round over the same agents: memory must not creep.
    for k in &keys {
        call(&rt, k, "list_notes", "{}").await;
    }
    rt.hibernate_all().await;
    drop(keys);
    let rss_second = rss_bytes();
    rt.shutdown().await;

    println!("| operation | p50 | p99 | n | target |");
    println!("|---|---|---|---|---|");
    row("warm tool call (`list_notes`, live agent)", &warm, "p50 ≤ 10 µs");
    row("wake hibernated agent → first tool result", &wake, "p50 ≤ 100 µs");
    row("hibernate one agent (snapshot + fsync'd commit)", &hib, "—");
    row("tool call that writes (commit + fsync before reply)", &write, "—");
    println!(
        "| first load of `notes` (compile + write cache) | {} | {} | {} | — |",
        ms(compiled.p50),
        ms(compiled.p99),
        compiled.n
    );
    row("cached load of `notes` (mmap `.cwasm`)", &cached, "≥ 50× faster than compile");
    println!();
    println!("| ratio (same run) | value | target |");
    println!("|---|---|---|");
    println!(
        "| first compile p50 / cached load p50 | {:.0}× | ≥ 50× |",
        compiled.p50.as_secs_f64() / cached.p50.as_secs_f64()
    );
    println!("| wake p50 / warm call p50 | {:.1}× | — |", wake.p50.as_secs_f64() / warm.p50.as_secs_f64());
    println!();
    let per_agent = rss_live.saturating_sub(rss_keys) / live.max(1) as u64;
    println!("| memory | RSS | target |");
    println!("|---|---|---|");
    println!("| process start (before the runtime) | {} | — |", mib(rss_start));
    println!("| baseline: runtime open, agents hibernated | {} | — |", mib(rss_base));
    println!("| {agents} agent keys derived, none live | {} | — |", mib(rss_keys));
    println!(
        "| {live} live `notes` agents | {} (≈ {:.1} KiB per agent) | ≤ 1 GiB |",
        mib(rss_live),
        per_agent as f64 / 1024.0
    );
    println!(
        "| after hibernating all {hibernated} | {} ({:+.1}% vs baseline) | within 10% of baseline |",
        mib(rss_after),
        (rss_after as f64 / rss_base as f64 - 1.0) * 100.0
    );
    println!(
        "| after a second wake + hibernate round, the bench's key list dropped | {} ({:+.1}% vs baseline) | no growth |",
        mib(rss_second),
        (rss_second as f64 / rss_base as f64 - 1.0) * 100.0
    );
    println!();
    println!(
        "waking {agents} agents one after another: {}; hibernating all of them: {}",
        ms(wake_all),
        ms(hibernate_all)
    );
}
