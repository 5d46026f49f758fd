//! An issue's activity log and its notes (comments): reading both, adding a note.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::json_body;
use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, created, ok};
use crate::world::{ME, World, render};

/// `GET /api/0/organizations/{org}/issues/{issue}/notes/`: notes, newest first (paged).
pub(crate) async fn list(
    State(world): State<Arc<World>>,
    Path((org, issue)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let store = world.store();
    let issue = store.issue(&org, &issue)?;
    let notes: Vec<Value> = store
        .activity_of(&issue.id)
        .into_iter()
        .filter(|a| a.kind == "note")
        .map(|a| render::activity(&world, a))
        .collect();
    Ok(paginate::page(notes, &params, &world.base_url, 100))
}

/// `POST /api/0/organizations/{org}/issues/{issue}/notes/` with `{text}`: 201, the note.
pub(crate) async fn add(
    State(world): State<Arc<World>>,
    Path((org, issue)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let text = body.get("text").and_then(Value::as_str).map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Err(ApiError::bad_request("text: This field may not be blank."));
    }
    let mut store = world.store();
    let issue_id = store.issue(&org, &issue)?.id.clone();
    let note = store.record_activity(&issue_id, "note", Some(ME), json!({ "text": text }));
    created(render::activity(&world, &note))
}

/// `GET /api/0/organizations/{org}/issues/{issue}/activities/`: `{"activity": [...]}`, newest first.
pub(crate) async fn activities(State(world): State<Arc<World>>, Path((org, issue)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let store = world.store();
    let issue = store.issue(&org, &issue)?;
    let activity: Vec<Value> = store.activity_of(&issue.id).into_iter().map(|a| render::activity(&world, a)).collect();
    ok(json!({ "activity": activity }))
}
