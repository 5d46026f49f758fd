//! `testbed`: a plugin that misbehaves on purpose, so Warren's tests can check
//! limits, atomicity and the sandbox. It is built with the bundled plugins but
//! never installed by default.
//!
//! Tools (all take a JSON object):
//! - `put {key, value}` / `get {key}` / `count`: storage and a counter kept in memory and snapshot;
//! - `put_then_trap {key, value}`: writes, then panics (the write must not commit);
//! - `spin`: loops forever; `grow {mib}`: allocates until stopped;
//! - `fetch {url, credential?}`: outbound HTTP; `stdout {text}`: prints to stdout/stderr;
//! - `report`: sends a log message and a progress report to the caller;
//! - `read_env` / `read_file {path}`: tries to escape the sandbox.

use std::cell::Cell;

use exports::warren::plugin::agent::Guest as Agent;
use exports::warren::plugin::server::Guest as Server;
use serde_json::{Value, json};
use warren::plugin::client::{self, LogLevel};
use warren::plugin::http::{self, Method, Request};
use warren::plugin::storage;
use warren::plugin::types::{
    CallError, Constraint, ContentBlock, Props, Tool, ToolAnnotations, ToolResult, VerifyError,
};

wit_bindgen::generate!({ world: "plugin", path: "../../wit" });

thread_local! {
    /// Calls served since the agent was created, carried across hibernation by the snapshot.
    static CALLS: Cell<u64> = const { Cell::new(0) };
}

struct Testbed;

const NAMES: &[&str] =
    &["put", "get", "count", "put_then_trap", "spin", "grow", "fetch", "stdout", "read_env", "read_file", "poll"];

impl Agent for Testbed {
    fn verify_constraints(props: Props) -> Result<Vec<Constraint>, VerifyError> {
        match props.constraints.iter().find(|c| c.value == "forbidden") {
            Some(c) => Err(VerifyError::Forbidden(format!("{} {:?} is off limits", c.name, c.value))),
            None => Ok(props.constraints),
        }
    }

    fn init(_props: Props, snapshot: Option<Vec<u8>>) -> Result<(), String> {
        let calls = snapshot.and_then(|b| b.try_into().ok()).map(u64::from_le_bytes).unwrap_or(0);
        CALLS.with(|c| c.set(calls));
        Ok(())
    }

    fn snapshot() -> Vec<u8> {
        CALLS.with(|c| c.get()).to_le_bytes().to_vec()
    }
}

fn text(s: impl Into<String>, is_error: bool) -> ToolResult {
    ToolResult { content: vec![ContentBlock::Text(s.into())], structured: None, is_error }
}

fn arg<'a>(args: &'a Value, name: &str) -> Result<&'a str, CallError> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| CallError::InvalidArguments(format!("missing string argument {name:?}")))
}

impl Server for Testbed {
    fn list_tools() -> Vec<Tool> {
        NAMES
            .iter()
            .map(|n| Tool {
                name: n.to_string(),
                title: None,
                description: format!("testbed tool {n}"),
                input_schema: json!({"type": "object"}).to_string(),
                output_schema: None,
                annotations: ToolAnnotations { read_only: None, destructive: None, idempotent: None, open_world: None },
            })
            .collect()
    }

    fn call_tool(name: String, arguments: String) -> Result<ToolResult, CallError> {
        let args: Value = serde_json::from_str(&arguments).map_err(|e| CallError::InvalidArguments(e.to_string()))?;
        let calls = CALLS.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        Ok(match name.as_str() {
            "put" => match storage::put(arg(&args, "key")?, arg(&args, "value")?.as_bytes()) {
                Ok(()) => text("ok", false),
                Err(e) => text(format!("{e:?}"), true),
            },
            "get" => match storage::get(arg(&args, "key")?) {
                Ok(Some(v)) => text(String::from_utf8_lossy(&v), false),
                Ok(None) => text("<none>", false),
                Err(e) => text(format!("{e:?}"), true),
            },
            "count" => text(calls.to_string(), false),
            "put_then_trap" => {
                let _ = storage::put(arg(&args, "key")?, arg(&args, "value")?.as_bytes());
                panic!("testbed: trapping after a write on purpose");
            }
            "spin" => {
                let mut x: u64 = 0;
                loop {
                    x = std::hint::black_box(x.wrapping_add(1));
                }
            }
            "grow" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1u8; 1 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            "fetch" => {
                let req = Request {
                    method: Method::Get,
                    url: arg(&args, "url")?.to_string(),
                    headers: vec![],
                    body: None,
                    credential: args.get("credential").and_then(Value::as_str).map(String::from),
                    timeout_ms: None,
                };
                match http::fetch(&req) {
                    Ok(r) => text(format!("{} {}", r.status, String::from_utf8_lossy(&r.body)), false),
                    Err(e) => text(format!("{e:?}"), true),
                }
            }
            "stdout" => {
                let t = arg(&args, "text")?;
                println!("{t}");
                eprintln!("{t}");
                text("printed", false)
            }
            "poll" => {
                // Waits `times` × `ms` through the host, reporting progress;
                // with `key`, writes it first (an abandoned call must not commit it).
                let ms = args.get("ms").and_then(Value::as_u64).unwrap_or(10) as u32;
                let times = args.get("times").and_then(Value::as_u64).unwrap_or(1);
                if let Some(key) = args.get("key").and_then(Value::as_str) {
                    let _ = storage::put(key, b"written by poll");
                }
                let mut done = 0;
                while done < times {
                    client::progress(done as f64, Some(times as f64), None);
                    if !client::wait(ms) {
                        break;
                    }
                    done += 1;
                }
                text(format!("waited {done} of {times}"), false)
            }
            "report" => {
                client::log(LogLevel::Info, "halfway there");
                client::progress(0.5, Some(1.0), Some("half"));
                text("reported", false)
            }
            "read_env" => text(format!("{:?}", std::env::vars().collect::<Vec<_>>()), false),
            "read_file" => match std::fs::read_to_string(arg(&args, "path")?) {
                Ok(s) => text(s, false),
                Err(e) => text(format!("error: {e}"), true),
            },
            other => {
                return Err(CallError::UnknownTool(format!("no tool named {other:?} in testbed")));
            }
        })
    }
}

export!(Testbed);
