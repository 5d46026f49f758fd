//! A small blocking MCP client over a child process's stdin/stdout: newline-delimited JSON-RPC,
//! one request in flight, as a desktop MCP client drives a stdio server. A reader thread turns
//! stdout into lines so every wait has a deadline and a hung server fails the bench instead of
//! stalling it.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};

/// How long one request may take before the server is declared hung.
const DEADLINE: Duration = Duration::from_secs(60);

/// A running stdio MCP server.
pub struct StdioServer {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    next_id: u64,
    stderr_log: PathBuf,
}

#[derive(Deserialize)]
struct Response<T> {
    id: Option<Value>,
    result: Option<T>,
    error: Option<Value>,
}

#[derive(Deserialize)]
struct ToolsList {
    tools: Vec<ToolInfo>,
}

#[derive(Deserialize)]
struct ToolInfo {
    name: String,
}

#[derive(Deserialize)]
struct CallResult {
    #[serde(default)]
    content: Vec<Content>,
    #[serde(default, rename = "isError")]
    is_error: bool,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    text: String,
}

impl StdioServer {
    /// Spawns `command` with piped stdin/stdout and stderr appended to `stderr_log`.
    pub fn spawn(mut command: Command, stderr_log: PathBuf) -> Result<StdioServer, String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&stderr_log)
            .map_err(|e| format!("cannot open {stderr_log:?}: {e}"))?;
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot spawn {:?}: {e}", command.get_program()))?;
        let stdout = child.stdout.take().ok_or("no stdout pipe")?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(StdioServer { stdin: child.stdin.take(), child, lines, next_id: 0, stderr_log })
    }

    /// `initialize` (protocol 2025-06-18) followed by `notifications/initialized`.
    pub fn initialize(&mut self) -> Result<(), String> {
        let params = json!({
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "warren-bench-sentry", "version": "1"}
        });
        self.request::<Value>("initialize", params)?;
        self.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
    }

    /// `tools/list`: the names of the tools the server lists.
    pub fn list_tools(&mut self) -> Result<Vec<String>, String> {
        let list: ToolsList = self.request("tools/list", json!({}))?;
        Ok(list.tools.into_iter().map(|t| t.name).collect())
    }

    /// `tools/call`; returns the text of a result that is not an error.
    pub fn call_tool(&mut self, name: &str, arguments: &Value) -> Result<String, String> {
        let result: CallResult = self.request("tools/call", json!({"name": name, "arguments": arguments}))?;
        let text: String = result.content.into_iter().map(|c| c.text).collect();
        if result.is_error {
            return Err(format!("{name} returned an error result: {text}"));
        }
        Ok(text)
    }

    /// `ping`: the round trip of the transport and the server's JSON-RPC layer, no tool.
    pub fn ping(&mut self) -> Result<(), String> {
        self.request::<Value>("ping", Value::Null).map(drop)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Closes stdin (the end of an MCP stdio session) and waits a few seconds for the server
    /// to exit, then kills it.
    pub fn shut_down(mut self) {
        self.stdin = None;
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn request<T: for<'de> Deserialize<'de>>(&mut self, method: &str, params: Value) -> Result<T, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message)?;
        let until = Instant::now() + DEADLINE;
        loop {
            let line = match self.lines.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => return Err(self.failure(&format!("no answer to {method} in 60 s"))),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(self.failure(&format!("the server closed stdout before answering {method}")));
                }
            };
            let response: Response<T> =
                serde_json::from_str(&line).map_err(|e| format!("{method}: unreadable line {line:?}: {e}"))?;
            // Notifications and requests from the server carry no id of ours; skip them.
            if response.id.as_ref().and_then(Value::as_u64) != Some(id) {
                continue;
            }
            if let Some(error) = response.error {
                return Err(format!("{method} failed: {error}"));
            }
            return response.result.ok_or_else(|| format!("{method}: a response without a result: {line}"));
        }
    }

    fn send(&mut self, message: &Value) -> Result<(), String> {
        let stdin = self.stdin.as_mut().ok_or("stdin is closed")?;
        let mut line = message.to_string();
        line.push('\n');
        let written = stdin.write_all(line.as_bytes()).and_then(|()| stdin.flush());
        written.map_err(|e| self.failure(&format!("cannot write to the server: {e}")))
    }

    /// An error message with the tail of the server's stderr, which usually says why.
    fn failure(&self, what: &str) -> String {
        let log = std::fs::read_to_string(&self.stderr_log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!("{what}; its stderr ends with:\n{}", tail.join("\n"))
    }
}

impl Drop for StdioServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
