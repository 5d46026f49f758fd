//! Runtime tool types to rmcp's MCP types. Content goes through MCP's JSON
//! shape, so the mapping reads like the spec.

use std::sync::Arc;

use base64::Engine as _;
use rmcp::model::{CallToolResult, ContentBlock, Tool, ToolAnnotations};
use serde_json::{Value, json};

use crate::tool::{Content, ToolInfo, ToolOutput};

/// An MCP tool definition.
pub fn tool(t: ToolInfo) -> Tool {
    let mut tool = Tool::new(t.name, t.description, Arc::new(t.input_schema));
    if let Some(title) = t.title {
        tool = tool.with_title(title);
    }
    if let Some(schema) = t.output_schema {
        tool = tool.with_raw_output_schema(Arc::new(schema));
    }
    let a = t.annotations;
    let mut annotations = ToolAnnotations::new();
    let mut any = false;
    for (value, set) in [
        (a.read_only, ToolAnnotations::read_only as fn(ToolAnnotations, bool) -> ToolAnnotations),
        (a.destructive, ToolAnnotations::destructive),
        (a.idempotent, ToolAnnotations::idempotent),
        (a.open_world, ToolAnnotations::open_world),
    ] {
        if let Some(v) = value {
            annotations = set(annotations, v);
            any = true;
        }
    }
    if any { tool.with_annotations(annotations) } else { tool }
}

fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// One content block as MCP JSON.
fn content_json(c: Content) -> Value {
    match c {
        Content::Text { text } => json!({"type": "text", "text": text}),
        Content::Image { data, mime_type } => json!({"type": "image", "data": b64(&data), "mimeType": mime_type}),
        Content::Audio { data, mime_type } => json!({"type": "audio", "data": b64(&data), "mimeType": mime_type}),
        Content::ResourceText { uri, mime_type, text } => {
            json!({"type": "resource", "resource": {"uri": uri, "mimeType": mime_type, "text": text}})
        }
        Content::ResourceBlob { uri, mime_type, blob } => {
            json!({"type": "resource", "resource": {"uri": uri, "mimeType": mime_type, "blob": b64(&blob)}})
        }
        Content::ResourceLink { uri, name, description, mime_type } => {
            json!({"type": "resource_link", "uri": uri, "name": name, "description": description, "mimeType": mime_type})
        }
    }
}

/// A tool result as MCP's `CallToolResult`.
pub fn result(out: ToolOutput) -> CallToolResult {
    let content: Vec<ContentBlock> = out
        .content
        .into_iter()
        .map(|c| {
            let mut v = content_json(c);
            if let Some(obj) = v.as_object_mut() {
                obj.retain(|_, v| !v.is_null());
                if let Some(r) = obj.get_mut("resource").and_then(Value::as_object_mut) {
                    r.retain(|_, v| !v.is_null());
                }
            }
            serde_json::from_value(v)
                .unwrap_or_else(|e| ContentBlock::text(format!("(content the client cannot show: {e})")))
        })
        .collect();
    let mut r = if out.is_error { CallToolResult::error(content) } else { CallToolResult::success(content) };
    r.structured_content = out.structured;
    r
}

/// A failed call as an `isError` result the model can read.
pub fn error_result(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}
