//! A note as stored: one JSON value per note under the key `note/{id}`.

use serde::{Deserialize, Serialize};

use crate::warren::plugin::storage::{self, StorageError};

/// One note.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    /// Assigned on creation, never reused within a notebook.
    pub id: u64,
    /// A one-line title.
    pub title: String,
    /// The text.
    pub body: String,
    /// Lowercased tags.
    pub tags: Vec<String>,
    /// Milliseconds since the Unix epoch.
    pub created_ms: u64,
}

/// The storage key of note `id`; zero-padded so keys sort by id.
pub fn key(id: u64) -> String {
    format!("note/{id:012}")
}

/// The storage error as text for a tool result.
pub fn describe(err: StorageError) -> String {
    match err {
        StorageError::InvalidKey(m)
        | StorageError::ValueTooLarge(m)
        | StorageError::QuotaExceeded(m)
        | StorageError::Unavailable(m) => m,
    }
}

/// Reads note `id`, if it exists.
pub fn load(id: u64) -> Result<Option<Note>, String> {
    match storage::get(&key(id)).map_err(describe)? {
        None => Ok(None),
        Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| format!("note {id} is corrupt: {e}")),
    }
}

/// Writes a note.
pub fn save(note: &Note) -> Result<(), String> {
    let bytes = serde_json::to_vec(note).map_err(|e| e.to_string())?;
    storage::put(&key(note.id), &bytes).map_err(describe)
}

/// Deletes note `id`; returns whether it existed.
pub fn remove(id: u64) -> Result<bool, String> {
    storage::delete(&key(id)).map_err(describe)
}

/// Every stored note, in id order.
pub fn all() -> Result<Vec<Note>, String> {
    let mut notes = Vec::new();
    let mut cursor = None;
    loop {
        let page = storage::list_keys("note/", cursor.as_deref(), 500).map_err(describe)?;
        for k in &page.keys {
            if let Some(bytes) = storage::get(k).map_err(describe)? {
                notes.push(serde_json::from_slice(&bytes).map_err(|e| format!("{k} is corrupt: {e}"))?);
            }
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(notes),
        }
    }
}
