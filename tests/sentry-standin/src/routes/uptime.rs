//! Uptime monitors: the organization's list, and per project create, read, update, delete and
//! the recent checks.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::Value;

use super::json_body;
use crate::clock;
use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, created, empty, ok};
use crate::world::model::UptimeMonitor;
use crate::world::{Store, World, render};

const INTERVALS: [u64; 6] = [60, 300, 600, 1200, 1800, 3600];
const METHODS: [&str; 7] = ["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// `GET /api/0/organizations/{org}/uptime/?project=&environment=&owner=&query=&per_page=`.
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let projects: Vec<&str> = params.all("project").into_iter().filter(|p| *p != "-1").collect();
    let environments = params.all("environment");
    let query = params.text("query").map(str::to_lowercase);
    let store = world.store();
    let items: Vec<Value> = store
        .uptime
        .iter()
        .filter(|m| store.project_by_id(&m.project_id).is_some_and(|p| p.org == org && !p.forbidden))
        .filter(|m| projects.is_empty() || projects.contains(&m.project_id.as_str()))
        .filter(|m| environments.is_empty() || m.environment.as_deref().is_some_and(|e| environments.contains(&e)))
        .filter(|m| params.text("owner").is_none_or(|o| m.owner.as_deref() == Some(o)))
        .filter(|m| query.as_deref().is_none_or(|q| m.name.to_lowercase().contains(q) || m.url.contains(q)))
        .map(|m| render::uptime(&world, &store, m))
        .collect();
    Ok(paginate::page(items, &params, &world.base_url, 25))
}

fn index(store: &Store, org: &str, project: &str, id: &str) -> Result<usize, ApiError> {
    let project_id = store.project(org, project)?.id.clone();
    store.uptime.iter().position(|m| m.id == id && m.project_id == project_id).ok_or_else(ApiError::not_found)
}

/// `GET /api/0/projects/{org}/{project}/uptime/{id}/`.
pub(crate) async fn detail(
    State(world): State<Arc<World>>,
    Path((org, project, id)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let store = world.store();
    let index = index(&store, &org, &project, &id)?;
    ok(render::uptime(&world, &store, &store.uptime[index]))
}

/// `GET /api/0/projects/{org}/{project}/uptime/{id}/checks/`, newest first.
pub(crate) async fn checks(
    State(world): State<Arc<World>>,
    Path((org, project, id)): Path<(String, String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    index(&world.store(), &org, &project, &id)?;
    let checks = world.docs.uptime_checks.get(&id).cloned().unwrap_or_default();
    Ok(paginate::page(checks, &params, &world.base_url, 50))
}

/// `POST /api/0/projects/{org}/{project}/uptime/` with `{name, url, intervalSeconds, timeoutMs?,
/// method?, headers?, body?, status?, owner?, environment?, traceSampling?,
/// responseCaptureEnabled?, recoveryThreshold?, downtimeThreshold?}`.
pub(crate) async fn create(
    State(world): State<Arc<World>>,
    Path((org, project)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let mut store = world.store();
    let project_id = store.project(&org, &project)?.id.clone();
    let mut monitor = UptimeMonitor {
        id: String::new(),
        project_id,
        name: String::new(),
        url: String::new(),
        method: "GET".into(),
        headers: Vec::new(),
        body: None,
        interval_seconds: 0,
        timeout_ms: 5000,
        status: "active".into(),
        environment: Some("production".into()),
        owner: None,
        trace_sampling: false,
        response_capture_enabled: false,
        recovery_threshold: 1,
        downtime_threshold: 3,
        uptime_status: 1,
        date_created: clock::now_iso(),
    };
    for required in ["name", "url", "intervalSeconds"] {
        if body.get(required).is_none_or(Value::is_null) {
            return Err(ApiError::bad_request(format!("{required}: This field is required.")));
        }
    }
    apply(&world, &store, &org, &mut monitor, &body)?;
    monitor.id = store.next_id().to_string();
    let rendered = render::uptime(&world, &store, &monitor);
    store.uptime.push(monitor);
    created(rendered)
}

/// `PUT /api/0/projects/{org}/{project}/uptime/{id}/` with any of the create fields.
pub(crate) async fn update(
    State(world): State<Arc<World>>,
    Path((org, project, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let mut store = world.store();
    let index = index(&store, &org, &project, &id)?;
    let mut monitor = store.uptime[index].clone();
    apply(&world, &store, &org, &mut monitor, &body)?;
    let rendered = render::uptime(&world, &store, &monitor);
    store.uptime[index] = monitor;
    ok(rendered)
}

/// `DELETE /api/0/projects/{org}/{project}/uptime/{id}/`: 202, empty.
pub(crate) async fn delete(
    State(world): State<Arc<World>>,
    Path((org, project, id)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let mut store = world.store();
    let index = index(&store, &org, &project, &id)?;
    store.uptime.remove(index);
    empty(StatusCode::ACCEPTED)
}

/// Validates and applies the fields present in `body`.
fn apply(world: &World, store: &Store, org: &str, monitor: &mut UptimeMonitor, body: &Value) -> Result<(), ApiError> {
    let bad = |field: &str, why: &str| ApiError::bad_request(format!("{field}: {why}"));
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::trim);
    if let Some(name) = text("name") {
        if name.is_empty() {
            return Err(bad("name", "This field may not be blank."));
        }
        monitor.name = name.to_owned();
    }
    if let Some(url) = text("url") {
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 11 {
            return Err(bad("url", "Enter a valid URL."));
        }
        monitor.url = url.to_owned();
    }
    if let Some(interval) = body.get("intervalSeconds") {
        let interval = interval.as_u64().filter(|i| INTERVALS.contains(i));
        monitor.interval_seconds =
            interval.ok_or_else(|| bad("intervalSeconds", "must be one of 60, 300, 600, 1200, 1800, 3600"))?;
    }
    if let Some(timeout) = body.get("timeoutMs") {
        let timeout = timeout.as_u64().filter(|t| (1000..=60_000).contains(t));
        monitor.timeout_ms = timeout.ok_or_else(|| bad("timeoutMs", "must be between 1000 and 60000"))?;
    }
    if let Some(method) = text("method") {
        let method = method.to_ascii_uppercase();
        if !METHODS.contains(&method.as_str()) {
            return Err(bad("method", "not a supported HTTP method"));
        }
        monitor.method = method;
    }
    if let Some(headers) = body.get("headers").filter(|h| !h.is_null()) {
        monitor.headers =
            serde_json::from_value(headers.clone()).map_err(|_| bad("headers", "must be [name, value] pairs"))?;
    }
    if let Some(value) = body.get("body") {
        monitor.body = value.as_str().map(str::to_owned);
    }
    if let Some(status) = text("status") {
        if status != "active" && status != "disabled" {
            return Err(bad("status", "must be active or disabled"));
        }
        monitor.status = status.to_owned();
    }
    if let Some(owner) = body.get("owner") {
        monitor.owner = match owner.as_str().map(str::trim).filter(|o| !o.is_empty()) {
            None => None,
            Some(owner) => {
                Some(resolve_owner(world, store, org, owner).ok_or_else(|| bad("owner", "Unknown actor input"))?)
            }
        };
    }
    if let Some(environment) = body.get("environment") {
        monitor.environment = environment.as_str().map(str::to_owned);
    }
    for (key, slot) in [
        ("traceSampling", &mut monitor.trace_sampling),
        ("responseCaptureEnabled", &mut monitor.response_capture_enabled),
    ] {
        if let Some(flag) = body.get(key).and_then(Value::as_bool) {
            *slot = flag;
        }
    }
    for (key, slot) in
        [("recoveryThreshold", &mut monitor.recovery_threshold), ("downtimeThreshold", &mut monitor.downtime_threshold)]
    {
        if let Some(value) = body.get(key) {
            *slot = value.as_u64().filter(|v| *v >= 1).ok_or_else(|| bad(key, "must be a positive integer"))?;
        }
    }
    Ok(())
}

fn resolve_owner(world: &World, store: &Store, org: &str, owner: &str) -> Option<String> {
    match owner.split_once(':') {
        Some(("user", id)) => {
            world.member(id).filter(|m| m.orgs.iter().any(|o| o == org)).map(|m| format!("user:{}", m.id))
        }
        Some(("team", id)) => store.team(org, id).ok().map(|t| format!("team:{}", t.id)),
        _ => None,
    }
}
