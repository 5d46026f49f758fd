#!/usr/bin/env bash
# `just bench-sentry`, step one: installs the reference Sentry MCP server
# (@sentry/mcp-server 0.39.0) and a Node 22 runtime, both from the npm
# registry, into a cache directory (once; later runs only check), then prints
# the two paths the benchmark needs as shell-quoted `SENTRY_BENCH_NODE=…` and
# `SENTRY_BENCH_ENTRY=…` lines (`eval` them; `just bench-sentry` does).
# Env: MCP_TOOLS_DIR (default ~/.cache/mcp-tools); the install goes to
# $MCP_TOOLS_DIR/sentry-0.39.0.
set -euo pipefail
ver=0.39.0
dir="${MCP_TOOLS_DIR:-$HOME/.cache/mcp-tools}/sentry-$ver"
node="$dir/node_modules/.bin/node"
pkg="$dir/node_modules/@sentry/mcp-server"
if [ ! -x "$node" ] || [ ! -f "$pkg/package.json" ] || ! grep -q "\"version\": \"$ver\"" "$pkg/package.json"; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || (cd "$dir" && npm init -y >/dev/null 2>&1)
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error node@22 "@sentry/mcp-server@$ver" >/dev/null)
fi
# The package's `bin` entry is the stdio server's script.
entry=$("$node" -e '
  const p = require(process.argv[1] + "/package.json");
  const bin = typeof p.bin === "string" ? p.bin : Object.values(p.bin)[0];
  console.log(require("path").resolve(process.argv[1], bin));
' "$pkg")
printf 'SENTRY_BENCH_NODE=%q\n' "$node"
printf 'SENTRY_BENCH_ENTRY=%q\n' "$entry"
