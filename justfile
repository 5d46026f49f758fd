# Warren's tasks. `just` is optional: each recipe is one plain cargo command.

# Run the tests (what CI runs after the lints).
test:
    cargo test

# Build and run Warren (release); pass arguments after `--`, e.g. `just run call --plugin notes list_notes`.
run *ARGS:
    cargo run --release -- {{ARGS}}

# Formatting and lints, as CI checks them.
lint:
    cargo fmt --all -- --check
    cargo clippy --all-targets -- -D warnings
    cd plugins && cargo fmt --all -- --check && cargo clippy --target wasm32-wasip2 -- -D warnings

# The runtime benchmark (release build): p50/p99, ratios, RSS. See docs/BENCHMARKS.md.
bench:
    cargo bench -p warren --bench runtime
    cargo bench -p warren --bench http

# Warren's Sentry plugin vs the reference @sentry/mcp-server 0.39.0 under Node 22 (installed once from npm by the setup script).
bench-sentry:
    paths="$(tests/bench-sentry/setup.sh)" && eval "$paths" && export SENTRY_BENCH_NODE SENTRY_BENCH_ENTRY && cargo bench -p warren --bench sentry

# Install what a fresh machine lacks.
setup:
    rustup target add wasm32-wasip2

# Fuzz the request path for SECONDS per target (needs cargo-fuzz; stable Rust via RUSTC_BOOTSTRAP).
fuzz SECONDS="120":
    cargo install cargo-fuzz --locked
    cd host/fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run request_path -- -max_total_time={{SECONDS}}
    cd host/fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run request_body -- -max_total_time={{SECONDS}}

# The official MCP conformance suite against a fresh `warren serve` (needs npm; see docs/CONFORMANCE.md).
conformance *SCENARIOS:
    tests/conformance/run.sh {{SCENARIOS}}

# The Sentry tool set offline: the Sentry API stand-in plus `warren serve` wired to it.
demo:
    tests/demo/run.sh
