//! The errors the runtime returns to its callers (the CLI, and later the MCP
//! front door). Each names the plugin, tool or agent and says what to do.

use std::fmt;

use crate::store::StoreError;

/// Why a call stopped part-way; the agent is dropped and restarts from its
/// last committed state on the next call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbortReason {
    /// The guest used its CPU budget (`[limits] cpu_ms`).
    Cpu {
        /// The budget.
        budget_ms: u64,
    },
    /// The guest's memory would exceed its cap (`[limits] memory_mib`).
    Memory {
        /// The cap.
        cap_mib: u64,
        /// What it asked for.
        desired_mib: u64,
    },
    /// The call did not finish within `[limits] call_timeout_ms`.
    Timeout {
        /// The limit.
        timeout_ms: u64,
    },
    /// The guest trapped (a panic, an out-of-bounds access, ...).
    Trap(String),
}

impl fmt::Display for AbortReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cpu { budget_ms } => write!(
                f,
                "it used more than its CPU budget of {budget_ms} ms (raise [limits] cpu_ms in its plugin.toml if the work is legitimate)"
            ),
            Self::Memory { cap_mib, desired_mib } => write!(
                f,
                "it tried to grow its memory to {desired_mib} MiB, over its cap of {cap_mib} MiB ([limits] memory_mib)"
            ),
            Self::Timeout { timeout_ms } => {
                write!(f, "it did not finish within {timeout_ms} ms ([limits] call_timeout_ms)")
            }
            Self::Trap(msg) => write!(f, "it trapped: {msg} (a panic's message is in the host log)"),
        }
    }
}

/// How a plugin refused constraints; maps to an HTTP status at the front door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyStatus {
    /// 401: the tenant's upstream credential was refused.
    Unauthorized,
    /// 403: the tenant may not use this context.
    Forbidden,
    /// 404: the context does not exist.
    NotFound,
    /// 400: the values are malformed.
    Invalid,
    /// 502: the upstream failed.
    Upstream,
}

impl VerifyStatus {
    /// The HTTP status code.
    pub fn http_status(self) -> u16 {
        match self {
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Invalid => 400,
            Self::Upstream => 502,
        }
    }
}

/// Why a runtime operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// No plugin of that name is loaded.
    #[error("no plugin named {name:?} is loaded; loaded plugins: {available:?}")]
    UnknownPlugin {
        /// The name asked for.
        name: String,
        /// What is loaded.
        available: Vec<String>,
    },
    /// The agent has no such tool.
    #[error("plugin {plugin:?} has no tool {tool:?}; its tools are {available:?}")]
    UnknownTool {
        /// The plugin.
        plugin: String,
        /// The tool asked for.
        tool: String,
        /// The agent's tools.
        available: Vec<String>,
    },
    /// The arguments are not a JSON object the tool accepts.
    #[error("arguments for {plugin}/{tool} are not valid: {message}")]
    InvalidArguments {
        /// The plugin.
        plugin: String,
        /// The tool.
        tool: String,
        /// What is wrong.
        message: String,
    },
    /// Constraints missing, unknown or malformed for the plugin.
    #[error("constraints for plugin {plugin:?}: {message}")]
    Constraints {
        /// The plugin.
        plugin: String,
        /// What is wrong and what the manifest declares.
        message: String,
    },
    /// The plugin's `verify-constraints` refused the context.
    #[error("plugin {plugin:?} refused the constraints ({}): {message}", status.http_status())]
    Verify {
        /// The plugin.
        plugin: String,
        /// The kind of refusal.
        status: VerifyStatus,
        /// The plugin's message.
        message: String,
    },
    /// The call was stopped; the agent restarts from its last committed state.
    #[error("{plugin}/{operation} was stopped because {reason}; the agent restarts from its last committed state")]
    Aborted {
        /// The plugin.
        plugin: String,
        /// The tool, or `init` / `snapshot` / `verify-constraints`.
        operation: String,
        /// Why.
        reason: AbortReason,
    },
    /// The plugin's `init` refused to start.
    #[error("agent {agent} of plugin {plugin:?} did not start: {message}")]
    Init {
        /// The plugin.
        plugin: String,
        /// The agent's short id.
        agent: String,
        /// The plugin's or host's message.
        message: String,
    },
    /// The plugin broke the contract (e.g. an invalid tool schema).
    #[error("plugin {plugin:?} broke the contract: {message}")]
    Contract {
        /// The plugin.
        plugin: String,
        /// What it did.
        message: String,
    },
    /// The state store failed; nothing of the call was committed.
    #[error("{0}; nothing of this call was committed")]
    Store(#[from] StoreError),
    /// The runtime is shutting down.
    #[error("warren is shutting down; retry once it is back")]
    ShuttingDown,
}
