//! Helpers shared by the runtime tests: opening a runtime on a temporary
//! data directory and calling tools in one line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use warren::{AgentKey, Caller, Constraints, Runtime, RuntimeConfig, TenantId, ToolOutput, Unobserved};

/// The directory of a plugin the build script built (`notes`, `testbed`).
pub fn built(name: &str) -> PathBuf {
    warren::built::plugin_dir(name)
}

/// A test fixture directory under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

/// A small runtime config on `dir` that also loads the testbed plugin.
pub fn config(dir: &Path) -> RuntimeConfig {
    RuntimeConfig {
        data_dir: dir.to_path_buf(),
        plugin_dirs: vec![built("testbed")],
        max_live_agents: 16,
        ..RuntimeConfig::default()
    }
}

/// Opens a runtime with [`config`].
pub async fn open(dir: &Path) -> Runtime {
    Runtime::open(config(dir)).await.expect("runtime opens")
}

/// The key of an agent, verified by its plugin.
pub async fn key(rt: &Runtime, tenant: &str, plugin: &str, constraints: &[(&str, &str)]) -> AgentKey {
    let tenant = TenantId::new(tenant).expect("valid tenant");
    let constraints = Constraints::from_pairs(constraints.iter().copied()).expect("valid constraints");
    rt.verify(&tenant, plugin, constraints, &Caller::default()).await.expect("constraints verify")
}

/// Calls a tool and returns its output, failing the test on a runtime error.
pub async fn call(rt: &Runtime, key: &AgentKey, tool: &str, args: &str) -> ToolOutput {
    rt.call(key, &Caller::default(), tool, args, Arc::new(Unobserved))
        .await
        .unwrap_or_else(|e| panic!("{tool} {args}: {e}"))
}

/// Calls a tool and returns its text.
pub async fn text(rt: &Runtime, key: &AgentKey, tool: &str, args: &str) -> String {
    call(rt, key, tool, args).await.text()
}
