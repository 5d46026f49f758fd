//! State survives hibernation, restarts and kill -9; a trapped call commits nothing.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common::{call, key, open, text};

#[tokio::test]
async fn hibernated_agent_wakes_with_its_notes_and_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "notes", &[("notebook", "work")]).await;
    text(&rt, &k, "add_note", r#"{"title":"deploy friday","body":"ship the release","tags":["ops"]}"#).await;
    text(&rt, &k, "add_note", r#"{"title":"lunch","body":"tacos"}"#).await;
    assert_eq!(rt.live_agents(), 1);

    assert_eq!(rt.hibernate_all().await, 1);
    assert_eq!(rt.live_agents(), 0);
    let agents = rt.agents().unwrap();
    assert_eq!(agents.len(), 1);
    assert!(!agents[0].live && agents[0].has_snapshot, "hibernation stores a snapshot: {agents:?}");
    assert_eq!(agents[0].usage.keys, 2);

    let found = text(&rt, &k, "search_notes", r#"{"query":"deploy"}"#).await;
    assert!(found.contains("#1 deploy friday [ops]: ship the release"), "{found}");
    assert_eq!(rt.live_agents(), 1);
    let listed = text(&rt, &k, "list_notes", "{}").await;
    assert!(listed.contains("# Notes (2 shown of 2)"), "{listed}");
    rt.shutdown().await;
}

#[tokio::test]
async fn the_testbed_counter_lives_in_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "testbed", &[]).await;
    for _ in 0..3 {
        call(&rt, &k, "count", "{}").await;
    }
    rt.hibernate_all().await;
    // The fourth call sees the count carried across hibernation, without storage.
    assert_eq!(text(&rt, &k, "count", "{}").await, "4");
    rt.shutdown().await;
}

#[tokio::test]
async fn restart_keeps_notes_and_wakes_from_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    {
        let rt = open(dir.path()).await;
        let k = key(&rt, "t1", "notes", &[]).await;
        text(&rt, &k, "add_note", r#"{"title":"remember","body":"the milk"}"#).await;
        assert_eq!(rt.shutdown().await, 1, "shutdown hibernates the live agent");
    }
    let rt = open(dir.path()).await;
    assert!(rt.agents().unwrap()[0].has_snapshot);
    let k = key(&rt, "t1", "notes", &[]).await;
    let got = text(&rt, &k, "get_note", r#"{"id":1}"#).await;
    assert!(got.contains("# #1 remember") && got.contains("the milk"), "{got}");
    rt.shutdown().await;
}

#[tokio::test]
async fn a_trap_after_a_write_commits_nothing_and_the_agent_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "testbed", &[]).await;
    assert_eq!(text(&rt, &k, "put", r#"{"key":"x","value":"1"}"#).await, "ok");
    let err = rt
        .call(
            &k,
            &Default::default(),
            "put_then_trap",
            r#"{"key":"x","value":"2"}"#,
            std::sync::Arc::new(warren::Unobserved),
        )
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("testbed/put_then_trap was stopped because it trapped"), "{msg}");
    assert!(msg.ends_with("the agent restarts from its last committed state"), "{msg}");
    assert_eq!(rt.live_agents(), 0, "the trapped agent was dropped");
    assert_eq!(text(&rt, &k, "get", r#"{"key":"x"}"#).await, "1");
    rt.shutdown().await;
}

/// Run by `kill_9_loses_no_write_whose_call_returned` in a child process:
/// adds notes forever, printing each id once its call has returned.
#[tokio::test]
#[ignore = "run as a child process by kill_9_loses_no_write_whose_call_returned"]
async fn child_adds_notes_until_killed() {
    let Ok(dir) = std::env::var("WARREN_TEST_CHILD_DIR") else { return };
    let rt = open(std::path::Path::new(&dir)).await;
    let k = key(&rt, "t1", "notes", &[]).await;
    for i in 1.. {
        let out = text(&rt, &k, "add_note", &format!(r#"{{"title":"n{i}","body":"b"}}"#)).await;
        assert!(out.starts_with(&format!("Added note #{i} ")), "{out}");
        println!("returned {i}");
    }
}

#[tokio::test]
async fn kill_9_loses_no_write_whose_call_returned() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "durability::child_adds_notes_until_killed", "--ignored", "--nocapture", "--test-threads=1"])
        .env("WARREN_TEST_CHILD_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut last = 0;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if let Some(n) = line.unwrap().strip_prefix("returned ") {
            last = n.parse().unwrap();
            if last == 25 {
                child.kill().unwrap(); // SIGKILL: no shutdown, no hibernation
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(last, 25);
    let rt = open(dir.path()).await;
    assert!(!rt.agents().unwrap()[0].has_snapshot, "a crash leaves no stale snapshot");
    let k = key(&rt, "t1", "notes", &[]).await;
    // The index is rebuilt from storage: every returned note is in it.
    let listed = text(&rt, &k, "list_notes", r#"{"limit":200}"#).await;
    assert!(listed.contains("shown of ") && !listed.contains("shown of 2)"), "{listed}");
    for i in 1..=25 {
        let got = text(&rt, &k, "get_note", &format!(r#"{{"id":{i}}}"#)).await;
        assert!(got.starts_with(&format!("# #{i} n{i}")), "note {i} lost: {got}");
    }
    rt.shutdown().await;
}
