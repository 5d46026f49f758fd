#!/usr/bin/env bash
# `just conformance`: runs the official MCP conformance suite
# (@modelcontextprotocol/conformance, Node 22 from the npm registry) against
# a fresh `warren serve` on loopback and prints each scenario's result.
# Usage: tests/conformance/run.sh [SCENARIO...]   (default: the server
# scenarios that apply to a tools-only plugin such as `notes`).
set -euo pipefail
cd "$(dirname "$0")/../.."
runner="${MCP_CONFORMANCE:-../shared/tools/mcp-conformance}"
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  scenarios=(server-initialize server-session-lifecycle server-stateless ping tools-list
             dns-rebinding-protection http-header-validation caching tools-call-error)
fi
port="${PORT:-18399}"
data="$(mktemp -d)"
cargo build --release --quiet
target/release/warren --data-dir "$data" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
for sc in "${scenarios[@]}"; do
  result=$("$runner" server --url "http://127.0.0.1:$port/notes/mcp" --scenario "$sc" 2>&1 | grep -E '^Passed:' | tail -1 || true)
  printf '%-32s %s\n' "$sc" "${result:-no result (run the runner by hand to see why)}"
done
