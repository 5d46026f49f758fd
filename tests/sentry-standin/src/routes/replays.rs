//! Session replays: search, detail, recording segments, and which replays saw an issue.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Map, Value, json};

use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::search::{self, Term};
use crate::table;
use crate::world::World;
use crate::world::model::ReplayFixture;

fn replays<'a>(world: &'a World, org: &str) -> &'a [ReplayFixture] {
    world.docs.replays.get(org).map_or(&[], Vec::as_slice)
}

fn field<'a>(replay: &'a Value, key: &str) -> &'a str {
    replay.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `GET /api/0/organizations/{org}/replays/?query=&project=&environment=&sort=&per_page=&field=…`:
/// `{"data": [...]}`. The query matches replay fields (`user.email`, `browser.name`, `url`, …).
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let terms = search::parse(params.get("query").unwrap_or(""));
    let projects: Vec<&str> = params.all("project").into_iter().filter(|p| *p != "-1").collect();
    let environments = params.all("environment");
    let per_page = params.number("per_page").unwrap_or(50);
    let fields = params.all("field");
    let data: Vec<Value> = replays(&world, &org)
        .iter()
        .map(|r| &r.replay)
        .filter(|r| projects.is_empty() || projects.contains(&field(r, "project_id")))
        .filter(|r| environments.is_empty() || environments.contains(&field(r, "environment")))
        .filter(|r| table::matches(&searchable(r), &terms))
        .take(per_page)
        .map(|r| select(r, &fields))
        .collect();
    ok(json!({ "data": data }))
}

/// A replay's searchable fields, flattened (`user.email`, `browser.name`, `url`, …).
fn searchable(replay: &Value) -> Map<String, Value> {
    let mut row = Map::new();
    if let Value::Object(fields) = replay {
        for (key, value) in fields {
            match value {
                Value::Object(nested) if key != "tags" => {
                    for (sub, v) in nested {
                        row.insert(format!("{key}.{sub}"), v.clone());
                    }
                }
                _ => {
                    row.insert(key.clone(), value.clone());
                }
            }
        }
    }
    let urls = replay.get("urls").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
    row.insert("url".into(), json!(urls.collect::<Vec<_>>().join(" ")));
    row
}

fn select(replay: &Value, fields: &[&str]) -> Value {
    if fields.is_empty() {
        return replay.clone();
    }
    let mut out: Map<String, Value> =
        fields.iter().filter_map(|f| replay.get(*f).map(|v| ((*f).to_owned(), v.clone()))).collect();
    out.insert("id".into(), replay.get("id").cloned().unwrap_or(Value::Null));
    Value::Object(out)
}

/// `GET /api/0/organizations/{org}/replays/{replay}/`: `{"data": {...}}`.
pub(crate) async fn detail(State(world): State<Arc<World>>, Path((org, replay)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let id = replay.replace('-', "");
    let found = replays(&world, &org).iter().find(|r| field(&r.replay, "id") == id).ok_or_else(ApiError::not_found)?;
    ok(json!({ "data": found.replay }))
}

/// `GET /api/0/projects/{org}/{project}/replays/{replay}/recording-segments/`: arrays of rrweb events.
pub(crate) async fn segments(
    State(world): State<Arc<World>>,
    Path((org, project, replay)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let project_id = world.store().project(&org, &project)?.id.clone();
    let id = replay.replace('-', "");
    let found = replays(&world, &org)
        .iter()
        .find(|r| field(&r.replay, "id") == id && field(&r.replay, "project_id") == project_id)
        .ok_or_else(ApiError::not_found)?;
    ok(&found.segments)
}

/// `GET /api/0/organizations/{org}/replay-count/?query=issue.id:[3001,3003]&returnIds=true`:
/// issue id → replay ids (or counts without `returnIds`).
pub(crate) async fn count(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let issue_ids: Vec<String> = search::parse(params.get("query").unwrap_or(""))
        .into_iter()
        .filter_map(|term| match term {
            Term::Field { key, value, negated: false } if key == "issue.id" => Some(value),
            _ => None,
        })
        .flat_map(|value| {
            value.trim_matches(|c| c == '[' || c == ']').split(',').map(|v| v.trim().to_owned()).collect::<Vec<_>>()
        })
        .collect();
    let return_ids = params.flag("returnIds");
    let mut counts = Map::new();
    for issue_id in issue_ids {
        let events: Vec<&str> =
            world.events(&issue_id).iter().filter_map(|e| e.get("id").and_then(Value::as_str)).collect();
        let ids: Vec<&str> = replays(&world, &org)
            .iter()
            .filter(|r| {
                r.replay
                    .get("error_ids")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .any(|e| events.contains(&e))
            })
            .map(|r| field(&r.replay, "id"))
            .collect();
        if !ids.is_empty() {
            counts.insert(issue_id, if return_ids { json!(ids) } else { json!(ids.len()) });
        }
    }
    ok(Value::Object(counts))
}
