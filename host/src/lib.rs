//! Warren: an MCP plugin host on wasmtime. Plugins are WebAssembly components
//! implementing the `warren:plugin` world (`wit/`); Warren runs one sandboxed
//! instance, an *agent*, per (tenant, plugin, constraints), commits each
//! call's storage writes durably before answering, hibernates idle agents to
//! disk and wakes them on the next call.
//!
//! # Layout
//!
//! | module | holds |
//! |---|---|
//! | [`runtime`] | the composition root and public API: open, verify, call, list tools, agents, shutdown |
//! | [`registry`] | agent cells: wake on use, one call at a time, idle and LRU hibernation |
//! | [`agent`] | one live agent: its `Store`, guarded guest calls, snapshots |
//! | [`plugin`], [`manifest`] | loading a plugin directory: `plugin.toml`, config, world check |
//! | [`compile_cache`], [`engine`] | the pooled engine, epoch ticker, and on-disk compiled code |
//! | [`capabilities`] | host imports, one module each: storage, http, client, wasi, limits |
//! | [`store`] | durable state: the [`store::StateStore`] trait, redb, group commit |
//! | [`ids`], [`tool`], [`error`] | typed ids, tool types, errors |
//! | [`metrics`] | Prometheus metrics |
//! | [`mcp`] | the MCP front door: Streamable HTTP, legacy SSE, stdio, auth, routing |
//! | [`cli`] | the `warren` command line |

pub mod agent;
pub mod bindings;
pub mod built;
pub mod capabilities;
pub mod cli;
pub mod compile_cache;
pub mod engine;
pub mod error;
pub mod ids;
pub mod manifest;
pub mod mcp;
pub mod memory;
pub mod metrics;
pub mod plugin;
pub mod plugin_set;
pub mod registry;
pub mod runtime;
pub mod store;
pub mod tool;

pub use agent::Caller;
pub use bindings::warren::plugin::client::LogLevel;
pub use capabilities::client::{CallObserver, Unobserved};
pub use capabilities::http::{Credentials, Secret};
pub use error::{AbortReason, CallError, VerifyStatus};
pub use ids::{AgentId, AgentKey, Constraints, PluginName, TenantId};
pub use plugin::PluginConfig;
pub use plugin_set::ReloadReport;
pub use runtime::{AgentStatus, Runtime, RuntimeConfig, StartError};
pub use tool::{Content, ToolInfo, ToolOutput};
