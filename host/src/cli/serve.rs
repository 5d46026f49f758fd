//! `warren serve` (and `warren` with no command): the MCP front door on a
//! loopback port, printing the URLs to paste into a client; SIGINT/SIGTERM
//! finish calls in flight and hibernate every agent before exiting.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use super::config_file::FileConfig;
use super::fail;
use crate::mcp::auth::AuthMode;
use crate::mcp::{ServeConfig, Server};
use crate::runtime::Runtime;

/// `warren serve` options.
#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8377].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// A plugin to serve at /mcp/… as well as /{plugin}/mcp/….
    #[arg(long)]
    pub default_plugin: Option<String>,
    /// How callers authenticate: none (loopback only; the default), tokens, upstream-bearer.
    #[arg(long, value_enum)]
    pub auth: Option<AuthArg>,
    /// With --auth tokens: the tokens file (TOML; see README).
    #[arg(long, value_name = "PATH")]
    pub tokens_file: Option<std::path::PathBuf>,
    /// With --auth upstream-bearer: the credential name the bearer token fills (e.g. sentry).
    #[arg(long, value_name = "NAME")]
    pub upstream_credential: Option<String>,
}

/// `--auth` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AuthArg {
    /// Everyone is tenant `local`; loopback only.
    None,
    /// API keys from --tokens-file.
    Tokens,
    /// The bearer token is the upstream credential.
    UpstreamBearer,
}

impl ServeArgs {
    /// The auth mode from flags, then `[serve]` of the config file.
    fn auth(&self, file: &FileConfig, file_path: &Path) -> Result<AuthMode, String> {
        let from_file = match file.serve.auth.as_deref() {
            None | Some("none") => AuthArg::None,
            Some("tokens") => AuthArg::Tokens,
            Some("upstream-bearer") => AuthArg::UpstreamBearer,
            Some(other) => {
                return Err(format!(
                    "config file {}: [serve] auth = {other:?}; use \"none\", \"tokens\" or \"upstream-bearer\"",
                    file_path.display()
                ));
            }
        };
        match self.auth.unwrap_or(from_file) {
            AuthArg::None => Ok(AuthMode::None),
            AuthArg::Tokens => {
                let path = self
                    .tokens_file
                    .clone()
                    .or_else(|| file.serve.tokens_file.as_ref().map(|p| FileConfig::relative(file_path, p)))
                    .ok_or("auth tokens needs --tokens-file PATH (or [serve] tokens_file)")?;
                AuthMode::tokens(&path)
            }
            AuthArg::UpstreamBearer => {
                let credential =
                    self.upstream_credential.clone().or_else(|| file.serve.upstream_credential.clone()).ok_or(
                        "auth upstream-bearer needs --upstream-credential NAME (or [serve] upstream_credential)",
                    )?;
                Ok(AuthMode::UpstreamBearer { credential })
            }
        }
    }
}

async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Swaps in changed plugins at once on each SIGHUP.
#[cfg(unix)]
async fn reload_on_hangup(runtime: Arc<Runtime>) {
    let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
        return;
    };
    while hangups.recv().await.is_some() {
        let report = runtime.reload_plugins().await;
        tracing::warn!(changed = ?report.changed, removed = ?report.removed, failed = ?report.failed, "SIGHUP: plugins reloaded");
    }
}

/// Runs the server until a signal, then hibernates every agent.
pub async fn run(runtime: Runtime, args: &ServeArgs, file: &FileConfig, file_path: &Path, data_dir: &Path) -> ExitCode {
    let auth = match args.auth(file, file_path) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let defaults = ServeConfig::default();
    let config = ServeConfig {
        listen: args.listen.or(file.serve.listen).unwrap_or(defaults.listen),
        default_plugin: args.default_plugin.clone().or_else(|| file.serve.default_plugin.clone()),
        auth,
        verify_ttl: file.serve.verify_ttl_secs.map(std::time::Duration::from_secs).unwrap_or(defaults.verify_ttl),
        max_body_bytes: file.serve.max_body_bytes.unwrap_or(defaults.max_body_bytes),
        allowed_hosts: file.serve.allowed_hosts.clone(),
        session_ttl: file.serve.session_ttl_secs.map(std::time::Duration::from_secs).unwrap_or(defaults.session_ttl),
    };
    let runtime = Arc::new(runtime);
    let server = match Server::bind(runtime.clone(), &config).await {
        Ok(s) => s,
        Err(e) => return fail(format!("{e:#}")),
    };
    let addr = server.local_addr().unwrap_or(config.listen);
    // A closed stdout (a supervisor that stopped reading) must not stop the server.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "warren is serving MCP over Streamable HTTP; paste a URL into your client:");
    for plugin in runtime.plugins() {
        let segments: String = plugin.manifest.constraints.iter().map(|c| format!("/{{{}}}", c.name)).collect();
        let _ = writeln!(
            out,
            "  {:<10} http://{addr}/{}/mcp   (optionally {segments})",
            plugin.name().as_str(),
            plugin.name().as_str()
        );
    }
    if let Some(p) = &config.default_plugin {
        let _ = writeln!(out, "  default    http://{addr}/mcp   (plugin {p})");
    }
    let _ = writeln!(out, "Ctrl-C stops it; agents hibernate to {}.", data_dir.display());
    drop(out);
    #[cfg(unix)]
    let reloader = tokio::spawn(reload_on_hangup(runtime.clone()));
    let code = match server.run(signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("the server stopped: {e}")),
    };
    #[cfg(unix)]
    reloader.abort();
    let hibernated = runtime.close().await;
    let _ = writeln!(std::io::stderr(), "hibernated {hibernated} agent(s); bye");
    code
}
