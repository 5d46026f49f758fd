//! Event documents completed with the fields Sentry always sends, and the flat rows the events
//! endpoint (`/organizations/{org}/events/`) searches: `errors` rows from the issues' error
//! events, `spans` rows from the fixture trace and the AI conversations.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::model::{ConversationFixture, TraceFixture};
use super::{Row, Store};
use crate::clock;

/// Fills the fields every event detail carries and links neighbours (`nextEventID` is newer).
pub(crate) fn complete_events(mut events: Vec<Value>, issue_id: &str, project_id: &str) -> Vec<Value> {
    let ids: Vec<Value> = events.iter().map(|e| e.get("id").cloned().unwrap_or(Value::Null)).collect();
    for (index, event) in events.iter_mut().enumerate() {
        let Value::Object(fields) = event else { continue };
        let size = Value::Object(fields.clone()).to_string().len();
        let defaults = json!({
            "eventID": ids[index],
            "groupID": issue_id,
            "projectID": project_id,
            "size": size,
            "dist": null,
            "errors": [],
            "_meta": {},
            "context": {},
            "fingerprints": ["{{ default }}"],
            "occurrence": null,
            "packages": {},
            "sdkUpdates": [],
            "userReport": null,
            "resolvedWith": [],
            "crashFile": null,
            "nextEventID": if index == 0 { Value::Null } else { ids[index - 1].clone() },
            "previousEventID": ids.get(index + 1).cloned().unwrap_or(Value::Null),
        });
        if let Value::Object(defaults) = defaults {
            for (key, value) in defaults {
                fields.entry(key).or_insert(value);
            }
        }
    }
    events
}

/// Adds the derived `errors` and `spans` datasets to every organization.
pub(crate) fn derive(
    datasets: &mut HashMap<String, HashMap<String, Vec<Row>>>,
    store: &Store,
    events: &HashMap<String, Vec<Value>>,
    trace: &TraceFixture,
    conversations: &HashMap<String, Vec<ConversationFixture>>,
) {
    for issue in &store.issues {
        let Some(project) = store.project_by_id(&issue.project_id) else { continue };
        let rows = datasets.entry(project.org.clone()).or_default().entry("errors".into()).or_default();
        for event in events.get(&issue.id).into_iter().flatten() {
            if event.get("type").and_then(Value::as_str) == Some("error") {
                rows.push(error_row(event, issue, project));
            }
        }
    }
    let spans = datasets.entry(trace.org.clone()).or_default().entry("spans".into()).or_default();
    for root in &trace.spans {
        walk_spans(root, &trace.trace_id, spans);
    }
    for (org, list) in conversations {
        let spans = datasets.entry(org.clone()).or_default().entry("spans".into()).or_default();
        spans.extend(list.iter().flat_map(|c| &c.spans).filter_map(ai_span_row));
    }
    for rows in datasets.values_mut().flat_map(|sets| sets.values_mut()) {
        rows.sort_by(|a, b| text(b, "timestamp").cmp(text(a, "timestamp")));
    }
}

fn text<'a>(row: &'a Row, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

fn error_row(event: &Value, issue: &super::model::Issue, project: &super::model::Project) -> Row {
    let get = |pointer: &str| event.pointer(pointer).cloned().unwrap_or(Value::Null);
    let exception = event
        .get("entries")
        .and_then(Value::as_array)
        .and_then(|entries| entries.iter().find(|e| e.get("type").and_then(Value::as_str) == Some("exception")))
        .and_then(|e| e.pointer("/data/values/0"))
        .cloned()
        .unwrap_or(Value::Null);
    let user_email = get("/user/email");
    let user_display = if user_email.is_null() { get("/user/id") } else { user_email.clone() };
    let mut row = Row::new();
    for tag in event.get("tags").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(key), Some(value)) = (tag.get("key").and_then(Value::as_str), tag.get("value")) {
            row.insert(key.to_owned(), value.clone());
        }
    }
    let fields = json!({
        "id": get("/id"),
        "event.type": "error",
        "issue": issue.short_id,
        "issue.id": issue.id.parse::<u64>().unwrap_or_default(),
        "title": get("/title"),
        "message": event.get("title"),
        "project": project.slug,
        "project.id": project.id.parse::<u64>().unwrap_or_default(),
        "project.name": project.slug,
        "timestamp": get("/dateCreated"),
        "level": issue.level,
        "error.type": exception.get("type"),
        "error.value": exception.get("value"),
        "error.handled": exception.pointer("/mechanism/handled"),
        "error.mechanism": exception.pointer("/mechanism/type"),
        "culprit": get("/culprit"),
        "location": get("/location"),
        "user.id": get("/user/id"),
        "user.email": user_email,
        "user.username": get("/user/username"),
        "user.ip": get("/user/ip_address"),
        "user.display": user_display,
        "trace": get("/contexts/trace/trace_id"),
        "trace.span": get("/contexts/trace/span_id"),
        "platform": get("/platform"),
        "sdk.name": get("/sdk/name"),
    });
    if let Value::Object(fields) = fields {
        row.extend(fields);
    }
    row
}

/// Flattens a trace span and its descendants into rows.
fn walk_spans(span: &Value, trace_id: &str, rows: &mut Vec<Row>) {
    let children = span.get("children").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let number = |key: &str| span.get(key).and_then(Value::as_f64).unwrap_or_default();
    let children_time: f64 = children.iter().map(|c| c.get("duration").and_then(Value::as_f64).unwrap_or(0.0)).sum();
    let mut row = Row::new();
    if let Some(Value::Object(extra)) = span.get("additional_attributes") {
        row.extend(extra.clone());
    }
    let fields = json!({
        "id": span.get("span_id"),
        "span_id": span.get("span_id"),
        "span.op": span.get("op"),
        "span.description": span.get("description"),
        "span.name": span.get("name"),
        "span.status": span.get("status"),
        "span.duration": number("duration"),
        "span.self_time": (number("duration") - children_time).max(0.0),
        "transaction": span.get("transaction"),
        "transaction.event_id": span.get("event_id"),
        "is_transaction": span.get("is_transaction"),
        "parent_span": span.get("parent_span_id"),
        "precise.start_ts": number("start_timestamp"),
        "precise.finish_ts": number("end_timestamp"),
        "timestamp": clock::iso(number("end_timestamp")),
        "project": span.get("project_slug"),
        "project.id": span.get("project_id"),
        "trace": trace_id,
        "sdk.name": span.get("sdk_name"),
        "profile.id": span.get("profile_id"),
    });
    if let Value::Object(fields) = fields {
        row.extend(fields);
    }
    rows.push(row);
    for child in children {
        walk_spans(child, trace_id, rows);
    }
}

fn ai_span_row(span: &Value) -> Option<Row> {
    let Value::Object(fields) = span else { return None };
    let mut row = fields.clone();
    let finish = fields.get("precise.finish_ts").and_then(Value::as_f64).unwrap_or_default();
    row.insert("id".into(), fields.get("span_id").cloned().unwrap_or(Value::Null));
    row.insert("timestamp".into(), clock::iso(finish).into());
    Some(row)
}
