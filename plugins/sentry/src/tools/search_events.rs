//! `search_events`: rows of one of Sentry's telemetry datasets (errors,
//! spans, logs, metrics, profiles) from `GET /organizations/{org}/events/`,
//! or session replays from `GET /organizations/{org}/replays/`, with chosen
//! fields or aggregates, a sort and a window. No language model is available
//! here: `query` is Sentry search syntax, used as given.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, one_line, truncate};
use crate::models::{Project, lenient, lenient_list};
use crate::reply::{Reply, ToolError};

/// The events endpoint's answer.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Table {
    #[serde(deserialize_with = "lenient_list")]
    data: Vec<Map<String, Value>>,
    #[serde(deserialize_with = "lenient")]
    meta: Option<Meta>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Meta {
    #[serde(deserialize_with = "lenient")]
    units: Option<BTreeMap<String, Option<String>>>,
}

/// The columns shown when `fields` is not given.
fn default_fields(dataset: &str) -> &'static [&'static str] {
    match dataset {
        "spans" => {
            &["id", "span.op", "span.description", "span.duration", "transaction", "trace", "project", "timestamp"]
        }
        "logs" => &["timestamp", "severity", "message", "project", "trace"],
        "metrics" => &["timestamp", "metric.name", "metric.type", "value", "project"],
        "profiles" => &["profile.id", "transaction", "transaction.duration", "project", "timestamp"],
        _ => &["id", "issue", "title", "project", "level", "timestamp"],
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let dataset = args.str("dataset").unwrap_or("errors");
    let api = ctx.org_api(org, args.region());
    let project = match args.str("projectSlug") {
        Some(slug) => Some(api.get::<Project>(&api_path(&["projects", org, slug]), &Query::new())?),
        None => None,
    };
    let period = args.str("period").unwrap_or("14d");
    let limit = args.int("limit").unwrap_or(10).clamp(1, 100);
    let query = args.str("query");
    let mut q = Query::new().opt("query", query).push("statsPeriod", period).push("per_page", limit);
    if let Some(p) = &project {
        q = q.push("project", &p.id.0);
    }
    for env in args.strings("environment") {
        q = q.push("environment", env);
    }
    let scope = project.as_ref().map(|p| format!("{org}/{}", p.slug)).unwrap_or_else(|| org.to_string());
    let mut md = Md::titled(&format!("{} in {scope}", title(dataset)));
    md.field("Dataset", dataset);
    md.field("Query", query.map(|q| format!("`{q}`")).unwrap_or_else(|| "(none)".into()));
    md.field("Period", period);
    md.query_explanation(args.bool("includeExplanation"));
    if dataset == "replays" {
        replays(&api, org, q, args.str("sort"), &mut md)?;
    } else {
        events(&api, org, dataset, q, args, &mut md)?;
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_details", "open an issue or event from the rows"),
            ("get_trace_details", "follow a `trace` id across services"),
            ("search_issues", "see the grouped issues instead of raw events"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

fn title(dataset: &str) -> &'static str {
    match dataset {
        "spans" => "Spans",
        "logs" => "Logs",
        "metrics" => "Metrics",
        "profiles" => "Profiles",
        "replays" => "Replays",
        _ => "Errors",
    }
}

fn events(api: &Api<'_>, org: &str, dataset: &str, q: Query, args: &Args, md: &mut Md) -> Result<(), ToolError> {
    let fields: Vec<String> = match args.strings("fields") {
        f if f.is_empty() => default_fields(dataset).iter().map(|s| s.to_string()).collect(),
        f => f,
    };
    let sort = args.str("sort").map(str::to_string).or_else(|| default_sort(&fields));
    let api_dataset = if dataset == "metrics" { "tracemetrics" } else { dataset };
    let mut q = q.push("dataset", api_dataset);
    for f in &fields {
        q = q.push("field", f);
    }
    let q = q.opt("sort", sort.as_deref());
    let table: Table = api.get(&api_path(&["organizations", org, "events"]), &q)?;
    md.field("Sort", sort.as_deref().unwrap_or("(Sentry's default)"));
    md.field("Rows", table.data.len());
    if table.data.is_empty() {
        md.para("Nothing matches. Try a wider `period`, a shorter query, or another dataset.");
        return Ok(());
    }
    let units = table.meta.and_then(|m| m.units).unwrap_or_default();
    let rows: Vec<Vec<String>> = table
        .data
        .iter()
        .map(|row| fields.iter().map(|f| cell(row.get(f), units.get(f).cloned().flatten())).collect())
        .collect();
    let headers: Vec<&str> = fields.iter().map(String::as_str).collect();
    md.table(&headers, &rows);
    Ok(())
}

/// Aggregates sort by the first one, descending; plain rows newest first.
fn default_sort(fields: &[String]) -> Option<String> {
    match fields.iter().find(|f| f.contains('(')) {
        Some(aggregate) => Some(format!("-{aggregate}")),
        None => fields.iter().any(|f| f == "timestamp").then(|| "-timestamp".to_string()),
    }
}

fn cell(value: Option<&Value>, unit: Option<String>) -> String {
    let text = match value {
        None | Some(Value::Null) => return "-".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() != 0.0 => format!("{f:.2}"),
            Some(f) if f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        Some(other) => one_line(&other.to_string()),
    };
    match unit.as_deref() {
        Some("millisecond") => format!("{text} ms"),
        Some("second") => format!("{text} s"),
        Some("byte") => format!("{text} B"),
        _ => truncate(&text, 160),
    }
}

/// A session replay as the replay list shows it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Replay {
    id: String,
    #[serde(deserialize_with = "lenient")]
    started_at: Option<String>,
    #[serde(deserialize_with = "lenient")]
    duration: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    count_errors: Option<u64>,
    #[serde(deserialize_with = "lenient_list")]
    urls: Vec<String>,
    #[serde(deserialize_with = "lenient")]
    user: Option<Map<String, Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Replays {
    #[serde(deserialize_with = "lenient_list")]
    data: Vec<Replay>,
}

fn replays(api: &Api<'_>, org: &str, q: Query, sort: Option<&str>, md: &mut Md) -> Result<(), ToolError> {
    let sort = sort.unwrap_or("-started_at");
    let answer: Replays = api.get(&api_path(&["organizations", org, "replays"]), &q.push("sort", sort))?;
    md.field("Sort", sort);
    md.field("Rows", answer.data.len());
    if answer.data.is_empty() {
        md.para("No replay matches. Try a wider `period` or a shorter query.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = answer
        .data
        .iter()
        .map(|r| {
            let user = r.user.as_ref().and_then(|u| u.get("display_name").or(u.get("email"))).and_then(Value::as_str);
            vec![
                format!("`{}`", r.id),
                r.started_at.clone().unwrap_or_else(|| "-".into()),
                r.duration.map(|d| format!("{d:.0} s")).unwrap_or_else(|| "-".into()),
                user.unwrap_or("-").to_string(),
                r.count_errors.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
                r.urls.last().cloned().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    md.table(&["replay", "started", "duration", "user", "errors", "last url"], &rows);
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn aggregates_sort_by_the_first_aggregate_and_show_units() {
        let io = std::rc::Rc::new(FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/events/*",
            200,
            r#"{"data":[{"span.op":"db","p95(span.duration)":415.5}],
                "meta":{"units":{"span.op":null,"p95(span.duration)":"millisecond"}}}"#,
        ));
        let ctx = Ctx::test(io.clone(), &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "dataset": "spans",
            "fields": ["span.op", "p95(span.duration)"], "environment": "production"}));
        let text = run(&ctx, &args).unwrap().text;
        assert_eq!(
            io.requests.borrow()[0],
            "GET https://us.sentry.io/api/0/organizations/acme/events/?statsPeriod=14d&per_page=10&environment=production&dataset=spans&field=span.op&field=p95%28span.duration%29&sort=-p95%28span.duration%29"
        );
        assert!(text.starts_with("# Spans in acme\n"), "{text}");
        assert!(text.contains("| db | 415.50 ms |"), "{text}");
    }

    #[test]
    fn errors_are_the_default_dataset_newest_first() {
        assert_eq!(default_sort(&["id".into(), "timestamp".into()]).as_deref(), Some("-timestamp"));
        assert_eq!(default_fields("errors"), ["id", "issue", "title", "project", "level", "timestamp"]);
        assert_eq!(default_fields("metrics")[1], "metric.name");
    }
}
