//! When agents hibernate on their own: past the live-agent cap (least
//! recently used first) and after their plugin's idle timeout.

use std::time::{Duration, Instant};

use warren::{Runtime, RuntimeConfig};

use crate::common::{config, key, text};

#[tokio::test]
async fn the_live_cap_hibernates_the_least_recently_used_agent() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Runtime::open(RuntimeConfig { max_live_agents: 2, ..config(dir.path()) }).await.unwrap();
    let keys =
        [key(&rt, "a", "notes", &[]).await, key(&rt, "b", "notes", &[]).await, key(&rt, "c", "notes", &[]).await];
    text(&rt, &keys[0], "add_note", r#"{"title":"a1","body":"x"}"#).await;
    text(&rt, &keys[1], "add_note", r#"{"title":"b1","body":"x"}"#).await;
    text(&rt, &keys[0], "list_notes", "{}").await; // a is now more recent than b
    text(&rt, &keys[2], "list_notes", "{}").await;
    assert_eq!(rt.live_agents(), 2);
    let agents = rt.agents().unwrap();
    let b = agents.iter().find(|s| s.key == keys[1]).unwrap();
    assert!(!b.live && b.has_snapshot, "b was least recently used: {agents:?}");
    assert!(agents.iter().find(|s| s.key == keys[0]).unwrap().live);
    // b wakes with its note; the cap still holds.
    assert!(text(&rt, &keys[1], "list_notes", "{}").await.contains("- #1 b1"));
    assert_eq!(rt.live_agents(), 2);
    rt.shutdown().await;
}

#[tokio::test]
async fn an_idle_agent_hibernates_after_its_plugins_idle_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = RuntimeConfig { idle_check_interval: Duration::from_millis(100), ..config(dir.path()) };
    let rt = Runtime::open(cfg).await.unwrap();
    let k = key(&rt, "t1", "testbed", &[]).await; // testbed: idle_timeout_secs = 1
    text(&rt, &k, "count", "{}").await;
    assert_eq!(rt.live_agents(), 1);
    let started = Instant::now();
    while rt.live_agents() > 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "the idle agent never hibernated");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(started.elapsed() >= Duration::from_millis(900), "hibernated before its idle timeout");
    assert!(rt.agents().unwrap()[0].has_snapshot);
    assert_eq!(text(&rt, &k, "count", "{}").await, "2", "woke with its state");
    rt.shutdown().await;
}
