//! `get_issue_user_reports`: the feedback users sent about an issue, newest
//! first (`GET /organizations/{org}/issues/{id}/user-reports/`), a page at a time.

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::issue_scope;
use crate::md::{Md, truncate};
use crate::models::{Scalar, lenient};
use crate::reply::{Reply, ToolError};

/// One user report.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UserReport {
    id: Scalar,
    #[serde(deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    email: Option<String>,
    #[serde(deserialize_with = "lenient")]
    comments: Option<String>,
    #[serde(rename = "dateCreated", deserialize_with = "lenient")]
    date_created: Option<String>,
    #[serde(rename = "eventID", deserialize_with = "lenient")]
    event_id: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let limit = args.int("limit").unwrap_or(25).clamp(1, 100);
    let target = issue_scope::target(ctx, args)?;
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    issue_scope::ensure_in_scope(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "user-reports"]);
    let query = Query::new().push("per_page", limit).opt("cursor", args.str("cursor"));
    let page = api.get_page::<Vec<UserReport>>(&path, &query)?;
    let mut md = Md::titled(&format!("User feedback on issue {} in {org}", target.issue_id));
    md.field("Reports", page.items.len());
    if page.items.is_empty() {
        md.para("No user has sent feedback about this issue.");
    }
    for report in &page.items {
        let who = match (&report.name, &report.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => "anonymous".into(),
        };
        md.subsection(&format!("Report {} — {who}", report.id));
        md.field_opt("Sent", report.date_created.as_deref());
        md.field_opt("Event", report.event_id.as_deref());
        md.para(&format!("> {}", truncate(report.comments.as_deref().unwrap_or("(no comment)"), 2000)));
    }
    if let Some(cursor) = &page.next_cursor {
        md.para(&format!("More reports exist: call again with `cursor` = `{cursor}`."));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_details", "see the event a report is about (`eventId`)"),
            ("add_issue_note", "record what users reported on the issue"),
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
    fn reports_show_who_when_and_what_with_the_next_cursor() {
        let link = "<https://x/?cursor=0:1:0>; rel=\"next\"; results=\"true\"; cursor=\"0:1:0\"";
        let io = FakeIo::default().route_with_headers(
            "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/user-reports/?per_page=1",
            &[("link", link)],
            r#"[{"id":"19001","name":"Jane Doe","email":"jane@example.net","comments":"Page went blank",
                 "dateCreated":"2026-08-17T09:42:30Z","eventID":"9c4e"}]"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1", "limit": 1}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.contains("### Report 19001 — Jane Doe <jane@example.net>\n"), "{text}");
        assert!(text.contains("> Page went blank") && text.contains("`cursor` = `0:1:0`"), "{text}");
    }
}
