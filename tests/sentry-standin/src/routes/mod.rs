//! The route table: every endpoint the stand-in serves, in one place. Handlers live in one
//! file per Sentry resource; all of `/api/0/` sits behind the token check and the error-case
//! organizations (see `auth.rs` and `special.rs`).

mod account;
mod ai;
mod alerts;
mod attachments;
mod dashboards;
mod discover;
mod docs;
mod events;
mod issues;
mod keys;
mod monitors;
mod notes;
mod onboarding;
mod orgs;
mod profiling;
mod projects;
mod releases;
mod replays;
mod seer;
mod snapshots;
mod teams;
mod traces;
mod uptime;

use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;

use crate::auth::{Tokens, require_token};
use crate::record::{Recorder, record};
use crate::reply::ApiError;
use crate::special::error_orgs;
use crate::world::World;

/// The whole server: `/api/0/…`, the documentation stand-ins, and the request log around both.
pub(crate) fn app(world: Arc<World>, tokens: Tokens, recorder: Recorder) -> Router {
    let api = api().layer(from_fn(error_orgs)).layer(from_fn_with_state(tokens, require_token));
    Router::new()
        .nest("/api/0", api)
        .route("/api/search", post(docs::search))
        .fallback(outside_api)
        .with_state(world)
        .layer(from_fn_with_state(recorder, record))
}

fn api() -> Router<Arc<World>> {
    Router::new()
        .route("/auth/", get(account::whoami))
        .route("/users/me/regions/", get(account::regions))
        .route("/organizations/", get(orgs::list))
        .route("/teams/{org}/{team}/projects/", post(projects::create))
        .route("/organizations/{org}/", get(orgs::detail))
        .route("/organizations/{org}/projects/", get(projects::list))
        .route("/organizations/{org}/teams/", get(teams::list).post(teams::create))
        .route("/organizations/{org}/tags/", get(orgs::tags))
        .route("/organizations/{org}/repos/", get(orgs::repos))
        .route("/organizations/{org}/code-mappings/bulk/", post(orgs::code_mappings))
        .route("/organizations/{org}/onboarding/agent/status/", get(onboarding::read).post(onboarding::update))
        .route("/organizations/{org}/issues/", get(issues::list))
        .route("/organizations/{org}/issues/{issue}/", get(issues::detail).put(issues::update))
        .route("/organizations/{org}/issues/{issue}/events/", get(events::list_for_issue))
        .route("/organizations/{org}/issues/{issue}/events/{event}/", get(events::detail_for_issue))
        .route("/organizations/{org}/issues/{issue}/notes/", get(notes::list).post(notes::add))
        .route("/organizations/{org}/issues/{issue}/activities/", get(notes::activities))
        .route("/organizations/{org}/issues/{issue}/tags/{key}/", get(issues::tag_values))
        .route("/organizations/{org}/issues/{issue}/user-reports/", get(issues::user_reports))
        .route("/organizations/{org}/issues/{issue}/external-issues/", get(issues::external_issues))
        .route("/organizations/{org}/issues/{issue}/autofix/", get(seer::state).post(seer::start))
        .route("/organizations/{org}/events/", get(discover::search))
        .route("/organizations/{org}/events/validate/", get(discover::validate))
        .route("/organizations/{org}/trace-items/attributes/", get(discover::attributes))
        .route("/organizations/{org}/trace-meta/{trace}/", get(traces::meta))
        .route("/organizations/{org}/trace/{trace}/", get(traces::trace))
        .route("/organizations/{org}/replays/", get(replays::list))
        .route("/organizations/{org}/replays/{replay}/", get(replays::detail))
        .route("/organizations/{org}/replay-count/", get(replays::count))
        .route("/organizations/{org}/releases/", get(releases::list))
        .route("/organizations/{org}/releases/{version}/", get(releases::detail))
        .route("/organizations/{org}/releases/{version}/deploys/", get(releases::deploys))
        .route("/organizations/{org}/releases/{version}/commits/", get(releases::commits))
        .route("/organizations/{org}/monitors/", get(monitors::list))
        .route("/organizations/{org}/monitors/{monitor}/", get(monitors::detail))
        .route("/organizations/{org}/monitors/{monitor}/checkins/", get(monitors::checkins))
        .route("/organizations/{org}/monitors/{monitor}/stats/", get(monitors::stats))
        .route("/organizations/{org}/uptime/", get(uptime::list))
        .route("/organizations/{org}/dashboards/", get(dashboards::list))
        .route("/organizations/{org}/dashboards/{id}/", get(dashboards::detail))
        .route("/organizations/{org}/workflows/", get(alerts::workflows))
        .route("/organizations/{org}/alert-rules/", get(alerts::metric_list))
        .route("/organizations/{org}/alert-rules/{id}/", get(alerts::metric_detail))
        .route("/organizations/{org}/combined-rules/", get(alerts::combined))
        .route("/organizations/{org}/profiling/flamegraph/", get(profiling::flamegraph))
        .route("/organizations/{org}/profiling/chunks/", get(profiling::chunks))
        .route("/organizations/{org}/ai-conversations/", get(ai::list))
        .route("/organizations/{org}/ai-conversations/{id}/", get(ai::detail))
        .route("/organizations/{org}/agents/conversations/", get(ai::list))
        .route("/organizations/{org}/agents/conversations/{id}/", get(ai::detail))
        .route("/organizations/{org}/preprodartifacts/snapshots/latest-base/", get(snapshots::latest_base))
        .route("/organizations/{org}/preprodartifacts/snapshots/{id}/", get(snapshots::detail))
        .route("/organizations/{org}/preprodartifacts/snapshots/{id}/images/{image}/", get(snapshots::image))
        .route("/organizations/{org}/preprodartifacts/snapshots/{id}/images/{image}/file/", get(snapshots::image_file))
        .route("/projects/{org}/{project}/", get(projects::detail).put(projects::update))
        .route("/projects/{org}/{project}/teams/", get(teams::for_project))
        .route(
            "/projects/{org}/{project}/teams/{team}/",
            post(teams::add_to_project).delete(teams::remove_from_project),
        )
        .route("/projects/{org}/{project}/keys/", get(keys::list).post(keys::create))
        .route("/projects/{org}/{project}/keys/{key}/", get(keys::detail).put(keys::update))
        .route("/projects/{org}/{project}/releases/", get(releases::list_for_project))
        .route("/projects/{org}/{project}/releases/{version}/", get(releases::detail_for_project))
        .route("/projects/{org}/{project}/releases/{version}/commits/", get(releases::commits_for_project))
        .route("/projects/{org}/{project}/monitors/{monitor}/", get(monitors::detail_for_project))
        .route("/projects/{org}/{project}/monitors/{monitor}/checkins/", get(monitors::checkins_for_project))
        .route("/projects/{org}/{project}/monitors/{monitor}/stats/", get(monitors::stats_for_project))
        .route("/projects/{org}/{project}/uptime/", post(uptime::create))
        .route("/projects/{org}/{project}/uptime/{id}/", get(uptime::detail).put(uptime::update).delete(uptime::delete))
        .route("/projects/{org}/{project}/uptime/{id}/checks/", get(uptime::checks))
        .route("/projects/{org}/{project}/events/{event}/", get(events::detail_for_project))
        .route("/projects/{org}/{project}/events/{event}/attachments/", get(attachments::list))
        .route("/projects/{org}/{project}/events/{event}/attachments/{id}/", get(attachments::detail))
        .route("/projects/{org}/{project}/replays/{replay}/recording-segments/", get(replays::segments))
        .route("/projects/{org}/{project}/stacktrace-link/", get(projects::stacktrace_link))
        .route("/projects/{org}/{project}/profiling/profiles/{id}/", get(profiling::profile))
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Unknown `/api/0/` paths: 404 naming the path.
async fn unknown_endpoint(method: Method, uri: Uri) -> Response {
    let path = format!("/api/0{}", uri.path());
    let hint = if path.ends_with('/') { "" } else { " (Sentry API paths end with '/')" };
    let detail = format!("The Sentry stand-in has no endpoint {method} {path}{hint}");
    ApiError::new(StatusCode::NOT_FOUND, detail).into_response()
}

async fn method_not_allowed(method: Method) -> Response {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("Method \"{method}\" not allowed.")).into_response()
}

/// Everything outside `/api/0/`: documentation pages, else plain 404.
async fn outside_api(method: Method, uri: Uri) -> Response {
    if method == Method::GET && uri.path().ends_with(".md") {
        return docs::page(&uri);
    }
    (StatusCode::NOT_FOUND, "Not Found").into_response()
}

/// A request body as JSON; an empty body is `{}`, invalid JSON is a 400 like Sentry's.
pub(crate) fn json_body(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    serde_json::from_slice(bytes).map_err(|error| ApiError::bad_request(format!("JSON parse error - {error}")))
}
