//! Events of an issue: the list (searchable, paged) and one event in full, by id or as
//! `latest` / `oldest` / `recommended`; and a project's event by id.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Value, json};

use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::search;
use crate::table;
use crate::world::{Row, World};

/// Fields of an event the list shows without `full=true`.
const SUMMARY_FIELDS: [&str; 13] = [
    "id",
    "eventID",
    "groupID",
    "projectID",
    "title",
    "message",
    "dateCreated",
    "dateReceived",
    "platform",
    "culprit",
    "location",
    "user",
    "tags",
];

/// `GET /api/0/organizations/{org}/issues/{issue}/events/?query=&sort=&full=&per_page=&cursor=`.
pub(crate) async fn list_for_issue(
    State(world): State<Arc<World>>,
    Path((org, issue)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let issue_id = world.store().issue(&org, &issue)?.id.clone();
    let terms = search::parse(params.get("query").unwrap_or(""));
    let full = params.flag("full");
    let mut events: Vec<&Value> =
        world.events(&issue_id).iter().filter(|event| table::matches(&searchable(event), &terms)).collect();
    if params.get("sort") == Some("timestamp") {
        events.reverse();
    }
    let items: Vec<Value> = events.into_iter().map(|event| if full { event.clone() } else { summary(event) }).collect();
    Ok(paginate::page(items, &params, &world.base_url, 50))
}

/// An event as flat searchable fields: its tags plus the common attributes.
fn searchable(event: &Value) -> Row {
    let mut row = Row::new();
    for tag in event.get("tags").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(key), Some(value)) = (tag.get("key").and_then(Value::as_str), tag.get("value")) {
            row.insert(key.to_owned(), value.clone());
        }
    }
    let get = |pointer: &str| event.pointer(pointer).cloned().unwrap_or(Value::Null);
    for (key, pointer) in [
        ("id", "/id"),
        ("title", "/title"),
        ("message", "/message"),
        ("event.type", "/type"),
        ("timestamp", "/dateCreated"),
        ("user.id", "/user/id"),
        ("user.email", "/user/email"),
        ("trace", "/contexts/trace/trace_id"),
    ] {
        row.insert(key.to_owned(), get(pointer));
    }
    row
}

fn summary(event: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for field in SUMMARY_FIELDS {
        out.insert(field.to_owned(), event.get(field).cloned().unwrap_or(Value::Null));
    }
    out.insert("event.type".into(), event.get("type").cloned().unwrap_or(json!("error")));
    out.insert("crashFile".into(), Value::Null);
    Value::Object(out)
}

/// `GET /api/0/organizations/{org}/issues/{issue}/events/{event}/`.
pub(crate) async fn detail_for_issue(
    State(world): State<Arc<World>>,
    Path((org, issue, event)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let issue_id = world.store().issue(&org, &issue)?.id.clone();
    let events = world.events(&issue_id);
    let found = match event.as_str() {
        "latest" | "recommended" => events.first(),
        "oldest" => events.last(),
        id => events.iter().find(|e| e.get("id").and_then(Value::as_str) == Some(&id.replace('-', ""))),
    };
    ok(found.ok_or_else(ApiError::not_found)?)
}

/// `GET /api/0/projects/{org}/{project}/events/{event}/`.
pub(crate) async fn detail_for_project(
    State(world): State<Arc<World>>,
    Path((org, project, event)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let project_id = world.store().project(&org, &project)?.id.clone();
    let event_id = event.replace('-', "");
    let found = world.docs.events.values().flatten().find(|e| {
        e.get("projectID").and_then(Value::as_str) == Some(&project_id)
            && e.get("id").and_then(Value::as_str) == Some(&event_id)
    });
    ok(found.ok_or_else(ApiError::not_found)?)
}
