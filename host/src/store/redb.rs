//! The embedded state store: one redb database file (`state.redb`) in the
//! data directory. redb is pure Rust, ACID with copy-on-write B-trees, and
//! each commit with `Durability::Immediate` is fsynced before it returns.

use std::path::Path;

use cap_std::fs::{Dir, OpenOptions};
use redb::backends::FileBackend;
use redb::{
    Database, DatabaseError, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition,
};

use super::{AgentRecord, Commit, SnapshotChange, StateStore, StoreError};
use crate::ids::AgentId;

/// (agent id, key) → value.
const KV: TableDefinition<(&[u8], &str), &[u8]> = TableDefinition::new("kv");
/// agent id → JSON [`AgentRecord`].
const AGENTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("agents");
/// agent id → snapshot bytes.
const SNAPSHOTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("snapshots");

/// MCP session id → the session's saved initialize parameters (JSON).
const SESSIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("mcp_sessions");
/// MCP session id → when it was last used, ms since the Unix epoch (as of
/// the front door's last sweep).
const SESSIONS_SEEN: TableDefinition<&str, u64> = TableDefinition::new("mcp_sessions_seen");

/// The file name inside the data directory.
pub const FILE: &str = "state.redb";

/// The redb-backed [`StateStore`].
pub struct RedbStore {
    db: Database,
}

fn err(context: &str) -> impl Fn(redb::Error) -> StoreError + '_ {
    move |e| StoreError(format!("{context}: {e}"))
}

impl RedbStore {
    /// Opens (creating) `state.redb` in `dir` with a page cache of at most
    /// `cache_bytes`; `path` is for messages only.
    pub fn open(dir: &Dir, path: &Path, cache_bytes: usize) -> Result<Self, StoreError> {
        let shown = path.join(FILE);
        let file = dir
            .open_with(FILE, OpenOptions::new().read(true).write(true).create(true))
            .map_err(|e| StoreError(format!("cannot open {shown:?}: {e}; check the data directory's permissions")))?;
        let backend = FileBackend::new(file.into_std()).map_err(|e| open_error(&shown, e))?;
        let db = Database::builder()
            .set_cache_size(cache_bytes)
            .create_with_backend(backend)
            .map_err(|e| open_error(&shown, e))?;
        let txn = db.begin_write().map_err(|e| err("creating tables")(e.into()))?;
        for table in [AGENTS, SNAPSHOTS] {
            txn.open_table(table).map_err(|e| err("creating tables")(e.into()))?;
        }
        txn.open_table(KV).map_err(|e| err("creating tables")(e.into()))?;
        txn.open_table(SESSIONS).map_err(|e| err("creating tables")(e.into()))?;
        txn.open_table(SESSIONS_SEEN).map_err(|e| err("creating tables")(e.into()))?;
        txn.commit().map_err(|e| err("creating tables")(e.into()))?;
        Ok(Self { db })
    }
}

fn open_error(path: &Path, e: DatabaseError) -> StoreError {
    match e {
        DatabaseError::DatabaseAlreadyOpen => {
            StoreError(format!("{path:?} is in use by another warren process; stop it or pass a different --data-dir"))
        }
        other => StoreError(format!("cannot open {path:?}: {other}")),
    }
}

impl StateStore for RedbStore {
    fn get(&self, agent: &AgentId, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let e = err("reading a value");
        let txn = self.db.begin_read().map_err(|x| e(x.into()))?;
        let table = txn.open_table(KV).map_err(|x| e(x.into()))?;
        let value = table.get((agent.as_bytes().as_slice(), key)).map_err(|x| e(x.into()))?;
        Ok(value.map(|v| v.value().to_vec()))
    }

    fn list_keys(
        &self,
        agent: &AgentId,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let e = err("listing keys");
        let txn = self.db.begin_read().map_err(|x| e(x.into()))?;
        let table = txn.open_table(KV).map_err(|x| e(x.into()))?;
        let id = agent.as_bytes().as_slice();
        let start = match after {
            Some(a) if a > prefix => a,
            _ => prefix,
        };
        let mut keys = Vec::new();
        for entry in table.range((id, start)..).map_err(|x| e(x.into()))? {
            let (k, _) = entry.map_err(|x| e(x.into()))?;
            let (kid, key) = k.value();
            if kid != id || !key.starts_with(prefix) || keys.len() == limit {
                break;
            }
            if Some(key) != after {
                keys.push(key.to_string());
            }
        }
        Ok(keys)
    }

    fn load(&self, agent: &AgentId) -> Result<(Option<AgentRecord>, Option<Vec<u8>>), StoreError> {
        let e = err("loading an agent");
        let txn = self.db.begin_read().map_err(|x| e(x.into()))?;
        let id = agent.as_bytes().as_slice();
        let agents = txn.open_table(AGENTS).map_err(|x| e(x.into()))?;
        let Some(record) = agents.get(id).map_err(|x| e(x.into()))? else { return Ok((None, None)) };
        let record = decode(record.value())?;
        let snapshots = txn.open_table(SNAPSHOTS).map_err(|x| e(x.into()))?;
        let snapshot = snapshots.get(id).map_err(|x| e(x.into()))?.map(|v| v.value().to_vec());
        Ok((Some(record), snapshot))
    }

    fn agent_count(&self) -> Result<u64, StoreError> {
        let e = err("counting agents");
        let txn = self.db.begin_read().map_err(|x| e(x.into()))?;
        let agents = txn.open_table(AGENTS).map_err(|x| e(x.into()))?;
        agents.len().map_err(|x| e(x.into()))
    }

    fn records(&self) -> Result<Vec<(AgentId, AgentRecord, bool)>, StoreError> {
        let e = err("listing agents");
        let txn = self.db.begin_read().map_err(|x| e(x.into()))?;
        let agents = txn.open_table(AGENTS).map_err(|x| e(x.into()))?;
        let snapshots = txn.open_table(SNAPSHOTS).map_err(|x| e(x.into()))?;
        let mut out = Vec::new();
        for entry in agents.iter().map_err(|x| e(x.into()))? {
            let (k, v) = entry.map_err(|x| e(x.into()))?;
            let id = AgentId::from_bytes(k.value()).map_err(|x| StoreError(x.to_string()))?;
            let has_snapshot = snapshots.get(k.value()).map_err(|x| e(x.into()))?.is_some();
            out.push((id, decode(v.value())?, has_snapshot));
        }
        Ok(out)
    }

    fn session(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let e = err("reading an MCP session");
        let txn = self.db.begin_read().map_err(|x| e(x.into()))?;
        let table = txn.open_table(SESSIONS).map_err(|x| e(x.into()))?;
        let v = table.get(id).map_err(|x| e(x.into()))?;
        Ok(v.map(|v| v.value().to_vec()))
    }

    fn set_session(&self, id: &str, state: Option<&[u8]>) -> Result<(), StoreError> {
        self.session_txn(id, state)
    }

    fn sweep_sessions(
        &self,
        seen: &[(String, u64)],
        expire_before_ms: u64,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        let e = err("sweeping MCP sessions");
        let mut txn = self.db.begin_write().map_err(|x| e(x.into()))?;
        txn.set_durability(Durability::Immediate).map_err(|x| e(x.into()))?;
        let mut expired = Vec::new();
        {
            let mut sessions = txn.open_table(SESSIONS).map_err(|x| e(x.into()))?;
            let mut last_seen = txn.open_table(SESSIONS_SEEN).map_err(|x| e(x.into()))?;
            for (id, at) in seen {
                let known = sessions.get(id.as_str()).map_err(|x| e(x.into()))?.is_some();
                if known {
                    last_seen.insert(id.as_str(), at).map_err(|x| e(x.into()))?;
                }
            }
            let mut unstamped = Vec::new();
            for entry in sessions.iter().map_err(|x| e(x.into()))? {
                let (id, _) = entry.map_err(|x| e(x.into()))?;
                let id = id.value().to_string();
                match last_seen.get(id.as_str()).map_err(|x| e(x.into()))?.map(|v| v.value()) {
                    // Saved by a Warren that did not stamp sessions: the clock starts now.
                    None => unstamped.push(id),
                    Some(at) if at < expire_before_ms && !keep(&id) => expired.push(id),
                    Some(_) => {}
                }
            }
            for id in &unstamped {
                last_seen.insert(id.as_str(), crate::agent::now_ms()).map_err(|x| e(x.into()))?;
            }
            for id in &expired {
                sessions.remove(id.as_str()).map_err(|x| e(x.into()))?;
                last_seen.remove(id.as_str()).map_err(|x| e(x.into()))?;
            }
        }
        txn.commit().map_err(|x| e(x.into()))?;
        Ok(expired)
    }

    fn commit(&self, commits: &[Commit]) -> Result<(), StoreError> {
        let e = err("committing");
        let mut txn = self.db.begin_write().map_err(|x| e(x.into()))?;
        txn.set_durability(Durability::Immediate).map_err(|x| e(x.into()))?;
        {
            let mut kv = txn.open_table(KV).map_err(|x| e(x.into()))?;
            let mut agents = txn.open_table(AGENTS).map_err(|x| e(x.into()))?;
            let mut snapshots = txn.open_table(SNAPSHOTS).map_err(|x| e(x.into()))?;
            for c in commits {
                let id = c.agent.as_bytes().as_slice();
                for (key, value) in &c.writes {
                    match value {
                        Some(v) => kv.insert((id, key.as_str()), v.as_slice()).map(|_| ()),
                        None => kv.remove((id, key.as_str())).map(|_| ()),
                    }
                    .map_err(|x| e(x.into()))?;
                }
                let record = serde_json::to_vec(&c.record).map_err(|x| StoreError(x.to_string()))?;
                agents.insert(id, record.as_slice()).map_err(|x| e(x.into()))?;
                match &c.snapshot {
                    SnapshotChange::Keep => {}
                    SnapshotChange::Clear => {
                        snapshots.remove(id).map_err(|x| e(x.into()))?;
                    }
                    SnapshotChange::Set(bytes) => {
                        snapshots.insert(id, bytes.as_slice()).map_err(|x| e(x.into()))?;
                    }
                }
            }
        }
        txn.commit().map_err(|x| e(x.into()))
    }
}

impl RedbStore {
    fn session_txn(&self, id: &str, state: Option<&[u8]>) -> Result<(), StoreError> {
        let e = err("saving an MCP session");
        let mut txn = self.db.begin_write().map_err(|x| e(x.into()))?;
        txn.set_durability(Durability::Immediate).map_err(|x| e(x.into()))?;
        {
            let mut table = txn.open_table(SESSIONS).map_err(|x| e(x.into()))?;
            let mut seen = txn.open_table(SESSIONS_SEEN).map_err(|x| e(x.into()))?;
            match state {
                Some(bytes) => {
                    table.insert(id, bytes).map_err(|x| e(x.into()))?;
                    seen.insert(id, crate::agent::now_ms()).map(|_| ())
                }
                None => {
                    table.remove(id).map_err(|x| e(x.into()))?;
                    seen.remove(id).map(|_| ())
                }
            }
            .map_err(|x| e(x.into()))?;
        }
        txn.commit().map_err(|x| e(x.into()))
    }
}

fn decode(bytes: &[u8]) -> Result<AgentRecord, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError(format!("an agent record is corrupt: {e}")))
}
