//! The `storage` import: the agent's own keyspace in the state store. Writes
//! of a call go to an overlay that the call reads through; the registry
//! commits the overlay when the call returns and discards it on a trap.
//! Quotas are checked as writes happen and refused as values, not traps.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::bindings::warren::plugin::storage::{Host, KeyPage, StorageError};
use crate::capabilities::HostState;
use crate::ids::AgentId;
use crate::manifest::Limits;
use crate::store::{StateStore, Usage};

/// The most keys one `list-keys` call returns.
pub const MAX_LIST: u32 = 1000;

/// Per-agent storage quotas, from the manifest.
#[derive(Debug, Clone, Copy)]
pub struct Quotas {
    keys: u64,
    bytes: u64,
    max_key: u64,
    max_value: u64,
}

impl From<&Limits> for Quotas {
    fn from(l: &Limits) -> Self {
        Self { keys: l.storage_keys, bytes: l.storage_bytes, max_key: l.max_key_bytes, max_value: l.max_value_bytes }
    }
}

/// Writes made by the current call, not yet committed.
pub type Overlay = BTreeMap<String, Option<Vec<u8>>>;

/// Per-agent storage state.
pub struct StorageState {
    /// `None` in a verification instance, which has no storage.
    agent: Option<AgentId>,
    store: Arc<dyn StateStore>,
    quotas: Quotas,
    /// Usage including the overlay.
    usage: Usage,
    overlay: Overlay,
}

impl StorageState {
    /// Storage of `agent`, whose committed usage is `usage`.
    pub fn new(agent: Option<AgentId>, store: Arc<dyn StateStore>, quotas: Quotas, usage: Usage) -> Self {
        Self { agent, store, quotas, usage, overlay: Overlay::new() }
    }

    /// Takes the call's writes and the usage they lead to.
    pub fn take_writes(&mut self) -> (Overlay, Usage) {
        (std::mem::take(&mut self.overlay), self.usage)
    }

    fn agent(&self) -> Result<AgentId, StorageError> {
        self.agent.ok_or_else(|| StorageError::Unavailable("storage is not available during verify-constraints".into()))
    }

    fn check_key(&self, key: &str) -> Result<(), StorageError> {
        if key.is_empty() || key.len() as u64 > self.quotas.max_key {
            return Err(StorageError::InvalidKey(format!(
                "key of {} bytes: keys must be 1-{} bytes ([limits] max_key_bytes)",
                key.len(),
                self.quotas.max_key
            )));
        }
        if key.chars().any(char::is_control) {
            return Err(StorageError::InvalidKey(format!("key {key:?} contains control characters")));
        }
        Ok(())
    }

    /// The size of the current value of `key`, overlay first.
    fn current_len(&self, agent: &AgentId, key: &str) -> Result<Option<u64>, StorageError> {
        match self.overlay.get(key) {
            Some(v) => Ok(v.as_ref().map(|v| v.len() as u64)),
            None => self.read(agent, key).map(|v| v.map(|v| v.len() as u64)),
        }
    }

    fn read(&self, agent: &AgentId, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        self.store.get(agent, key).map_err(|e| StorageError::Unavailable(e.to_string()))
    }

    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let agent = self.agent()?;
        self.check_key(key)?;
        match self.overlay.get(key) {
            Some(v) => Ok(v.clone()),
            None => self.read(&agent, key),
        }
    }

    fn put(&mut self, key: String, value: Vec<u8>) -> Result<(), StorageError> {
        let agent = self.agent()?;
        self.check_key(&key)?;
        if value.len() as u64 > self.quotas.max_value {
            return Err(StorageError::ValueTooLarge(format!(
                "value of {} bytes for key {key:?} is over the limit of {} bytes ([limits] max_value_bytes)",
                value.len(),
                self.quotas.max_value
            )));
        }
        let klen = key.len() as u64;
        let old = self.current_len(&agent, &key)?;
        let mut next = self.usage;
        match old {
            Some(old) => next.bytes -= klen + old,
            None => next.keys += 1,
        }
        next.bytes += klen + value.len() as u64;
        if next.keys > self.quotas.keys {
            return Err(StorageError::QuotaExceeded(format!(
                "this agent may keep {} keys ([limits] storage_keys) and has {}; delete some first",
                self.quotas.keys, self.usage.keys
            )));
        }
        if next.bytes > self.quotas.bytes {
            return Err(StorageError::QuotaExceeded(format!(
                "this write would bring the agent to {} bytes, over its quota of {} ([limits] storage_bytes); delete some data first",
                next.bytes, self.quotas.bytes
            )));
        }
        self.usage = next;
        self.overlay.insert(key, Some(value));
        Ok(())
    }

    fn delete(&mut self, key: String) -> Result<bool, StorageError> {
        let agent = self.agent()?;
        self.check_key(&key)?;
        let Some(old) = self.current_len(&agent, &key)? else {
            return Ok(false);
        };
        self.usage.keys -= 1;
        self.usage.bytes -= key.len() as u64 + old;
        self.overlay.insert(key, None);
        Ok(true)
    }

    fn list(&self, prefix: &str, cursor: Option<&str>, limit: u32) -> Result<KeyPage, StorageError> {
        let agent = self.agent()?;
        let limit = limit.clamp(1, MAX_LIST) as usize;
        // Deletes in the overlay can hide at most overlay.len() stored keys.
        let fetch = limit + self.overlay.len();
        let stored = self
            .store
            .list_keys(&agent, prefix, cursor, fetch)
            .map_err(|e| StorageError::Unavailable(e.to_string()))?;
        let more_stored = stored.len() == fetch;
        let mut keys: BTreeSet<String> = stored.into_iter().collect();
        let in_range = |k: &str| k.starts_with(prefix) && cursor.is_none_or(|c| k > c);
        for (k, v) in self.overlay.iter().filter(|(k, _)| in_range(k)) {
            match v {
                Some(_) => keys.insert(k.clone()),
                None => keys.remove(k),
            };
        }
        let more = more_stored || keys.len() > limit;
        let keys: Vec<String> = keys.into_iter().take(limit).collect();
        let next_cursor = if more { keys.last().cloned() } else { None };
        Ok(KeyPage { keys, next_cursor })
    }
}

impl Host for HostState {
    async fn get(&mut self, key: String) -> wasmtime::Result<Result<Option<Vec<u8>>, StorageError>> {
        Ok(self.storage.get(&key))
    }

    async fn put(&mut self, key: String, value: Vec<u8>) -> wasmtime::Result<Result<(), StorageError>> {
        Ok(self.storage.put(key, value))
    }

    async fn delete(&mut self, key: String) -> wasmtime::Result<Result<bool, StorageError>> {
        Ok(self.storage.delete(key))
    }

    async fn list_keys(
        &mut self,
        prefix: String,
        cursor: Option<String>,
        limit: u32,
    ) -> wasmtime::Result<Result<KeyPage, StorageError>> {
        Ok(self.storage.list(&prefix, cursor.as_deref(), limit))
    }
}
