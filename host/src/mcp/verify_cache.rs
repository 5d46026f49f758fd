//! Verified constraints, cached per (tenant, plugin, constraints) for a TTL.
//! Concurrent first requests for one context share one verification.
//! Refusals the client must fix (400/401/403/404) are cached too; upstream
//! failures and aborts are not, so the next request tries again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use crate::agent::Caller;
use crate::error::{CallError, VerifyStatus};
use crate::ids::{AgentKey, Constraints, PluginName, TenantId};
use crate::runtime::Runtime;

/// A verification outcome as the front door needs it.
#[derive(Debug, Clone)]
pub enum Verified {
    /// Use this agent.
    Agent(AgentKey),
    /// Answer with this HTTP status and message.
    Refused(u16, String),
}

type Key = (TenantId, PluginName, Constraints);

/// Expired entries are swept when the cache holds this many.
const SWEEP_AT: usize = 4096;

struct Entry {
    created: Instant,
    outcome: OnceCell<Verified>,
}

/// The cache.
pub struct VerifyCache {
    ttl: Duration,
    entries: Mutex<HashMap<Key, Arc<Entry>>>,
}

impl VerifyCache {
    /// A cache whose entries live for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::new(HashMap::new()) }
    }

    /// The verified agent key for a context, verifying at most once per TTL.
    pub async fn verify(&self, runtime: &Runtime, key: Key, caller: &Caller) -> Verified {
        let entry = {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            if entries.len() >= SWEEP_AT {
                entries.retain(|_, e| e.created.elapsed() < self.ttl);
            }
            let fresh = || Arc::new(Entry { created: Instant::now(), outcome: OnceCell::new() });
            let entry = entries.entry(key.clone()).or_insert_with(fresh);
            if entry.created.elapsed() >= self.ttl {
                *entry = fresh();
            }
            entry.clone()
        };
        runtime.metrics().verify_lookup(entry.outcome.initialized());
        let outcome = entry
            .outcome
            .get_or_init(|| async {
                let (tenant, plugin, constraints) = key.clone();
                match runtime.verify(&tenant, plugin.as_str(), constraints, caller).await {
                    Ok(agent) => Verified::Agent(agent),
                    Err(e) => Verified::Refused(status_of(&e), e.to_string()),
                }
            })
            .await
            .clone();
        if let Verified::Refused(status, _) = &outcome
            && *status >= 500
        {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            if entries.get(&key).is_some_and(|e| Arc::ptr_eq(e, &entry)) {
                entries.remove(&key);
            }
        }
        outcome
    }
}

/// The HTTP status for a verification failure.
fn status_of(e: &CallError) -> u16 {
    match e {
        CallError::Verify { status, .. } => status.http_status(),
        CallError::Constraints { .. } => VerifyStatus::Invalid.http_status(),
        CallError::UnknownPlugin { .. } => 404,
        CallError::ShuttingDown => 503,
        _ => 502,
    }
}
