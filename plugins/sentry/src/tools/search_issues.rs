//! `search_issues`: an organization's issues matching a Sentry search query
//! (`GET /organizations/{org}/issues/`), sorted and limited to a window. No
//! language model is available here, so `query` is used as Sentry search
//! syntax exactly as given (default `is:unresolved`).

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, truncate};
use crate::models::Issue;
use crate::reply::{Reply, ToolError};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.str("projectSlugOrId");
    let given = args.str("query").unwrap_or("is:unresolved");
    let sort = args.str("sort").unwrap_or("date");
    let period = args.str("period").unwrap_or("14d");
    let limit = args.int("limit").unwrap_or(10).clamp(1, 100);
    let mut query = Query::new().push("statsPeriod", period).push("sort", sort).push("limit", limit);
    let search = match project {
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => {
            query = query.push("project", p);
            given.to_string()
        }
        Some(p) => format!("project:{p} {given}"),
        None => given.to_string(),
    };
    query = query.push("query", &search);
    let api = ctx.org_api(org, args.region());
    let page = api.get_page::<Vec<Issue>>(&api_path(&["organizations", org, "issues"]), &query)?;
    let scope = project.map(|p| format!("{org}/{p}")).unwrap_or_else(|| org.to_string());
    let mut md = Md::titled(&format!("Issues in {scope}"));
    md.field("Query", format!("`{search}`"));
    md.field("Sort", sort);
    md.field("Period", period);
    md.query_explanation(args.bool("includeExplanation"));
    md.found(page.items.len(), page.next_cursor.is_some());
    if page.items.is_empty() {
        md.para("No issue matches. Try a wider `period`, a shorter query, or `is:resolved` / `is:ignored`.");
    } else {
        let rows: Vec<Vec<String>> = page.items.iter().map(|i| row(ctx, org, i)).collect();
        md.table(&["issue", "title", "project", "status", "level", "events", "users", "last seen", "link"], &rows);
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_details", "open one of these issues with its latest event"),
            ("search_issue_events", "list an issue's individual events"),
            ("update_issue", "resolve, ignore or assign an issue"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

fn row(ctx: &Ctx, org: &str, i: &Issue) -> Vec<String> {
    let dash = || "-".to_string();
    let status = match (&i.status, &i.substatus) {
        (Some(s), Some(sub)) => format!("{s} ({sub})"),
        (Some(s), None) => s.clone(),
        _ => dash(),
    };
    vec![
        format!("`{}`", i.label()),
        truncate(&i.title, 120),
        i.project.as_ref().map(|p| p.slug.clone()).unwrap_or_else(dash),
        status,
        i.level.clone().unwrap_or_else(dash),
        i.count.as_ref().map(|c| c.0.clone()).unwrap_or_else(dash),
        i.user_count.as_ref().map(|c| c.0.clone()).unwrap_or_else(dash),
        i.last_seen.clone().unwrap_or_else(dash),
        i.permalink.clone().unwrap_or_else(|| ctx.web_url(org, &format!("/issues/{}/", i.id))),
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn a_project_slug_joins_the_query_and_the_defaults_are_sent() {
        let io = std::rc::Rc::new(FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/issues/*",
            200,
            r#"[{"id":"3001","shortId":"WEB-1","title":"TypeError: x","status":"unresolved","substatus":"ongoing",
                 "count":"1284","userCount":342,"project":{"slug":"web"},"permalink":"https://acme.sentry.io/issues/3001/"}]"#,
        ));
        let ctx = Ctx::test(io.clone(), &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args =
            Args::from_json(json!({"organizationSlug": "acme", "projectSlugOrId": "web", "includeExplanation": true}));
        let text = run(&ctx, &args).unwrap().text;
        assert_eq!(
            io.requests.borrow()[0],
            "GET https://us.sentry.io/api/0/organizations/acme/issues/?statsPeriod=14d&sort=date&limit=10&query=project%3Aweb%20is%3Aunresolved"
        );
        assert!(text.starts_with("# Issues in acme/web\n\n**Query**: `project:web is:unresolved`\n"), "{text}");
        assert!(text.contains("used as Sentry search syntax exactly as given"), "{text}");
        assert!(text.contains("| `WEB-1` | TypeError: x | web | unresolved (ongoing) | - | 1284 | 342 |"), "{text}");
    }
}
