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

# Install what a fresh machine lacks.
setup:
    rustup target add wasm32-wasip2
