//! What a tool handler returns: a [`Reply`] (markdown, optionally structured
//! JSON) or a [`ToolError`], which becomes a short markdown result with
//! `is-error` set, never a trap.

use std::fmt;

use serde_json::Value;

use crate::api::ApiError;
use crate::warren::plugin::types::{BinaryContent, ContentBlock, ToolResult};

/// A successful tool answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Markdown for the model.
    pub text: String,
    /// Structured output, when the tool declares an output schema.
    pub structured: Option<Value>,
    /// Images shown after the text, as (bytes, MIME type).
    pub images: Vec<(Vec<u8>, String)>,
}

impl Reply {
    /// A markdown-only reply.
    pub fn text(text: String) -> Reply {
        Reply { text, structured: None, images: Vec::new() }
    }

    /// The same reply with an image block after the text.
    pub fn with_image(mut self, data: Vec<u8>, mime_type: &str) -> Reply {
        self.images.push((data, mime_type.to_string()));
        self
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
            content: std::iter::once(ContentBlock::Text(reply.text))
                .chain(
                    reply
                        .images
                        .into_iter()
                        .map(|(data, mime_type)| ContentBlock::Image(BinaryContent { data, mime_type })),
                )
                .collect(),
            structured: reply.structured.map(|v| v.to_string()),
            is_error: false,
        },
        Err(e) => ToolResult { content: vec![ContentBlock::Text(format!("{e}\n"))], structured: None, is_error: true },
    }
}
