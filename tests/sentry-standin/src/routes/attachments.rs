//! Event attachments: the list of an event, one attachment's metadata, and its bytes with
//! `?download=1`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::world::World;
use crate::world::model::AttachmentFixture;

fn attachments_of<'a>(world: &'a World, org: &str, project: &str, event: &str) -> Vec<&'a AttachmentFixture> {
    let event = event.replace('-', "");
    world.docs.attachments.iter().filter(|a| a.org == org && a.project == project && a.event_id == event).collect()
}

/// The metadata, with `size` taken from the content.
fn metadata(fixture: &AttachmentFixture) -> Value {
    let mut meta = fixture.attachment.clone();
    if let Value::Object(fields) = &mut meta {
        fields.insert("size".into(), json!(fixture.content.len()));
        fields.insert("event_id".into(), json!(fixture.event_id));
    }
    meta
}

/// `GET /api/0/projects/{org}/{project}/events/{event}/attachments/`.
pub(crate) async fn list(
    State(world): State<Arc<World>>,
    Path((org, project, event)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let slug = world.store().project(&org, &project)?.slug.clone();
    let items: Vec<Value> = attachments_of(&world, &org, &slug, &event).into_iter().map(metadata).collect();
    ok(items)
}

/// `GET /api/0/projects/{org}/{project}/events/{event}/attachments/{id}/[?download=1]`.
pub(crate) async fn detail(
    State(world): State<Arc<World>>,
    Path((org, project, event, id)): Path<(String, String, String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let slug = world.store().project(&org, &project)?.slug.clone();
    let fixture = attachments_of(&world, &org, &slug, &event)
        .into_iter()
        .find(|a| a.attachment.get("id").and_then(Value::as_str) == Some(&id))
        .ok_or_else(ApiError::not_found)?;
    if !params.flag("download") {
        return ok(metadata(fixture));
    }
    let name = fixture.attachment.get("name").and_then(Value::as_str).unwrap_or("attachment");
    let mime = fixture.attachment.get("mimetype").and_then(Value::as_str).unwrap_or("application/octet-stream");
    let headers = [(CONTENT_TYPE, mime.to_owned()), (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))];
    Ok((headers, fixture.content.clone()).into_response())
}
