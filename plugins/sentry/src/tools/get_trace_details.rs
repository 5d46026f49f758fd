//! `get_trace_details`: a distributed trace in one page — counts from
//! `GET /organizations/{org}/trace-meta/{id}/`, and from the span tree of
//! `GET /organizations/{org}/trace/{id}/` its projects, errors, slowest spans
//! and an indented tree; with `spanId`, that span in detail. The trace model
//! and span rendering are shared with `get_span_details`.

use std::fmt::Write;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, one_line, truncate};
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};

/// Lines of the span tree shown at most.
const MAX_TREE_LINES: usize = 60;

/// `trace-meta`: counts over the whole trace.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TraceMeta {
    #[serde(deserialize_with = "lenient")]
    span_count: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    errors: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    performance_issues: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    logs: Option<u64>,
}

/// One span of the trace tree.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Span {
    /// The span id (16 hex digits).
    pub span_id: String,
    #[serde(deserialize_with = "lenient")]
    parent_span_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    op: Option<String>,
    #[serde(deserialize_with = "lenient")]
    description: Option<String>,
    #[serde(deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    duration: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    status: Option<String>,
    #[serde(deserialize_with = "lenient")]
    project_slug: Option<String>,
    #[serde(deserialize_with = "lenient")]
    transaction: Option<String>,
    #[serde(deserialize_with = "lenient")]
    is_transaction: Option<bool>,
    #[serde(deserialize_with = "lenient")]
    start_timestamp: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    end_timestamp: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    profile_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    event_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    additional_attributes: Option<Map<String, Value>>,
    #[serde(deserialize_with = "lenient_list")]
    errors: Vec<TraceIssue>,
    #[serde(deserialize_with = "lenient_list")]
    occurrences: Vec<TraceIssue>,
    /// The spans it started.
    #[serde(deserialize_with = "lenient_list")]
    pub children: Vec<Span>,
}

/// An error or performance issue attached to a span.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TraceIssue {
    #[serde(deserialize_with = "lenient")]
    issue_short_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    issue_id: Option<Scalar>,
    #[serde(deserialize_with = "lenient")]
    title: Option<String>,
    #[serde(deserialize_with = "lenient")]
    event_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    project_slug: Option<String>,
    #[serde(deserialize_with = "lenient")]
    level: Option<String>,
}

impl TraceIssue {
    fn label(&self) -> String {
        self.issue_short_id.clone().or(self.issue_id.as_ref().map(|i| i.0.clone())).unwrap_or_else(|| "?".into())
    }
}

impl Span {
    fn label(&self) -> String {
        let op = self.op.as_deref().unwrap_or("span");
        let what = self.description.as_deref().or(self.name.as_deref()).unwrap_or("");
        format!("{op} {}", truncate(&one_line(what), 100)).trim().to_string()
    }

    fn walk<'a>(&'a self, out: &mut Vec<(usize, &'a Span)>, depth: usize) {
        out.push((depth, self));
        for child in &self.children {
            child.walk(out, depth + 1);
        }
    }
}

/// Checks a trace id: 32 hex digits, returned lowercased.
pub fn check_trace_id(id: &str) -> Result<String, ToolError> {
    let hex = id.trim().replace('-', "").to_ascii_lowercase();
    if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(hex);
    }
    input(format!(
        "traceId {id:?} is not a trace id: use the 32 hex digits Sentry shows, e.g. a1b2c3d4e5f60718293a4b5c6d7e8f90"
    ))
}

/// Checks a span id: 16 hex digits, returned lowercased.
pub fn check_span_id(id: &str) -> Result<String, ToolError> {
    let hex = id.trim().to_ascii_lowercase();
    if hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(hex);
    }
    input(format!("spanId {id:?} is not a span id: use the 16 hex digits Sentry shows, e.g. 9a1b2c3d4e5f6071"))
}

/// The trace's counts and its root spans.
pub fn load(api: &Api<'_>, org: &str, trace_id: &str) -> Result<(TraceMeta, Vec<Span>), ToolError> {
    let meta: TraceMeta = api.get(&api_path(&["organizations", org, "trace-meta", trace_id]), &Query::new())?;
    let raw: Value = api.get(&api_path(&["organizations", org, "trace", trace_id]), &Query::new())?;
    let roots = match raw {
        Value::Array(items) => items,
        Value::Object(mut o) => match o.remove("transactions") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Ok((meta, roots.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect()))
}

/// Every span, depth first, with its depth.
pub fn flatten(roots: &[Span]) -> Vec<(usize, &Span)> {
    let mut out = Vec::new();
    for root in roots {
        root.walk(&mut out, 0);
    }
    out
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let trace_id = check_trace_id(args.require_str("traceId")?)?;
    let span_id = args.str("spanId").map(check_span_id).transpose()?;
    let api = ctx.org_api(org, args.region());
    let (meta, roots) = load(&api, org, &trace_id)?;
    let spans = flatten(&roots);
    if spans.is_empty() {
        return input(format!(
            "Sentry has no spans of trace {trace_id} in organization {org:?}; check the id, or the trace may be \
             older than the retention period"
        ));
    }
    let mut md = Md::titled(&format!("Trace {trace_id} in {org}"));
    summary(&mut md, &meta, &spans);
    if let Some(id) = &span_id {
        let span = spans.iter().find(|(_, s)| &s.span_id == id).ok_or_else(|| missing_span(id, &trace_id))?;
        md.section(&format!("Span {id}"));
        write_span(&mut md, span.1, &spans);
    }
    write_errors(&mut md, &spans);
    write_slowest(&mut md, &spans);
    write_tree(&mut md, &spans, span_id.as_deref());
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_span_details", "look at one span's attributes, parent and children"),
            ("get_issue_details", "open an error of the trace"),
            ("search_events", "query the trace's spans or logs (`trace:<id>`)"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

/// The input error for a span id the trace lacks.
pub fn missing_span(span_id: &str, trace_id: &str) -> ToolError {
    ToolError::Input(format!(
        "trace {trace_id} has no span {span_id}; `get_trace_details` without spanId lists its spans"
    ))
}

fn summary(md: &mut Md, meta: &TraceMeta, spans: &[(usize, &Span)]) {
    let root = spans[0].1;
    md.field("Root", root.label());
    md.field_opt("Transaction", root.transaction.as_deref());
    md.field_opt("Duration", root.duration.map(ms));
    let count = meta.span_count.map(|c| c as usize).unwrap_or(spans.len());
    md.field("Spans", count);
    md.field_opt("Errors", meta.errors);
    md.field_opt("Performance issues", meta.performance_issues);
    md.field_opt("Logs", meta.logs);
    let mut projects: Vec<&str> = spans.iter().filter_map(|(_, s)| s.project_slug.as_deref()).collect();
    projects.sort_unstable();
    projects.dedup();
    md.field_opt("Projects", Some(projects.join(", ")));
}

fn ms(d: f64) -> String {
    if d.fract() == 0.0 { format!("{d:.0} ms") } else { format!("{d:.1} ms") }
}

fn write_errors(md: &mut Md, spans: &[(usize, &Span)]) {
    let issues: Vec<(&Span, &TraceIssue, &str)> = spans
        .iter()
        .flat_map(|(_, s)| {
            s.errors
                .iter()
                .map(move |e| (*s, e, "error"))
                .chain(s.occurrences.iter().map(move |e| (*s, e, "performance")))
        })
        .collect();
    if issues.is_empty() {
        return;
    }
    md.section("Issues in this trace");
    for (span, issue, kind) in issues {
        let kind = match kind {
            "error" => issue.level.clone().unwrap_or_else(|| "error".into()),
            _ => "performance issue".to_string(),
        };
        md.bullet(format!(
            "`{}` ({kind}): {} — span `{}` in {}{}",
            issue.label(),
            truncate(issue.title.as_deref().unwrap_or("?"), 150),
            span.span_id,
            issue.project_slug.as_deref().unwrap_or("?"),
            issue.event_id.as_deref().map(|e| format!(", event `{e}`")).unwrap_or_default(),
        ));
    }
}

fn write_slowest(md: &mut Md, spans: &[(usize, &Span)]) {
    let mut by_time: Vec<&Span> = spans.iter().skip(1).map(|(_, s)| *s).filter(|s| s.duration.is_some()).collect();
    by_time.sort_by(|a, b| b.duration.unwrap_or(0.0).total_cmp(&a.duration.unwrap_or(0.0)));
    if by_time.is_empty() {
        return;
    }
    md.section("Slowest spans");
    let rows: Vec<Vec<String>> = by_time
        .iter()
        .take(5)
        .map(|s| {
            vec![
                format!("`{}`", s.span_id),
                s.label(),
                s.duration.map(ms).unwrap_or_default(),
                s.project_slug.clone().unwrap_or_else(|| "-".into()),
                s.status.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    md.table(&["span", "operation", "duration", "project", "status"], &rows);
}

fn write_tree(md: &mut Md, spans: &[(usize, &Span)], focus: Option<&str>) {
    md.section("Span tree");
    let mut out = String::new();
    for (depth, s) in spans.iter().take(MAX_TREE_LINES) {
        let mut marks = String::new();
        for e in &s.errors {
            let _ = write!(marks, " [error {}]", e.label());
        }
        for e in &s.occurrences {
            let _ = write!(marks, " [issue {}]", e.label());
        }
        if focus == Some(s.span_id.as_str()) {
            marks.push_str(" <== this span");
        }
        let _ = writeln!(
            out,
            "{}{} ({}, {}) {}{marks}",
            "  ".repeat(*depth),
            s.label(),
            s.duration.map(ms).unwrap_or_else(|| "?".into()),
            s.project_slug.as_deref().unwrap_or("?"),
            s.span_id
        );
    }
    if spans.len() > MAX_TREE_LINES {
        let _ = writeln!(out, "... {} more spans", spans.len() - MAX_TREE_LINES);
    }
    md.code("", &out);
}

/// One span in detail: operation, timing, attributes, parent, children, issues.
pub fn write_span(md: &mut Md, span: &Span, spans: &[(usize, &Span)]) {
    md.field("Operation", span.op.as_deref().unwrap_or("-"));
    md.field_opt("Description", span.description.as_deref().map(|d| truncate(&one_line(d), 500)));
    md.field_opt("Name", span.name.as_deref().filter(|n| Some(*n) != span.description.as_deref()));
    md.field_opt("Duration", span.duration.map(ms));
    md.field_opt("Status", span.status.as_deref());
    md.field_opt("Project", span.project_slug.as_deref());
    md.field_opt("Transaction", span.transaction.as_deref());
    md.field_opt("Segment root", span.is_transaction.map(|t| if t { "yes" } else { "no" }));
    md.field_opt("Started (unix)", span.start_timestamp);
    md.field_opt("Ended (unix)", span.end_timestamp);
    md.field_opt("Profile", span.profile_id.as_deref());
    md.field_opt("Event", span.event_id.as_deref());
    let parent = span.parent_span_id.as_deref().map(|id| match spans.iter().find(|(_, s)| s.span_id == id) {
        Some((_, p)) => format!("`{id}` {}", p.label()),
        None => format!("`{id}`"),
    });
    md.field("Parent", parent.unwrap_or_else(|| "none (root span)".into()));
    if let Some(attrs) = span.additional_attributes.as_ref().filter(|a| !a.is_empty()) {
        md.subsection("Attributes");
        let rows: Vec<Vec<String>> = attrs
            .iter()
            .map(|(k, v)| {
                vec![format!("`{k}`"), truncate(&v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()), 200)]
            })
            .collect();
        md.table(&["attribute", "value"], &rows);
    }
    if !span.children.is_empty() {
        md.subsection("Children");
        for c in &span.children {
            md.bullet(format!("`{}` {} ({})", c.span_id, c.label(), c.duration.map(ms).unwrap_or_else(|| "?".into())));
        }
    }
    for (issue, kind) in span.errors.iter().map(|e| (e, "Error")).chain(span.occurrences.iter().map(|e| (e, "Issue"))) {
        md.field(kind, format!("`{}` {}", issue.label(), truncate(issue.title.as_deref().unwrap_or("?"), 200)));
    }
}

#[cfg(test)]
pub mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    /// A small trace: a pageload with a failing request whose server span raised API-1.
    pub const TRACE: &str = r#"[{"span_id":"9a1b2c3d4e5f6071","op":"pageload","description":"/checkout","duration":2840.0,
        "project_slug":"web","transaction":"/checkout","is_transaction":true,
        "errors":[{"issue_short_id":"WEB-1","title":"TypeError: x","event_id":"9c4e","project_slug":"web","level":"error"}],
        "children":[{"span_id":"d4f5a6b738495a6b","parent_span_id":"9a1b2c3d4e5f6071","op":"http.client",
          "description":"POST /api/orders/","duration":507.0,"project_slug":"web","status":"internal_error",
          "additional_attributes":{"http.response.status_code":500},
          "children":[{"span_id":"07c8d9ea6b7c8d9e","parent_span_id":"d4f5a6b738495a6b","op":"function",
            "description":"compute_discount","duration":415.0,"project_slug":"api",
            "errors":[{"issue_short_id":"API-1","title":"ZeroDivisionError","project_slug":"api"}]}]}]}]"#;
    /// Where the fakes answer.
    pub const BASE: &str = "GET https://us.sentry.io/api/0/organizations/acme/";
    /// The trace id.
    pub const ID: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    /// A context whose Sentry serves [`TRACE`].
    pub fn ctx() -> Ctx {
        let io = FakeIo::default()
            .route(
                &format!("{BASE}trace-meta/{ID}/"),
                200,
                r#"{"span_count":3,"errors":2,"performance_issues":0,"logs":4}"#,
            )
            .route(&format!("{BASE}trace/{ID}/"), 200, TRACE);
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[])
    }

    #[test]
    fn the_trace_is_summarized_with_issues_slowest_spans_and_tree() {
        let text = run(&ctx(), &Args::from_json(json!({"organizationSlug": "acme", "traceId": ID}))).unwrap().text;
        for part in [
            "# Trace a1b2c3d4e5f60718293a4b5c6d7e8f90 in acme\n",
            "**Root**: pageload /checkout\n",
            "**Spans**: 3\n**Errors**: 2\n",
            "**Projects**: api, web\n",
            "- `API-1` (error): ZeroDivisionError — span `07c8d9ea6b7c8d9e` in api\n",
            "| `d4f5a6b738495a6b` | http.client POST /api/orders/ | 507 ms | web | internal_error |",
            "    function compute_discount (415 ms, api) 07c8d9ea6b7c8d9e [error API-1]\n",
        ] {
            assert!(text.contains(part), "missing {part:?} in {text}");
        }
    }

    #[test]
    fn bad_ids_are_input_errors() {
        let err = run(&ctx(), &Args::from_json(json!({"organizationSlug": "acme", "traceId": "xyz"}))).unwrap_err();
        assert!(err.to_string().starts_with("**Input error**: traceId \"xyz\" is not a trace id"), "{err}");
        let args = json!({"organizationSlug": "acme", "traceId": ID, "spanId": "00000000000000ff"});
        assert_eq!(run(&ctx(), &Args::from_json(args)).unwrap_err(), missing_span("00000000000000ff", ID));
    }
}
