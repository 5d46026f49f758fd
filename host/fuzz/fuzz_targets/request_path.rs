//! Fuzzes URL routing: any path must parse or be refused with 400/404, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else { return };
    for default in [None, Some("notes")] {
        match warren::mcp::route::parse(path, default) {
            Ok(route) => assert!(route.segments.iter().all(|s| !s.is_empty() && s != ".." && !s.contains('/'))),
            Err(e) => assert!(e.status == 400 || e.status == 404),
        }
    }
});
