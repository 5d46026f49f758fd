//! The runtime: the composition root that owns the engine, the loaded
//! plugins, the state store and the agent registry, and the API the CLI and
//! the MCP front door use. It knows nothing of HTTP or MCP.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cap_std::ambient_authority;
use cap_std::fs::Dir;
use serde_json::Value;
use wasmtime::component::Linker;

use crate::agent::{self, Caller, Shared};
use crate::bindings::VerifyError;
use crate::capabilities::client::CallObserver;
use crate::capabilities::{self, http};
use crate::compile_cache::{CompileCache, CompileSource};
use crate::engine::{self, EpochTicker, PoolSize};
use crate::error::{CallError, VerifyStatus};
use crate::ids::{AgentId, AgentKey, Constraints, PluginName, TenantId};
use crate::metrics::Metrics;
use crate::plugin::{LoadError, LoadedPlugin, PluginConfig};
use crate::plugin_set::{Loading, PluginSet, ReloadReport};
use crate::registry::Registry;
use crate::store::committer::Committer;
use crate::store::redb::RedbStore;
use crate::store::{StateStore, StoreError, Usage};
use crate::tool::{ToolInfo, ToolOutput};

/// How a runtime is set up. Every field has a default (see [`Default`]).
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Where state and the compile cache live (default `./warren-data`).
    pub data_dir: PathBuf,
    /// Plugin directories, or directories of plugin directories (default none).
    pub plugin_dirs: Vec<PathBuf>,
    /// Whether to load the plugins bundled in the binary (default true).
    pub bundled: bool,
    /// Operator settings per plugin name (default none).
    pub plugin_config: BTreeMap<String, PluginConfig>,
    /// Live agents at most; beyond, the least recently used hibernate (default 1000).
    pub max_live_agents: usize,
    /// The largest memory any agent may have, in MiB (default 256).
    pub max_agent_memory_mib: u64,
    /// How often idle agents are looked for (default 1 s).
    pub idle_check_interval: Duration,
    /// The state store's own page cache, in MiB (default 2). Reads past it
    /// are served by the OS page cache, which is not part of Warren's RSS.
    pub state_cache_mib: usize,
    /// How often plugin directories are checked for a new version to swap
    /// in (default `None`: never; `warren serve` checks every second).
    pub watch_plugins: Option<Duration>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("warren-data"),
            plugin_dirs: Vec::new(),
            bundled: true,
            plugin_config: BTreeMap::new(),
            max_live_agents: 1000,
            max_agent_memory_mib: 256,
            idle_check_interval: Duration::from_secs(1),
            state_cache_mib: 2,
            watch_plugins: None,
        }
    }
}

/// Why a runtime could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The data directory cannot be used.
    #[error("data directory {path:?}: {message}; pass --data-dir with a writable directory")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The state store cannot be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A plugin failed to load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Two plugins have the same name.
    #[error("plugin {name:?} is installed twice: {first} and {second}; remove one")]
    Duplicate {
        /// The name.
        name: String,
        /// Where the first came from.
        first: String,
        /// Where the second came from.
        second: String,
    },
    /// wasmtime or a helper thread could not start.
    #[error("{0}")]
    Engine(String),
}

/// An agent as `warren agents` shows it.
#[derive(Debug, Clone)]
pub struct AgentStatus {
    /// The id.
    pub id: AgentId,
    /// Tenant, plugin, constraints.
    pub key: AgentKey,
    /// Whether it is live in this process.
    pub live: bool,
    /// The plugin version that last ran it.
    pub plugin_version: String,
    /// Last call, ms since the Unix epoch.
    pub last_used_ms: u64,
    /// Committed storage usage.
    pub usage: Usage,
    /// Whether a current snapshot is stored.
    pub has_snapshot: bool,
}

/// A running Warren runtime.
pub struct Runtime {
    shared: Shared,
    metrics: Arc<Metrics>,
    plugins: Arc<PluginSet>,
    registry: Arc<Registry>,
    _ticker: EpochTicker,
    reaper: tokio::task::JoinHandle<()>,
    watcher: Option<tokio::task::JoinHandle<()>>,
    commit_thread: std::thread::JoinHandle<()>,
}

fn open_data_dir(path: &Path) -> Result<Dir, StartError> {
    let fail = |e: std::io::Error| StartError::DataDir { path: path.to_path_buf(), message: e.to_string() };
    std::fs::create_dir_all(path).map_err(fail)?;
    Dir::open_ambient_dir(path, ambient_authority()).map_err(fail)
}

impl Runtime {
    /// Opens the data directory, loads every plugin and starts the idle reaper.
    pub async fn open(config: RuntimeConfig) -> Result<Self, StartError> {
        let dir = open_data_dir(&config.data_dir)?;
        let state: Arc<dyn StateStore> =
            Arc::new(RedbStore::open(&dir, &config.data_dir, config.state_cache_mib << 20)?);
        let cache = CompileCache::open(&dir, &config.data_dir)
            .map_err(|e| StartError::DataDir { path: config.data_dir.clone(), message: e.to_string() })?;
        let pool = PoolSize {
            // Room for verification instances beside the live agents.
            instances: (config.max_live_agents + 64) as u32,
            max_memory_mib: config.max_agent_memory_mib,
        };
        let engine = engine::build(pool).map_err(|e| StartError::Engine(format!("{e:#}")))?;
        let mut linker = Linker::new(&engine);
        capabilities::add_to_linker(&mut linker)
            .map_err(|e| StartError::Engine(format!("linking host imports: {e}")))?;
        let plugins = Arc::new(PluginSet::load(Loading {
            engine: engine.clone(),
            linker,
            cache,
            max_memory_mib: config.max_agent_memory_mib,
            plugin_dirs: config.plugin_dirs.clone(),
            bundled: config.bundled,
            plugin_config: config.plugin_config.clone(),
        })?);
        let http = http::shared_client().map_err(|e| StartError::Engine(format!("creating the HTTP client: {e}")))?;
        let shared = Shared { engine: engine.clone(), state: state.clone(), http };
        let (committer, commit_thread) =
            Committer::start(state).map_err(|e| StartError::Engine(format!("starting the commit thread: {e}")))?;
        let metrics = Arc::new(Metrics::default());
        let registry = Arc::new(Registry::new(shared.clone(), committer, config.max_live_agents, metrics.clone()));
        let reaper = tokio::spawn(reap(Arc::downgrade(&registry), config.idle_check_interval));
        let watcher = config.watch_plugins.map(|every| tokio::spawn(watch(Arc::downgrade(&plugins), every)));
        Ok(Self {
            _ticker: EpochTicker::start(&engine),
            shared,
            metrics,
            plugins,
            registry,
            reaper,
            watcher,
            commit_thread,
        })
    }

    /// The loaded plugins, by name.
    pub fn plugins(&self) -> Vec<Arc<LoadedPlugin>> {
        self.plugins.all()
    }

    /// Where each plugin's code came from.
    pub fn compile_sources(&self) -> BTreeMap<String, CompileSource> {
        self.plugins.all().iter().map(|p| (p.name().to_string(), p.compile_source)).collect()
    }

    /// The plugin called `name`.
    pub fn plugin(&self, name: &str) -> Result<Arc<LoadedPlugin>, CallError> {
        let unknown = || CallError::UnknownPlugin { name: name.into(), available: self.plugins.names() };
        let parsed = PluginName::new(name).map_err(|_| unknown())?;
        self.plugins.get(&parsed).ok_or_else(unknown)
    }

    /// Loads the plugins whose directories changed since they were loaded
    /// and swaps them in; live agents move to the new version on their next
    /// call. Compiles on a blocking thread.
    pub async fn reload_plugins(&self) -> ReloadReport {
        let plugins = self.plugins.clone();
        tokio::task::spawn_blocking(move || plugins.reload()).await.unwrap_or_else(|e| ReloadReport {
            failed: vec![format!("the reload thread failed: {e}")],
            ..ReloadReport::default()
        })
    }

    /// Announces the name of each plugin whose version changed in a reload.
    pub fn plugin_changes(&self) -> tokio::sync::broadcast::Receiver<PluginName> {
        self.plugins.subscribe()
    }

    /// Checks constraints against the plugin's manifest, runs its
    /// `verify-constraints`, and returns the key of the agent to use.
    pub async fn verify(
        &self,
        tenant: &TenantId,
        plugin: &str,
        constraints: Constraints,
        caller: &Caller,
    ) -> Result<AgentKey, CallError> {
        let loaded = self.plugin(plugin)?;
        check_declared(&loaded, &constraints)?;
        let key = AgentKey { tenant: tenant.clone(), plugin: loaded.name().clone(), constraints };
        let props = agent::props(&key, &loaded, caller);
        let name = loaded.name().to_string();
        let verified = match agent::verify(&self.shared, &loaded, &props, caller).await? {
            Ok(list) => list,
            Err(refusal) => {
                let (status, message) = match refusal {
                    VerifyError::Unauthorized(m) => (VerifyStatus::Unauthorized, m),
                    VerifyError::Forbidden(m) => (VerifyStatus::Forbidden, m),
                    VerifyError::NotFound(m) => (VerifyStatus::NotFound, m),
                    VerifyError::Invalid(m) => (VerifyStatus::Invalid, m),
                    VerifyError::Upstream(m) => (VerifyStatus::Upstream, m),
                };
                return Err(CallError::Verify { plugin: name, status, message });
            }
        };
        let constraints = Constraints::from_pairs(verified.into_iter().map(|c| (c.name, c.value)))
            .map_err(|e| CallError::Contract { plugin: name, message: format!("verify-constraints returned {e}") })?;
        Ok(AgentKey { constraints, ..key })
    }

    /// Calls `tool` with JSON object `arguments` on the agent for `key`.
    pub async fn call(
        &self,
        key: &AgentKey,
        caller: &Caller,
        tool: &str,
        arguments: &str,
        observer: Arc<dyn CallObserver>,
    ) -> Result<ToolOutput, CallError> {
        let plugin = self.plugin(key.plugin.as_str())?;
        let invalid = |message: String| CallError::InvalidArguments {
            plugin: key.plugin.to_string(),
            tool: tool.into(),
            message,
        };
        match serde_json::from_str::<Value>(arguments) {
            Ok(Value::Object(_)) => {}
            Ok(_) => {
                return Err(invalid("arguments must be a JSON object, e.g. '{\"id\": 1}'".into()));
            }
            Err(e) => {
                return Err(invalid(format!("arguments are not JSON ({e}); pass a JSON object, e.g. '{{}}'")));
            }
        }
        let started = std::time::Instant::now();
        let result = self.registry.call(key, &plugin, caller, tool, arguments, observer).await;
        let (tool_label, error) = match &result {
            Ok(out) => (tool, out.is_error.then_some("tool_error")),
            Err(e @ CallError::UnknownTool { .. }) => ("(unknown)", Some(error_kind(e))),
            Err(e) => (tool, Some(error_kind(e))),
        };
        let took = started.elapsed();
        self.metrics.call(key.plugin.as_str(), tool_label, took, error);
        tracing::info!(
            target: "warren::call",
            agent = %key.id().short(),
            plugin = %key.plugin,
            tool = tool_label,
            micros = took.as_micros() as u64,
            error = error.unwrap_or(""),
            "tool call"
        );
        result
    }

    /// The runtime's metrics.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The metrics in OpenMetrics text, with agent gauges refreshed.
    pub fn scrape(&self) -> String {
        let live = self.registry.live_count() as i64;
        let known = self.shared.state.agent_count().map(|n| n as i64).unwrap_or(0);
        self.metrics.live_agents.set(live);
        self.metrics.hibernated_agents.set((known - live).max(0));
        self.metrics.encode()
    }

    /// The tools of the agent for `key`.
    pub async fn list_tools(&self, key: &AgentKey, caller: &Caller) -> Result<Vec<ToolInfo>, CallError> {
        let plugin = self.plugin(key.plugin.as_str())?;
        self.registry.list_tools(key, &plugin, caller).await
    }

    /// Every agent known to the store or live here.
    pub fn agents(&self) -> Result<Vec<AgentStatus>, CallError> {
        let live: BTreeMap<AgentId, _> = self.registry.live_agents().into_iter().map(|l| (l.key.id(), l)).collect();
        let mut out: Vec<AgentStatus> = Vec::new();
        for (id, record, has_snapshot) in self.shared.state.records()? {
            out.push(AgentStatus {
                id,
                live: live.contains_key(&id),
                key: record.key,
                plugin_version: record.plugin_version,
                last_used_ms: record.last_used_ms,
                usage: record.usage,
                has_snapshot,
            });
        }
        let stored: std::collections::BTreeSet<AgentId> = out.iter().map(|a| a.id).collect();
        for (id, info) in live.iter().filter(|(id, _)| !stored.contains(id)) {
            let version = self.plugin(info.key.plugin.as_str()).map(|p| p.version.clone()).unwrap_or_default();
            out.push(AgentStatus {
                id: *id,
                key: info.key.clone(),
                live: true,
                plugin_version: version,
                last_used_ms: agent::now_ms().saturating_sub(info.idle.as_millis() as u64),
                usage: Usage::default(),
                has_snapshot: false,
            });
        }
        out.sort_by_key(|a| std::cmp::Reverse(a.last_used_ms));
        Ok(out)
    }

    /// The saved state of an MCP session of the front door, if any.
    pub fn session(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.shared.state.session(id)
    }

    /// Saves (`Some`) or forgets (`None`) an MCP session's state, durably.
    pub fn set_session(&self, id: &str, state: Option<&[u8]>) -> Result<(), StoreError> {
        self.shared.state.set_session(id, state)
    }

    /// Records when MCP sessions were last used and forgets those last used
    /// before `expire_before_ms` that `keep` does not hold open; returns the
    /// ids forgotten. Writes durably: call it off the async workers.
    pub fn sweep_sessions(
        &self,
        seen: &[(String, u64)],
        expire_before_ms: u64,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        self.shared.state.sweep_sessions(seen, expire_before_ms, keep)
    }

    /// How many agents are live.
    pub fn live_agents(&self) -> usize {
        self.registry.live_count()
    }

    /// Hibernates every live agent now (they wake on their next call).
    pub async fn hibernate_all(&self) -> usize {
        self.registry.hibernate_all().await
    }

    /// Hibernates agents past their idle timeout now.
    pub async fn hibernate_idle(&self) -> usize {
        self.registry.hibernate_idle().await
    }

    /// Refuses new calls, waits for calls in flight and hibernates every
    /// agent, for callers that share the runtime; dropping the last handle
    /// then closes the data directory.
    pub async fn close(&self) -> usize {
        self.reaper.abort();
        if let Some(w) = &self.watcher {
            w.abort();
        }
        self.registry.shutdown().await
    }

    /// Refuses new calls, waits for calls in flight and hibernates every agent.
    /// When it returns, the data directory is closed and may be reopened.
    pub async fn shutdown(self) -> usize {
        let Self { shared, plugins, registry, reaper, watcher, commit_thread, _ticker, metrics: _ } = self;
        reaper.abort();
        if let Some(w) = watcher {
            w.abort();
        }
        let _ = reaper.await;
        let n = registry.shutdown().await;
        // Dropping the last handles to the store lets the commit thread end and close it.
        drop((registry, shared, plugins));
        let _ = tokio::task::spawn_blocking(move || commit_thread.join()).await;
        n
    }
}

/// Reloads changed plugin directories every `every`.
async fn watch(plugins: std::sync::Weak<PluginSet>, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        let Some(set) = plugins.upgrade() else {
            return;
        };
        let report = tokio::task::spawn_blocking(move || set.reload()).await;
        if let Ok(report) = report
            && !report.changed.is_empty()
        {
            tracing::info!(changed = ?report.changed, removed = ?report.removed, "plugins swapped live");
        }
    }
}

async fn reap(registry: std::sync::Weak<Registry>, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        let Some(registry) = registry.upgrade() else {
            return;
        };
        let n = registry.hibernate_idle().await;
        if n > 0 {
            tracing::info!(hibernated = n, "hibernated idle agents");
        }
    }
}

/// The `kind` label of a failed call.
fn error_kind(e: &CallError) -> &'static str {
    use crate::error::AbortReason;
    match e {
        CallError::UnknownPlugin { .. } | CallError::UnknownTool { .. } => "unknown_tool",
        CallError::InvalidArguments { .. } | CallError::Constraints { .. } | CallError::Verify { .. } => {
            "invalid_arguments"
        }
        CallError::Aborted { reason: AbortReason::Cpu { .. }, .. } => "cpu",
        CallError::Aborted { reason: AbortReason::Memory { .. }, .. } => "memory",
        CallError::Aborted { reason: AbortReason::Timeout { .. }, .. } => "timeout",
        CallError::Aborted { reason: AbortReason::Trap(_), .. } => "trap",
        CallError::Init { .. } => "init",
        CallError::Contract { .. } => "contract",
        CallError::Store(_) => "store",
        CallError::ShuttingDown => "shutting_down",
    }
}

/// Refuses constraints the manifest does not declare and missing required ones.
fn check_declared(plugin: &LoadedPlugin, constraints: &Constraints) -> Result<(), CallError> {
    let specs = &plugin.manifest.constraints;
    let declared: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    let fail = |message: String| CallError::Constraints { plugin: plugin.name().to_string(), message };
    if let Some((name, _)) = constraints.iter().find(|(n, _)| !declared.contains(n)) {
        return Err(fail(format!("{name:?} is not a constraint of this plugin; it declares {declared:?}")));
    }
    if let Some(missing) = specs.iter().find(|s| s.required && constraints.get(&s.name).is_none()) {
        return Err(fail(format!("{:?} is required; pass --constraint {}=VALUE", missing.name, missing.name)));
    }
    Ok(())
}
