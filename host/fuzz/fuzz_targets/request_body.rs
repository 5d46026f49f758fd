//! Fuzzes what a request body goes through before it reaches a plugin: JSON,
//! a JSON-RPC message, and a plugin manifest never panic on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<serde_json::Value>(data);
    let _ = serde_json::from_slice::<rmcp::model::ClientJsonRpcMessage>(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = warren::manifest::Manifest::parse(text, std::path::Path::new("fuzz/plugin.toml"));
    }
});
