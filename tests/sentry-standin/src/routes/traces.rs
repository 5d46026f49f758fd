//! The trace endpoints: the span tree of a trace and its summary counts. The fixture world has
//! one trace (`a1b2c3d4e5f60718293a4b5c6d7e8f90`, in `acme`); other well-formed ids answer an
//! empty trace, as Sentry does, and malformed ids answer 400.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Value, json};

use crate::reply::{ApiError, Reply, ok};
use crate::world::World;

fn spans<'a>(world: &'a World, org: &str, trace_id: &str) -> Result<&'a [Value], ApiError> {
    if trace_id.len() != 32 || !trace_id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ApiError::bad_request("Invalid trace id"));
    }
    let trace = &world.docs.trace;
    Ok(if trace.org == org && trace.trace_id.eq_ignore_ascii_case(trace_id) { &trace.spans } else { &[] })
}

/// `GET /api/0/organizations/{org}/trace/{trace}/`: root spans with nested `children`.
pub(crate) async fn trace(State(world): State<Arc<World>>, Path((org, trace)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    ok(spans(&world, &org, &trace)?)
}

/// `GET /api/0/organizations/{org}/trace-meta/{trace}/`: span, error, performance-issue and log counts.
pub(crate) async fn meta(State(world): State<Arc<World>>, Path((org, trace)): Path<(String, String)>) -> Reply {
    world.org(&org)?;
    let mut tally = Tally::default();
    for root in spans(&world, &org, &trace)? {
        tally.walk(root);
    }
    let logs = world
        .docs
        .datasets
        .get(&org)
        .and_then(|sets| sets.get("logs"))
        .into_iter()
        .flatten()
        .filter(|row| row.get("trace").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case(&trace)))
        .count();
    let children: Vec<Value> =
        tally.children.iter().map(|(id, count)| json!({ "transaction.event_id": id, "count()": count })).collect();
    ok(json!({
        "logs": logs,
        "errors": tally.errors,
        "performance_issues": tally.occurrences,
        "span_count": tally.spans,
        "transaction_child_count_map": children,
        "span_count_map": tally.ops,
    }))
}

#[derive(Default)]
struct Tally {
    spans: usize,
    errors: usize,
    occurrences: usize,
    ops: BTreeMap<String, usize>,
    children: BTreeMap<String, usize>,
}

impl Tally {
    fn walk(&mut self, span: &Value) {
        let count = |key: &str| span.get(key).and_then(Value::as_array).map_or(0, Vec::len);
        self.spans += 1;
        self.errors += count("errors");
        self.occurrences += count("occurrences");
        if let Some(op) = span.get("op").and_then(Value::as_str) {
            *self.ops.entry(op.to_owned()).or_default() += 1;
        }
        if let Some(event) = span.get("event_id").and_then(Value::as_str) {
            *self.children.entry(event.to_owned()).or_default() += 1;
        }
        for child in span.get("children").and_then(Value::as_array).into_iter().flatten() {
            self.walk(child);
        }
    }
}
