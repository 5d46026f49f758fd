//! The `warren` command line: global options that set up the runtime, and one
//! subcommand per operator task. Each subcommand lives in its own module.

mod agents;
mod call;
pub mod config_file;
mod plugins;
mod serve;
mod stdio;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::plugin::PluginConfig;
use crate::runtime::{Runtime, RuntimeConfig};

/// Warren: host MCP tool sets as sandboxed WebAssembly plugins.
#[derive(Debug, Parser)]
#[command(name = "warren", version, about)]
pub struct Cli {
    /// The configuration file (default: ./warren.toml when it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config_file: Option<PathBuf>,
    /// Where agent state and compiled plugins are kept [default: warren-data].
    #[arg(long, global = true, env = "WARREN_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// A plugin directory, or a directory of them (repeatable).
    #[arg(long = "plugins", global = true)]
    pub plugin_dirs: Vec<PathBuf>,
    /// Do not load the plugins bundled in the binary.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// Operator config for a plugin: PLUGIN.KEY=VALUE (repeatable).
    #[arg(long = "config", global = true, value_name = "PLUGIN.KEY=VALUE")]
    pub config: Vec<String>,
    /// Let PLUGIN use plain http:// to its allowed hosts (repeatable).
    #[arg(long = "allow-insecure-http", global = true, value_name = "PLUGIN")]
    pub allow_insecure_http: Vec<String>,
    /// The most agents live at once; beyond it the least recently used hibernate [default: 1000].
    #[arg(long, global = true)]
    pub max_live_agents: Option<usize>,
    /// The largest memory any agent may have, in MiB [default: 256].
    #[arg(long, global = true)]
    pub max_agent_memory_mib: Option<u64>,
    /// What to do (default: serve MCP on 127.0.0.1:8377).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the plugins over MCP (Streamable HTTP) until Ctrl-C.
    Serve(serve::ServeArgs),
    /// Serve one plugin's agent over MCP on stdin/stdout (tenant `local` by default);
    /// also takes the flags of @sentry/mcp-server (--access-token, --host, --organization-slug, …).
    Stdio(stdio::StdioArgs),
    /// List the loaded plugins and their tools.
    Plugins,
    /// Print the SHA-256 of an API key read from stdin, for a tokens file.
    HashToken,
    /// Call a tool on an agent and print the result.
    Call(call::CallArgs),
    /// List the tools an agent offers.
    Tools(call::AgentArgs),
    /// List agents: live or hibernated, plugin version, last use, storage size.
    Agents,
}

impl Cli {
    /// The runtime configuration these options describe, on top of `file`.
    pub fn runtime_config(
        &self,
        file: &config_file::FileConfig,
        file_path: &std::path::Path,
    ) -> Result<RuntimeConfig, String> {
        let defaults = RuntimeConfig::default();
        let mut plugin_config: BTreeMap<String, PluginConfig> = file
            .plugin
            .iter()
            .map(|(name, p)| {
                (name.clone(), PluginConfig { values: p.config.clone(), allow_insecure_http: p.allow_insecure_http })
            })
            .collect();
        for item in &self.config {
            let (path, value) =
                item.split_once('=').ok_or_else(|| format!("--config {item:?}: expected PLUGIN.KEY=VALUE"))?;
            let (plugin, key) = path
                .split_once('.')
                .ok_or_else(|| format!("--config {item:?}: expected PLUGIN.KEY=VALUE, e.g. sentry.host=sentry.io"))?;
            plugin_config.entry(plugin.into()).or_default().values.insert(key.into(), value.into());
        }
        for plugin in &self.allow_insecure_http {
            plugin_config.entry(plugin.clone()).or_default().allow_insecure_http = true;
        }
        let rel = |p: &PathBuf| config_file::FileConfig::relative(file_path, p);
        let mut plugin_dirs: Vec<PathBuf> = file.plugins.iter().map(rel).collect();
        plugin_dirs.extend(self.plugin_dirs.iter().cloned());
        Ok(RuntimeConfig {
            data_dir: self
                .data_dir
                .clone()
                .or_else(|| file.data_dir.as_ref().map(rel))
                .unwrap_or(defaults.data_dir.clone()),
            plugin_dirs,
            bundled: file.bundled && !self.no_bundled,
            plugin_config,
            max_live_agents: self.max_live_agents.or(file.max_live_agents).unwrap_or(defaults.max_live_agents),
            max_agent_memory_mib: self
                .max_agent_memory_mib
                .or(file.max_agent_memory_mib)
                .unwrap_or(defaults.max_agent_memory_mib),
            ..defaults
        })
    }
}

/// Runs the command line; the exit code is 0 on success, 1 on an error and
/// 2 when a tool reported failure (`isError`).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::HashToken) = cli.command {
        let mut token = String::new();
        if let Err(e) = std::io::stdin().read_line(&mut token) {
            return fail(format!("reading the key from stdin: {e}"));
        }
        println!("{}", crate::mcp::auth::hash_token(token.trim()));
        return ExitCode::SUCCESS;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(format!("cannot start the async runtime: {e}")),
    };
    rt.block_on(run(cli))
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}

async fn run(cli: Cli) -> ExitCode {
    let (file, file_path) = match config_file::FileConfig::load(cli.config_file.as_deref()) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let config = match cli.runtime_config(&file, &file_path) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let data_dir = config.data_dir.clone();
    let mut config = config;
    if let Some(Command::Stdio(args)) = &cli.command {
        args.apply(&mut config);
    }
    if matches!(cli.command, None | Some(Command::Serve(_))) {
        let every = file.serve.watch_plugins_ms.unwrap_or(1000);
        config.watch_plugins = (every > 0).then(|| std::time::Duration::from_millis(every));
    }
    let runtime = match Runtime::open(config).await {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let code = match &cli.command {
        None => return serve::run(runtime, &serve::ServeArgs::default(), &file, &file_path, &data_dir).await,
        Some(Command::Serve(args)) => return serve::run(runtime, args, &file, &file_path, &data_dir).await,
        Some(Command::Stdio(args)) => return stdio::run(runtime, args).await,
        Some(Command::Plugins) => plugins::run(&runtime).await,
        Some(Command::Call(args)) => call::run(&runtime, args).await,
        Some(Command::Tools(args)) => call::tools(&runtime, args).await,
        Some(Command::Agents) => agents::run(&runtime),
        Some(Command::HashToken) => ExitCode::SUCCESS,
    };
    runtime.shutdown().await;
    code
}
