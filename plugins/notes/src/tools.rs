//! The notes tools: their definitions (name, schema, annotations) and
//! handlers, kept side by side in one registry table.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::note::{self, Note};
use crate::warren::plugin::types::{CallError, ContentBlock, Tool, ToolAnnotations, ToolResult};
use crate::with_index;

/// A tool's handler: parsed arguments in, a result or a message for the model out.
type Handler = fn(&str) -> Result<ToolResult, CallError>;

/// One registry row.
struct Spec {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    schema: fn() -> Value,
    read_only: bool,
    destructive: bool,
    handler: Handler,
}

const TOOLS: &[Spec] = &[
    Spec {
        name: "add_note",
        title: "Add a note",
        description: "Saves a new note in this notebook and returns its id.",
        schema: || {
            json!({"type": "object", "required": ["title", "body"], "properties": {
                "title": {"type": "string", "description": "One-line title (1-200 characters)."},
                "body": {"type": "string", "description": "The note's text."},
                "tags": {"type": "array", "items": {"type": "string"}, "description": "Optional tags."}
            }})
        },
        read_only: false,
        destructive: false,
        handler: |a| run(a, add),
    },
    Spec {
        name: "list_notes",
        title: "List notes",
        description: "Lists notes in this notebook, newest first, optionally only those with a tag.",
        schema: || {
            json!({"type": "object", "properties": {
                "tag": {"type": "string", "description": "Only notes with this tag."},
                "limit": {"type": "integer", "minimum": 1, "maximum": 200, "description": "At most this many (default 20)."}
            }})
        },
        read_only: true,
        destructive: false,
        handler: |a| run(a, list),
    },
    Spec {
        name: "get_note",
        title: "Read a note",
        description: "Returns one note in full.",
        schema: || json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "minimum": 0}}}),
        read_only: true,
        destructive: false,
        handler: |a| run(a, get),
    },
    Spec {
        name: "search_notes",
        title: "Search notes",
        description: "Finds notes whose title, text or tags contain every word of the query (word prefixes match).",
        schema: || {
            json!({"type": "object", "required": ["query"], "properties": {
                "query": {"type": "string", "description": "Words to look for, e.g. `deploy fri`."},
                "limit": {"type": "integer", "minimum": 1, "maximum": 200, "description": "At most this many (default 20)."}
            }})
        },
        read_only: true,
        destructive: false,
        handler: |a| run(a, search),
    },
    Spec {
        name: "delete_note",
        title: "Delete a note",
        description: "Deletes one note for good.",
        schema: || json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "minimum": 0}}}),
        read_only: false,
        destructive: true,
        handler: |a| run(a, delete),
    },
];

/// Every tool's definition.
pub fn definitions() -> Vec<Tool> {
    TOOLS
        .iter()
        .map(|s| Tool {
            name: s.name.into(),
            title: Some(s.title.into()),
            description: s.description.into(),
            input_schema: (s.schema)().to_string(),
            output_schema: None,
            annotations: ToolAnnotations {
                read_only: Some(s.read_only),
                destructive: Some(s.destructive),
                idempotent: Some(s.read_only),
                open_world: Some(false),
            },
        })
        .collect()
}

/// Dispatches a call through the registry.
pub fn call(name: &str, arguments: &str) -> Result<ToolResult, CallError> {
    match TOOLS.iter().find(|s| s.name == name) {
        Some(spec) => (spec.handler)(arguments),
        None => Err(CallError::UnknownTool(format!("no tool named {name:?} in notes"))),
    }
}

/// Parses arguments into `A` and runs `f`; a failure of `f` becomes an error result.
fn run<A: DeserializeOwned>(arguments: &str, f: fn(A) -> Result<Reply, String>) -> Result<ToolResult, CallError> {
    let args: A = serde_json::from_str(arguments).map_err(|e| CallError::InvalidArguments(e.to_string()))?;
    Ok(match f(args) {
        Ok(reply) => ToolResult {
            content: vec![ContentBlock::Text(reply.text)],
            structured: reply.structured.map(|v| v.to_string()),
            is_error: false,
        },
        Err(message) => ToolResult { content: vec![ContentBlock::Text(message)], structured: None, is_error: true },
    })
}

/// What a handler returns on success.
struct Reply {
    text: String,
    structured: Option<Value>,
}

impl Reply {
    fn text(text: String) -> Reply {
        Reply { text, structured: None }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddArgs {
    title: String,
    body: String,
    #[serde(default)]
    tags: Vec<String>,
}

fn add(a: AddArgs) -> Result<Reply, String> {
    let title = a.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 200 {
        return Err("title must be 1-200 characters; shorten it or add one".into());
    }
    let mut tags: Vec<String> = a.tags.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    tags.sort();
    tags.dedup();
    let id = with_index(|i| i.next_id.max(1));
    let created_ms =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
    let n = Note { id, title, body: a.body, tags, created_ms };
    note::save(&n)?;
    with_index(|i| i.insert(&n));
    Ok(Reply {
        text: format!("Added note #{id} \"{}\". Next: `list_notes` or `search_notes`.", n.title),
        structured: Some(json!({"id": id})),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListArgs {
    tag: Option<String>,
    limit: Option<usize>,
}

fn list(a: ListArgs) -> Result<Reply, String> {
    let limit = a.limit.unwrap_or(20).clamp(1, 200);
    let tag = a.tag.map(|t| t.trim().to_lowercase());
    let lines = with_index(|i| {
        let total = i.entries.len();
        let rows: Vec<String> = i
            .entries
            .iter()
            .rev()
            .filter(|(_, e)| tag.as_ref().is_none_or(|t| e.tags.contains(t)))
            .take(limit)
            .map(|(id, e)| format!("- #{id} {}{}", e.title, tags_suffix(&e.tags)))
            .collect();
        (total, rows)
    });
    let (total, rows) = lines;
    if rows.is_empty() {
        return Ok(Reply::text(match tag {
            Some(t) => format!("No notes tagged {t:?} (of {total} notes)."),
            None => "No notes yet. Add one with `add_note`.".into(),
        }));
    }
    Ok(Reply::text(format!("# Notes ({} shown of {total})\n{}", rows.len(), rows.join("\n"))))
}

fn tags_suffix(tags: &[String]) -> String {
    if tags.is_empty() { String::new() } else { format!(" [{}]", tags.join(", ")) }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdArgs {
    id: u64,
}

fn get(a: IdArgs) -> Result<Reply, String> {
    match note::load(a.id)? {
        Some(n) => Ok(Reply {
            text: format!("# #{} {}{}\n\n{}", n.id, n.title, tags_suffix(&n.tags), n.body),
            structured: Some(
                json!({"id": n.id, "title": n.title, "body": n.body, "tags": n.tags, "created_ms": n.created_ms}),
            ),
        }),
        None => Err(format!("no note #{}; `list_notes` shows the ids", a.id)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    query: String,
    limit: Option<usize>,
}

fn search(a: SearchArgs) -> Result<Reply, String> {
    if crate::index::words(&a.query).next().is_none() {
        return Err("query has no words to search for; pass e.g. \"deploy friday\"".into());
    }
    let limit = a.limit.unwrap_or(20).clamp(1, 200);
    let ids = with_index(|i| i.search(&a.query));
    if ids.is_empty() {
        return Ok(Reply::text(format!("No notes match {:?}.", a.query)));
    }
    let mut out = format!("# Notes matching {:?} ({} found)\n", a.query, ids.len());
    for id in ids.iter().take(limit) {
        if let Some(n) = note::load(*id)? {
            let snippet: String = n.body.chars().take(120).collect();
            out.push_str(&format!("- #{id} {}{}: {}\n", n.title, tags_suffix(&n.tags), snippet.replace('\n', " ")));
        }
    }
    Ok(Reply::text(out))
}

fn delete(a: IdArgs) -> Result<Reply, String> {
    if !note::remove(a.id)? {
        return Err(format!("no note #{}; `list_notes` shows the ids", a.id));
    }
    with_index(|i| i.entries.remove(&a.id));
    Ok(Reply::text(format!("Deleted note #{}.", a.id)))
}
