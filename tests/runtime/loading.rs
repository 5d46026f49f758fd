//! Loading plugins: manifests are validated, components checked against the
//! world, compiled code cached, and bad input refused with a clear error.

use std::sync::Arc;

use warren::compile_cache::CompileSource;
use warren::{CallError, Runtime, RuntimeConfig, Unobserved};

use crate::common::{built, config, fixture, key, open};

#[tokio::test]
async fn a_restart_loads_compiled_code_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let first = open(dir.path()).await;
    assert_eq!(first.compile_sources()["notes"], CompileSource::Compiled);
    assert_eq!(first.compile_sources()["testbed"], CompileSource::Compiled);
    first.shutdown().await;
    let second = open(dir.path()).await;
    assert_eq!(second.compile_sources()["notes"], CompileSource::Cache);
    assert_eq!(second.compile_sources()["testbed"], CompileSource::Cache);
    second.shutdown().await;
}

#[tokio::test]
async fn a_corrupt_cache_entry_is_recompiled() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).await.shutdown().await;
    for entry in std::fs::read_dir(dir.path().join("compiled")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"not machine code").unwrap();
    }
    let rt = open(dir.path()).await;
    assert_eq!(rt.compile_sources()["notes"], CompileSource::Compiled);
    rt.shutdown().await;
}

async fn start_error(cfg: RuntimeConfig) -> String {
    match Runtime::open(cfg).await {
        Ok(_) => panic!("the runtime should not start"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn a_manifest_with_an_unknown_key_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = RuntimeConfig { plugin_dirs: vec![fixture("unknown-key")], ..config(dir.path()) };
    let msg = start_error(cfg).await;
    assert!(msg.contains("unknown-key/plugin.toml"), "{msg}");
    assert!(msg.contains("unknown field `memory_mb`, expected one of"), "{msg}");
}

#[tokio::test]
async fn a_component_that_does_not_implement_the_world_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = RuntimeConfig { plugin_dirs: vec![fixture("empty-component")], ..config(dir.path()) };
    let msg = start_error(cfg).await;
    assert!(msg.starts_with("plugin \"hollow\" ("), "{msg}");
    assert!(msg.contains("does not implement the warren:plugin@0.1.0 world: "), "{msg}");
    assert!(msg.contains("warren:plugin/agent@0.1.0"), "the missing export is named: {msg}");
}

#[tokio::test]
async fn a_data_directory_that_cannot_be_created_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let msg = start_error(config(&file.join("data"))).await;
    assert!(msg.starts_with(&format!("data directory {:?}: ", file.join("data"))), "{msg}");
    assert!(msg.ends_with("; pass --data-dir with a writable directory"), "{msg}");
}

#[tokio::test]
async fn a_second_process_on_the_same_data_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let first = open(dir.path()).await;
    let msg = start_error(config(dir.path())).await;
    assert!(msg.contains("is in use by another warren process; stop it or pass a different --data-dir"), "{msg}");
    first.shutdown().await;
}

#[tokio::test]
async fn the_same_plugin_installed_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = RuntimeConfig { plugin_dirs: vec![built("testbed"), built("testbed")], ..config(dir.path()) };
    let msg = start_error(cfg).await;
    assert!(msg.starts_with("plugin \"testbed\" is installed twice: "), "{msg}");
}

#[tokio::test]
async fn unknown_plugins_tools_and_non_json_arguments_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let tenant = warren::TenantId::new("t1").unwrap();
    let none = warren::Constraints::none();
    let err = rt.verify(&tenant, "nope", none, &Default::default()).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "no plugin named \"nope\" is loaded; loaded plugins: [\"notes\", \"sentry\", \"testbed\"]"
    );

    let k = key(&rt, "t1", "notes", &[]).await;
    let obs = || Arc::new(Unobserved);
    let err = rt.call(&k, &Default::default(), "add_nothing", "{}", obs()).await.unwrap_err();
    assert!(matches!(err, CallError::UnknownTool { .. }));
    assert_eq!(
        err.to_string(),
        "plugin \"notes\" has no tool \"add_nothing\"; its tools are [\"add_note\", \"list_notes\", \"get_note\", \"search_notes\", \"delete_note\"]"
    );
    let err = rt.call(&k, &Default::default(), "add_note", "{title:", obs()).await.unwrap_err();
    assert!(
        err.to_string().starts_with("arguments for notes/add_note are not valid: arguments are not JSON ("),
        "{err}"
    );
    let err = rt.call(&k, &Default::default(), "add_note", "[1]", obs()).await.unwrap_err();
    assert!(err.to_string().ends_with("arguments must be a JSON object, e.g. '{\"id\": 1}'"), "{err}");
    let err = rt.call(&k, &Default::default(), "add_note", r#"{"title":"x"}"#, obs()).await.unwrap_err();
    assert_eq!(err.to_string(), "arguments for notes/add_note are not valid: missing field `body` at line 1 column 13");
    rt.shutdown().await;
}

#[tokio::test]
async fn tools_carry_schemas_and_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let k = key(&rt, "t1", "notes", &[]).await;
    let tools = rt.list_tools(&k, &Default::default()).await.unwrap();
    let delete = tools.iter().find(|t| t.name == "delete_note").unwrap();
    assert_eq!(delete.annotations.destructive, Some(true));
    assert_eq!(delete.input_schema["required"], serde_json::json!(["id"]));
    let list = tools.iter().find(|t| t.name == "list_notes").unwrap();
    assert_eq!(list.annotations.read_only, Some(true));
    rt.shutdown().await;
}
