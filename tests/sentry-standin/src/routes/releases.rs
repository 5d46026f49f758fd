//! Releases: lists (organization-wide or per project), one release (health data with
//! `?health=1`), its deploys and its commits.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::Value;

use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::world::World;
use crate::world::model::ReleaseFixture;

fn releases<'a>(world: &'a World, org: &str) -> &'a [ReleaseFixture] {
    world.docs.releases.get(org).map_or(&[], Vec::as_slice)
}

fn version(fixture: &ReleaseFixture) -> &str {
    fixture.release.get("version").and_then(Value::as_str).unwrap_or("")
}

fn in_project(fixture: &ReleaseFixture, project_slug: &str) -> bool {
    fixture
        .release
        .get("projects")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|p| p.get("slug").and_then(Value::as_str) == Some(project_slug))
}

/// A release as served: per-project health data only when asked for.
fn render(fixture: &ReleaseFixture, health: bool) -> Value {
    let mut release = fixture.release.clone();
    if !health && let Some(Value::Array(projects)) = release.get_mut("projects") {
        for project in projects.iter_mut().filter_map(Value::as_object_mut) {
            project.remove("healthData");
        }
    }
    release
}

/// The project slug a `{project}` path segment or `project`/`projectSlug` parameter names.
fn project_slug(world: &World, org: &str, key: &str) -> Result<String, ApiError> {
    Ok(world.store().project(org, key)?.slug.clone())
}

fn list_releases(world: &World, org: &str, project: Option<&str>, params: &Params) -> Reply {
    let query = params.text("query").map(str::to_lowercase);
    let items: Vec<Value> = releases(world, org)
        .iter()
        .filter(|r| project.is_none_or(|p| in_project(r, p)))
        .filter(|r| query.as_deref().is_none_or(|q| version(r).to_lowercase().contains(q)))
        .map(|r| render(r, params.flag("health")))
        .collect();
    Ok(paginate::page(items, params, &world.base_url, 25))
}

/// `GET /api/0/organizations/{org}/releases/?query=&project=`, newest first.
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let project = match params.text("project").filter(|p| *p != "-1") {
        Some(key) => Some(project_slug(&world, &org, key)?),
        None => None,
    };
    list_releases(&world, &org, project.as_deref(), &params)
}

/// `GET /api/0/projects/{org}/{project}/releases/`.
pub(crate) async fn list_for_project(
    State(world): State<Arc<World>>,
    Path((org, project)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let slug = project_slug(&world, &org, &project)?;
    list_releases(&world, &org, Some(&slug), &params)
}

fn find<'a>(world: &'a World, org: &str, wanted: &str, project: Option<&str>) -> Result<&'a ReleaseFixture, ApiError> {
    releases(world, org)
        .iter()
        .find(|r| version(r) == wanted && project.is_none_or(|p| in_project(r, p)))
        .ok_or_else(ApiError::not_found)
}

/// `GET /api/0/organizations/{org}/releases/{version}/[?health=1]`.
pub(crate) async fn detail(
    State(world): State<Arc<World>>,
    Path((org, version)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    ok(render(find(&world, &org, &version, None)?, params.flag("health")))
}

/// `GET /api/0/projects/{org}/{project}/releases/{version}/`.
pub(crate) async fn detail_for_project(
    State(world): State<Arc<World>>,
    Path((org, project, version)): Path<(String, String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let slug = project_slug(&world, &org, &project)?;
    ok(render(find(&world, &org, &version, Some(&slug))?, params.flag("health")))
}

/// `GET /api/0/organizations/{org}/releases/{version}/deploys/`, newest first.
pub(crate) async fn deploys(
    State(world): State<Arc<World>>,
    Path((org, version)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let release = find(&world, &org, &version, None)?;
    Ok(paginate::page(release.deploys.clone(), &params, &world.base_url, 100))
}

/// `GET /api/0/organizations/{org}/releases/{version}/commits/`, newest first.
pub(crate) async fn commits(
    State(world): State<Arc<World>>,
    Path((org, version)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let release = find(&world, &org, &version, None)?;
    Ok(paginate::page(release.commits.clone(), &params, &world.base_url, 100))
}

/// `GET /api/0/projects/{org}/{project}/releases/{version}/commits/`.
pub(crate) async fn commits_for_project(
    State(world): State<Arc<World>>,
    Path((org, project, version)): Path<(String, String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let slug = project_slug(&world, &org, &project)?;
    let release = find(&world, &org, &version, Some(&slug))?;
    Ok(paginate::page(release.commits.clone(), &params, &world.base_url, 100))
}
