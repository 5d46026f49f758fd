//! `warren stdio --plugin sentry` with the command line of `@sentry/mcp-server`:
//! the token, host, plain-http, organization/project and skill flags.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use sentry_standin::StandIn;
use serde_json::{Value, json};

use super::TOKEN;

/// Runs one stdio session with `flags`: initialize, then each request; returns the replies.
fn session(data: &std::path::Path, flags: &[&str], env_token: Option<&str>, requests: &[Value]) -> Vec<Value> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warren"));
    cmd.arg("--data-dir").arg(data).arg("stdio").args(flags);
    cmd.env_remove("SENTRY_ACCESS_TOKEN");
    if let Some(token) = env_token {
        cmd.env("SENTRY_ACCESS_TOKEN", token);
    }
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "pipe", "version": "1"}}});
    let mut replies = Vec::new();
    for (i, req) in std::iter::once(&init).chain(requests).enumerate() {
        writeln!(stdin, "{req}").unwrap();
        if i == 0 {
            writeln!(stdin, r#"{{"jsonrpc":"2.0","method":"notifications/initialized"}}"#).unwrap();
        }
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let reply = serde_json::from_str(&line).unwrap_or_else(|e| {
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
            panic!("no JSON reply ({e}): {line:?}; stderr: {err}")
        });
        replies.push(reply);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    replies
}

fn list() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
}

fn call(id: u32, tool: &str, arguments: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": tool, "arguments": arguments}})
}

fn names(reply: &Value) -> Vec<String> {
    reply["result"]["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_string()).collect()
}

fn text(reply: &Value) -> String {
    reply["result"]["content"][0]["text"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_command_line_works_for_warren_stdio() {
    let standin = StandIn::start("127.0.0.1:0".parse().unwrap(), vec![TOKEN.into()]).await.unwrap();
    let host = standin.addr().to_string();
    let data = tempfile::tempdir().unwrap();
    let path = data.path().to_path_buf();
    let host1 = host.clone();
    let replies = tokio::task::spawn_blocking(move || {
        let flags = ["--plugin", "sentry", "--access-token", TOKEN, "--host", &host1, "--insecure-http"];
        let flags = [&flags[..], &["--organization-slug", "acme", "--project-slug", "web"]].concat();
        session(&path, &flags, None, &[list(), call(2, "execute_sentry_tool", json!({"name": "whoami"}))])
    })
    .await
    .unwrap();
    let tools = names(&replies[1]);
    assert!(tools.contains(&"search_sentry_tools".to_string()), "{tools:?}");
    assert!(!tools.contains(&"find_organizations".to_string()), "hidden under an organization constraint");
    let schema = &replies[1]["result"]["tools"].as_array().unwrap()[0]["inputSchema"]["properties"];
    assert!(schema.get("organizationSlug").is_none(), "{schema}");
    assert!(text(&replies[2]).contains("Ada Lovelace"), "{}", text(&replies[2]));

    // The token from the environment, skills chosen and one taken away.
    let path = data.path().to_path_buf();
    let host2 = host.clone();
    let replies = tokio::task::spawn_blocking(move || {
        let flags =
            ["--plugin", "sentry", "--host", &host2, "--insecure-http", "--all-skills", "--disable-skills", "seer"];
        session(&path, &flags, Some(TOKEN), &[list()])
    })
    .await
    .unwrap();
    let tools = names(&replies[1]);
    assert!(tools.contains(&"find_organizations".to_string()), "{tools:?}");
    assert!(!tools.contains(&"analyze_issue_with_seer".to_string()), "seer was disabled: {tools:?}");

    // A refused token fails verification with the upstream's status and message.
    let path = data.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_warren"))
            .arg("--data-dir")
            .arg(&path)
            .args(["stdio", "--plugin", "sentry", "--access-token", "wrong", "--host", &host, "--insecure-http"])
            .args(["--organization-slug", "acme"])
            .env_remove("SENTRY_ACCESS_TOKEN")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("401") || err.to_lowercase().contains("token"), "{err}");
}
