//! Organizations and their org-wide lists: the organization list and detail, search tags,
//! repositories and code mappings.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::json_body;
use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, created, ok};
use crate::world::store::CodeMapping;
use crate::world::{World, render};

/// `GET /api/0/organizations/`: the listed organizations (`acme`, `globex`), filtered by `query`.
pub(crate) async fn list(State(world): State<Arc<World>>, params: Params) -> Reply {
    let query = params.text("query").map(str::to_lowercase);
    let orgs: Vec<Value> = world
        .orgs
        .iter()
        .filter(|org| org.listed)
        .filter(|org| query.as_deref().is_none_or(|q| org.slug.contains(q) || org.name.to_lowercase().contains(q)))
        .map(|org| render::organization(&world, org))
        .collect();
    Ok(paginate::page(orgs, &params, &world.base_url, 100))
}

/// `GET /api/0/organizations/{org}/`.
pub(crate) async fn detail(State(world): State<Arc<World>>, Path(org): Path<String>) -> Reply {
    ok(render::organization(&world, world.org(&org)?))
}

/// `GET /api/0/organizations/{org}/tags/`: the tag keys events carry.
pub(crate) async fn tags(State(world): State<Arc<World>>, Path(org): Path<String>) -> Reply {
    world.org(&org)?;
    let has_issues = world.store().issues_in(&org).next().is_some();
    ok(if has_issues { world.docs.tags.clone() } else { Vec::new() })
}

/// `GET /api/0/organizations/{org}/repos/`, filtered by `query`.
pub(crate) async fn repos(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let query = params.text("query").map(str::to_lowercase);
    let repos: Vec<Value> = world
        .docs
        .repos
        .get(&org)
        .into_iter()
        .flatten()
        .filter(|repo| {
            let name = repo.get("name").and_then(Value::as_str).unwrap_or("").to_lowercase();
            query.as_deref().is_none_or(|q| name.contains(q))
        })
        .cloned()
        .collect();
    Ok(paginate::page(repos, &params, &world.base_url, 100))
}

/// `POST /api/0/organizations/{org}/code-mappings/bulk/` with
/// `{project, repository, provider?, mappings: [{stackRoot, sourceRoot}]}`.
pub(crate) async fn code_mappings(State(world): State<Arc<World>>, Path(org): Path<String>, body: Bytes) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let (project, repository) = (text("project"), text("repository"));
    let known_repo = world
        .docs
        .repos
        .get(&org)
        .into_iter()
        .flatten()
        .any(|r| r.get("name").and_then(Value::as_str) == Some(&repository));
    if !known_repo {
        return Err(ApiError::not_found());
    }
    let mut store = world.store();
    store.project(&org, &project)?;
    let mut results = Vec::new();
    for mapping in body.get("mappings").and_then(Value::as_array).into_iter().flatten() {
        let root = |key: &str| mapping.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        let (stack_root, source_root) = (root("stackRoot"), root("sourceRoot"));
        results.push(json!({ "stackRoot": stack_root, "sourceRoot": source_root, "status": "created" }));
        store.code_mappings.push(CodeMapping {
            org: org.clone(),
            project: project.clone(),
            repository: repository.clone(),
            stack_root,
            source_root,
        });
    }
    created(json!({ "created": results.len(), "updated": 0, "errors": 0, "mappings": results }))
}
