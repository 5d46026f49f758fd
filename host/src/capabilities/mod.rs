//! Host capabilities, one module each, with the same shape: a per-plugin
//! part built once at load (a policy), a per-agent state in [`HostState`],
//! and the WIT `Host` impl that serves the guest. [`HostState`] is the
//! composition root that lists them all.

pub mod client;
pub mod http;
pub mod limits;
pub mod storage;
pub mod wasi;

use wasmtime::component::{HasSelf, Linker};
use wasmtime_wasi::{WasiCtxView, WasiView};

use crate::bindings::Plugin;

/// Everything one agent's `Store` holds.
pub struct HostState {
    /// WASI, denied everything but clocks, randomness and logged stdio.
    pub wasi: wasi::WasiState,
    /// The agent's key-value storage and this call's uncommitted writes.
    pub storage: storage::StorageState,
    /// Outbound HTTP under the plugin's policy.
    pub http: http::HttpState,
    /// Log and progress messages to the caller.
    pub client: client::ClientState,
    /// Memory cap and CPU accounting.
    pub limits: limits::AgentLimits,
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        self.wasi.view()
    }
}

impl crate::bindings::warren::plugin::types::Host for HostState {}

/// Adds WASI and the `warren:plugin` imports to a linker.
pub fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    wasmtime_wasi::p2::add_to_linker_async(linker)?;
    Plugin::add_to_linker::<HostState, HasSelf<HostState>>(linker, |s| s)
}
