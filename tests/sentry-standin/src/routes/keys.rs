//! Client keys (DSNs) of a project: list, create, read, update.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::Value;

use super::json_body;
use crate::clock;
use crate::ids;
use crate::reply::{ApiError, Reply, created, ok};
use crate::world::model::{ClientKey, LoaderOptions, RateLimit};
use crate::world::{World, render};

/// `GET /api/0/projects/{org}/{project}/keys/`.
pub(crate) async fn list(State(world): State<Arc<World>>, Path((org, project)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let store = world.store();
    let project = store.project(&org, &project)?;
    let keys: Vec<Value> =
        store.keys.iter().filter(|k| k.project_id == project.id).map(|k| render::key(&world, k)).collect();
    ok(keys)
}

/// `POST /api/0/projects/{org}/{project}/keys/` with `{name?}`.
pub(crate) async fn create(
    State(world): State<Arc<World>>,
    Path((org, project)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let mut store = world.store();
    let project_id = store.project(&org, &project)?.id.clone();
    let seed = store.next_id();
    let name = body.get("name").and_then(Value::as_str).filter(|n| !n.trim().is_empty());
    let key = ClientKey {
        id: ids::hex32(seed),
        project_id,
        name: name.map_or_else(|| format!("Key {seed}"), str::to_owned),
        secret: ids::hex32(seed ^ 0xffff),
        is_active: true,
        date_created: clock::now_iso(),
        browser_sdk_version: "8.x".into(),
        rate_limit: None,
        loader: LoaderOptions::default(),
    };
    let rendered = render::key(&world, &key);
    store.keys.push(key);
    created(rendered)
}

/// `GET /api/0/projects/{org}/{project}/keys/{key}/`.
pub(crate) async fn detail(
    State(world): State<Arc<World>>,
    Path((org, project, key)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let store = world.store();
    let project = store.project(&org, &project)?;
    let key = store.keys.iter().find(|k| k.project_id == project.id && k.id == key).ok_or_else(ApiError::not_found)?;
    ok(render::key(&world, key))
}

/// `PUT /api/0/projects/{org}/{project}/keys/{key}/` with any of `name`, `isActive`,
/// `rateLimit` (`{window, count}` or `null`), `browserSdkVersion`, `dynamicSdkLoaderOptions`.
pub(crate) async fn update(
    State(world): State<Arc<World>>,
    Path((org, project, key)): Path<(String, String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let mut store = world.store();
    let project_id = store.project(&org, &project)?.id.clone();
    let key =
        store.keys.iter_mut().find(|k| k.project_id == project_id && k.id == key).ok_or_else(ApiError::not_found)?;
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        key.name = name.to_owned();
    }
    if let Some(active) = body.get("isActive").and_then(Value::as_bool) {
        key.is_active = active;
    }
    match body.get("rateLimit") {
        Some(Value::Null) => key.rate_limit = None,
        Some(limit) => {
            let field = |k: &str| limit.get(k).and_then(Value::as_u64);
            let (Some(window), Some(count)) = (field("window"), field("count")) else {
                return Err(ApiError::bad_request("rateLimit needs numeric window and count"));
            };
            key.rate_limit = Some(RateLimit { window, count });
        }
        None => {}
    }
    if let Some(version) = body.get("browserSdkVersion").and_then(Value::as_str) {
        key.browser_sdk_version = version.to_owned();
    }
    if let Some(options) = body.get("dynamicSdkLoaderOptions") {
        let flag = |k: &str, current: bool| options.get(k).and_then(Value::as_bool).unwrap_or(current);
        let old = key.loader;
        key.loader = LoaderOptions {
            has_replay: flag("hasReplay", old.has_replay),
            has_performance: flag("hasPerformance", old.has_performance),
            has_debug: flag("hasDebug", old.has_debug),
            has_feedback: flag("hasFeedback", old.has_feedback),
            has_logs_and_metrics: flag("hasLogsAndMetrics", old.has_logs_and_metrics),
        };
    }
    let key = key.clone();
    ok(render::key(&world, &key))
}
