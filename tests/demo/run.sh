#!/usr/bin/env bash
# `just demo`: the Sentry tool set offline. Starts the Sentry API stand-in
# (fixture data: org `acme` with projects `web` and `api`, issues WEB-1, API-1…)
# and `warren serve` wired to it, then prints how to connect a client.
# Ctrl-C stops both. Ports: STANDIN_PORT (8378), WARREN_PORT (8377).
set -euo pipefail
cd "$(dirname "$0")/../.."
standin_port="${STANDIN_PORT:-8378}"
warren_port="${WARREN_PORT:-8377}"
token="demo-token"
data="${DEMO_DATA_DIR:-warren-demo-data}"
cargo build --release --quiet -p warren -p sentry-standin
target/release/sentry-standin --listen "127.0.0.1:$standin_port" --token "$token" >/dev/null &
standin=$!
trap 'kill $standin $warren 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$standin_port/" && break; sleep 0.1; done
upstream="http://127.0.0.1:$standin_port"
config=(--config "sentry.host=127.0.0.1:$standin_port" --config sentry.insecure_http=true --allow-insecure-http sentry
        --config sentry.skills=all --config "sentry.docs_url=$upstream" --config "sentry.docs_search_url=$upstream"
        --config sentry.seer_poll_ms=500)
cat <<MSG
Sentry API stand-in: $upstream (token: $token)

Connect an MCP client over HTTP (the bearer token is the Sentry token, auth mode upstream-bearer):
  URL     http://127.0.0.1:$warren_port/mcp/acme        (or /mcp, /mcp/acme/web, /sentry/mcp/acme)
  header  Authorization: Bearer $token
  e.g. npx @modelcontextprotocol/inspector → Streamable HTTP, the URL above, header Authorization.

Or run it over stdio with the @sentry/mcp-server command line:
  target/release/warren --data-dir $data-stdio ${config[*]} \\
      stdio --plugin sentry --access-token $token --organization-slug acme

Try: find_projects, search_issues {"query":"is:unresolved"}, execute_sentry_tool {"name":"get_issue_details","arguments":{"issueId":"WEB-1"}}.
MSG
target/release/warren --data-dir "$data" "${config[@]}" \
  serve --listen "127.0.0.1:$warren_port" --auth upstream-bearer --upstream-credential sentry --default-plugin sentry &
warren=$!
wait $warren
