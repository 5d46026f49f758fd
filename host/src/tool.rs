//! Tool descriptions and results in the runtime's own types, converted from
//! the guest bindings at the agent boundary, so callers (the CLI, the MCP
//! front door) never see wasmtime types.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::bindings::{ContentBlock, ResourceContents, Tool, ToolResult};

/// Behaviour hints of a tool (MCP `ToolAnnotations`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Annotations {
    /// Does not modify its environment.
    pub read_only: Option<bool>,
    /// May perform destructive updates.
    pub destructive: Option<bool>,
    /// Repeating a call has no further effect.
    pub idempotent: Option<bool>,
    /// Reaches an open world of external entities.
    pub open_world: Option<bool>,
}

/// A tool an agent offers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolInfo {
    /// The name.
    pub name: String,
    /// A human-readable title.
    pub title: Option<String>,
    /// What it does.
    pub description: String,
    /// JSON Schema of the arguments (an object schema).
    pub input_schema: Map<String, Value>,
    /// JSON Schema of the structured result, if any.
    pub output_schema: Option<Map<String, Value>>,
    /// Hints.
    pub annotations: Annotations,
}

/// One block of result content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    /// Text (usually markdown).
    Text {
        /// The text.
        text: String,
    },
    /// An image.
    Image {
        /// Raw bytes.
        data: Vec<u8>,
        /// MIME type.
        mime_type: String,
    },
    /// Audio.
    Audio {
        /// Raw bytes.
        data: Vec<u8>,
        /// MIME type.
        mime_type: String,
    },
    /// An embedded resource with text contents.
    ResourceText {
        /// URI.
        uri: String,
        /// MIME type.
        mime_type: Option<String>,
        /// The text.
        text: String,
    },
    /// An embedded resource with binary contents.
    ResourceBlob {
        /// URI.
        uri: String,
        /// MIME type.
        mime_type: Option<String>,
        /// The bytes.
        blob: Vec<u8>,
    },
    /// A link to a resource.
    ResourceLink {
        /// URI.
        uri: String,
        /// Name.
        name: String,
        /// Description.
        description: Option<String>,
        /// MIME type.
        mime_type: Option<String>,
    },
}

/// A tool's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolOutput {
    /// What the client shows.
    pub content: Vec<Content>,
    /// Structured output, if the tool returns it.
    pub structured: Option<Value>,
    /// Whether the tool reports failure.
    pub is_error: bool,
}

impl ToolOutput {
    /// The text blocks joined by blank lines, as the CLI prints them.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self
            .content
            .iter()
            .filter_map(|c| match c {
                Content::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        texts.join("\n\n")
    }
}

fn object(json: &str, what: &str, tool: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(format!("tool {tool:?}: its {what} is not a JSON object")),
        Err(e) => Err(format!("tool {tool:?}: its {what} is not valid JSON: {e}")),
    }
}

impl TryFrom<Tool> for ToolInfo {
    type Error = String;
    fn try_from(t: Tool) -> Result<Self, String> {
        let input_schema = object(&t.input_schema, "input schema", &t.name)?;
        if input_schema.get("type").and_then(Value::as_str) != Some("object") {
            return Err(format!("tool {:?}: its input schema must have \"type\": \"object\"", t.name));
        }
        let output_schema = t.output_schema.as_deref().map(|s| object(s, "output schema", &t.name)).transpose()?;
        let a = t.annotations;
        Ok(Self {
            name: t.name,
            title: t.title,
            description: t.description,
            input_schema,
            output_schema,
            annotations: Annotations {
                read_only: a.read_only,
                destructive: a.destructive,
                idempotent: a.idempotent,
                open_world: a.open_world,
            },
        })
    }
}

impl From<ContentBlock> for Content {
    fn from(c: ContentBlock) -> Self {
        match c {
            ContentBlock::Text(text) => Content::Text { text },
            ContentBlock::Image(b) => Content::Image { data: b.data, mime_type: b.mime_type },
            ContentBlock::Audio(b) => Content::Audio { data: b.data, mime_type: b.mime_type },
            ContentBlock::Embedded(r) => match r.contents {
                ResourceContents::Text(text) => Content::ResourceText { uri: r.uri, mime_type: r.mime_type, text },
                ResourceContents::Blob(blob) => Content::ResourceBlob { uri: r.uri, mime_type: r.mime_type, blob },
            },
            ContentBlock::ResourceLink(l) => {
                Content::ResourceLink { uri: l.uri, name: l.name, description: l.description, mime_type: l.mime_type }
            }
        }
    }
}

impl TryFrom<ToolResult> for ToolOutput {
    type Error = String;
    fn try_from(r: ToolResult) -> Result<Self, String> {
        let structured = r
            .structured
            .map(|s| serde_json::from_str(&s).map_err(|e| format!("its structured result is not valid JSON: {e}")))
            .transpose()?;
        Ok(Self { content: r.content.into_iter().map(Content::from).collect(), structured, is_error: r.is_error })
    }
}
