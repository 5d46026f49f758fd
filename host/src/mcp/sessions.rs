//! MCP sessions (2025 protocol revisions) saved in the state store, so a
//! client's session survives a restart of `warren serve`: rmcp replays the
//! saved `initialize` on the first request that names an unknown session id.
//! Sessions unused for the configured time to live are forgotten by [`sweep`].

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::session::store::{SessionState, SessionStore, SessionStoreError};
use tokio_util::sync::CancellationToken;

use crate::runtime::Runtime;

/// The rmcp session store backed by the runtime's state store.
pub struct DurableSessions {
    /// The runtime whose store holds the sessions.
    pub runtime: Arc<Runtime>,
}

#[async_trait::async_trait]
impl SessionStore for DurableSessions {
    async fn load(&self, session_id: &str) -> Result<Option<SessionState>, SessionStoreError> {
        match self.runtime.session(session_id)? {
            None => Ok(None),
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
        }
    }

    async fn store(&self, session_id: &str, state: &SessionState) -> Result<(), SessionStoreError> {
        let bytes = serde_json::to_vec(state)?;
        let runtime = self.runtime.clone();
        let id = session_id.to_string();
        // The write is fsynced; keep it off the async workers.
        tokio::task::spawn_blocking(move || runtime.set_session(&id, Some(&bytes))).await??;
        Ok(())
    }

    async fn delete(&self, session_id: &str) -> Result<(), SessionStoreError> {
        let runtime = self.runtime.clone();
        let id = session_id.to_string();
        tokio::task::spawn_blocking(move || runtime.set_session(&id, None)).await??;
        Ok(())
    }
}

/// When each MCP session was last used, kept in memory between sweeps.
#[derive(Default)]
pub struct SessionClock {
    seen: Mutex<HashMap<String, u64>>,
}

impl SessionClock {
    /// Notes that the session `id` was just used.
    pub fn touch(&self, id: &str) {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).insert(id.to_string(), crate::agent::now_ms());
    }

    fn take(&self) -> Vec<(String, u64)> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).drain().collect()
    }
}

/// Every `every`, stamps the sessions used since the last sweep and forgets
/// stored sessions unused for `ttl` (a client that comes back later gets 404
/// and initializes again, as the spec prescribes). Sessions rmcp still holds
/// in memory are kept; rmcp closes those idle past their keep-alive.
pub async fn sweep(
    runtime: Arc<Runtime>,
    clock: Arc<SessionClock>,
    manager: Arc<LocalSessionManager>,
    ttl: Duration,
    every: Duration,
    cancel: CancellationToken,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = cancel.cancelled() => return,
        }
        let open: HashSet<String> = manager.sessions.read().await.keys().map(|id| id.to_string()).collect();
        let seen = clock.take();
        let expire_before = crate::agent::now_ms().saturating_sub(ttl.as_millis() as u64);
        let rt = runtime.clone();
        let swept =
            tokio::task::spawn_blocking(move || rt.sweep_sessions(&seen, expire_before, &|id| open.contains(id))).await;
        match swept {
            Ok(Ok(expired)) if !expired.is_empty() => {
                tracing::info!(sessions = expired.len(), "forgot MCP sessions unused for {ttl:?}")
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!("sweeping MCP sessions failed: {e}"),
            Err(e) => tracing::warn!("sweeping MCP sessions failed: {e}"),
        }
    }
}
