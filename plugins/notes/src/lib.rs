//! `notes`: a per-context notepad, and the template for writing a Warren plugin.
//!
//! Notes live in the agent's durable storage (one key per note). A small
//! in-memory [`Index`] (titles, tags, search words) answers `list_notes` and
//! `search_notes` without touching storage; it goes into the agent's snapshot
//! when Warren hibernates the agent and is rebuilt from storage when there is
//! no snapshot.

mod index;
mod note;
mod tools;

use std::cell::RefCell;

use exports::warren::plugin::agent::Guest as Agent;
use exports::warren::plugin::server::Guest as Server;
use warren::plugin::types::{CallError, Constraint, Props, Tool, ToolResult, VerifyError};

use index::Index;

wit_bindgen::generate!({ world: "plugin", path: "../../wit" });

thread_local! {
    /// The agent's in-memory state; `None` until `init` runs.
    static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
}

/// Runs `f` with the index, which `init` has built.
fn with_index<R>(f: impl FnOnce(&mut Index) -> R) -> R {
    INDEX.with(|cell| f(cell.borrow_mut().get_or_insert_with(Index::default)))
}

struct Notes;

impl Agent for Notes {
    fn verify_constraints(props: Props) -> Result<Vec<Constraint>, VerifyError> {
        for c in &props.constraints {
            let ok = !c.value.is_empty()
                && c.value.len() <= 64
                && c.value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return Err(VerifyError::Invalid(format!(
                    "{} {:?} is not a valid notebook name: use 1-64 letters, digits, '-' or '_'",
                    c.name, c.value
                )));
            }
        }
        Ok(props.constraints)
    }

    fn init(_props: Props, snapshot: Option<Vec<u8>>) -> Result<(), String> {
        let restored = snapshot.and_then(|bytes| serde_json::from_slice::<Index>(&bytes).ok());
        let index = match restored {
            Some(index) => index,
            None => Index::rebuild().map_err(|e| format!("rebuilding the notes index: {e}"))?,
        };
        INDEX.with(|cell| *cell.borrow_mut() = Some(index));
        Ok(())
    }

    fn snapshot() -> Vec<u8> {
        with_index(|index| serde_json::to_vec(index).unwrap_or_default())
    }
}

impl Server for Notes {
    fn list_tools() -> Vec<Tool> {
        tools::definitions()
    }

    fn call_tool(name: String, arguments: String) -> Result<ToolResult, CallError> {
        tools::call(&name, &arguments)
    }
}

export!(Notes);
