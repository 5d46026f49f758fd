//! `get_issue_activity`: an issue's history, newest first — status changes,
//! assignments, regressions, releases and (unless turned off) notes
//! (`GET /organizations/{org}/issues/{id}/activities/`).

use serde::Deserialize;
use serde_json::Value;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::issue_scope;
use crate::md::{Md, one_line, truncate};
use crate::models::{lenient, lenient_list};
use crate::reply::{Reply, ToolError};

/// The activities endpoint's answer.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Activities {
    #[serde(deserialize_with = "lenient_list")]
    activity: Vec<Activity>,
}

/// One entry of an issue's history.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Activity {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "dateCreated", deserialize_with = "lenient")]
    date_created: Option<String>,
    #[serde(deserialize_with = "lenient")]
    user: Option<Actor>,
    data: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Actor {
    #[serde(deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    email: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let with_comments = args.bool("includeComments").unwrap_or(true);
    let limit = args.int("limit").unwrap_or(25).clamp(1, 100) as usize;
    let target = issue_scope::target(ctx, args)?;
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    issue_scope::ensure_in_scope(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "activities"]);
    let answer: Activities = api.get(&path, &Query::new())?;
    let shown: Vec<&Activity> =
        answer.activity.iter().filter(|a| with_comments || a.kind != "note").take(limit).collect();
    let mut md = Md::titled(&format!("Activity of issue {} in {org}", target.issue_id));
    md.field("Entries", format!("{} of {}", shown.len(), answer.activity.len()));
    if !with_comments {
        md.field("Comments", "left out");
    }
    if shown.is_empty() {
        md.para("Nothing has happened on this issue yet.");
    }
    for a in &shown {
        let who = a.user.as_ref().and_then(|u| u.name.clone().or(u.email.clone())).unwrap_or_else(|| "Sentry".into());
        let when = a.date_created.as_deref().unwrap_or("?");
        md.bullet(format!("{when} — {who}: {}", describe(a)));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("add_issue_note", "leave a note on the issue"),
            ("update_issue", "change its status or assignee"),
            ("get_issue_details", "see the issue and its latest event"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

/// How long an ignored issue stays ignored, from `statusDetails` or an activity's data.
pub fn ignore_condition(details: &Value) -> Option<String> {
    let n = |key: &str| details.get(key).and_then(Value::as_i64);
    let window = |key: &str| n(key).map(|w| format!(" within {w} minutes")).unwrap_or_default();
    if let Some(minutes) = n("ignoreDuration") {
        return Some(format!("for {minutes} minutes"));
    }
    if let Some(count) = n("ignoreCount") {
        return Some(format!("until it occurs {count} more times{}", window("ignoreWindow")));
    }
    if let Some(users) = n("ignoreUserCount") {
        return Some(format!("until {users} more users are affected{}", window("ignoreUserWindow")));
    }
    if details.get("ignoreUntilEscalating").and_then(Value::as_bool) == Some(true) {
        return Some("until it escalates".into());
    }
    details.get("ignoreUntil").and_then(Value::as_str).map(|t| format!("until {t}"))
}

/// One activity in words.
fn describe(a: &Activity) -> String {
    let data = |key: &str| a.data.get(key).and_then(Value::as_str).map(str::to_string);
    match a.kind.as_str() {
        "note" => format!("commented \"{}\"", truncate(&one_line(&data("text").unwrap_or_default()), 500)),
        "first_seen" => "first seen".into(),
        "set_resolved" => "resolved the issue".into(),
        "set_resolved_in_release" => match data("version") {
            Some(v) => format!("resolved it in release {v}"),
            None => "resolved it in the next release".into(),
        },
        "set_resolved_by_age" => "resolved it by age".into(),
        "set_resolved_in_commit" => "resolved it in a commit".into(),
        "set_unresolved" => "reopened the issue".into(),
        "set_ignored" | "set_archived" => match ignore_condition(&a.data) {
            Some(until) => format!("ignored the issue {until}"),
            None => "ignored the issue".into(),
        },
        "set_regression" => match data("version") {
            Some(v) => format!("regression in release {v}"),
            None => "regression".into(),
        },
        "assigned" => match (data("assigneeName").or(data("assigneeEmail")), data("assignee")) {
            (Some(who), _) => format!("assigned it to {who}"),
            (None, Some(id)) => {
                format!("assigned it to {} {id}", data("assigneeType").unwrap_or_else(|| "user".into()))
            }
            (None, None) => "assigned it".into(),
        },
        "unassigned" => "unassigned it".into(),
        "set_priority" => format!("set the priority to {}", data("priority").unwrap_or_else(|| "?".into())),
        other => match &a.data {
            Value::Object(map) if !map.is_empty() => {
                format!("{other} ({})", truncate(&one_line(&a.data.to_string()), 200))
            }
            _ => other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const ACTIVITY: &str = r#"{"activity":[
        {"type":"note","dateCreated":"2026-08-16T08:15:42Z","user":{"name":"Grace Hopper"},"data":{"text":"Started after 1.3.0."}},
        {"type":"set_regression","dateCreated":"2026-08-15T16:02:11Z","user":null,"data":{"version":"web@1.3.0"}},
        {"type":"first_seen","dateCreated":"2026-08-03T14:22:05Z","user":null,"data":{}}]}"#;

    fn ctx() -> Ctx {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/activities/",
            200,
            ACTIVITY,
        );
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[])
    }

    #[test]
    fn history_reads_newest_first_with_notes() {
        let args = Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1"}));
        let text = run(&ctx(), &args).unwrap().text;
        assert!(text.contains("- 2026-08-16T08:15:42Z — Grace Hopper: commented \"Started after 1.3.0.\"\n"), "{text}");
        assert!(text.contains("- 2026-08-15T16:02:11Z — Sentry: regression in release web@1.3.0\n"), "{text}");
        assert!(text.contains("**Entries**: 3 of 3"), "{text}");
    }

    #[test]
    fn ignore_conditions_read_as_words() {
        assert_eq!(
            ignore_condition(&json!({"ignoreCount": 100, "ignoreWindow": 60})).unwrap(),
            "until it occurs 100 more times within 60 minutes"
        );
        assert_eq!(ignore_condition(&json!({"ignoreUntilEscalating": true})).unwrap(), "until it escalates");
        assert_eq!(ignore_condition(&json!({})), None);
    }

    #[test]
    fn comments_can_be_left_out() {
        let args = Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1", "includeComments": false}));
        let text = run(&ctx(), &args).unwrap().text;
        assert!(!text.contains("commented") && text.contains("**Entries**: 2 of 3"), "{text}");
    }
}
