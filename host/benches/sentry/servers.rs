//! The two servers the Sentry benchmark compares, as command lines against the same stand-in:
//! Warren's bundled `sentry` plugin (`warren stdio`) and the reference `@sentry/mcp-server`
//! 0.39.0 under Node 22 (paths from `tests/bench-sentry/setup.sh`). Both get the same flags and
//! an environment emptied of everything but `PATH` and `HOME`, so no `SENTRY_DSN`, LLM key or
//! proxy setting reaches either: neither sends traffic anywhere but the stand-in on 127.0.0.1.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The token the stand-in accepts and both servers send.
pub const TOKEN: &str = "bench-token";

/// How to start one server.
pub struct Launch {
    /// File-name stem for its stderr log.
    pub log_stem: &'static str,
    program: PathBuf,
    args: Vec<String>,
}

impl Launch {
    /// A fresh command for one start.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).env_clear();
        for key in ["PATH", "HOME"] {
            if let Some(value) = std::env::var_os(key) {
                command.env(key, value);
            }
        }
        command
    }
}

/// `warren --data-dir DIR stdio --plugin sentry …`: the release binary of this build.
pub fn warren(data_dir: &Path, api: SocketAddr) -> Launch {
    let mut args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
    args.extend(["stdio", "--plugin", "sentry", "--access-token", TOKEN, "--host"].map(String::from));
    args.extend([api.to_string(), "--insecure-http".into(), "--all-skills".into()]);
    Launch { log_stem: "warren", program: env!("CARGO_BIN_EXE_warren").into(), args }
}

/// `node dist/index.js …` from the paths `tests/bench-sentry/setup.sh` prints, passed in
/// `SENTRY_BENCH_NODE` and `SENTRY_BENCH_ENTRY`.
pub fn reference(api: SocketAddr) -> Result<Launch, String> {
    let path = |key: &str| -> Result<PathBuf, String> {
        let value = std::env::var_os(key).ok_or_else(|| {
            format!(
                "{key} is not set: run `just bench-sentry`, or set it to the path tests/bench-sentry/setup.sh prints"
            )
        })?;
        let path = PathBuf::from(value);
        if !path.is_file() {
            return Err(format!("{key}={path:?} is not a file: run tests/bench-sentry/setup.sh again"));
        }
        Ok(path)
    };
    let (node, entry) = (path("SENTRY_BENCH_NODE")?, path("SENTRY_BENCH_ENTRY")?);
    let args = vec![
        entry.display().to_string(),
        format!("--access-token={TOKEN}"),
        format!("--host={api}"),
        "--insecure-http".into(),
        "--all-skills".into(),
    ];
    Ok(Launch { log_stem: "reference", program: node, args })
}

/// `node --version`, for the table's heading.
pub fn node_version(launch: &Launch) -> String {
    let out = Command::new(&launch.program).arg("--version").env_clear().output();
    out.ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default()
}
