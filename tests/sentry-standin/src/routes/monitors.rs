//! Cron monitors: list, detail, check-ins and stats, organization-wide or under a project.
//! The fixture monitor `nightly-backup` (project `api`) runs daily at 03:00 UTC.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Map, Value, json};

use crate::clock;
use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::world::World;
use crate::world::model::MonitorFixture;

/// Bucket limit for `stats/`, to bound the work of one request.
const MAX_BUCKETS: f64 = 1000.0;

fn text<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn find<'a>(world: &'a World, org: &str, slug: &str, project: Option<&str>) -> Result<&'a MonitorFixture, ApiError> {
    world
        .docs
        .monitors
        .get(org)
        .into_iter()
        .flatten()
        .find(|m| {
            (text(&m.monitor, "/slug") == slug || text(&m.monitor, "/id") == slug)
                && project
                    .is_none_or(|p| text(&m.monitor, "/project/slug") == p || text(&m.monitor, "/project/id") == p)
        })
        .ok_or_else(ApiError::not_found)
}

/// Checks the `{project}` path segment (403/404) and returns its slug.
fn project_slug(world: &World, org: &str, project: &str) -> Result<String, ApiError> {
    Ok(world.store().project(org, project)?.slug.clone())
}

/// `GET /api/0/organizations/{org}/monitors/?projectSlug=&environment=&owner=&query=&per_page=`.
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let projects = params.all("projectSlug");
    let query = params.text("query").map(str::to_lowercase);
    let items: Vec<Value> = world
        .docs
        .monitors
        .get(&org)
        .into_iter()
        .flatten()
        .map(|m| &m.monitor)
        .filter(|m| projects.is_empty() || projects.contains(&text(m, "/project/slug")))
        .filter(|m| {
            params.all("environment").iter().all(|env| {
                m.get("environments").and_then(Value::as_array).into_iter().flatten().any(|e| text(e, "/name") == *env)
            })
        })
        .filter(|m| params.text("owner").is_none_or(|owner| owner_matches(m, owner)))
        .filter(|m| {
            query.as_deref().is_none_or(|q| text(m, "/slug").contains(q) || text(m, "/name").to_lowercase().contains(q))
        })
        .cloned()
        .collect();
    Ok(paginate::page(items, &params, &world.base_url, 25))
}

fn owner_matches(monitor: &Value, owner: &str) -> bool {
    let (kind, id) = (text(monitor, "/owner/type"), text(monitor, "/owner/id"));
    owner == format!("{kind}:{id}") || owner.strip_prefix('#') == Some(text(monitor, "/owner/name"))
}

/// `GET /api/0/organizations/{org}/monitors/{monitor}/`.
pub(crate) async fn detail(State(world): State<Arc<World>>, Path((org, monitor)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    ok(&find(&world, &org, &monitor, None)?.monitor)
}

/// `GET /api/0/projects/{org}/{project}/monitors/{monitor}/`.
pub(crate) async fn detail_for_project(
    State(world): State<Arc<World>>,
    Path((org, project, monitor)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let slug = project_slug(&world, &org, &project)?;
    ok(&find(&world, &org, &monitor, Some(&slug))?.monitor)
}

fn checkin_page(world: &World, fixture: &MonitorFixture, params: &Params) -> Reply {
    let environments = params.all("environment");
    let items: Vec<Value> = fixture
        .checkins
        .iter()
        .filter(|c| environments.is_empty() || environments.contains(&text(c, "/environment")))
        .cloned()
        .collect();
    Ok(paginate::page(items, params, &world.base_url, 25))
}

/// `GET /api/0/organizations/{org}/monitors/{monitor}/checkins/`, newest first.
pub(crate) async fn checkins(
    State(world): State<Arc<World>>,
    Path((org, monitor)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    checkin_page(&world, find(&world, &org, &monitor, None)?, &params)
}

/// `GET /api/0/projects/{org}/{project}/monitors/{monitor}/checkins/`.
pub(crate) async fn checkins_for_project(
    State(world): State<Arc<World>>,
    Path((org, project, monitor)): Path<(String, String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let slug = project_slug(&world, &org, &project)?;
    checkin_page(&world, find(&world, &org, &monitor, Some(&slug))?, &params)
}

/// `GET /api/0/organizations/{org}/monitors/{monitor}/stats/?since=&until=&resolution=`.
pub(crate) async fn stats(
    State(world): State<Arc<World>>,
    Path((org, monitor)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    stats_of(find(&world, &org, &monitor, None)?, &params)
}

/// `GET /api/0/projects/{org}/{project}/monitors/{monitor}/stats/`.
pub(crate) async fn stats_for_project(
    State(world): State<Arc<World>>,
    Path((org, project, monitor)): Path<(String, String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let slug = project_slug(&world, &org, &project)?;
    stats_of(find(&world, &org, &monitor, Some(&slug))?, &params)
}

/// Buckets over `[since, until)`. A daily 03:00 UTC run lands in each bucket that holds one:
/// with the status of the fixture check-in for that run if there is one, else `ok`, except
/// that every seventh day errors and every seventh (offset) day is missed.
fn stats_of(fixture: &MonitorFixture, params: &Params) -> Reply {
    let number = |key: &str| params.get(key).and_then(|v| v.parse::<f64>().ok());
    let until = number("until").unwrap_or_else(clock::now_unix);
    let since = number("since").unwrap_or(until - 86_400.0);
    let resolution = params.get("resolution").map_or(Some(3600.0), seconds).filter(|r| *r > 0.0);
    let Some(resolution) = resolution else {
        return Err(ApiError::bad_request("resolution must look like 60s, 1h or 1d"));
    };
    if until <= since || (until - since) / resolution > MAX_BUCKETS {
        return Err(ApiError::bad_request("since/until/resolution give no buckets or too many"));
    }
    let mut buckets = Vec::new();
    let mut start = (since / resolution).floor() * resolution;
    while start < until {
        buckets.push(bucket(fixture, start, start + resolution));
        start += resolution;
    }
    ok(buckets)
}

fn bucket(fixture: &MonitorFixture, start: f64, end: f64) -> Value {
    let mut counts = json!({ "in_progress": 0, "ok": 0, "error": 0, "missed": 0, "timeout": 0, "unknown": 0 });
    let mut durations = Vec::new();
    let mut run = (start / 86_400.0).floor() * 86_400.0 + 3.0 * 3600.0;
    while run < end {
        if run >= start {
            let recorded = fixture.checkins.iter().find(|c| clock::parse_iso(text(c, "/dateClock")) == Some(run));
            let status = match recorded {
                Some(checkin) => text(checkin, "/status").to_owned(),
                None => synthetic_status(run).to_owned(),
            };
            if let Some(duration) = recorded.and_then(|c| c.get("duration")).and_then(Value::as_f64) {
                durations.push(duration);
            }
            if let Some(count) = counts.get_mut(&status) {
                *count = json!(count.as_u64().unwrap_or(0) + 1);
            }
        }
        run += 86_400.0;
    }
    let duration = if durations.is_empty() { 0.0 } else { durations.iter().sum::<f64>() / durations.len() as f64 };
    let mut out = Map::new();
    out.insert("ts".into(), json!(start as i64));
    out.insert("duration".into(), json!(duration));
    out.insert("production".into(), counts);
    Value::Object(out)
}

fn synthetic_status(run: f64) -> &'static str {
    match (run / 86_400.0).floor() as i64 % 7 {
        3 => "error",
        1 => "missed",
        _ => "ok",
    }
}

/// `3600s`, `60m`, `1h`, `1d` or plain seconds.
fn seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    for (unit, factor) in [("s", 1.0), ("m", 60.0), ("h", 3600.0), ("d", 86_400.0)] {
        if let Some(value) = text.strip_suffix(unit) {
            return value.parse::<f64>().ok().map(|v| v * factor);
        }
    }
    text.parse().ok()
}
