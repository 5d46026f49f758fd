//! The query engine of the events endpoint over fixture rows: filter by search query, group and
//! aggregate when fields hold functions (`count()`, `p95(span.duration)`, …), sort, and keep
//! only the requested fields, with Sentry's `meta.fields` types and units.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::search::{self, Term};
use crate::world::Row;

/// A parsed request for rows.
pub(crate) struct Query<'a> {
    pub fields: Vec<&'a str>,
    pub query: &'a str,
    pub sort: Option<&'a str>,
}

/// The selected rows and their `meta` object.
pub(crate) struct Table {
    pub rows: Vec<Row>,
    pub meta: Value,
}

/// Runs `query` over `rows`.
pub(crate) fn run(rows: &[&Row], query: &Query<'_>) -> Table {
    let terms = search::parse(query.query);
    let matching: Vec<&Row> = rows.iter().copied().filter(|row| matches(row, &terms)).collect();
    let aggregated = query.fields.iter().any(|f| is_function(f));
    let mut out: Vec<Row> = if aggregated {
        aggregate(&matching, &query.fields)
    } else {
        let mut sorted = matching;
        if let Some(sort) = query.sort {
            sorted.sort_by(|a, b| compare_by(a, b, sort));
        }
        sorted.into_iter().map(|row| select(row, &query.fields)).collect()
    };
    if aggregated && let Some(sort) = query.sort {
        out.sort_by(|a, b| compare_by(a, b, sort));
    }
    let meta = meta(&out, &query.fields);
    Table { rows: out, meta }
}

/// Whether a row satisfies every search term.
pub(crate) fn matches(row: &Row, terms: &[Term]) -> bool {
    terms.iter().all(|term| match term {
        Term::Has { key, negated } => present(row, key) != *negated,
        Term::Field { key, value, negated } => {
            let hit = lookup(row, key).is_some_and(|actual| search::value_matches(value, &actual));
            hit != *negated
        }
        Term::Text(text) => {
            let needle = text.to_lowercase();
            row.values().filter_map(Value::as_str).any(|v| v.to_lowercase().contains(&needle))
        }
    })
}

fn present(row: &Row, key: &str) -> bool {
    lookup(row, key).is_some_and(|v| !v.is_empty())
}

/// A row's value for a search key, as text (`tags[x,string]` reads `x`).
fn lookup(row: &Row, key: &str) -> Option<String> {
    let key =
        key.strip_prefix("tags[").and_then(|k| k.strip_suffix(']')).map_or(key, |k| k.split(',').next().unwrap_or(k));
    match row.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn is_function(field: &str) -> bool {
    field.contains('(') && field.ends_with(')')
}

fn select(row: &Row, fields: &[&str]) -> Row {
    fields.iter().map(|f| ((*f).to_owned(), row.get(*f).cloned().unwrap_or(Value::Null))).collect()
}

fn aggregate(rows: &[&Row], fields: &[&str]) -> Vec<Row> {
    let keys: Vec<&str> = fields.iter().copied().filter(|f| !is_function(f)).collect();
    let mut groups: Vec<(Vec<Value>, Vec<&Row>)> = Vec::new();
    for row in rows {
        let key: Vec<Value> = keys.iter().map(|k| row.get(*k).cloned().unwrap_or(Value::Null)).collect();
        match groups.iter_mut().find(|(existing, _)| *existing == key) {
            Some((_, members)) => members.push(row),
            None => groups.push((key, vec![row])),
        }
    }
    if groups.is_empty() && keys.is_empty() {
        groups.push((Vec::new(), Vec::new()));
    }
    groups
        .into_iter()
        .map(|(key, members)| {
            let mut out: Row = keys.iter().map(|k| (*k).to_owned()).zip(key).collect();
            for field in fields.iter().filter(|f| is_function(f)) {
                out.insert((*field).to_owned(), apply(field, &members));
            }
            out
        })
        .collect()
}

/// Evaluates one aggregate function over a group; unknown functions give `null`.
fn apply(field: &str, rows: &[&Row]) -> Value {
    let (name, args) = field.split_once('(').unwrap_or((field, ""));
    let args: Vec<&str> = args.trim_end_matches(')').split(',').map(str::trim).filter(|a| !a.is_empty()).collect();
    let column = args.first().copied().unwrap_or("");
    let numbers = || rows.iter().filter_map(|r| r.get(column).and_then(Value::as_f64)).collect::<Vec<f64>>();
    match name {
        "count" if column.is_empty() => json!(rows.len()),
        "count" => json!(rows.iter().filter(|r| present(r, column)).count()),
        "count_unique" => json!(rows.iter().filter_map(|r| lookup(r, column)).collect::<BTreeSet<_>>().len()),
        "sum" => json!(numbers().iter().sum::<f64>()),
        "avg" => average(&numbers()),
        "min" => numbers().into_iter().reduce(f64::min).map_or(Value::Null, |v| json!(v)),
        "max" => numbers().into_iter().reduce(f64::max).map_or(Value::Null, |v| json!(v)),
        "p50" | "p75" | "p90" | "p95" | "p99" | "p100" => {
            percentile(numbers(), name[1..].parse::<f64>().unwrap_or(50.0) / 100.0)
        }
        "median" => percentile(numbers(), 0.5),
        "percentile" => percentile(numbers(), args.get(1).and_then(|p| p.parse().ok()).unwrap_or(0.5)),
        "last_seen" | "latest" => latest(rows, true),
        "first_seen" => latest(rows, false),
        "any" => rows.first().and_then(|r| r.get(column)).cloned().unwrap_or(Value::Null),
        "epm" => json!(rows.len() as f64 / (14.0 * 24.0 * 60.0)),
        "eps" => json!(rows.len() as f64 / (14.0 * 24.0 * 3600.0)),
        "failure_rate" => {
            let failed = rows.iter().filter(|r| lookup(r, "span.status").is_some_and(|s| s != "ok")).count();
            json!(if rows.is_empty() { 0.0 } else { failed as f64 / rows.len() as f64 })
        }
        _ => Value::Null,
    }
}

fn average(values: &[f64]) -> Value {
    if values.is_empty() { Value::Null } else { json!(values.iter().sum::<f64>() / values.len() as f64) }
}

fn percentile(mut values: Vec<f64>, fraction: f64) -> Value {
    if values.is_empty() {
        return Value::Null;
    }
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
    let rank = ((fraction.clamp(0.0, 1.0) * values.len() as f64).ceil() as usize).clamp(1, values.len());
    json!(values[rank - 1])
}

fn latest(rows: &[&Row], newest: bool) -> Value {
    let stamps = rows.iter().filter_map(|r| r.get("timestamp").and_then(Value::as_str));
    let pick = if newest { stamps.max() } else { stamps.min() };
    pick.map_or(Value::Null, |s| json!(s))
}

/// Orders rows by a Sentry sort spec (`-count()`, `timestamp`); nulls last.
fn compare_by(a: &Row, b: &Row, sort: &str) -> Ordering {
    let (descending, field) = sort.strip_prefix('-').map_or((false, sort), |f| (true, f));
    let (x, y) = (a.get(field).unwrap_or(&Value::Null), b.get(field).unwrap_or(&Value::Null));
    match (x.is_null(), y.is_null()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => {
            let ordering = match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                _ => x.to_string().cmp(&y.to_string()),
            };
            if descending { ordering.reverse() } else { ordering }
        }
    }
}

/// `meta.fields` (Sentry's field types) and `meta.units`.
fn meta(rows: &[Row], fields: &[&str]) -> Value {
    let mut types = Map::new();
    let mut units = Map::new();
    for field in fields {
        let kind = field_type(field, rows);
        units.insert((*field).to_owned(), if kind == "duration" { json!("millisecond") } else { Value::Null });
        types.insert((*field).to_owned(), json!(kind));
    }
    json!({ "fields": types, "units": units, "isMetricsData": false, "isMetricsExtractedData": false, "tips": {} })
}

/// The Discover type of a field: from the function, the name, or the values.
pub(crate) fn field_type(field: &str, rows: &[Row]) -> &'static str {
    let duration_like = |name: &str| name.contains("duration") || name.contains("self_time");
    if is_function(field) {
        let (name, arg) = field.split_once('(').unwrap_or((field, ""));
        return match name {
            "count" | "count_unique" => "integer",
            "last_seen" | "first_seen" | "latest" => "date",
            "failure_rate" => "percentage",
            "epm" | "eps" => "rate",
            _ if duration_like(arg) => "duration",
            _ => "number",
        };
    }
    if field == "timestamp" || field.ends_with(".timestamp") {
        return "date";
    }
    if duration_like(field) {
        return "duration";
    }
    match rows.iter().filter_map(|r| r.get(field)).find(|v| !v.is_null()) {
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => "integer",
        Some(Value::Number(_)) => "number",
        Some(Value::Bool(_)) => "boolean",
        _ => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(value: Value) -> Row {
        match value {
            Value::Object(map) => map,
            _ => Row::new(),
        }
    }

    #[test]
    fn aggregates_group_by_the_plain_fields_and_sort() {
        let rows = [
            row(json!({"span.op": "db", "span.duration": 10.0})),
            row(json!({"span.op": "db", "span.duration": 30.0})),
            row(json!({"span.op": "http.client", "span.duration": 500.0})),
        ];
        let refs: Vec<&Row> = rows.iter().collect();
        let query =
            Query { fields: vec!["span.op", "count()", "avg(span.duration)"], query: "", sort: Some("-count()") };
        let table = run(&refs, &query);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0]["span.op"], "db");
        assert_eq!(table.rows[0]["count()"], 2);
        assert_eq!(table.rows[0]["avg(span.duration)"], 20.0);
        assert_eq!(table.meta["fields"]["avg(span.duration)"], "duration");
        assert_eq!(table.meta["fields"]["count()"], "integer");
    }

    #[test]
    fn filters_apply_before_selection() {
        let rows = [row(json!({"level": "error", "title": "A"})), row(json!({"level": "info", "title": "B"}))];
        let refs: Vec<&Row> = rows.iter().collect();
        let table = run(&refs, &Query { fields: vec!["title"], query: "!level:info", sort: None });
        assert_eq!(table.rows, [row(json!({"title": "A"}))]);
    }
}
