//! MCP over stdin/stdout for one agent: the plugin, tenant and constraints
//! are fixed on the command line, verified once before the first message.
//! Pipes are read and written on tokio's reactor (see [`pipes`]).

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
    let service = match pipes() {
        Some(pipes) => handler.serve(pipes).await,
        None => handler.serve(rmcp::transport::stdio()).await,
    }
    .map_err(|e| anyhow::anyhow!("starting MCP on stdio: {e}"))?;
    service.waiting().await.map_err(|e| anyhow::anyhow!("MCP on stdio stopped: {e}"))?;
    Ok(())
}

/// stdin and stdout as non-blocking pipes on tokio's reactor, when they are
/// pipes (as when a client launches Warren): each message then costs no
/// hand-off to tokio's blocking thread pool, which its `stdin()`/`stdout()`
/// use. `None` (a terminal, a file) falls back to those.
#[cfg(unix)]
fn pipes() -> Option<(tokio::net::unix::pipe::Receiver, tokio::net::unix::pipe::Sender)> {
    use std::os::fd::AsFd;
    use tokio::net::unix::pipe;
    let input = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    let output = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    Some((pipe::Receiver::from_owned_fd(input).ok()?, pipe::Sender::from_owned_fd(output).ok()?))
}

#[cfg(not(unix))]
fn pipes() -> Option<(tokio::io::Stdin, tokio::io::Stdout)> {
    None
}
