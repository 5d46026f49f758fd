//! What a tool handler returns: a [`Reply`] (markdown, optionally structured
//! JSON) or a [`ToolError`], which becomes a short markdown result with
//! `is-error` set, never a trap.

use std::fmt;

use serde_json::Value;

use crate::api::ApiError;
use crate::warren::plugin::types::{ContentBlock, ToolResult};

/// A successful tool answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Markdown for the model.
    pub text: String,
    /// Structured output, when the tool declares an output schema.
    pub structured: Option<Value>,
}

impl Reply {
    /// A markdown-only reply.
    pub fn text(text: String) -> Reply {
        Reply { text, structured: None }
    }
}

/// Why a tool call failed, in words the model can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolError {
    /// The arguments are wrong or point outside the agent's scope.
    Input(String),
    /// A Sentry request failed.
    Api(ApiError),
    /// Anything else (an unexpected answer, a cancelled wait).
    Failed(String),
}

impl From<ApiError> for ToolError {
    fn from(e: ApiError) -> ToolError {
        ToolError::Api(e)
    }
}

/// Shorthand for `Err(ToolError::Input(..))`.
pub fn input<T>(message: impl Into<String>) -> Result<T, ToolError> {
    Err(ToolError::Input(message.into()))
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToolError::Input(m) => write!(f, "**Input error**: {m}"),
            ToolError::Api(e) => write!(f, "**Sentry API error**: {e}"),
            ToolError::Failed(m) => write!(f, "**Error**: {m}"),
        }
    }
}

/// The MCP result for a handler's outcome.
pub fn to_tool_result(outcome: Result<Reply, ToolError>) -> ToolResult {
    match outcome {
        Ok(reply) => ToolResult {
            content: vec![ContentBlock::Text(reply.text)],
            structured: reply.structured.map(|v| v.to_string()),
            is_error: false,
        },
        Err(e) => ToolResult { content: vec![ContentBlock::Text(format!("{e}\n"))], structured: None, is_error: true },
    }
}
