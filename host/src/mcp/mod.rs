//! The MCP front door: Streamable HTTP (rmcp) in axum, routed by plugin and
//! constraints. It talks to the runtime only through [`crate::Runtime`]'s
//! public API and knows nothing of wasmtime.
//!
//! | file | holds |
//! |---|---|
//! | `auth.rs` | who is calling: modes `none`, `tokens`, `upstream-bearer` |
//! | `route.rs` | URL → plugin + constraints, with segment validation |
//! | `verify_cache.rs` | verified constraints per (tenant, plugin, constraints), TTL, single flight |
//! | `gate.rs` | the axum middleware that routes, authenticates and verifies before MCP |
//! | `handler.rs` | the rmcp `ServerHandler`: tools/list and tools/call on the agent |
//! | `convert.rs` | runtime tool types ↔ MCP JSON |
//! | `sse.rs` | the legacy HTTP+SSE transport (2024-11-05) |
//! | `sessions.rs` | MCP sessions saved in the state store, surviving restarts |
//! | `server.rs` | the router, listener, and graceful shutdown |
//! | `stdio.rs` | one agent served over stdin/stdout |

pub mod auth;
mod convert;
mod gate;
mod handler;
mod listeners;
pub mod route;
mod server;
mod sessions;
mod sse;
mod stdio;
mod verify_cache;

pub use server::{ServeConfig, Server};
pub use stdio::serve_stdio;
