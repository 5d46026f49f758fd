//! The events endpoint (`/organizations/{org}/events/`) over the datasets `errors`, `spans`,
//! `logs`, `tracemetrics` (alias `metrics`) and `profiles`; its query validator; and the
//! trace-item attribute lists that describe the searchable fields.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LINK;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::paginate;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::search::{self, Term};
use crate::table::{self, Query};
use crate::world::{Row, World};

const DATASETS: [&str; 5] = ["errors", "spans", "logs", "tracemetrics", "profiles"];

/// Sentry's dataset name for a requested one (`metrics` → `tracemetrics`, `discover` → `errors`).
fn dataset(params: &Params) -> Result<&'static str, ApiError> {
    let requested = params.text("dataset").unwrap_or("errors");
    let name = match requested {
        "metrics" => "tracemetrics",
        "discover" | "events" => "errors",
        other => other,
    };
    DATASETS
        .iter()
        .copied()
        .find(|d| *d == name)
        .ok_or_else(|| ApiError::bad_request(format!("Invalid dataset: {requested}")))
}

/// The rows of a dataset in `org`, restricted to `project` ids and `environment`s.
fn rows<'a>(world: &'a World, org: &str, dataset: &str, params: &Params) -> Vec<&'a Row> {
    let projects: Vec<&str> = params.all("project").into_iter().filter(|p| *p != "-1" && !p.is_empty()).collect();
    let environments = params.all("environment");
    let text = |row: &Row, key: &str| row.get(key).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
    world
        .docs
        .datasets
        .get(org)
        .and_then(|sets| sets.get(dataset))
        .into_iter()
        .flatten()
        .filter(|row| projects.is_empty() || text(row, "project.id").is_some_and(|id| projects.contains(&id.as_str())))
        .filter(|row| {
            environments.is_empty() || text(row, "environment").is_some_and(|e| environments.contains(&e.as_str()))
        })
        .collect()
}

/// `GET /api/0/organizations/{org}/events/?dataset=&field=…&query=&sort=&project=&per_page=&cursor=`:
/// `{"data": [...], "meta": {"fields": {...}, "units": {...}}}` with a `Link` header.
pub(crate) async fn search(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let dataset = dataset(&params)?;
    let fields = params.all("field");
    if fields.is_empty() {
        return Err(ApiError::bad_request("No columns selected"));
    }
    let sort = params.get("sort").or_else(|| params.get("orderby"));
    let query = Query { fields, query: params.get("query").unwrap_or(""), sort };
    let table = table::run(&rows(&world, &org, dataset, &params), &query);
    let (offset, per_page) = paginate::window(&params, 50);
    let total = table.rows.len();
    let data: Vec<Row> = table.rows.into_iter().skip(offset).take(per_page).collect();
    let mut meta = table.meta;
    if let Value::Object(fields) = &mut meta {
        fields.insert("dataset".into(), json!(dataset));
        fields.insert("datasetReason".into(), json!("unchanged"));
    }
    let link = paginate::link_header(&params, &world.base_url, offset, per_page, total);
    Ok(([(LINK, link)], Json(json!({ "data": data, "meta": meta }))).into_response())
}

/// `GET /api/0/organizations/{org}/events/validate/`: every part valid, except an unknown
/// dataset (400, as Sentry answers an invalid query).
pub(crate) async fn validate(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let requested = params.text("dataset").unwrap_or("errors").to_owned();
    let known = dataset(&params).ok();
    let rows: Vec<Row> =
        known.map(|d| rows(&world, &org, d, &params).into_iter().cloned().collect()).unwrap_or_default();
    let attribute = |name: &str| {
        let kind = match table::field_type(name, &rows) {
            "integer" | "number" | "duration" | "percentage" | "rate" => "number",
            "boolean" => "boolean",
            _ => "string",
        };
        json!({ "name": name, "valid": true, "attrType": kind, "error": null })
    };
    let query_fields: Vec<Value> = search::parse(params.get("query").unwrap_or(""))
        .iter()
        .filter_map(|term| match term {
            Term::Field { key, .. } | Term::Has { key, .. } => Some(attribute(key)),
            Term::Text(_) => None,
        })
        .collect();
    let orderby: Vec<Value> = params.all("orderby").iter().map(|o| attribute(o.trim_start_matches('-'))).collect();
    let body = json!({
        "valid": known.is_some(),
        "projects": params.all("project").iter().map(|_| json!({ "valid": true, "error": null })).collect::<Vec<_>>(),
        "dataset": [{
            "name": requested,
            "valid": known.is_some(),
            "error": if known.is_some() { Value::Null } else { json!(format!("Invalid dataset: {requested}")) },
        }],
        "environment": params.all("environment").iter().map(|_| json!({ "valid": true, "error": null })).collect::<Vec<_>>(),
        "field": params.all("field").iter().map(|f| attribute(f)).collect::<Vec<_>>(),
        "query": { "valid": true, "error": null, "fields": query_fields },
        "orderby": orderby,
    });
    let status = if known.is_some() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok((status, Json(body)).into_response())
}

/// `GET /api/0/organizations/{org}/trace-items/attributes/?itemType=spans|logs|tracemetrics
/// &attributeType=&substringMatch=`.
pub(crate) async fn attributes(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let item_type = params.text("itemType").unwrap_or("spans");
    let Some(all) = world.docs.attributes.get(item_type) else {
        return Err(ApiError::bad_request(format!("Invalid itemType: {item_type}")));
    };
    let types = params.all("attributeType");
    let needle = params.text("substringMatch").map(str::to_lowercase);
    let field = |attr: &Value, key: &str| attr.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let items: Vec<Value> = all
        .iter()
        .filter(|attr| types.is_empty() || types.contains(&field(attr, "attributeType").as_str()))
        .filter(|attr| {
            needle.as_deref().is_none_or(|n| {
                field(attr, "key").to_lowercase().contains(n) || field(attr, "name").to_lowercase().contains(n)
            })
        })
        .cloned()
        .collect();
    ok(items)
}
