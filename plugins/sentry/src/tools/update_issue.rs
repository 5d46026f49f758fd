//! `update_issue`: changes an issue's status (resolve, resolve in the next
//! release, reopen, ignore with a condition) and/or its assignee with
//! `PUT /organizations/{org}/issues/{id}/`, posts the `reason` as a note,
//! and reads the issue back to show what changed.

use serde_json::{Map, Value, json};

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::issue_scope;
use crate::md::{Md, truncate};
use crate::models::Issue;
use crate::reply::{Reply, ToolError, input};
use crate::tools::get_issue_activity;

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let body = body(args)?;
    let target = issue_scope::target(ctx, args)?;
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    let before = issue_scope::fetch(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id]);
    let _: Value = api.put(&path, &body)?;
    let note = match args.str("reason") {
        Some(reason) => {
            let notes = api_path(&["organizations", org, "issues", &target.issue_id, "notes"]);
            Some(api.post::<Value>(&notes, &json!({ "text": reason })).map(|_| reason))
        }
        None => None,
    };
    let raw: Value = api.get(&path, &Query::new())?;
    let after: Issue = serde_json::from_value(raw.clone()).unwrap_or_default();
    let ignored_until = raw.get("statusDetails").and_then(get_issue_activity::ignore_condition);
    let label = after.label().to_string();
    let mut md = Md::titled(&format!("Issue {label} updated in {org}"));
    md.field("Title", truncate(&after.title, 200));
    if body.get("status").is_some() {
        md.field("Status", format!("{} → {}", status(&before), status(&after)));
        if after.status.as_deref() == Some("ignored") {
            md.field_opt("Ignored", ignored_until);
        }
    }
    if body.get("assignedTo").is_some() {
        md.field("Assigned to", format!("{} → {}", assignee(&before), assignee(&after)));
    }
    match note {
        Some(Ok(reason)) => md.field("Note", format!("posted: {}", truncate(reason, 300))),
        Some(Err(e)) => md.field("Note", format!("the update was made, but the note failed: {e}")),
        None => &mut md,
    };
    let link = after.permalink.clone().unwrap_or_else(|| ctx.web_url(org, &format!("/issues/{}/", after.id)));
    md.field("Link", link);
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_activity", "see the change in the issue's history"),
            ("search_issues", "find the next issue to triage (`is:unresolved`)"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

/// The PUT body from the arguments, with the combinations checked.
fn body(args: &Args) -> Result<Map<String, Value>, ToolError> {
    let mut body = Map::new();
    let status = args.str("status");
    let mode = args.str("ignoreMode");
    if let Some(s) = status {
        body.insert("status".into(), json!(s));
    }
    if let Some(who) = args.json("assignedTo").and_then(Value::as_str) {
        body.insert("assignedTo".into(), json!(who.trim()));
    }
    let ignore_fields = [
        ("ignoreDurationMinutes", "ignoreDuration"),
        ("ignoreCount", "ignoreCount"),
        ("ignoreWindowMinutes", "ignoreWindow"),
        ("ignoreUserCount", "ignoreUserCount"),
        ("ignoreUserWindowMinutes", "ignoreUserWindow"),
    ];
    let given: Vec<(&str, &str, i64)> =
        ignore_fields.iter().filter_map(|(arg, key)| Some((*arg, *key, args.int(arg)?))).collect();
    if status != Some("ignored") {
        if let Some((arg, _, _)) = given.first() {
            return input(format!("`{arg}` only applies with status `ignored`"));
        }
        if mode.is_some() {
            return input("`ignoreMode` only applies with status `ignored`");
        }
    }
    if let Some((arg, _, n)) = given.iter().find(|(_, _, n)| *n <= 0) {
        return input(format!("`{arg}` must be a positive whole number, not {n}"));
    }
    if status == Some("ignored") {
        let needs = match mode.unwrap_or("untilEscalating") {
            "forDuration" => Some("ignoreDurationMinutes"),
            "untilOccurrenceCount" => Some("ignoreCount"),
            "untilUserCount" => Some("ignoreUserCount"),
            _ => None,
        };
        if let Some(needed) = needs.filter(|n| !given.iter().any(|(arg, _, _)| arg == n)) {
            return input(format!("ignoreMode `{}` needs `{needed}`", mode.unwrap_or_default()));
        }
        let substatus = match mode.unwrap_or("untilEscalating") {
            "untilEscalating" => "archived_until_escalating",
            "forever" => "archived_forever",
            _ => "archived_until_condition_met",
        };
        body.insert("substatus".into(), json!(substatus));
        let details: Map<String, Value> = given.iter().map(|(_, key, n)| (key.to_string(), json!(n))).collect();
        if !details.is_empty() {
            body.insert("statusDetails".into(), Value::Object(details));
        }
    }
    if body.is_empty() {
        return input("pass `status` and/or `assignedTo` (empty to unassign); nothing to change");
    }
    Ok(body)
}

fn status(issue: &Issue) -> String {
    match (&issue.status, &issue.substatus) {
        (Some(s), Some(sub)) => format!("{s} ({sub})"),
        (Some(s), None) => s.clone(),
        _ => "unknown".into(),
    }
}

fn assignee(issue: &Issue) -> String {
    issue.assigned_to.as_ref().map(|a| a.to_string()).unwrap_or_else(|| "nobody".into())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body_of(raw: Value) -> Result<Value, ToolError> {
        body(&Args::from_json(raw)).map(Value::Object)
    }

    #[test]
    fn ignoring_for_a_duration_sends_substatus_and_details() {
        let b =
            body_of(json!({"status": "ignored", "ignoreMode": "forDuration", "ignoreDurationMinutes": 60})).unwrap();
        assert_eq!(
            b,
            json!({"status": "ignored", "substatus": "archived_until_condition_met", "statusDetails": {"ignoreDuration": 60}})
        );
        let b = body_of(json!({"status": "ignored"})).unwrap();
        assert_eq!(b, json!({"status": "ignored", "substatus": "archived_until_escalating"}));
    }

    #[test]
    fn inconsistent_arguments_are_refused() {
        let err = body_of(json!({"status": "resolved", "ignoreCount": 5})).unwrap_err();
        assert_eq!(err, ToolError::Input("`ignoreCount` only applies with status `ignored`".into()));
        let err = body_of(json!({"status": "ignored", "ignoreMode": "untilUserCount"})).unwrap_err();
        assert_eq!(err, ToolError::Input("ignoreMode `untilUserCount` needs `ignoreUserCount`".into()));
        assert!(body_of(json!({})).is_err());
    }

    #[test]
    fn an_empty_assignee_unassigns() {
        assert_eq!(body_of(json!({"assignedTo": ""})).unwrap(), json!({"assignedTo": ""}));
    }
}
