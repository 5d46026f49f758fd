//! Seer autofix on an issue: `GET` answers `{"autofix": null}` until a run is started with
//! `POST`; after that each `GET` advances the run one step and it completes on the third.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::json_body;
use crate::reply::{Reply, ok};
use crate::world::model::AutofixText;
use crate::world::seer::{AutofixRun, generic_findings};
use crate::world::{Store, World};

/// `GET /api/0/organizations/{org}/issues/{issue}/autofix/`.
pub(crate) async fn state(State(world): State<Arc<World>>, Path((org, issue)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let mut store = world.store();
    let index = store.issue_index(&org, &issue)?;
    let findings = findings(&world, &store, index);
    let issue_id = store.issues[index].id.clone();
    match store.autofix.get_mut(&issue_id) {
        Some(run) => ok(run.poll(&findings)),
        None => ok(json!({ "autofix": null })),
    }
}

/// `POST /api/0/organizations/{org}/issues/{issue}/autofix/` with `{event_id?, instruction?}`:
/// starts a new run (replacing any earlier one) and answers 202 `{"run_id": N}`.
pub(crate) async fn start(
    State(world): State<Arc<World>>,
    Path((org, issue)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let instruction = body.get("instruction").and_then(Value::as_str).unwrap_or("").to_owned();
    let mut store = world.store();
    let index = store.issue_index(&org, &issue)?;
    let issue_id = store.issues[index].id.clone();
    let run_id = store.next_id();
    store.autofix.insert(issue_id, AutofixRun::new(run_id, instruction));
    Ok((StatusCode::ACCEPTED, Json(json!({ "run_id": run_id }))).into_response())
}

/// The written findings for the issue, or generic ones built from its title.
fn findings(world: &World, store: &Store, index: usize) -> AutofixText {
    let issue = &store.issues[index];
    if let Some(text) = world.docs.autofix.get(&issue.short_id) {
        return text.clone();
    }
    let project = store.project_by_id(&issue.project_id);
    let repo = project.map_or_else(|| "acme/app".to_owned(), |p| format!("{}/{}", p.org, p.slug));
    generic_findings(issue, &repo)
}
