//! Dashboards: the list (title search, sort, paging) and one dashboard with its widgets.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Value, json};

use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::world::World;

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A dashboard as the list shows it: widgets reduced to their display types and layout.
fn list_item(dashboard: &Value) -> Value {
    let widgets = dashboard.get("widgets").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let mut item = dashboard.clone();
    if let Value::Object(fields) = &mut item {
        fields.remove("widgets");
        fields.insert("widgetDisplay".into(), widgets.iter().map(|w| json!(text(w, "displayType"))).collect());
        fields.insert(
            "widgetPreview".into(),
            widgets
                .iter()
                .map(|w| json!({ "displayType": text(w, "displayType"), "layout": w.get("layout") }))
                .collect(),
        );
    }
    item
}

/// `GET /api/0/organizations/{org}/dashboards/?query=&sort=title|-title|dateCreated|-dateCreated`.
pub(crate) async fn list(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let query = params.text("query").map(str::to_lowercase);
    let mut items: Vec<&Value> = world
        .docs
        .dashboards
        .get(&org)
        .into_iter()
        .flatten()
        .filter(|d| query.as_deref().is_none_or(|q| text(d, "title").to_lowercase().contains(q)))
        .collect();
    match params.get("sort") {
        Some("title") => items.sort_by_key(|d| text(d, "title").to_lowercase()),
        Some("-title") => items.sort_by_key(|d| std::cmp::Reverse(text(d, "title").to_lowercase())),
        Some("dateCreated") => items.sort_by_key(|d| text(d, "dateCreated")),
        Some("-dateCreated") => items.sort_by_key(|d| std::cmp::Reverse(text(d, "dateCreated"))),
        _ => {}
    }
    let items: Vec<Value> = items.into_iter().map(list_item).collect();
    Ok(paginate::page(items, &params, &world.base_url, 25))
}

/// `GET /api/0/organizations/{org}/dashboards/{id}/`.
pub(crate) async fn detail(State(world): State<Arc<World>>, Path((org, id)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let dashboard = world
        .docs
        .dashboards
        .get(&org)
        .into_iter()
        .flatten()
        .find(|d| text(d, "id") == id)
        .ok_or_else(ApiError::not_found)?;
    ok(dashboard)
}
