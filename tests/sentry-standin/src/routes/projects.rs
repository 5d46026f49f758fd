//! Projects: list, detail, create (under a team), update, and the stack-trace link that maps a
//! frame to its source file in the project's repository.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::json_body;
use crate::clock;
use crate::ids;
use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, created, ok};
use crate::world::model::{ClientKey, LoaderOptions, Project};
use crate::world::{World, render};

/// `GET /api/0/organizations/{org}/projects/`, filtered by `query` (slug or name).
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let query = params.text("query").map(str::to_lowercase);
    let store = world.store();
    let projects: Vec<Value> = store
        .visible_projects(&org)
        .filter(|p| query.as_deref().is_none_or(|q| p.slug.contains(q) || p.name.to_lowercase().contains(q)))
        .map(|p| render::project(&world, &store, p))
        .collect();
    Ok(paginate::page(projects, &params, &world.base_url, 100))
}

/// `GET /api/0/projects/{org}/{project}/` (slug or numeric id).
pub(crate) async fn detail(State(world): State<Arc<World>>, Path((org, project)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let store = world.store();
    ok(render::project(&world, &store, store.project(&org, &project)?))
}

/// `POST /api/0/teams/{org}/{team}/projects/` with `{name, slug?, platform?}`; also creates
/// the project's `Default` client key, as Sentry does.
pub(crate) async fn create(
    State(world): State<Arc<World>>,
    Path((org, team)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let name = body.get("name").and_then(Value::as_str).map(str::trim).unwrap_or("");
    if name.is_empty() {
        return Err(ApiError::bad_request("name: This field is required."));
    }
    let slug = body.get("slug").and_then(Value::as_str).map_or_else(|| ids::slugify(name), ids::slugify);
    let mut store = world.store();
    let team_id = store.team(&org, &team)?.id.clone();
    if store.projects.iter().any(|p| p.org == org && p.slug == slug) {
        return Err(ApiError::conflict("A project with this slug already exists."));
    }
    let id = store.next_id().to_string();
    let now = clock::now_iso();
    let project = Project {
        id: id.clone(),
        org: org.clone(),
        slug,
        name: name.to_owned(),
        platform: body.get("platform").and_then(Value::as_str).map(str::to_owned),
        date_created: now.clone(),
        first_event: None,
        teams: vec![team_id],
        has_replays: false,
        has_profiles: false,
        has_logs: false,
        first_transaction_event: false,
        color: "#3f8ebf".into(),
        forbidden: false,
    };
    let seed = store.next_id();
    store.keys.push(ClientKey {
        id: ids::hex32(seed),
        project_id: id,
        name: "Default".into(),
        secret: ids::hex32(seed ^ 0xffff),
        is_active: true,
        date_created: now,
        browser_sdk_version: "8.x".into(),
        rate_limit: None,
        loader: LoaderOptions::default(),
    });
    let rendered = render::project(&world, &store, &project);
    store.projects.push(project);
    created(rendered)
}

/// `PUT /api/0/projects/{org}/{project}/` with any of `{name, slug, platform}`.
pub(crate) async fn update(
    State(world): State<Arc<World>>,
    Path((org, project)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let mut store = world.store();
    let index = store.project_index(&org, &project)?;
    if let Some(slug) = text("slug").map(ids::slugify) {
        if store.projects.iter().enumerate().any(|(i, p)| i != index && p.org == org && p.slug == slug) {
            return Err(ApiError::conflict("A project with this slug already exists."));
        }
        store.projects[index].slug = slug;
    }
    if let Some(name) = text("name") {
        store.projects[index].name = name.to_owned();
    }
    if let Some(platform) = text("platform") {
        store.projects[index].platform = Some(platform.to_owned());
    }
    ok(render::project(&world, &store, &store.projects[index]))
}

/// `GET /api/0/projects/{org}/{project}/stacktrace-link/?file=…&lineNo=…`: in-app files of a
/// project with a repository link to GitHub/GitLab; library files get `stack_root_mismatch`.
pub(crate) async fn stacktrace_link(
    State(world): State<Arc<World>>,
    Path((org, project)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let project = world.store().project(&org, &project)?.clone();
    let Some(file) = params.text("file") else {
        return Err(ApiError::bad_request("file is required"));
    };
    let mapping = world.store().code_mappings.iter().find(|m| m.org == org && m.project == project.slug).cloned();
    let repo = world.docs.repos.get(&org).into_iter().flatten().find(|repo| {
        let name = repo.get("name").and_then(Value::as_str).unwrap_or("");
        match &mapping {
            Some(mapping) => name == mapping.repository,
            None => name.ends_with(&format!("/{}", project.slug)),
        }
    });
    let (stack_root, source_root) = mapping.map_or_else(Default::default, |m| (m.stack_root, m.source_root));
    let source_path = match file.strip_prefix(stack_root.as_str()) {
        Some(rest) if !stack_root.is_empty() => format!("{source_root}{rest}"),
        _ => file.to_owned(),
    };
    let library = ["node_modules/", "site-packages/", "django/", "/usr/"].iter().any(|p| file.contains(p));
    let Some(repo) = repo.filter(|_| !library) else {
        return ok(
            json!({ "config": null, "sourceUrl": null, "sourcePath": null, "error": "stack_root_mismatch", "integrations": [] }),
        );
    };
    let text = |key: &str| repo.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let line = params.text("lineNo").map_or_else(String::new, |line| format!("#L{line}"));
    let source_url = format!("{}/blob/{}/{source_path}{line}", text("url"), text("defaultBranch"));
    ok(json!({
        "config": {
            "id": format!("{}{}", text("id"), project.id),
            "projectId": project.id,
            "projectSlug": project.slug,
            "repoId": text("id"),
            "repoName": text("name"),
            "provider": repo.get("provider"),
            "stackRoot": stack_root,
            "sourceRoot": source_root,
            "defaultBranch": text("defaultBranch"),
        },
        "sourceUrl": source_url,
        "sourcePath": source_path,
        "error": null,
        "integrations": [],
    }))
}
