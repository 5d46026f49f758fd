//! Issues: search, detail (by short id `WEB-1` or numeric id `3001`), update (status, ignore
//! rules, assignee), and the per-issue lists: tag values, user reports, external issues.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Map, Value, json};

use super::json_body;
use crate::clock;
use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::search::{self, Term};
use crate::world::model::Issue;
use crate::world::{ME, Store, World, render};

/// `GET /api/0/organizations/{org}/issues/?query=&sort=&project=&environment=&limit=&cursor=`.
/// Without a `query` parameter Sentry searches `is:unresolved`; time windows are not applied.
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let query = params.get("query").unwrap_or("is:unresolved");
    let terms = search::parse(query);
    let projects: Vec<&str> = params.all("project").into_iter().filter(|p| *p != "-1" && !p.is_empty()).collect();
    let environments = params.all("environment");
    let store = world.store();
    let mut issues: Vec<&Issue> = store
        .issues_in(&org)
        .filter(|i| {
            projects.is_empty()
                || store
                    .project_by_id(&i.project_id)
                    .is_some_and(|p| projects.contains(&p.id.as_str()) || projects.contains(&p.slug.as_str()))
        })
        .filter(|i| environments.is_empty() || environments.iter().any(|e| has_tag(i, "environment", e)))
        .filter(|i| terms.iter().all(|term| term_matches(&world, &store, i, term)))
        .collect();
    match params.get("sort").unwrap_or("date") {
        "new" => issues.sort_by(|a, b| b.first_seen.cmp(&a.first_seen)),
        "freq" => issues.sort_by_key(|i| std::cmp::Reverse(i.count)),
        "user" => issues.sort_by_key(|i| std::cmp::Reverse(i.user_count)),
        _ => issues.sort_by(|a, b| b.last_seen.cmp(&a.last_seen)),
    }
    let items: Vec<Value> = issues.into_iter().map(|i| render::issue(&world, &store, i, false)).collect();
    Ok(paginate::page(items, &params, &world.base_url, 25))
}

fn has_tag(issue: &Issue, key: &str, value: &str) -> bool {
    issue.tag_values.get(key).is_some_and(|values| values.iter().any(|v| search::value_matches(value, &v.value)))
}

fn term_matches(world: &World, store: &Store, issue: &Issue, term: &Term) -> bool {
    match term {
        Term::Field { key, value, negated } => field_matches(world, store, issue, key, value) != *negated,
        Term::Has { key, negated } => {
            let has = match key.as_str() {
                "assigned" | "assignee" => issue.assigned_to.is_some(),
                _ => issue.tag_values.contains_key(key),
            };
            has != *negated
        }
        Term::Text(text) => text_matches(world, issue, text),
    }
}

fn field_matches(world: &World, store: &Store, issue: &Issue, key: &str, value: &str) -> bool {
    let extra = |name: &str| issue.extra.get(name).and_then(Value::as_str).unwrap_or("");
    match key {
        "is" => is_matches(world, issue, value),
        "level" => search::value_matches(value, &issue.level),
        "assigned" | "assigned_or_suggested" | "assignee" => {
            value_list(value).iter().any(|item| assignee_matches(world, store, issue, item))
        }
        "project" => store.project_by_id(&issue.project_id).is_some_and(|p| search::value_matches(value, &p.slug)),
        "issue" | "issue.id" | "id" => {
            search::value_matches(value, &issue.id) || search::value_matches(value, &issue.short_id)
        }
        "issue.category" => search::value_matches(value, extra("issueCategory")),
        "issue.type" => search::value_matches(value, extra("issueType")),
        "issue.priority" | "priority" => search::value_matches(value, extra("priority")),
        "timesSeen" | "times_seen" => search::value_matches(value, &issue.count.to_string()),
        "firstRelease" | "first_release" => {
            issue.first_release.as_deref().is_some_and(|r| search::value_matches(value, r))
        }
        // Time windows are not applied: the fixture world is frozen in time.
        "age" | "firstSeen" | "lastSeen" | "first_seen" | "last_seen" | "event.timestamp" | "timestamp" => true,
        _ => has_tag(issue, key, value),
    }
}

fn value_list(value: &str) -> Vec<&str> {
    match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(items) => items.split(',').map(str::trim).collect(),
        None => vec![value],
    }
}

fn is_matches(world: &World, issue: &Issue, value: &str) -> bool {
    let substatus = issue.substatus.as_deref().unwrap_or("");
    match value {
        "unresolved" => issue.status == "unresolved",
        "resolved" => issue.status == "resolved",
        "ignored" | "archived" => issue.status == "ignored",
        "assigned" => issue.assigned_to.is_some(),
        "unassigned" => issue.assigned_to.is_none(),
        "for_review" => issue.status == "unresolved" && matches!(substatus, "new" | "regressed" | "escalating"),
        "new" | "ongoing" | "regressed" | "escalating" => substatus == value,
        "linked" => world.docs.issue_extras.get(&issue.id).is_some_and(|e| !e.external_issues.is_empty()),
        "unlinked" => world.docs.issue_extras.get(&issue.id).is_none_or(|e| e.external_issues.is_empty()),
        _ => false,
    }
}

fn assignee_matches(world: &World, store: &Store, issue: &Issue, item: &str) -> bool {
    let assigned = issue.assigned_to.as_deref();
    match item {
        "me" => assigned == Some(&format!("user:{ME}")),
        "none" => assigned.is_none(),
        "my_teams" => assigned
            .and_then(|a| a.strip_prefix("team:"))
            .and_then(|id| store.team_by_id(id))
            .is_some_and(|t| t.member_ids.iter().any(|m| m == ME)),
        _ => match item.strip_prefix('#') {
            Some(slug) => assigned
                .and_then(|a| a.strip_prefix("team:"))
                .and_then(|id| store.team_by_id(id))
                .is_some_and(|t| t.slug == slug),
            None => assigned
                .and_then(|a| a.strip_prefix("user:"))
                .and_then(|id| world.member(id))
                .is_some_and(|m| m.id == item || m.username == item || m.email.eq_ignore_ascii_case(item)),
        },
    }
}

fn text_matches(world: &World, issue: &Issue, text: &str) -> bool {
    let needle = text.to_lowercase();
    let value = issue.extra.get("metadata").and_then(|m| m.get("value")).and_then(Value::as_str).unwrap_or("");
    let haystacks = [issue.title.as_str(), issue.culprit.as_deref().unwrap_or(""), issue.short_id.as_str(), value];
    haystacks.iter().any(|h| h.to_lowercase().contains(&needle))
        || world
            .events(&issue.id)
            .iter()
            .any(|e| e.get("id").and_then(Value::as_str) == Some(needle.replace('-', "").as_str()))
}

/// `GET /api/0/organizations/{org}/issues/{issue}/`.
pub(crate) async fn detail(State(world): State<Arc<World>>, Path((org, issue)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let store = world.store();
    ok(render::issue(&world, &store, store.issue(&org, &issue)?, true))
}

/// `PUT /api/0/organizations/{org}/issues/{issue}/` with any of `status` (`resolved`,
/// `resolvedInNextRelease`, `unresolved`, `ignored`), `substatus`, the ignore rules
/// (`ignoreDuration`, `ignoreCount`, `ignoreWindow`, `ignoreUserCount`, `ignoreUserWindow`, at the
/// top level or in `statusDetails`) and `assignedTo` (`me`, `user:ID`, `team:ID`, `#team`,
/// an email or username; empty or `null` unassigns). Answers the updated issue.
pub(crate) async fn update(
    State(world): State<Arc<World>>,
    Path((org, issue)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    world.org(&org)?;
    let body = json_body(&body)?;
    let mut store = world.store();
    let index = store.issue_index(&org, &issue)?;
    let status = body.get("status").and_then(Value::as_str).map(|s| status_change(s, &body)).transpose()?;
    let assignee = body.get("assignedTo").map(|v| resolve_assignee(&world, &store, &org, v)).transpose()?;
    let issue_id = store.issues[index].id.clone();
    if let Some((status, substatus, details, activity)) = status {
        let target = &mut store.issues[index];
        target.status = status;
        target.substatus = substatus;
        target.status_details = details.clone();
        store.record_activity(&issue_id, activity, Some(ME), Value::Object(details));
    }
    if let Some(assignee) = assignee {
        store.issues[index].assigned_to = assignee.clone();
        let data = match assignee.as_deref().and_then(|a| a.split_once(':')) {
            Some((kind, id)) => json!({ "assignee": id, "assigneeType": kind }),
            None => json!({}),
        };
        let kind = if assignee.is_some() { "assigned" } else { "unassigned" };
        store.record_activity(&issue_id, kind, Some(ME), data);
    }
    ok(render::issue(&world, &store, &store.issues[index], true))
}

type StatusChange = (String, Option<String>, Map<String, Value>, &'static str);

fn status_change(status: &str, body: &Value) -> Result<StatusChange, ApiError> {
    let mut details = Map::new();
    match status {
        "resolved" => Ok(("resolved".into(), None, details, "set_resolved")),
        "resolvedInNextRelease" => {
            details.insert("inNextRelease".into(), json!(true));
            Ok(("resolved".into(), None, details, "set_resolved_in_release"))
        }
        "unresolved" => Ok(("unresolved".into(), Some("ongoing".into()), details, "set_unresolved")),
        "ignored" => {
            let substatus = body.get("substatus").and_then(Value::as_str).unwrap_or("archived_until_escalating");
            let nested = body.get("statusDetails");
            for key in ["ignoreDuration", "ignoreCount", "ignoreWindow", "ignoreUserCount", "ignoreUserWindow"] {
                let value = body.get(key).or_else(|| nested.and_then(|n| n.get(key)));
                if let Some(value) = value.filter(|v| v.is_number()) {
                    details.insert(key.into(), value.clone());
                }
            }
            if let Some(minutes) = details.get("ignoreDuration").and_then(Value::as_f64) {
                details.insert("ignoreUntil".into(), json!(clock::iso(clock::now_unix() + minutes * 60.0)));
            }
            if substatus == "archived_until_escalating" {
                details.insert("ignoreUntilEscalating".into(), json!(true));
            }
            Ok(("ignored".into(), Some(substatus.to_owned()), details, "set_ignored"))
        }
        other => Err(ApiError::bad_request(format!("\"{other}\" is not a valid choice."))),
    }
}

/// `Some(actor)` to assign, `None` to unassign.
fn resolve_assignee(world: &World, store: &Store, org: &str, value: &Value) -> Result<Option<String>, ApiError> {
    let text = value.as_str().map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Ok(None);
    }
    let unknown = || ApiError::bad_request(format!("Unknown actor input: {text:?}"));
    let member_of_org = |id: &str| world.member(id).is_some_and(|m| m.orgs.iter().any(|o| o == org));
    let actor = if text == "me" {
        format!("user:{ME}")
    } else if let Some(id) = text.strip_prefix("user:") {
        member_of_org(id).then(|| format!("user:{id}")).ok_or_else(unknown)?
    } else if let Some(key) = text.strip_prefix("team:").or_else(|| text.strip_prefix('#')) {
        format!("team:{}", store.team(org, key).map_err(|_| unknown())?.id)
    } else {
        let member = world.members.iter().find(|m| {
            (m.email.eq_ignore_ascii_case(text) || m.username == text || m.id == text)
                && m.orgs.iter().any(|o| o == org)
        });
        format!("user:{}", member.ok_or_else(unknown)?.id)
    };
    Ok(Some(actor))
}

/// `GET /api/0/organizations/{org}/issues/{issue}/tags/{key}/`: the tag's top values.
pub(crate) async fn tag_values(
    State(world): State<Arc<World>>,
    Path((org, issue, key)): Path<(String, String, String)>,
) -> Reply {
    world.org(&org)?;
    let store = world.store();
    let issue = store.issue(&org, &issue)?;
    let values = issue.tag_values.get(&key).ok_or_else(ApiError::not_found)?;
    let name = render::tag_name(&key);
    let top: Vec<Value> = values
        .iter()
        .map(|v| {
            json!({
                "key": key, "name": v.value, "value": v.value, "count": v.count,
                "firstSeen": issue.first_seen, "lastSeen": issue.last_seen,
            })
        })
        .collect();
    ok(json!({
        "key": key,
        "name": name,
        "totalValues": values.iter().map(|v| v.count).sum::<u64>(),
        "uniqueValues": values.len(),
        "topValues": top,
    }))
}

/// `GET /api/0/organizations/{org}/issues/{issue}/user-reports/` (paged).
pub(crate) async fn user_reports(
    State(world): State<Arc<World>>,
    Path((org, issue)): Path<(String, String)>,
    params: Params,
) -> Reply {
    world.org(&org)?;
    let issue_id = world.store().issue(&org, &issue)?.id.clone();
    let reports = world.docs.issue_extras.get(&issue_id).map(|e| e.user_reports.clone()).unwrap_or_default();
    Ok(paginate::page(reports, &params, &world.base_url, 100))
}

/// `GET /api/0/organizations/{org}/issues/{issue}/external-issues/`.
pub(crate) async fn external_issues(
    State(world): State<Arc<World>>,
    Path((org, issue)): Path<(String, String)>,
) -> Reply {
    world.org(&org)?;
    let issue_id = world.store().issue(&org, &issue)?.id.clone();
    ok(world.docs.issue_extras.get(&issue_id).map(|e| e.external_issues.clone()).unwrap_or_default())
}
