//! `find_uptime_monitors`: an organization's uptime monitors
//! (`GET /api/0/organizations/{org}/uptime/`), optionally for one project
//! (its numeric id is looked up first: the endpoint filters by `project` id),
//! environment, owner or text.

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::models::Project;
use crate::reply::{Reply, ToolError};
use crate::tools::get_uptime_monitor_details::UptimeMonitor;

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.str(PROJECT).filter(|p| *p != "all");
    let limit = args.int("limit").unwrap_or(10).clamp(1, 100);
    let api = ctx.org_api(org, args.region());
    let mut query = Query::new();
    if let Some(slug) = project {
        let found: Project = api.get(&api_path(&["projects", org, slug]), &Query::new())?;
        query = query.push("project", found.id);
    }
    let query = query
        .opt("environment", args.str("environment"))
        .opt("owner", args.str("owner"))
        .opt("query", args.str("query"))
        .push("per_page", limit);
    let page = api.get_page::<Vec<UptimeMonitor>>(&api_path(&["organizations", org, "uptime"]), &query)?;

    let scope = project.map_or_else(|| org.to_string(), |p| format!("{org}/{p}"));
    let mut md = Md::titled(&format!("Uptime monitors in {scope}"));
    if page.items.is_empty() {
        md.para("No uptime monitor matches; drop a filter, or create one with `create_uptime_monitor`.");
    } else {
        let rows: Vec<Vec<String>> = page
            .items
            .iter()
            .map(|m| {
                vec![
                    format!("`{}`", m.id),
                    m.name.clone(),
                    m.project_slug.clone().unwrap_or_else(|| "-".into()),
                    m.url.clone(),
                    m.interval_seconds.map_or_else(|| "-".into(), |s| format!("{s} s")),
                    m.status.clone().unwrap_or_else(|| "-".into()),
                    m.state(),
                ]
            })
            .collect();
        md.table(&["id", "name", "project", "URL", "interval", "status", "currently"], &rows);
    }
    if page.next_cursor.is_some() {
        md.para("More monitors match than are shown; raise `limit` or narrow with `projectSlug`, `owner` or `query`.");
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_uptime_monitor_details", "see a monitor's settings and recent checks (`uptimeMonitorId`)"),
            ("create_uptime_monitor", "watch another URL"),
            ("find_monitors", "list cron monitors instead"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn a_project_filter_is_sent_as_its_id() {
        let io = FakeIo::default()
            .route("GET https://sentry.io/api/0/projects/acme/web/", 200, r#"{"id":"2001","slug":"web","name":"web"}"#)
            .route(
                "GET https://sentry.io/api/0/organizations/acme/uptime/?project=2001&query=home&per_page=10",
                200,
                r#"[{"id":"5001","name":"Acme homepage","projectSlug":"web","url":"https://acme.example.com/",
                    "intervalSeconds":60,"status":"active","uptimeStatus":2}]"#,
            );
        let ctx = Ctx::test(io, &[], &[("skills", "all")], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlug": "web", "query": "home"});
        let text = run(&ctx, &Args::from_json(args)).unwrap().text;
        assert!(text.starts_with("# Uptime monitors in acme/web\n\n| id | name |"), "{text}");
        assert!(
            text.contains("| `5001` | Acme homepage | web | https://acme.example.com/ | 60 s | active | down |"),
            "{text}"
        );
        assert!(text.contains("- `get_uptime_monitor_details`"), "{text}");
    }
}
