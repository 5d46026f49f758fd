//! `sentry-standin`: serves the Sentry API stand-in until killed.
//!
//! ```text
//! sentry-standin --listen 127.0.0.1:8378 --token demo-token [--token …] [--self-hosted]
//! ```
//!
//! Prints `listening on http://ADDR` on one line once it accepts connections.

use std::io::Write;
use std::net::SocketAddr;

use anyhow::Context;
use clap::Parser;
use sentry_standin::StandIn;

/// A stand-in for Sentry's REST API, serving fixture data for offline tests and demos.
#[derive(Debug, Parser)]
#[command(name = "sentry-standin", version)]
struct Args {
    /// Address to listen on (loopback only; use port 0 for any free port).
    #[arg(long, default_value = "127.0.0.1:8378")]
    listen: SocketAddr,
    /// A bearer token to accept on /api/0/; repeat for several.
    #[arg(long = "token", required = true)]
    tokens: Vec<String>,
    /// Answer organizations' `links.regionUrl` as "" like a self-hosted Sentry (the official
    /// Sentry MCP server refuses http region URLs).
    #[arg(long)]
    self_hosted: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(args.listen.ip().is_loopback(), "--listen {} is not a loopback address", args.listen);
    let started = if args.self_hosted {
        StandIn::start_self_hosted(args.listen, args.tokens).await
    } else {
        StandIn::start(args.listen, args.tokens).await
    };
    let standin = started.with_context(|| format!("cannot listen on {}", args.listen))?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", standin.base_url())?;
    stdout.flush()?;
    std::future::pending::<()>().await;
    Ok(())
}
