//! The `sentry-standin` binary prints where it listens and serves until killed.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn the_binary_prints_its_address_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sentry-standin"))
        .args(["--listen", "127.0.0.1:0", "--token", "demo-token"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let status = runtime.block_on(async {
        reqwest::Client::new()
            .get(format!("{base}/api/0/auth/"))
            .bearer_auth("demo-token")
            .send()
            .await
            .unwrap()
            .status()
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, reqwest::StatusCode::OK);
}

#[test]
fn the_binary_refuses_a_non_loopback_address() {
    let output = Command::new(env!("CARGO_BIN_EXE_sentry-standin"))
        .args(["--listen", "0.0.0.0:0", "--token", "demo-token"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a loopback address"));
}
