//! Teams: the organization's teams, creating one, and which teams a project belongs to.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::Value;

use super::json_body;
use crate::clock;
use crate::ids;
use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, created, ok};
use crate::world::model::Team;
use crate::world::{ME, World, render};

/// `GET /api/0/organizations/{org}/teams/`, filtered by `query` (slug or name).
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let query = params.text("query").map(str::to_lowercase);
    let store = world.store();
    let teams: Vec<Value> = store
        .teams
        .iter()
        .filter(|t| t.org == org)
        .filter(|t| query.as_deref().is_none_or(|q| t.slug.contains(q) || t.name.to_lowercase().contains(q)))
        .map(|t| render::team(&store, t))
        .collect();
    Ok(paginate::page(teams, &params, &world.base_url, 100))
}

/// `POST /api/0/organizations/{org}/teams/` with `{name, slug?}`; the token owner joins it.
pub(crate) async fn create(State(world): State<Arc<World>>, Path(org): Path<String>, body: Bytes) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let name = body.get("name").and_then(Value::as_str).map(str::trim).unwrap_or("");
    let slug = body.get("slug").and_then(Value::as_str).map_or_else(|| ids::slugify(name), ids::slugify);
    if slug.is_empty() {
        return Err(ApiError::bad_request("name or slug is required"));
    }
    let mut store = world.store();
    if store.teams.iter().any(|t| t.org == org && t.slug == slug) {
        return Err(ApiError::conflict("A team with this slug already exists."));
    }
    let team = Team {
        id: store.next_id().to_string(),
        org,
        name: if name.is_empty() { slug.clone() } else { name.to_owned() },
        slug,
        date_created: clock::now_iso(),
        member_ids: vec![ME.to_owned()],
    };
    let rendered = render::team(&store, &team);
    store.teams.push(team);
    created(rendered)
}

/// `GET /api/0/projects/{org}/{project}/teams/`.
pub(crate) async fn for_project(
    State(world): State<Arc<World>>,
    Path((org, project)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let store = world.store();
    let project = store.project(&org, &project)?;
    let teams: Vec<Value> =
        project.teams.iter().filter_map(|id| store.team_by_id(id)).map(|t| render::team(&store, t)).collect();
    Ok(paginate::page(teams, &params, &world.base_url, 100))
}

/// `POST /api/0/projects/{org}/{project}/teams/{team}/`: gives the team access (201, the project).
pub(crate) async fn add_to_project(
    State(world): State<Arc<World>>,
    Path((org, project, team)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let mut store = world.store();
    let team_id = store.team(&org, &team)?.id.clone();
    let index = store.project_index(&org, &project)?;
    if !store.projects[index].teams.contains(&team_id) {
        store.projects[index].teams.push(team_id);
    }
    created(render::project(&world, &store, &store.projects[index]))
}

/// `DELETE /api/0/projects/{org}/{project}/teams/{team}/`: revokes the team's access (200, the project).
pub(crate) async fn remove_from_project(
    State(world): State<Arc<World>>,
    Path((org, project, team)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let mut store = world.store();
    let team_id = store.team(&org, &team)?.id.clone();
    let index = store.project_index(&org, &project)?;
    store.projects[index].teams.retain(|id| *id != team_id);
    ok(render::project(&world, &store, &store.projects[index]))
}
