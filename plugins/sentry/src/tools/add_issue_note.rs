//! `add_issue_note`: posts a note (comment) to an issue's activity
//! (`POST /organizations/{org}/issues/{id}/notes/`).

use serde::Deserialize;
use serde_json::json;

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::issue_scope;
use crate::md::{Md, truncate};
use crate::models::{Scalar, lenient};
use crate::reply::{Reply, ToolError, input};

/// A note as Sentry answers it (an activity of type `note`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Note {
    id: Scalar,
    #[serde(rename = "dateCreated", deserialize_with = "lenient")]
    date_created: Option<String>,
    #[serde(deserialize_with = "lenient")]
    user: Option<Author>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Author {
    #[serde(deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    email: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let text = args.require_str("text")?;
    if text.chars().count() > 10_000 {
        return input("`text` is longer than 10000 characters; shorten the note");
    }
    let target = issue_scope::target(ctx, args)?;
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    let issue = issue_scope::fetch(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "notes"]);
    let note: Note = api.post(&path, &json!({ "text": text }))?;
    let label = issue.label();
    let mut md = Md::titled(&format!("Note added to issue {label} in {org}"));
    md.field("Issue", format!("{label}: {}", truncate(&issue.title, 200)));
    md.field("Note ID", &note.id);
    md.field_opt("Posted", note.date_created.as_deref());
    md.field_opt("By", note.user.and_then(|u| u.name.or(u.email)));
    md.section("Text");
    md.para(&truncate(text, 2000));
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_activity", "see the note in the issue's history"),
            ("update_issue", "resolve, ignore or assign the issue"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const BASE: &str = "https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/";

    #[test]
    fn a_note_is_posted_as_json_and_confirmed() {
        let io = std::rc::Rc::new(
            FakeIo::default()
                .route(&format!("GET {BASE}"), 200, r#"{"id":"3001","shortId":"WEB-1","title":"TypeError: x"}"#)
                .route(
                    &format!("POST {BASE}notes/"),
                    201,
                    r#"{"id":"50010","dateCreated":"2026-08-17T10:00:00Z","user":{"name":"Ada Lovelace"},"type":"note"}"#,
                ),
        );
        let ctx = Ctx::test(io.clone(), &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1", "text": "Looking into it"}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# Note added to issue WEB-1 in acme\n"), "{text}");
        assert!(text.contains("**Note ID**: 50010\n") && text.contains("**By**: Ada Lovelace\n"), "{text}");
        assert_eq!(io.bodies.borrow()[1].as_deref(), Some(r#"{"text":"Looking into it"}"#));
    }
}
