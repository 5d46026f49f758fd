//! One live agent: a wasmtime `Store` with the plugin instantiated and
//! initialised. Every guest call runs under the agent's limits: a CPU budget
//! checked on epoch ticks (yielding to other tasks in between), a wall-clock
//! timeout, and the memory cap of its limiter.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use wasmtime::{Engine, Store, UpdateDeadline};

use crate::bindings::warren::plugin::types::Constraint;
use crate::bindings::{GuestCallError, Plugin, Props};
use crate::capabilities::client::{CallObserver, ClientState};
use crate::capabilities::http::{Credentials, HttpState};
use crate::capabilities::limits::{AgentLimits, LimitHit};
use crate::capabilities::storage::{Quotas, StorageState};
use crate::capabilities::wasi::WasiState;
use crate::capabilities::{HostState, storage::Overlay};
use crate::error::{AbortReason, CallError};
use crate::ids::{AgentId, AgentKey};
use crate::plugin::LoadedPlugin;
use crate::store::{AgentRecord, Commit, SnapshotChange, StateStore, Usage};
use crate::tool::{ToolInfo, ToolOutput};

/// Who is calling: the tenant's scopes and upstream credentials.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// Scopes granted to the tenant (e.g. skills).
    pub scopes: Vec<String>,
    /// Upstream credentials the host may inject for the plugin.
    pub credentials: Credentials,
}

/// What a store needs that is shared by every agent.
#[derive(Clone)]
pub struct Shared {
    /// The engine.
    pub engine: Engine,
    /// The state store (reads; writes go through the committer).
    pub state: Arc<dyn StateStore>,
    /// The outbound HTTP client.
    pub http: reqwest::Client,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// Builds a store for `plugin`; `agent` is `None` for a verification instance.
fn new_store(shared: &Shared, plugin: &LoadedPlugin, agent: Option<AgentId>, usage: Usage) -> Store<HostState> {
    let limits = &plugin.manifest.limits;
    let label = match agent {
        Some(id) => format!("{}/{}", plugin.name(), id.short()),
        None => format!("{}/verify", plugin.name()),
    };
    let state = HostState {
        wasi: WasiState::new(&label),
        storage: StorageState::new(agent, shared.state.clone(), Quotas::from(limits), usage),
        http: HttpState::new(plugin.http_policy.clone(), shared.http.clone()),
        client: ClientState::new(&label),
        limits: AgentLimits::new(limits.memory_mib, limits.cpu_ms),
    };
    let mut store = Store::new(&shared.engine, state);
    store.limiter(|s| &mut s.limits);
    store.epoch_deadline_callback(|ctx| {
        ctx.data().limits.check_cpu()?;
        Ok(UpdateDeadline::Yield(1))
    });
    store
}

/// The props an agent is initialised with.
pub fn props(key: &AgentKey, plugin: &LoadedPlugin, caller: &Caller) -> Props {
    Props {
        tenant: key.tenant.to_string(),
        scopes: caller.scopes.clone(),
        constraints: key.constraints.iter().map(|(n, v)| Constraint { name: n.into(), value: v.into() }).collect(),
        config: plugin.config.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
    }
}

/// Runs one guest call under the store's limits.
async fn guarded<T>(timeout_ms: u64, call: impl Future<Output = wasmtime::Result<T>>) -> Result<T, AbortReason> {
    match tokio::time::timeout(Duration::from_millis(timeout_ms), call).await {
        Err(_) => Err(AbortReason::Timeout { timeout_ms }),
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(classify(e)),
    }
}

/// Names the limit or trap behind a failed guest call.
fn classify(e: wasmtime::Error) -> AbortReason {
    match e.downcast_ref::<LimitHit>() {
        Some(LimitHit::Cpu { budget_ms }) => AbortReason::Cpu { budget_ms: *budget_ms },
        Some(LimitHit::Memory { cap_mib, desired_mib }) => {
            AbortReason::Memory { cap_mib: *cap_mib, desired_mib: *desired_mib }
        }
        None => {
            tracing::warn!("guest call failed: {e:?}");
            match e.downcast_ref::<wasmtime::Trap>() {
                Some(trap) => AbortReason::Trap(trap.to_string()),
                None => AbortReason::Trap(format!("{e}")),
            }
        }
    }
}

/// Prepares the store for a guest call: fresh CPU clock, deadline one tick out.
fn arm(store: &mut Store<HostState>) {
    store.data_mut().limits.start_call();
    store.set_epoch_deadline(1);
}

/// Runs `verify-constraints` in a throwaway instance with no storage.
pub async fn verify(
    shared: &Shared,
    plugin: &LoadedPlugin,
    props: &Props,
    caller: &Caller,
) -> Result<Result<Vec<Constraint>, crate::bindings::VerifyError>, CallError> {
    let mut store = new_store(shared, plugin, None, Usage::default());
    store.data_mut().http.set_credentials(caller.credentials.clone());
    let abort = |reason| CallError::Aborted {
        plugin: plugin.name().to_string(),
        operation: "verify-constraints".into(),
        reason,
    };
    arm(&mut store);
    let timeout = plugin.manifest.limits.call_timeout_ms;
    let bindings = guarded(timeout, plugin.pre.instantiate_async(&mut store)).await.map_err(abort)?;
    arm(&mut store);
    guarded(timeout, bindings.warren_plugin_agent().call_verify_constraints(&mut store, props)).await.map_err(abort)
}

/// A live agent.
pub struct LiveAgent {
    store: Store<HostState>,
    bindings: Plugin,
    /// The plugin version it runs.
    pub plugin: Arc<LoadedPlugin>,
    /// Its record as last committed (or as it will be first committed).
    pub record: AgentRecord,
}

impl LiveAgent {
    /// Instantiates the plugin and runs `init(props, snapshot)`. Storage
    /// writes `init` makes are returned as a commit to apply before any call.
    pub async fn wake(
        shared: &Shared,
        plugin: Arc<LoadedPlugin>,
        key: &AgentKey,
        caller: &Caller,
    ) -> Result<(LiveAgent, Option<Commit>), CallError> {
        let id = key.id();
        let (stored, snapshot) = shared.state.load(&id)?;
        // A snapshot is only a cache of storage, in the format of the version
        // that took it: another version of the plugin rebuilds from storage.
        let snapshot = snapshot.filter(|_| stored.as_ref().is_none_or(|r| r.plugin_version == plugin.version));
        let now = now_ms();
        let record = AgentRecord {
            key: key.clone(),
            plugin_version: plugin.version.clone(),
            created_ms: stored.as_ref().map_or(now, |r| r.created_ms),
            last_used_ms: now,
            usage: stored.as_ref().map(|r| r.usage).unwrap_or_default(),
        };
        let mut store = new_store(shared, &plugin, Some(id), record.usage);
        store.data_mut().http.set_credentials(caller.credentials.clone());
        let name = plugin.name().to_string();
        let abort = |operation: &str| {
            let plugin = name.clone();
            let operation = operation.to_string();
            move |reason| CallError::Aborted { plugin, operation, reason }
        };
        let timeout = plugin.manifest.limits.call_timeout_ms;
        arm(&mut store);
        let bindings = guarded(timeout, plugin.pre.instantiate_async(&mut store)).await.map_err(abort("init"))?;
        let props = props(key, &plugin, caller);
        arm(&mut store);
        let init = bindings.warren_plugin_agent().call_init(&mut store, &props, snapshot.as_deref());
        let refused = guarded(timeout, init).await.map_err(abort("init"))?;
        if let Err(message) = refused {
            return Err(CallError::Init { plugin: name, agent: id.short(), message });
        }
        let mut agent = LiveAgent { store, bindings, plugin, record };
        let commit = agent.take_commit();
        Ok((agent, commit))
    }

    /// The agent's id.
    pub fn id(&self) -> AgentId {
        self.record.key.id()
    }

    /// The tools this agent offers.
    pub async fn list_tools(&mut self) -> Result<Vec<ToolInfo>, CallError> {
        let name = self.plugin.name().to_string();
        arm(&mut self.store);
        let timeout = self.plugin.manifest.limits.call_timeout_ms;
        let tools = guarded(timeout, self.bindings.warren_plugin_server().call_list_tools(&mut self.store))
            .await
            .map_err(|reason| CallError::Aborted { plugin: name.clone(), operation: "list-tools".into(), reason })?;
        tools
            .into_iter()
            .map(|t| ToolInfo::try_from(t).map_err(|message| CallError::Contract { plugin: name.clone(), message }))
            .collect()
    }

    /// Calls a tool. `Err(CallError::Aborted)` means the store is unusable
    /// and the agent must be dropped.
    pub async fn call(
        &mut self,
        tool: &str,
        arguments: &str,
        caller: &Caller,
        observer: Arc<dyn CallObserver>,
    ) -> Result<ToolOutput, CallError> {
        let data = self.store.data_mut();
        data.http.set_credentials(caller.credentials.clone());
        let timeout = self.plugin.manifest.limits.call_timeout_ms;
        data.client.start_call(observer, Duration::from_millis(timeout));
        arm(&mut self.store);
        let plugin = self.plugin.name().to_string();
        let (name, args) = (tool.to_string(), arguments.to_string());
        let call = self.bindings.warren_plugin_server().call_call_tool(&mut self.store, &name, &args);
        let result = guarded(timeout, call).await.map_err(|reason| CallError::Aborted {
            plugin: plugin.clone(),
            operation: tool.into(),
            reason,
        })?;
        match result {
            Ok(r) => ToolOutput::try_from(r)
                .map_err(|m| CallError::Contract { plugin, message: format!("tool {tool:?}: {m}") }),
            Err(GuestCallError::UnknownTool(_)) => {
                let available = self.list_tools().await?.into_iter().map(|t| t.name).collect();
                Err(CallError::UnknownTool { plugin, tool: tool.into(), available })
            }
            Err(GuestCallError::InvalidArguments(message)) => {
                Err(CallError::InvalidArguments { plugin, tool: tool.into(), message })
            }
        }
    }

    /// The storage writes of the last call as a commit, if it wrote anything.
    /// A commit with writes drops the snapshot: it no longer matches storage.
    pub fn take_commit(&mut self) -> Option<Commit> {
        let (writes, usage): (Overlay, Usage) = self.store.data_mut().storage.take_writes();
        self.record.last_used_ms = now_ms();
        if writes.is_empty() {
            return None;
        }
        self.record.usage = usage;
        Some(Commit { agent: self.id(), record: self.record.clone(), writes, snapshot: SnapshotChange::Clear })
    }

    /// Takes a snapshot for hibernation. If the guest fails to produce one,
    /// the commit clears the old snapshot so the next wake rebuilds from storage.
    pub async fn hibernation_commit(&mut self) -> Commit {
        arm(&mut self.store);
        let timeout = self.plugin.manifest.limits.call_timeout_ms;
        let snapshot = match guarded(timeout, self.bindings.warren_plugin_agent().call_snapshot(&mut self.store)).await
        {
            Ok(bytes) => SnapshotChange::Set(bytes),
            Err(reason) => {
                tracing::warn!(agent = %self.id().short(), "snapshot failed, the next wake rebuilds from storage: {reason}");
                SnapshotChange::Clear
            }
        };
        Commit { agent: self.id(), record: self.record.clone(), writes: Default::default(), snapshot }
    }
}
