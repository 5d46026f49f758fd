//! `search_issue_events`: the individual events of one issue matching a
//! Sentry search query (`GET /organizations/{org}/issues/{id}/events/`),
//! newest first by default. The query is used as Sentry search syntax as given.

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::event::{EventUser, Tag};
use crate::issue_scope;
use crate::md::{Md, truncate};
use crate::models::{lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};

/// An event as the issue's event list shows it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EventSummary {
    #[serde(rename = "eventID", deserialize_with = "lenient")]
    event_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    id: Option<String>,
    #[serde(rename = "dateCreated", deserialize_with = "lenient")]
    date_created: Option<String>,
    #[serde(deserialize_with = "lenient")]
    title: Option<String>,
    #[serde(deserialize_with = "lenient")]
    message: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    tags: Vec<Tag>,
    #[serde(deserialize_with = "lenient")]
    user: Option<EventUser>,
}

impl EventSummary {
    fn tag(&self, key: &str) -> String {
        self.tags.iter().find(|t| t.key == key).map(|t| t.value.0.clone()).unwrap_or_else(|| "-".into())
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let target = issue_scope::target(ctx, args)?;
    let org = target.org.as_str();
    let given = args.str("query").unwrap_or("");
    let sort = args.str("sort").unwrap_or("-timestamp");
    let period = args.str("period").unwrap_or("14d");
    let limit = args.int("limit").unwrap_or(10).clamp(1, 100);
    let api = ctx.org_api(org, args.region());
    let issue = issue_scope::fetch(ctx, &api, org, &target.issue_id)?;
    if let (Some(wanted), Some(project)) = (args.str("projectSlug"), &issue.project)
        && wanted != project.slug
    {
        return input(format!("issue {} belongs to project {:?}, not {wanted:?}", issue.label(), project.slug));
    }
    let query =
        Query::new().opt("query", Some(given)).push("sort", sort).push("statsPeriod", period).push("per_page", limit);
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "events"]);
    let page = api.get_page::<Vec<EventSummary>>(&path, &query)?;
    let mut md = Md::titled(&format!("Events of issue {} in {org}", issue.label()));
    md.field("Issue", truncate(&issue.title, 200));
    md.field("Query", if given.is_empty() { "(none: every event)".to_string() } else { format!("`{given}`") });
    md.field("Sort", sort);
    md.field("Period", period);
    md.query_explanation(args.bool("includeExplanation"));
    md.found(page.items.len(), page.next_cursor.is_some());
    if page.items.is_empty() {
        md.para("No event of this issue matches. Try a wider `period` or a shorter query.");
    } else {
        let rows: Vec<Vec<String>> = page.items.iter().map(row).collect();
        md.table(&["event", "time", "title", "environment", "release", "user"], &rows);
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_details", "open one event in full (`eventId`)"),
            ("get_event_stacktrace", "see the full stack trace of one event"),
            ("get_issue_tag_values", "see how the events spread over a tag"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

fn row(e: &EventSummary) -> Vec<String> {
    let id = e.event_id.clone().or(e.id.clone()).unwrap_or_else(|| "-".into());
    let title = e.title.clone().filter(|t| !t.is_empty()).or(e.message.clone()).unwrap_or_default();
    let user = e
        .user
        .as_ref()
        .and_then(|u| u.email.clone().or(u.username.clone()).or(u.id.as_ref().map(|i| i.0.clone())))
        .unwrap_or_else(|| "-".into());
    vec![
        format!("`{id}`"),
        e.date_created.clone().unwrap_or_else(|| "-".into()),
        truncate(&title, 100),
        e.tag("environment"),
        e.tag("release"),
        user,
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn events_are_listed_with_environment_release_and_user() {
        let io = std::rc::Rc::new(
            FakeIo::default()
                .route(
                    "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/",
                    200,
                    r#"{"id":"3001","shortId":"WEB-1","title":"TypeError: x","project":{"slug":"web"}}"#,
                )
                .route(
                    "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/events/*",
                    200,
                    r#"[{"eventID":"9c4e","dateCreated":"2026-08-17T09:41:14Z","title":"TypeError: x",
                        "tags":[{"key":"environment","value":"production"},{"key":"release","value":"web@1.3.0"}],
                        "user":{"email":"jane@example.net"}}]"#,
                ),
        );
        let ctx = Ctx::test(io.clone(), &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1", "query": "browser:Chrome"}));
        let text = run(&ctx, &args).unwrap().text;
        assert_eq!(
            io.requests.borrow()[1],
            "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/events/?query=browser%3AChrome&sort=-timestamp&statsPeriod=14d&per_page=10"
        );
        assert!(
            text.contains(
                "| `9c4e` | 2026-08-17T09:41:14Z | TypeError: x | production | web@1.3.0 | jane@example.net |"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_project_other_than_the_issues_is_refused() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/",
            200,
            r#"{"id":"3001","shortId":"WEB-1","title":"T","project":{"slug":"web"}}"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1", "projectSlug": "api"}));
        assert_eq!(
            run(&ctx, &args).unwrap_err(),
            ToolError::Input("issue WEB-1 belongs to project \"web\", not \"api\"".into())
        );
    }
}
