//! MCP sessions (2025 protocol revisions) saved in the state store, so a
//! client's session survives a restart of `warren serve`: rmcp replays the
//! saved `initialize` on the first request that names an unknown session id.

use std::sync::Arc;

use rmcp::transport::streamable_http_server::session::store::{SessionState, SessionStore, SessionStoreError};

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
