//! The `warren` CLI, run as a process.

use std::process::{Command, Output};

fn warren(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_warren")).arg("--data-dir").arg(data).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn call_prints_the_result_and_agents_lists_the_agent() {
    let dir = tempfile::tempdir().unwrap();
    let out = warren(
        dir.path(),
        &[
            "call",
            "--plugin",
            "notes",
            "--tenant",
            "t1",
            "--constraint",
            "notebook=work",
            "add_note",
            r#"{"title":"from the cli","body":"hello"}"#,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Added note #1 \"from the cli\". Next: `list_notes` or `search_notes`.\n");

    let out = warren(
        dir.path(),
        &["call", "--plugin", "notes", "--tenant", "t1", "--constraint", "notebook=work", "list_notes"],
    );
    assert_eq!(stdout(&out), "# Notes (1 shown of 1)\n- #1 from the cli\n");

    let out = warren(dir.path(), &["agents"]);
    let text = stdout(&out);
    let row = text.lines().nth(1).unwrap_or_default();
    for field in ["hibernated", "notes", "t1", "notebook=work", "0.1.0+", "1"] {
        assert!(row.contains(field), "{field:?} missing in {row:?}");
    }
}

#[test]
fn bad_input_exits_non_zero_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = warren(dir.path(), &["call", "--plugin", "notes", "add_note", "not json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: arguments for notes/add_note are not valid: arguments are not JSON"),
        "{}",
        stderr(&out)
    );

    let out = warren(dir.path(), &["call", "--plugin", "notes", "get_note", r#"{"id":42}"#]);
    assert_eq!(out.status.code(), Some(2), "a tool error exits 2");
    assert_eq!(stdout(&out), "no note #42; `list_notes` shows the ids\n");

    let out = warren(dir.path(), &["call", "--plugin", "notes", "--constraint", "notebook", "list_notes"]);
    assert_eq!(stderr(&out), "error: constraint \"notebook\": expected NAME=VALUE\n");
}

#[test]
fn plugins_lists_the_bundled_plugins_and_their_tools() {
    let dir = tempfile::tempdir().unwrap();
    let out = warren(dir.path(), &["plugins"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("notes 0.1.0+"), "{text}");
    assert!(text.contains("  - add_note: Saves a new note"), "{text}");
}

#[test]
fn stdio_serves_one_agent_over_a_pipe_and_keeps_its_state() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    let session = |requests: &[&str]| -> Vec<serde_json::Value> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_warren"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["stdio", "--plugin", "notes", "--constraint", "notebook=piped"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut replies = Vec::new();
        let init = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}"#;
        for (i, req) in std::iter::once(init).chain(requests.iter().copied()).enumerate() {
            writeln!(stdin, "{req}").unwrap();
            if i == 0 {
                writeln!(stdin, r#"{{"jsonrpc":"2.0","method":"notifications/initialized"}}"#).unwrap();
            }
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            replies.push(serde_json::from_str(&line).unwrap());
        }
        drop(stdin);
        assert!(child.wait().unwrap().success());
        replies
    };
    let call = |id: u32, tool: &str, args: &str| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"{tool}","arguments":{args}}}}}"#
        )
    };
    let replies = session(&[&call(1, "add_note", r#"{"title":"piped","body":"through stdio"}"#)]);
    assert_eq!(replies[0]["result"]["serverInfo"]["name"], "warren");
    assert_eq!(
        replies[1]["result"]["content"][0]["text"],
        "Added note #1 \"piped\". Next: `list_notes` or `search_notes`."
    );
    // A second process (a restart) finds the note.
    let replies = session(&[&call(1, "list_notes", "{}")]);
    assert_eq!(replies[1]["result"]["content"][0]["text"], "# Notes (1 shown of 1)\n- #1 piped");
}

/// Starts `warren serve` on a free port; returns the child and its address.
fn serve(data: &std::path::Path) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_warren"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let addr = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.split("http://").nth(1).and_then(|r| r.split('/').next()).map(str::to_string))
        .expect("serve prints its URL");
    (child, addr)
}

/// POSTs one JSON-RPC message on an MCP 2025-06-18 session (none for initialize).
async fn mcp_post(addr: &str, session: Option<&str>, body: serde_json::Value) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(format!("http://{addr}/notes/mcp/served"))
        .header("accept", "application/json, text/event-stream")
        .json(&body);
    if let Some(s) = session {
        req = req.header("mcp-session-id", s).header("mcp-protocol-version", "2025-06-18");
    }
    req.send().await.unwrap()
}

/// Opens an MCP 2025-06-18 session over raw HTTP; returns its id.
async fn mcp_session(addr: &str) -> String {
    let init = serde_json::json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}});
    let resp = mcp_post(addr, None, init).await;
    let session = resp.headers()["mcp-session-id"].to_str().unwrap().to_string();
    resp.text().await.unwrap();
    mcp_post(addr, Some(&session), serde_json::json!({"jsonrpc": "2.0", "method": "notifications/initialized"})).await;
    session
}

/// A tools/call on a session; returns the result JSON.
async fn mcp_tool(addr: &str, session: &str, tool: &str, args: serde_json::Value) -> serde_json::Value {
    let call = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": tool, "arguments": args}});
    let resp = mcp_post(addr, Some(session), call).await;
    assert_eq!(resp.status(), 200, "session {session}");
    let body = resp.text().await.unwrap();
    let data = body.lines().filter_map(|l| l.strip_prefix("data: ")).find(|d| d.contains("\"result\"")).unwrap();
    serde_json::from_str::<serde_json::Value>(data).unwrap()["result"].clone()
}

/// A fresh session's tools/call.
async fn mcp_call(addr: &str, tool: &str, args: serde_json::Value) -> serde_json::Value {
    let session = mcp_session(addr).await;
    mcp_tool(addr, &session, tool, args).await
}

#[tokio::test]
async fn sigterm_hibernates_every_agent_and_a_restart_keeps_their_state_and_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let (child, addr) = serve(dir.path());
    let session = mcp_session(&addr).await;
    let added =
        mcp_tool(&addr, &session, "add_note", serde_json::json!({"title": "survivor", "body": "restart me"})).await;
    assert_eq!(added["content"][0]["text"], "Added note #1 \"survivor\". Next: `list_notes` or `search_notes`.");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hibernated 1 agent(s); bye"));

    let (mut child, addr) = serve(dir.path());
    let listed = mcp_call(&addr, "list_notes", serde_json::json!({})).await;
    assert_eq!(listed["content"][0]["text"], "# Notes (1 shown of 1)\n- #1 survivor");
    // The session opened before the restart still works: no re-initialize.
    let again = mcp_tool(&addr, &session, "get_note", serde_json::json!({"id": 1})).await;
    assert!(again["content"][0]["text"].as_str().unwrap().starts_with("# #1 survivor"), "{again}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn warren_toml_is_read_from_the_working_directory_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let testbed = crate::common::built("testbed");
    std::fs::write(
        dir.path().join("warren.toml"),
        format!(
            "version = 1\ndata_dir = \"state\"\nplugins = [{:?}]\n[plugin.testbed]\nallow_insecure_http = true\n[plugin.testbed.config]\nupstream = \"127.0.0.1:1\"\n",
            testbed.display().to_string()
        ),
    )
    .unwrap();
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_warren")).current_dir(dir.path()).args(args).output().unwrap();
    let out = run(&["plugins"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("testbed 0.1.0+"), "{}", stdout(&out));
    assert!(dir.path().join("state/state.redb").is_file(), "data_dir comes from the file, relative to it");

    std::fs::write(dir.path().join("warren.toml"), "version = 1\nlisten = \"0.0.0.0:80\"\n").unwrap();
    let out = run(&["plugins"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: config file warren.toml: ") && err.contains("unknown field `listen`"), "{err}");
}
