//! AI (agent) conversations: the list and one conversation's spans. Served under both
//! `ai-conversations/` and `agents/conversations/`, the two names Sentry has used.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::LINK;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::world::World;
use crate::world::model::ConversationFixture;

fn conversations<'a>(world: &'a World, org: &str) -> &'a [ConversationFixture] {
    world.docs.conversations.get(org).map_or(&[], Vec::as_slice)
}

fn in_projects(conversation: &ConversationFixture, projects: &[&str]) -> bool {
    projects.is_empty()
        || conversation
            .spans
            .iter()
            .any(|s| s.get("project.id").is_some_and(|id| projects.contains(&id.to_string().as_str())))
}

/// `GET …/ai-conversations/?query=&project=&per_page=&cursor=`: summaries, newest first; the
/// query matches title, inputs, outputs, tool names and the conversation id.
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let projects: Vec<&str> = params.all("project").into_iter().filter(|p| *p != "-1").collect();
    let query = params.text("query").map(str::to_lowercase);
    let mut items: Vec<&ConversationFixture> = conversations(&world, &org)
        .iter()
        .filter(|c| in_projects(c, &projects))
        .filter(|c| query.as_deref().is_none_or(|q| c.summary.to_string().to_lowercase().contains(q)))
        .collect();
    items.sort_by_key(|c| std::cmp::Reverse(c.summary.get("startTimestamp").and_then(Value::as_u64).unwrap_or(0)));
    let items: Vec<Value> = items.into_iter().map(|c| c.summary.clone()).collect();
    Ok(paginate::page(items, &params, &world.base_url, 25))
}

/// `GET …/ai-conversations/{id}/`: `{conversationId, title, spans}` (spans paged by `per_page`).
pub(crate) async fn detail(
    State(world): State<Arc<World>>,
    Path((org, id)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let found = conversations(&world, &org)
        .iter()
        .find(|c| c.summary.get("conversationId").and_then(Value::as_str) == Some(&id))
        .ok_or_else(ApiError::not_found)?;
    let (offset, per_page) = paginate::window(&params, 100);
    let spans: Vec<&Value> = found.spans.iter().skip(offset).take(per_page).collect();
    let link = paginate::link_header(&params, &world.base_url, offset, per_page, found.spans.len());
    let body = json!({ "conversationId": id, "title": found.summary.get("title"), "spans": spans });
    Ok(([(LINK, link)], Json(body)).into_response())
}
