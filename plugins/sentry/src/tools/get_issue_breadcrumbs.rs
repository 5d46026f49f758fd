//! `get_issue_breadcrumbs`: the trail (navigation, clicks, requests, logs)
//! leading up to one of an issue's events, latest by default
//! (`GET /organizations/{org}/issues/{id}/events/{eventId|latest}/`).

use serde::Deserialize;
use serde_json::Value;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::event::Event;
use crate::issue_scope;
use crate::md::{Md, one_line, truncate};
use crate::models::{lenient, lenient_list};
use crate::reply::{Reply, ToolError};

/// The `breadcrumbs` entry.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Breadcrumbs {
    #[serde(deserialize_with = "lenient_list")]
    values: Vec<Crumb>,
}

/// One breadcrumb.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Crumb {
    #[serde(deserialize_with = "lenient")]
    timestamp: Option<Value>,
    #[serde(rename = "type", deserialize_with = "lenient")]
    kind: Option<String>,
    #[serde(deserialize_with = "lenient")]
    category: Option<String>,
    #[serde(deserialize_with = "lenient")]
    level: Option<String>,
    #[serde(deserialize_with = "lenient")]
    message: Option<String>,
    data: Value,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let target = issue_scope::target(ctx, args)?;
    let event_id = issue_scope::event_arg(args)?.or(target.event_id.clone()).unwrap_or_else(|| "latest".into());
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    issue_scope::ensure_in_scope(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "events", &event_id]);
    let event: Event = api.get(&path, &Query::new())?;
    let crumbs = event.entry::<Breadcrumbs>("breadcrumbs").map(|b| b.values).unwrap_or_default();
    let mut md = Md::titled(&format!("Breadcrumbs of issue {} in {org}", target.issue_id));
    md.field("Event", event.id());
    md.field_opt("Occurred", event.date_created.as_deref());
    md.field_opt("Title", event.title.as_deref());
    md.field("Breadcrumbs", crumbs.len());
    if crumbs.is_empty() {
        md.para("This event carries no breadcrumbs.");
    } else {
        md.para("Oldest first; the last row is closest to the error.");
        let rows: Vec<Vec<String>> = crumbs.iter().map(row).collect();
        md.table(&["time", "level", "category", "message"], &rows);
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_event_stacktrace", "see where the error was raised"),
            ("get_issue_details", "see the whole event: request, user, tags"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

fn row(c: &Crumb) -> Vec<String> {
    let time = match &c.timestamp {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => "-".into(),
    };
    let category = c.category.clone().or(c.kind.clone()).unwrap_or_else(|| "-".into());
    let message = match (&c.message, &c.data) {
        (Some(m), _) if !m.is_empty() => m.clone(),
        (_, Value::Object(map)) => {
            let get = |k: &str| map.get(k).map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()));
            match (get("method"), get("url"), get("status_code")) {
                (Some(m), Some(u), Some(s)) => format!("{m} {u} → {s}"),
                _ => match (get("from"), get("to")) {
                    (Some(f), Some(t)) => format!("{f} → {t}"),
                    _ => one_line(&c.data.to_string()),
                },
            }
        }
        _ => String::new(),
    };
    vec![time, c.level.clone().unwrap_or_else(|| "-".into()), category, truncate(&message, 300)]
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn breadcrumbs_become_a_table_with_requests_and_navigation_summarized() {
        let event = r#"{"id":"9c4e","entries":[{"type":"breadcrumbs","data":{"values":[
            {"category":"navigation","data":{"from":"/cart","to":"/checkout"},"level":"info","timestamp":"T1","type":"navigation"},
            {"category":"fetch","data":{"method":"POST","status_code":500,"url":"/api/orders/"},"level":"error","timestamp":"T2"},
            {"category":"console","message":"retrying is disabled","level":"warning","timestamp":"T3"}]}}]}"#;
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/events/latest/",
            200,
            event,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1"}))).unwrap().text;
        assert!(text.contains("| T1 | info | navigation | /cart → /checkout |"), "{text}");
        assert!(text.contains("| T2 | error | fetch | POST /api/orders/ → 500 |"), "{text}");
        assert!(text.contains("| T3 | warning | console | retrying is disabled |"), "{text}");
    }
}
