//! Profiling: the aggregated flamegraph of a transaction, one transaction profile, and a
//! continuous-profiling chunk. Only project `api` has profiles (`POST /api/orders/`).

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Value, json};

use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::search::{self, Term};
use crate::world::World;

/// `GET /api/0/organizations/{org}/profiling/flamegraph/?project=ID&query=transaction:"…"`;
/// an empty flamegraph when the project or transaction has no profiles.
pub(crate) async fn flamegraph(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let Some(key) = params.text("project") else {
        return Err(ApiError::bad_request("project is required"));
    };
    let project = world.store().project(&org, key)?.clone();
    let transaction = search::parse(params.get("query").unwrap_or("")).into_iter().find_map(|term| match term {
        Term::Field { key, value, negated: false } if key == "transaction" => Some(value),
        _ => None,
    });
    let fixture = world.docs.profiling.get(&org).map(|p| &p.flamegraph).filter(|graph| {
        graph.get("projectID").and_then(Value::as_u64).map(|id| id.to_string()) == Some(project.id.clone())
            && transaction.as_deref().is_none_or(|t| graph.get("transactionName").and_then(Value::as_str) == Some(t))
    });
    if let Some(graph) = fixture {
        return ok(graph);
    }
    ok(json!({
        "activeProfileIndex": 0,
        "metadata": {},
        "platform": project.platform,
        "projectID": project.id.parse::<u64>().unwrap_or_default(),
        "transactionName": transaction,
        "profiles": [],
        "shared": { "frames": [], "frame_infos": [], "profiles": [] },
    }))
}

/// `GET /api/0/projects/{org}/{project}/profiling/profiles/{id}/`: a transaction profile.
pub(crate) async fn profile(
    State(world): State<Arc<World>>,
    Path((org, project, id)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let project = world.store().project(&org, &project)?.clone();
    if !project.has_profiles {
        return Err(ApiError::not_found());
    }
    let found = world
        .docs
        .profiling
        .get(&org)
        .into_iter()
        .flat_map(|p| &p.profiles)
        .find(|p| p.get("profile_id").and_then(Value::as_str) == Some(&id.replace('-', "")))
        .ok_or_else(ApiError::not_found)?;
    ok(found)
}

/// `GET /api/0/organizations/{org}/profiling/chunks/?profiler_id=&project=&start=&end=`:
/// `{"chunk": {...}}`, or `{"chunk": null}` when nothing matches.
pub(crate) async fn chunks(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    if let Some(key) = params.text("project") {
        world.store().project(&org, key)?;
    }
    let Some(profiler) = params.text("profiler_id") else {
        return Err(ApiError::bad_request("profiler_id is required"));
    };
    let chunk = world
        .docs
        .profiling
        .get(&org)
        .into_iter()
        .flat_map(|p| &p.chunks)
        .find(|c| c.get("profiler_id").and_then(Value::as_str) == Some(&profiler.replace('-', "")));
    ok(json!({ "chunk": chunk }))
}
