//! Alerts: issue alerts (workflows) and metric alert rules, with the name search Sentry's
//! combined-rules endpoint offers.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Value, json};

use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::search;
use crate::world::World;
use crate::world::model::AlertsFixture;

fn alerts<'a>(world: &'a World, org: &str) -> Option<&'a AlertsFixture> {
    world.docs.alerts.get(org)
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Whether a rule name satisfies a `query` (`name:"*latency*"` or plain words).
fn name_matches(name: &str, query: Option<&str>) -> bool {
    let Some(query) = query else { return true };
    let pattern = query.strip_prefix("name:").unwrap_or(query).trim_matches('"');
    if pattern.contains('*') {
        search::value_matches(pattern, name)
    } else {
        name.to_lowercase().contains(&pattern.to_lowercase())
    }
}

/// `GET /api/0/organizations/{org}/workflows/?projectSlug=&id=&query=&sortBy=&per_page=`:
/// issue alerts, newest first.
pub(crate) async fn workflows(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let projects = params.all("projectSlug");
    let ids = params.all("id");
    let query = params.text("query");
    let items: Vec<Value> = alerts(&world, &org)
        .map(|a| a.workflows.as_slice())
        .unwrap_or_default()
        .iter()
        .rev()
        .filter(|w| projects.is_empty() || w.projects.iter().any(|p| projects.contains(&p.as_str())))
        .filter(|w| ids.is_empty() || ids.contains(&text(&w.rule, "id")))
        .filter(|w| name_matches(text(&w.rule, "name"), query))
        .map(|w| w.rule.clone())
        .collect();
    Ok(paginate::page(items, &params, &world.base_url, 25))
}

/// The metric rules of `org`, restricted to the `project` ids given.
fn metric_rules(world: &World, org: &str, params: &Params) -> Result<Vec<Value>, ApiError> {
    let mut slugs = Vec::new();
    for key in params.all("project").into_iter().filter(|p| *p != "-1") {
        slugs.push(world.store().project(org, key)?.slug.clone());
    }
    Ok(alerts(world, org)
        .map(|a| a.metric_rules.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|rule| {
            slugs.is_empty()
                || rule
                    .get("projects")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .any(|p| p.as_str().is_some_and(|p| slugs.iter().any(|s| s == p)))
        })
        .cloned()
        .collect())
}

/// `GET /api/0/organizations/{org}/alert-rules/?project=&per_page=&cursor=`.
pub(crate) async fn metric_list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let rules = metric_rules(&world, &org, &params)?;
    Ok(paginate::page(rules, &params, &world.base_url, 25))
}

/// `GET /api/0/organizations/{org}/alert-rules/{id}/`.
pub(crate) async fn metric_detail(State(world): State<Arc<World>>, Path((org, id)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let rule = alerts(&world, &org)
        .into_iter()
        .flat_map(|a| &a.metric_rules)
        .find(|rule| text(rule, "id") == id)
        .ok_or_else(ApiError::not_found)?;
    ok(rule)
}

/// `GET /api/0/organizations/{org}/combined-rules/?name=&alertType=alert_rule|rule&project=`:
/// metric rules (`alert_rule`) and issue alerts (`rule`) whose name contains `name`.
pub(crate) async fn combined(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let name = params.text("name");
    let types = params.all("alertType");
    let wants = |kind: &str| types.is_empty() || types.contains(&kind);
    let mut items = Vec::new();
    if wants("alert_rule") {
        for rule in metric_rules(&world, &org, &params)? {
            if name_matches(text(&rule, "name"), name) {
                let mut rule = rule;
                if let Value::Object(fields) = &mut rule {
                    fields.insert("type".into(), json!("alert_rule"));
                }
                items.push(rule);
            }
        }
    }
    if wants("rule") {
        for workflow in alerts(&world, &org).map(|a| a.workflows.as_slice()).unwrap_or_default() {
            if name_matches(text(&workflow.rule, "name"), name) {
                let mut rule = workflow.rule.clone();
                if let Value::Object(fields) = &mut rule {
                    fields.insert("type".into(), json!("rule"));
                    fields.insert("projects".into(), json!(workflow.projects));
                }
                items.push(rule);
            }
        }
    }
    Ok(paginate::page(items, &params, &world.base_url, 25))
}
