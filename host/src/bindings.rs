//! Host bindings for the `warren:plugin` world, generated from `wit/`.
//! Every import is async (host calls may await I/O) and trappable (a host
//! fault ends the call instead of returning a made-up value).

#![allow(missing_docs)]

wasmtime::component::bindgen!({
    world: "plugin",
    path: "../wit",
    imports: { default: async | trappable },
    exports: { default: async },
});

pub use self::warren::plugin::types::{
    CallError as GuestCallError, ContentBlock, Props, ResourceContents, Tool, ToolAnnotations, ToolResult, VerifyError,
};
