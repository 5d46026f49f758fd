//! The agent registry: one cell per agent id, holding the live agent or
//! nothing (hibernated). Calls to one agent run one at a time (the cell's
//! lock); different agents run in parallel. Agents wake on first use,
//! hibernate when idle or when the live-agent cap needs room (least recently
//! used first), and all hibernate on shutdown.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{Mutex as AsyncMutex, MutexGuard};

use crate::agent::{Caller, LiveAgent, Shared};
use crate::capabilities::client::CallObserver;
use crate::error::CallError;
use crate::ids::{AgentId, AgentKey};
use crate::plugin::LoadedPlugin;
use crate::store::Commit;
use crate::store::committer::Committer;
use crate::tool::{ToolInfo, ToolOutput};

/// How many agents one hibernation transaction covers at most.
const HIBERNATE_BATCH: usize = 1024;

/// After hibernating at least this many agents at once, return freed memory to the OS.
const RELEASE_AFTER: usize = 64;

/// One agent's slot.
pub struct AgentCell {
    key: AgentKey,
    slot: AsyncMutex<Option<LiveAgent>>,
    /// Nanoseconds since the registry's epoch at the last call.
    last_used: AtomicU64,
    live: AtomicBool,
}

/// What the registry knows of a live agent, for listings.
#[derive(Debug, Clone)]
pub struct LiveInfo {
    /// The agent's key.
    pub key: AgentKey,
    /// How long since its last call.
    pub idle: Duration,
}

/// The registry.
pub struct Registry {
    shared: Shared,
    metrics: Arc<crate::metrics::Metrics>,
    committer: Committer,
    cells: Mutex<HashMap<AgentId, Arc<AgentCell>>>,
    live: AtomicUsize,
    max_live: usize,
    epoch: Instant,
    shutting_down: AtomicBool,
}

impl Registry {
    /// A registry of at most `max_live` live agents.
    pub fn new(shared: Shared, committer: Committer, max_live: usize, metrics: Arc<crate::metrics::Metrics>) -> Self {
        Self {
            shared,
            metrics,
            committer,
            cells: Mutex::new(HashMap::new()),
            live: AtomicUsize::new(0),
            max_live,
            epoch: Instant::now(),
            shutting_down: AtomicBool::new(false),
        }
    }

    /// How many agents are live.
    pub fn live_count(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    fn now(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
    }

    fn cells(&self) -> std::sync::MutexGuard<'_, HashMap<AgentId, Arc<AgentCell>>> {
        self.cells.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn cell(&self, key: &AgentKey) -> Arc<AgentCell> {
        let mut cells = self.cells();
        cells
            .entry(key.id())
            .or_insert_with(|| {
                Arc::new(AgentCell {
                    key: key.clone(),
                    slot: AsyncMutex::new(None),
                    last_used: AtomicU64::new(self.now()),
                    live: AtomicBool::new(false),
                })
            })
            .clone()
    }

    /// Locks the agent's slot and makes sure it is live on `plugin`.
    async fn live_slot<'a>(
        &self,
        cell: &'a AgentCell,
        plugin: &Arc<LoadedPlugin>,
        caller: &Caller,
    ) -> Result<MutexGuard<'a, Option<LiveAgent>>, CallError> {
        if self.shutting_down.load(Ordering::Acquire) {
            return Err(CallError::ShuttingDown);
        }
        let mut slot = cell.slot.lock().await;
        // A live agent on an older plugin version hibernates and wakes on the new one.
        if slot.as_ref().is_some_and(|a| !Arc::ptr_eq(&a.plugin, plugin)) {
            self.hibernate_locked(cell, &mut slot).await?;
        }
        if slot.is_none() {
            self.make_room(cell).await;
            let (agent, commit) = LiveAgent::wake(&self.shared, plugin.clone(), &cell.key, caller).await?;
            if let Some(commit) = commit {
                self.committer.commit(vec![commit]).await?;
            }
            *slot = Some(agent);
            self.metrics.woke(cell.key.plugin.as_str());
            cell.live.store(true, Ordering::Release);
            self.live.fetch_add(1, Ordering::AcqRel);
        }
        cell.last_used.store(self.now(), Ordering::Relaxed);
        Ok(slot)
    }

    /// Drops a live agent whose store can no longer be trusted.
    fn discard(&self, cell: &AgentCell, slot: &mut Option<LiveAgent>) {
        if slot.take().is_some() {
            cell.live.store(false, Ordering::Release);
            self.live.fetch_sub(1, Ordering::AcqRel);
        }
    }

    /// Calls a tool on the agent for `key`, waking it if needed. The call's
    /// storage writes are durable before this returns. If the caller drops
    /// the future midway, the agent is discarded (see [`InFlight`]).
    pub async fn call(
        &self,
        key: &AgentKey,
        plugin: &Arc<LoadedPlugin>,
        caller: &Caller,
        tool: &str,
        arguments: &str,
        observer: Arc<dyn CallObserver>,
    ) -> Result<ToolOutput, CallError> {
        let cell = self.cell(key);
        let slot = self.live_slot(&cell, plugin, caller).await?;
        let mut flight = InFlight { registry: self, cell: &cell, slot, landed: false };
        let result = self.call_locked(&cell, &mut flight.slot, tool, arguments, caller, observer).await;
        flight.landed = true;
        result
    }

    async fn call_locked(
        &self,
        cell: &AgentCell,
        slot: &mut Option<LiveAgent>,
        tool: &str,
        arguments: &str,
        caller: &Caller,
        observer: Arc<dyn CallObserver>,
    ) -> Result<ToolOutput, CallError> {
        let Some(agent) = slot.as_mut() else {
            return Err(CallError::ShuttingDown);
        };
        let result = agent.call(tool, arguments, caller, observer).await;
        if let Err(CallError::Aborted { .. }) = &result {
            self.discard(cell, slot);
            return result;
        }
        if let Some(commit) = agent.take_commit()
            && let Err(e) = self.committer.commit(vec![commit]).await
        {
            // The agent's memory holds writes that are not on disk: restart it.
            self.discard(cell, slot);
            return Err(e.into());
        }
        result
    }

    /// The tools of the agent for `key`, waking it if needed.
    pub async fn list_tools(
        &self,
        key: &AgentKey,
        plugin: &Arc<LoadedPlugin>,
        caller: &Caller,
    ) -> Result<Vec<ToolInfo>, CallError> {
        let cell = self.cell(key);
        let slot = self.live_slot(&cell, plugin, caller).await?;
        let mut flight = InFlight { registry: self, cell: &cell, slot, landed: false };
        let Some(agent) = flight.slot.as_mut() else {
            return Err(CallError::ShuttingDown);
        };
        let result = agent.list_tools().await;
        if let Err(CallError::Aborted { .. }) = &result {
            self.discard(&cell, &mut flight.slot);
        }
        flight.landed = true;
        result
    }

    /// Hibernates the agent held in `slot` (already locked).
    async fn hibernate_locked(&self, cell: &AgentCell, slot: &mut Option<LiveAgent>) -> Result<(), CallError> {
        let Some(agent) = slot.as_mut() else {
            return Ok(());
        };
        let commit = agent.hibernation_commit().await;
        self.committer.commit(vec![commit]).await?;
        self.discard(cell, slot);
        self.metrics.hibernated(cell.key.plugin.as_str());
        Ok(())
    }

    /// If the live-agent cap is reached, hibernates least recently used
    /// agents (other than `keep`) until there is room.
    async fn make_room(&self, keep: &AgentCell) {
        while self.live_count() >= self.max_live {
            let mut candidates: Vec<Arc<AgentCell>> = self
                .cells()
                .values()
                .filter(|c| c.live.load(Ordering::Acquire) && !std::ptr::eq(c.as_ref(), keep))
                .cloned()
                .collect();
            candidates.sort_by_key(|c| c.last_used.load(Ordering::Relaxed));
            let excess = self.live_count() + 1 - self.max_live;
            candidates.truncate(excess);
            if candidates.is_empty() || self.hibernate(candidates, false).await == 0 {
                // Every live agent is busy; go over the cap rather than wait.
                tracing::warn!(
                    live = self.live_count(),
                    cap = self.max_live,
                    "live-agent cap reached and every agent is busy"
                );
                return;
            }
        }
    }

    /// Hibernates the given agents, sharing transactions. With `wait` false,
    /// agents that are busy are skipped. Returns how many hibernated.
    pub async fn hibernate(&self, cells: Vec<Arc<AgentCell>>, wait: bool) -> usize {
        let mut done = 0;
        for chunk in cells.chunks(HIBERNATE_BATCH) {
            let mut held = Vec::new();
            let mut commits: Vec<Commit> = Vec::new();
            for cell in chunk {
                let guard = match wait {
                    true => cell.slot.lock().await,
                    false => match cell.slot.try_lock() {
                        Ok(g) => g,
                        Err(_) => continue,
                    },
                };
                held.push((cell, guard));
            }
            for (_, guard) in held.iter_mut() {
                if let Some(agent) = guard.as_mut() {
                    commits.push(agent.hibernation_commit().await);
                }
            }
            match self.committer.commit(commits).await {
                Ok(()) => {
                    for (cell, mut guard) in held {
                        if guard.is_some() {
                            self.discard(cell, &mut guard);
                            self.metrics.hibernated(cell.key.plugin.as_str());
                            done += 1;
                        }
                    }
                }
                Err(e) => tracing::error!("hibernation not committed, agents stay live: {e}"),
            }
        }
        drop(cells);
        self.prune();
        if done >= RELEASE_AFTER {
            crate::memory::release_freed();
        }
        done
    }

    /// Forgets cells of hibernated agents nobody is using. Only the map holds
    /// an unused cell, and clones are only made under the map's lock.
    fn prune(&self) {
        self.cells()
            .retain(|_, c| Arc::strong_count(c) > 1 || c.live.load(Ordering::Acquire) || c.slot.try_lock().is_err());
    }

    /// Hibernates agents idle for longer than their plugin's idle timeout,
    /// and forgets cells of hibernated agents nobody is using.
    pub async fn hibernate_idle(&self) -> usize {
        let now = self.now();
        let idle: Vec<Arc<AgentCell>> = self
            .cells()
            .values()
            .filter(|c| c.live.load(Ordering::Acquire))
            .filter(|c| {
                let timeout =
                    c.slot.try_lock().ok().and_then(|s| {
                        s.as_ref().map(|a| Duration::from_secs(a.plugin.manifest.limits.idle_timeout_secs))
                    });
                timeout.is_some_and(|t| now.saturating_sub(c.last_used.load(Ordering::Relaxed)) > t.as_nanos() as u64)
            })
            .cloned()
            .collect();
        if idle.is_empty() {
            self.prune();
            return 0;
        }
        self.hibernate(idle, false).await
    }

    /// Hibernates every live agent, waiting for calls in flight, and refuses new calls.
    pub async fn shutdown(&self) -> usize {
        self.shutting_down.store(true, Ordering::Release);
        self.hibernate_all().await
    }

    /// Hibernates every live agent, waiting for calls in flight.
    pub async fn hibernate_all(&self) -> usize {
        let live: Vec<Arc<AgentCell>> =
            self.cells().values().filter(|c| c.live.load(Ordering::Acquire)).cloned().collect();
        self.hibernate(live, true).await
    }

    /// Live agents and how long each has been idle.
    pub fn live_agents(&self) -> Vec<LiveInfo> {
        let now = self.now();
        self.cells()
            .values()
            .filter(|c| c.live.load(Ordering::Acquire))
            .map(|c| LiveInfo {
                key: c.key.clone(),
                idle: Duration::from_nanos(now.saturating_sub(c.last_used.load(Ordering::Relaxed))),
            })
            .collect()
    }
}

/// A call in progress on a locked agent. If its future is dropped before the
/// call lands (the client went away, a cancellation outlived its grace), the
/// instance may be stopped mid-execution and holds writes that were never
/// committed: the agent is discarded, and the next call wakes it from its
/// last committed state.
struct InFlight<'a> {
    registry: &'a Registry,
    cell: &'a AgentCell,
    slot: MutexGuard<'a, Option<LiveAgent>>,
    landed: bool,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if !self.landed && self.slot.is_some() {
            tracing::warn!(agent = %self.cell.key.id().short(), "a call was abandoned midway; the agent restarts from committed state");
            self.registry.discard(self.cell, &mut self.slot);
        }
    }
}
