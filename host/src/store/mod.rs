//! Durable agent state behind one trait: per-agent key-value data, the agent
//! record (who, which plugin version, usage) and the snapshot. The embedded
//! default is [`redb`]; a distributed backend would implement the
//! same [`StateStore`] with a per-agent lease.

pub mod committer;
pub mod redb;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{AgentId, AgentKey};

/// A failure of the state store. Guests see it as `storage-error.unavailable`;
/// the CLI shows it as is.
#[derive(Debug, Clone, thiserror::Error)]
#[error("state store: {0}")]
pub struct StoreError(pub String);

/// An agent's storage footprint, counted as keys and key-plus-value bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Keys stored.
    pub keys: u64,
    /// Bytes of keys plus values.
    pub bytes: u64,
}

/// What the store keeps about an agent besides its data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgentRecord {
    /// Tenant, plugin and constraints.
    pub key: AgentKey,
    /// The plugin version (author version + content hash) that last ran it.
    pub plugin_version: String,
    /// When the agent was first woken, ms since the Unix epoch.
    pub created_ms: u64,
    /// When it last served a call, ms since the Unix epoch.
    pub last_used_ms: u64,
    /// Its storage usage, as of the last commit.
    pub usage: Usage,
}

/// What a commit does to the agent's snapshot.
#[derive(Debug, Clone)]
pub enum SnapshotChange {
    /// Leave it as it is (a commit without storage writes).
    Keep,
    /// Drop it: storage changed after it was taken, so the plugin must rebuild.
    Clear,
    /// Replace it (hibernation).
    Set(Vec<u8>),
}

/// One agent's changes, applied atomically with any others in the same batch.
#[derive(Debug, Clone)]
pub struct Commit {
    /// The agent.
    pub agent: AgentId,
    /// The agent's record after the commit.
    pub record: AgentRecord,
    /// Key writes: `Some` puts, `None` deletes.
    pub writes: BTreeMap<String, Option<Vec<u8>>>,
    /// The snapshot change.
    pub snapshot: SnapshotChange,
}

/// Durable storage for agents. Every method is blocking and quick (local
/// reads); `commit` is durable when it returns.
pub trait StateStore: Send + Sync + 'static {
    /// Reads one value.
    fn get(&self, agent: &AgentId, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Keys starting with `prefix`, strictly after `after`, at most `limit`.
    fn list_keys(
        &self,
        agent: &AgentId,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<String>, StoreError>;
    /// The agent's record, if it was ever committed, and its snapshot, if
    /// one is current, read together (one read transaction on wake).
    fn load(&self, agent: &AgentId) -> Result<(Option<AgentRecord>, Option<Vec<u8>>), StoreError>;
    /// How many agents have a record (cheap: no records are read).
    fn agent_count(&self) -> Result<u64, StoreError>;
    /// Every agent's record, with whether it has a snapshot.
    fn records(&self) -> Result<Vec<(AgentId, AgentRecord, bool)>, StoreError>;
    /// Applies all commits in one atomic, durable transaction.
    fn commit(&self, commits: &[Commit]) -> Result<(), StoreError>;
    /// The saved state of an MCP session (the front door's), if any.
    fn session(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Saves (`Some`) or forgets (`None`) an MCP session's state, durably.
    fn set_session(&self, id: &str, state: Option<&[u8]>) -> Result<(), StoreError>;
    /// Records when sessions were last used (`seen`: id, ms since the Unix
    /// epoch; unknown ids are ignored) and forgets every stored session last
    /// used before `expire_before_ms` unless `keep` says it is still open.
    /// Returns the ids forgotten.
    fn sweep_sessions(
        &self,
        seen: &[(String, u64)],
        expire_before_ms: u64,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, StoreError>;
}
