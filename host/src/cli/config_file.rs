//! `warren.toml`: the operator's configuration file. Every field has a
//! default (shown as the TOML line it accepts); unknown keys are errors;
//! command-line flags override it. Read from `./warren.toml` when present,
//! or from `--config-file PATH`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file format this Warren reads.
pub const VERSION: u32 = 1;

/// The default file name, looked up in the working directory.
pub const DEFAULT_PATH: &str = "warren.toml";

/// `warren.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileConfig {
    /// `version = 1`.
    pub version: u32,
    /// `data_dir = "warren-data"`: agent state and compiled plugins.
    pub data_dir: Option<PathBuf>,
    /// `plugins = ["/srv/warren/plugins"]`: plugin directories (default none).
    pub plugins: Vec<PathBuf>,
    /// `bundled = true`: load the plugins bundled in the binary.
    pub bundled: bool,
    /// `max_live_agents = 1000`: beyond it the least recently used hibernate.
    pub max_live_agents: Option<usize>,
    /// `max_agent_memory_mib = 256`: the largest memory any agent may have.
    pub max_agent_memory_mib: Option<u64>,
    /// `[serve]`: the MCP front door.
    pub serve: ServeSection,
    /// `[plugin.NAME]`: operator settings per plugin.
    pub plugin: BTreeMap<String, PluginSection>,
}

impl Default for FileConfig {
    fn default() -> Self {
        Self {
            version: VERSION,
            data_dir: None,
            plugins: Vec::new(),
            bundled: true,
            max_live_agents: None,
            max_agent_memory_mib: None,
            serve: ServeSection::default(),
            plugin: BTreeMap::new(),
        }
    }
}

/// `[serve]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServeSection {
    /// `listen = "127.0.0.1:8377"`.
    pub listen: Option<SocketAddr>,
    /// `default_plugin = "sentry"`: also served at `/mcp/…` (default none).
    pub default_plugin: Option<String>,
    /// `auth = "none"`: `none`, `tokens` or `upstream-bearer`.
    pub auth: Option<String>,
    /// `tokens_file = "tokens.toml"`: with `auth = "tokens"` (relative to this file).
    pub tokens_file: Option<PathBuf>,
    /// `upstream_credential = "sentry"`: with `auth = "upstream-bearer"`.
    pub upstream_credential: Option<String>,
    /// `verify_ttl_secs = 300`: how long verified constraints are trusted.
    pub verify_ttl_secs: Option<u64>,
    /// `max_body_bytes = 4194304`: the largest request body.
    pub max_body_bytes: Option<usize>,
    /// `allowed_hosts = []`: `Host` names accepted besides loopback (list your
    /// public host name when listening beyond loopback).
    pub allowed_hosts: Vec<String>,
    /// `watch_plugins_ms = 1000`: how often plugin directories are checked for
    /// a changed plugin to swap in live (0: never; SIGHUP checks at once).
    pub watch_plugins_ms: Option<u64>,
    /// `session_ttl_secs = 86400`: how long an unused MCP session is kept.
    pub session_ttl_secs: Option<u64>,
}

/// `[plugin.NAME]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PluginSection {
    /// `allow_insecure_http = false`: let the plugin use plain http:// to its allowed hosts.
    pub allow_insecure_http: bool,
    /// `[plugin.NAME.config]`: values for the manifest's `[config.KEY]` entries.
    pub config: BTreeMap<String, String>,
}

impl FileConfig {
    /// Reads `path`, or `./warren.toml` when `path` is `None` (absent is fine then).
    pub fn load(path: Option<&Path>) -> Result<(Self, PathBuf), String> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from(DEFAULT_PATH), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok((Self::default(), path)),
            Err(e) => return Err(format!("config file {}: {e}", path.display())),
        };
        let config: FileConfig = toml::from_str(&text)
            .map_err(|e| format!("config file {}: {}", path.display(), e.to_string().trim_end()))?;
        if config.version != VERSION {
            return Err(format!(
                "config file {}: version = {} is not supported; use version = 1",
                path.display(),
                config.version
            ));
        }
        Ok((config, path))
    }

    /// A path from the file, taken relative to the file's directory.
    pub fn relative(file: &Path, p: &Path) -> PathBuf {
        match file.parent() {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }
}
