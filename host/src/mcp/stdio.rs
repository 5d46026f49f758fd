//! MCP over stdin/stdout for one agent: the plugin, tenant and constraints
//! are fixed on the command line, verified once before the first message.

use std::sync::Arc;

use rmcp::ServiceExt;

use super::handler::Handler;
use super::listeners::Listeners;
use crate::agent::Caller;
use crate::ids::AgentKey;
use crate::runtime::Runtime;

/// Serves `key`'s agent on stdio until the client closes stdin.
pub async fn serve_stdio(runtime: Arc<Runtime>, key: AgentKey, caller: Caller) -> anyhow::Result<()> {
    let listeners = Listeners::start(&runtime);
    let handler = Handler::new(runtime, Some((key, caller)), listeners);
    let service =
        handler.serve(rmcp::transport::stdio()).await.map_err(|e| anyhow::anyhow!("starting MCP on stdio: {e}"))?;
    service.waiting().await.map_err(|e| anyhow::anyhow!("MCP on stdio stopped: {e}"))?;
    Ok(())
}
