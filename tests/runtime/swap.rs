//! Live plugin swaps: a changed plugin directory is loaded and served at once,
//! agents keep their state, a broken version never replaces a working one,
//! and open MCP sessions hear `notifications/tools/list_changed`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rmcp::ServiceExt;
use rmcp::handler::client::ClientHandler;
use rmcp::model::CallToolRequestParams;
use rmcp::service::{NotificationContext, RoleClient};
use rmcp::transport::StreamableHttpClientTransport;
use serde_json::json;
use tokio::sync::mpsc;
use warren::mcp::{ServeConfig, Server};
use warren::{CallError, Runtime, RuntimeConfig};

use crate::common::{built, config, key, text};

/// Copies the built notes plugin into `to` so the test can change it.
fn install_notes(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(built("notes")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Rewrites the notes manifest's `version` (a new plugin version, same code).
fn bump_version(dir: &Path, version: &str) {
    let path = dir.join("plugin.toml");
    let manifest = std::fs::read_to_string(&path).unwrap();
    let bumped = manifest.replace("version = \"0.1.0\"", &format!("version = \"{version}\""));
    assert_ne!(manifest, bumped, "the manifest has a version line to bump");
    std::fs::write(path, bumped).unwrap();
}

fn runtime_config(data: &Path, plugins: &Path) -> RuntimeConfig {
    RuntimeConfig { plugin_dirs: vec![plugins.to_path_buf()], bundled: false, ..config(data) }
}

#[tokio::test]
async fn a_changed_plugin_is_swapped_in_and_a_broken_one_is_not() {
    let (data, plugins) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let notes = plugins.path().join("notes");
    install_notes(&notes);
    let rt = Runtime::open(runtime_config(data.path(), plugins.path())).await.unwrap();
    let k = key(&rt, "t1", "notes", &[]).await;
    assert!(text(&rt, &k, "add_note", r#"{"title":"before","body":"x"}"#).await.starts_with("Added note #1"));
    let first = rt.plugin("notes").unwrap().version.clone();
    assert_eq!(rt.reload_plugins().await, warren::ReloadReport::default(), "nothing changed yet");

    bump_version(&notes, "0.2.0");
    let report = rt.reload_plugins().await;
    assert_eq!(report.changed, vec!["notes".to_string()], "{report:?}");
    assert_ne!(rt.plugin("notes").unwrap().version, first);
    // The live agent moves to the new version; its notes come back from storage.
    assert!(text(&rt, &k, "list_notes", "{}").await.contains("before"));

    // A broken manifest is reported; the running version keeps serving.
    std::fs::write(notes.join("plugin.toml"), "manifest_version = 1\nname = \"notes\"\nversion = 3\n").unwrap();
    let report = rt.reload_plugins().await;
    assert!(report.changed.is_empty() && report.failed.len() == 1, "{report:?}");
    assert!(report.failed[0].contains("plugin.toml"), "{report:?}");
    assert!(text(&rt, &k, "list_notes", "{}").await.contains("before"));

    // Removing the directory uninstalls the plugin.
    std::fs::remove_dir_all(&notes).unwrap();
    install_other_plugin(plugins.path());
    let report = rt.reload_plugins().await;
    assert_eq!(report.removed, vec!["notes".to_string()], "{report:?}");
    let err = rt.call(&k, &Default::default(), "list_notes", "{}", Arc::new(warren::Unobserved)).await.unwrap_err();
    assert!(matches!(err, CallError::UnknownPlugin { .. }), "{err}");
    rt.shutdown().await;
}

/// Keeps the plugins directory non-empty (a directory of plugins must hold one).
fn install_other_plugin(plugins: &Path) {
    let to = plugins.join("testbed");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(built("testbed")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A client that reports `notifications/tools/list_changed`.
#[derive(Clone)]
struct Watcher(mpsc::UnboundedSender<()>);

impl ClientHandler for Watcher {
    async fn on_tool_list_changed(&self, _: NotificationContext<RoleClient>) {
        let _ = self.0.send(());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_sessions_hear_that_the_tool_list_changed() {
    let (data, plugins) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let notes = plugins.path().join("notes");
    install_notes(&notes);
    let cfg = RuntimeConfig {
        watch_plugins: Some(Duration::from_millis(100)),
        ..runtime_config(data.path(), plugins.path())
    };
    let runtime = Arc::new(Runtime::open(cfg).await.unwrap());
    let config = ServeConfig { listen: "127.0.0.1:0".parse().unwrap(), ..ServeConfig::default() };
    let server = Server::bind(runtime.clone(), &config).await.unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));

    let (tx, mut heard) = mpsc::unbounded_channel();
    let transport = StreamableHttpClientTransport::from_uri(format!("http://{addr}/notes/mcp/work"));
    let client = Watcher(tx).serve(transport).await.unwrap();
    let args = json!({"title": "kept", "body": "across the swap"}).as_object().cloned().unwrap();
    client.call_tool(CallToolRequestParams::new("add_note").with_arguments(args)).await.unwrap();

    bump_version(&notes, "0.3.0");
    tokio::time::timeout(Duration::from_secs(10), heard.recv())
        .await
        .expect("tools/list_changed within 10 s of the swap")
        .unwrap();
    let tools = client.list_all_tools().await.unwrap();
    assert!(tools.iter().any(|t| t.name == "list_notes"));
    let listed = client.call_tool(CallToolRequestParams::new("list_notes")).await.unwrap();
    assert!(format!("{:?}", listed.content).contains("kept"));
    client.cancel().await.unwrap();
    let _ = stop.send(());
}
