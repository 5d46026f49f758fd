//! Preprod snapshots (visual regression): the latest base snapshot of an app, one snapshot
//! with its image comparison, one image's detail, and the image bytes (small PNGs).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use serde_json::Value;

use crate::fixtures;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::world::World;
use crate::world::model::SnapshotsFixture;

fn snapshots<'a>(world: &'a World, org: &str) -> Result<&'a SnapshotsFixture, ApiError> {
    world.docs.snapshots.get(org).ok_or_else(ApiError::not_found)
}

fn find<'a>(fixture: &'a SnapshotsFixture, id: &str) -> Result<&'a Value, ApiError> {
    fixture.snapshots.iter().find(|s| s.get("id").and_then(Value::as_str) == Some(id)).ok_or_else(ApiError::not_found)
}

/// `GET /api/0/organizations/{org}/preprodartifacts/snapshots/latest-base/?app_id=&branch=`.
pub(crate) async fn latest_base(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let Some(app) = params.text("app_id") else {
        return Err(ApiError::bad_request("app_id is required"));
    };
    let fixture = snapshots(&world, &org)?;
    let branches = fixture.latest_base.get(app).ok_or_else(ApiError::not_found)?;
    let id = branches.get(params.text("branch").unwrap_or("main")).ok_or_else(ApiError::not_found)?;
    ok(find(fixture, id)?)
}

/// `GET /api/0/organizations/{org}/preprodartifacts/snapshots/{id}/`.
pub(crate) async fn detail(State(world): State<Arc<World>>, Path((org, id)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    ok(find(snapshots(&world, &org)?, &id)?)
}

/// `GET /api/0/organizations/{org}/preprodartifacts/snapshots/{id}/images/{image}/`: head and
/// base image (each with an `image_url` under `/api/0/`), status and diff.
pub(crate) async fn image(
    State(world): State<Arc<World>>,
    Path((org, id, image)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let fixture = snapshots(&world, &org)?;
    let detail = fixture.images.get(&id).and_then(|images| images.get(&image)).ok_or_else(ApiError::not_found)?;
    ok(detail)
}

/// `GET …/snapshots/{id}/images/{image}/file/?variant=head|base|diff`: the PNG bytes.
pub(crate) async fn image_file(
    State(world): State<Arc<World>>,
    Path((org, id, image)): Path<(String, String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let fixture = snapshots(&world, &org)?;
    let known = fixture.images.values().any(|images| images.contains_key(&image)) && find(fixture, &id).is_ok();
    let variant = params.text("variant").unwrap_or("head");
    let bytes = fixtures::IMAGES.iter().find(|(name, _)| *name == variant).map(|(_, bytes)| *bytes);
    match bytes.filter(|_| known) {
        Some(bytes) => Ok(([(CONTENT_TYPE, "image/png")], bytes).into_response()),
        None => Err(ApiError::not_found()),
    }
}
