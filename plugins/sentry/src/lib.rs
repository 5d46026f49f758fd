//! `sentry`: Sentry's MCP tool set as a Warren plugin.
//!
//! Each agent serves one tenant, optionally bound to an organization and a
//! project (`/sentry/mcp/{organizationSlug?}/{projectSlug?}`). Tools call
//! Sentry's REST API through the host's `http` import with the tenant's
//! `sentry` credential, which the host injects. State is a small cache of
//! organization regions, kept in the agent's snapshot.
//!
//! # Layout
//!
//! | module | what |
//! |---|---|
//! | `catalog` | every tool's spec (name, parameters, skills, surface, handler) |
//! | `tools/` | one module per tool handler, named after the tool |
//! | `dispatch` | a call from name to result |
//! | `args`, `schema` | argument checks and constraint filling; JSON input schemas |
//! | `context`, `skills` | config, constraints, granted skills, API clients |
//! | `api`, `io` | the Sentry client and errors; the host's imports |
//! | `models`, `event` | Sentry resources; events and their markdown sections |
//! | `issue_scope` | which issue an `issueId`/`issueUrl` names; the project constraint check |
//! | `urls`, `md` | Sentry links and issue references; the markdown builder |
//! | `time` | ISO and HTTP dates to Unix seconds and back |
//! | `verify`, `reply` | `verify-constraints`; handler results and errors |

mod api;
mod args;
mod catalog;
mod context;
mod dispatch;
mod event;
mod io;
mod issue_scope;
mod md;
mod models;
mod reply;
mod schema;
mod skills;
mod time;
mod tools;
mod urls;
mod verify;

use std::cell::RefCell;

use exports::warren::plugin::agent::Guest as Agent;
use exports::warren::plugin::server::Guest as Server;
use warren::plugin::types::{CallError, Constraint, ContentBlock, Props, Tool, ToolResult, VerifyError};

use context::Ctx;
use io::WarrenIo;

wit_bindgen::generate!({ world: "plugin", path: "../../wit" });

thread_local! {
    /// The agent's context; `None` until `init` runs.
    static CTX: RefCell<Option<Ctx>> = const { RefCell::new(None) };
}

/// Runs `f` with the context, or returns `None` before `init`.
fn with_ctx<R>(f: impl FnOnce(&Ctx) -> R) -> Option<R> {
    CTX.with(|cell| cell.borrow().as_ref().map(f))
}

struct Sentry;

impl Agent for Sentry {
    fn verify_constraints(props: Props) -> Result<Vec<Constraint>, VerifyError> {
        verify::verify(&props, &WarrenIo)
    }

    fn init(props: Props, snapshot: Option<Vec<u8>>) -> Result<(), String> {
        let ctx = Ctx::new(&props, Box::new(WarrenIo))?;
        if let Some(bytes) = snapshot {
            ctx.restore_regions(&bytes);
        }
        CTX.with(|cell| *cell.borrow_mut() = Some(ctx));
        Ok(())
    }

    fn snapshot() -> Vec<u8> {
        with_ctx(Ctx::regions_snapshot).unwrap_or_default()
    }
}

impl Server for Sentry {
    fn list_tools() -> Vec<Tool> {
        with_ctx(|ctx| catalog::direct(ctx).map(|spec| schema::tool_definition(spec, &ctx.bound)).collect())
            .unwrap_or_default()
    }

    fn call_tool(name: String, arguments: String) -> Result<ToolResult, CallError> {
        with_ctx(|ctx| dispatch::call(ctx, &name, &arguments)).unwrap_or_else(|| {
            Ok(ToolResult {
                content: vec![ContentBlock::Text("**Error**: the agent was called before `init`.\n".into())],
                structured: None,
                is_error: true,
            })
        })
    }
}

#[cfg(target_arch = "wasm32")]
export!(Sentry);
