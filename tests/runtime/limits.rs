//! Limits stop misbehaving plugins with a clear error and leave other agents alone.

use std::sync::Arc;

use warren::{AbortReason, CallError, Unobserved};

use crate::common::{key, open, text};

fn reason(err: CallError) -> AbortReason {
    match err {
        CallError::Aborted { reason, .. } => reason,
        other => panic!("expected an aborted call, got: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spinning_plugin_is_stopped_at_its_cpu_budget_and_others_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Arc::new(open(dir.path()).await);
    let spinner = key(&rt, "t1", "testbed", &[("room", "a")]).await;
    let notes = key(&rt, "t1", "notes", &[]).await;
    let spin = {
        let (rt, k) = (rt.clone(), spinner.clone());
        tokio::spawn(async move { rt.call(&k, &Default::default(), "spin", "{}", Arc::new(Unobserved)).await })
    };
    // While the spinner burns its budget, another agent answers.
    let added = text(&rt, &notes, "add_note", r#"{"title":"still here","body":"x"}"#).await;
    assert!(added.starts_with("Added note #1"), "{added}");
    let err = spin.await.unwrap().unwrap_err();
    let msg = err.to_string();
    assert_eq!(reason(err), AbortReason::Cpu { budget_ms: 200 });
    assert_eq!(
        msg,
        "testbed/spin was stopped because it used more than its CPU budget of 200 ms (raise [limits] cpu_ms in its plugin.toml if the work is legitimate); the agent restarts from its last committed state"
    );
    // The spinner's agent restarts cleanly on its next call.
    assert_eq!(text(&rt, &spinner, "get", r#"{"key":"nothing"}"#).await, "<none>");
}

#[tokio::test]
async fn a_plugin_that_grows_memory_is_stopped_at_its_cap() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "testbed", &[]).await;
    let err = rt.call(&k, &Default::default(), "grow", "{}", Arc::new(Unobserved)).await.unwrap_err();
    match reason(err) {
        AbortReason::Memory { cap_mib, desired_mib } => {
            assert!(cap_mib == 16 && desired_mib > 16, "{cap_mib} {desired_mib}")
        }
        other => panic!("expected the memory cap, got {other}"),
    }
    assert_eq!(text(&rt, &k, "count", "{}").await, "1", "the agent restarted from its (empty) committed state");
    rt.shutdown().await;
}

#[tokio::test]
async fn storage_quotas_are_errors_not_traps() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "testbed", &[]).await;
    let big = "v".repeat(2000);
    let out = text(&rt, &k, "put", &format!(r#"{{"key":"big","value":"{big}"}}"#)).await;
    assert_eq!(
        out,
        "StorageError::ValueTooLarge(\"value of 2000 bytes for key \\\"big\\\" is over the limit of 1024 bytes ([limits] max_value_bytes)\")"
    );
    for i in 0..3 {
        assert_eq!(text(&rt, &k, "put", &format!(r#"{{"key":"k{i}","value":"v"}}"#)).await, "ok");
    }
    let out = text(&rt, &k, "put", r#"{"key":"k3","value":"v"}"#).await;
    assert!(
        out.starts_with("StorageError::QuotaExceeded(\"this agent may keep 3 keys ([limits] storage_keys) and has 3"),
        "{out}"
    );
    let long_key = "k".repeat(600);
    let out = text(&rt, &k, "put", &format!(r#"{{"key":"{long_key}","value":"v"}}"#)).await;
    assert!(out.starts_with("StorageError::InvalidKey(\"key of 600 bytes: keys must be 1-512 bytes"), "{out}");
    assert_eq!(rt.agents().unwrap()[0].usage.keys, 3);
    rt.shutdown().await;
}

#[tokio::test]
async fn the_sandbox_has_no_environment_and_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "testbed", &[]).await;
    assert_eq!(text(&rt, &k, "read_env", "{}").await, "[]");
    let out =
        rt.call(&k, &Default::default(), "read_file", r#"{"path":"/etc/passwd"}"#, Arc::new(Unobserved)).await.unwrap();
    assert!(out.is_error && out.text().starts_with("error: "), "{out:?}");
    assert_eq!(text(&rt, &k, "stdout", r#"{"text":"hello log"}"#).await, "printed");
    rt.shutdown().await;
}

#[test]
fn guest_output_reaches_the_host_log_tagged_with_the_agent() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warren"))
        .env("RUST_LOG", "warren::guest=info")
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--plugins")
        .arg(crate::common::built("testbed"))
        .args(["call", "--plugin", "testbed", "stdout", r#"{"text":"hello from the guest"}"#])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("hello from the guest")).collect();
    assert_eq!(lines.len(), 2, "one line each from stdout and stderr: {log}");
    assert!(lines.iter().all(|l| l.contains("agent=testbed/")), "{log}");
    assert!(
        lines.iter().any(|l| l.contains("stream=\"stdout\"")) && lines.iter().any(|l| l.contains("stream=\"stderr\"")),
        "{log}"
    );
}

#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<String>>);

impl warren::CallObserver for Recorder {
    fn log(&self, level: warren::bindings::warren::plugin::client::LogLevel, message: &str) {
        self.0.lock().unwrap().push(format!("{}: {message}", warren::capabilities::client::level_name(level)));
    }
    fn progress(&self, progress: f64, total: Option<f64>, message: Option<&str>) {
        self.0.lock().unwrap().push(format!("progress {progress}/{total:?} {message:?}"));
    }
}

#[tokio::test]
async fn log_and_progress_reach_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "testbed", &[]).await;
    let recorder = Arc::new(Recorder::default());
    let out = rt.call(&k, &Default::default(), "report", "{}", recorder.clone()).await.unwrap();
    assert_eq!(out.text(), "reported");
    assert_eq!(*recorder.0.lock().unwrap(), ["info: halfway there", "progress 0.5/Some(1.0) Some(\"half\")"]);
    rt.shutdown().await;
}

/// An observer whose call the test cancels.
struct Cancellable(tokio_util::sync::CancellationToken);

impl warren::CallObserver for Cancellable {
    fn log(&self, _: warren::LogLevel, _: &str) {}
    fn progress(&self, _: f64, _: Option<f64>, _: Option<&str>) {}
    fn cancellation(&self) -> Option<tokio_util::sync::CancellationToken> {
        Some(self.0.clone())
    }
}

#[tokio::test]
async fn host_waits_are_not_cpu_time_and_end_at_cancellation_or_before_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Arc::new(open(dir.path()).await);
    let k = key(&rt, "t1", "testbed", &[]).await;
    // 4 × 100 ms of waiting is twice the 200 ms CPU budget, and allowed.
    assert_eq!(text(&rt, &k, "poll", r#"{"ms":100,"times":4}"#).await, "waited 4 of 4");
    // A wait that would pass the 2 s call deadline is refused at once.
    let started = std::time::Instant::now();
    assert_eq!(text(&rt, &k, "poll", r#"{"ms":5000,"times":1}"#).await, "waited 0 of 1");
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    // Cancelling the call ends the wait; the plugin returns what it has.
    let token = tokio_util::sync::CancellationToken::new();
    let call = {
        let (rt, k, token) = (rt.clone(), k.clone(), token.clone());
        tokio::spawn(async move {
            rt.call(&k, &Default::default(), "poll", r#"{"ms":200,"times":9}"#, Arc::new(Cancellable(token))).await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    token.cancel();
    let out = call.await.unwrap().unwrap();
    let shown = format!("{:?}", out.content);
    assert!(shown.contains("waited 1 of 9") || shown.contains("waited 2 of 9"), "{shown}");
}

#[tokio::test]
async fn a_call_abandoned_midway_commits_nothing_and_the_agent_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Arc::new(open(dir.path()).await);
    let k = key(&rt, "t1", "testbed", &[]).await;
    assert_eq!(text(&rt, &k, "count", "{}").await, "1");
    let call = {
        let (rt, k) = (rt.clone(), k.clone());
        tokio::spawn(async move {
            rt.call(&k, &Default::default(), "poll", r#"{"ms":100,"times":20,"key":"half"}"#, Arc::new(Unobserved))
                .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    call.abort();
    assert!(call.await.unwrap_err().is_cancelled());
    // The write made before the abandonment never reached the store, and the
    // agent came back from its committed state (the call counter restarted).
    assert_eq!(text(&rt, &k, "get", r#"{"key":"half"}"#).await, "<none>");
    assert_eq!(text(&rt, &k, "count", "{}").await, "2");
}
