//! Outbound HTTP: only allowed hosts, credentials injected by the host,
//! plain http only when the operator allows it, responses capped.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;
use warren::{Caller, Credentials, PluginConfig, Runtime, RuntimeConfig, Secret, Unobserved};

use crate::common::{config, key};

/// A local upstream that records the Authorization header it saw.
async fn upstream() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new()
        .route(
            "/ping",
            get(move |h: HeaderMap| {
                let auth = h.get("authorization").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                log.lock().unwrap().push(auth);
                async { "pong" }
            }),
        )
        .route("/big", get(|| async { "x".repeat(1 << 20) }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                "late"
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, seen)
}

async fn runtime(dir: &std::path::Path, upstream: &str, insecure: bool) -> Runtime {
    let mut cfg = config(dir);
    let testbed =
        PluginConfig { values: [("upstream".to_string(), upstream.to_string())].into(), allow_insecure_http: insecure };
    cfg.plugin_config.insert("testbed".into(), testbed);
    Runtime::open(RuntimeConfig { ..cfg }).await.unwrap()
}

async fn fetch(rt: &Runtime, caller: &Caller, args: &str) -> (bool, String) {
    let k = key(rt, "t1", "testbed", &[]).await;
    let out = rt.call(&k, caller, "fetch", args, Arc::new(Unobserved)).await.unwrap();
    (out.is_error, out.text())
}

#[tokio::test]
async fn the_host_injects_credentials_the_plugin_never_sees() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, seen) = upstream().await;
    let rt = runtime(dir.path(), &addr, true).await;
    let caller =
        Caller { credentials: Credentials::default().with("upstream", Secret::new("s3cret")), ..Default::default() };
    let (is_error, text) =
        fetch(&rt, &caller, &format!(r#"{{"url":"http://{addr}/ping","credential":"upstream"}}"#)).await;
    assert_eq!((is_error, text.as_str()), (false, "200 pong"));
    assert_eq!(*seen.lock().unwrap(), vec!["Bearer s3cret".to_string()]);
    rt.shutdown().await;
}

#[tokio::test]
async fn a_host_off_the_allowlist_is_denied_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, seen) = upstream().await;
    let rt = runtime(dir.path(), &addr, true).await;
    let (is_error, text) = fetch(&rt, &Caller::default(), r#"{"url":"http://127.0.0.2:8080/ping"}"#).await;
    assert!(is_error);
    assert!(
        text.starts_with(
            "HttpError::Denied(\"plugin \\\"testbed\\\" may not reach 127.0.0.2:8080: it is not in [http] allow of "
        ),
        "{text}"
    );
    assert!(text.contains(&format!("(allowed: [\\\"{addr}\\\"]); add \\\"127.0.0.2\\\" there")), "{text}");
    assert!(seen.lock().unwrap().is_empty());
    rt.shutdown().await;
}

#[tokio::test]
async fn plain_http_needs_the_operators_permission() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, seen) = upstream().await;
    let rt = runtime(dir.path(), &addr, false).await;
    let (is_error, text) = fetch(&rt, &Caller::default(), &format!(r#"{{"url":"http://{addr}/ping"}}"#)).await;
    assert!(is_error);
    assert!(
        text.starts_with(&format!("HttpError::Denied(\"plain http to {addr} is refused for plugin \\\"testbed\\\"")),
        "{text}"
    );
    assert!(seen.lock().unwrap().is_empty());
    rt.shutdown().await;
}

#[tokio::test]
async fn a_missing_credential_and_an_oversized_response_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, seen) = upstream().await;
    let rt = runtime(dir.path(), &addr, true).await;
    let (is_error, text) =
        fetch(&rt, &Caller::default(), &format!(r#"{{"url":"http://{addr}/ping","credential":"upstream"}}"#)).await;
    assert!(is_error);
    assert!(
        text.starts_with("HttpError::Denied(\"no credential \\\"upstream\\\" is configured for this tenant"),
        "{text}"
    );
    let (is_error, text) = fetch(&rt, &Caller::default(), &format!(r#"{{"url":"http://{addr}/big"}}"#)).await;
    assert!(is_error);
    assert!(text.starts_with("HttpError::TooLarge("), "{text}");
    assert!(seen.lock().unwrap().is_empty());
    rt.shutdown().await;
}

#[tokio::test]
async fn a_slow_upstream_times_out_as_an_error_and_the_agent_stays_healthy() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, _) = upstream().await;
    let rt = runtime(dir.path(), &addr, true).await;
    let (is_error, text) = fetch(&rt, &Caller::default(), &format!(r#"{{"url":"http://{addr}/slow"}}"#)).await;
    assert!(is_error);
    assert_eq!(text, format!("HttpError::Timeout(\"http://{addr}/slow gave no complete response within 500 ms\")"));
    let (is_error, text) = fetch(&rt, &Caller::default(), &format!(r#"{{"url":"http://{addr}/ping"}}"#)).await;
    assert_eq!((is_error, text.as_str()), (false, "200 pong"));
    rt.shutdown().await;
}
