//! `onboarding_status_update`: reports an agent-guided setup's progress to
//! Sentry's onboarding screen
//! (`POST /api/0/organizations/{org}/onboarding/agent/status/`): one stage's
//! status, an optional note, the projects or issues it produced, and
//! optionally the end of the whole run.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};

/// The update Sentry takes (schema version 1).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Update<'a> {
    schema_version: u8,
    run_token: &'a str,
    stage: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    run_status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra: Option<Value>,
}

/// The run as Sentry answers it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Run {
    #[serde(deserialize_with = "lenient")]
    run_status: Option<String>,
    #[serde(deserialize_with = "lenient")]
    sequence: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    continue_updates: Option<bool>,
    #[serde(deserialize_with = "lenient_list")]
    stages: Vec<Stage>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Stage {
    stage: String,
    #[serde(deserialize_with = "lenient")]
    status: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let stage = args.require_str("stage")?;
    let update = Update {
        schema_version: 1,
        run_token: args.require_str("runToken")?,
        stage,
        status: args.require_str("status")?,
        run_status: args.str("runStatus"),
        event_note: args.str("eventNote"),
        extra: extra(args, stage)?,
    };
    let api = ctx.org_api(org, args.region());
    let run: Run = api.post(&api_path(&["organizations", org, "onboarding", "agent", "status"]), &update)?;

    let mut md = Md::titled(&format!("Onboarding progress reported to {org}"));
    md.field("Stage", format!("`{stage}`")).field("Status", update.status);
    md.field_opt("Note", update.event_note);
    if let Some(Value::Object(extra)) = &update.extra {
        for (key, items) in extra {
            let label = if key == "projectSlugs" { "Projects" } else { "Issues" };
            let list: Vec<String> =
                items.as_array().into_iter().flatten().filter_map(Value::as_str).map(|s| format!("`{s}`")).collect();
            md.field(label, list.join(", "));
        }
    }
    md.field("Run", run.run_status.as_deref().unwrap_or(update.run_status.unwrap_or("active")));
    md.field_opt("Updates so far", run.sequence);
    let done: Vec<String> = run
        .stages
        .iter()
        .filter_map(|s| s.status.as_deref().map(|status| format!("`{}`: {status}", s.stage)))
        .collect();
    if !done.is_empty() {
        md.section("Stages reported");
        for line in done {
            md.bullet(line);
        }
    }
    if run.continue_updates == Some(false) {
        md.para("The run is closed: Sentry takes no more updates for this token.");
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("create_project", "create the project for the app being set up"),
            ("find_dsns", "get the DSN to configure the SDK with"),
            ("search_issues", "look for the verification error once it was sent"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

/// `extra` for the stages that carry lists; lists with other stages are refused.
fn extra(args: &Args, stage: &str) -> Result<Option<Value>, ToolError> {
    let (projects, issues) = (args.strings("projectSlugs"), args.strings("issueIds"));
    match stage {
        "create_project" if !issues.is_empty() => input("`issueIds` go with stage `receive_verification_error`"),
        "receive_verification_error" if !projects.is_empty() => input("`projectSlugs` go with stage `create_project`"),
        "create_project" if !projects.is_empty() => Ok(Some(json!({"projectSlugs": projects}))),
        "receive_verification_error" if !issues.is_empty() => Ok(Some(json!({"issueIds": issues}))),
        _ if !projects.is_empty() => input("`projectSlugs` go with stage `create_project` only"),
        _ if !issues.is_empty() => input("`issueIds` go with stage `receive_verification_error` only"),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn the_update_is_posted_in_sentrys_schema() {
        let answer = r#"{"runStatus":"active","sequence":2,"continueUpdates":true,
            "stages":[{"stage":"connect_mcp","status":"completed"},{"stage":"create_project","status":"completed"},
            {"stage":"instrument_app","status":null}]}"#;
        let io = Rc::new(FakeIo::default().route(
            "POST https://sentry.io/api/0/organizations/acme/onboarding/agent/status/",
            200,
            answer,
        ));
        let ctx = Ctx::test(io.clone(), &[], &[("skills", "all")], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "runToken": "abcde12345",
            "stage": "create_project", "status": "completed", "projectSlugs": ["checkout"], "eventNote": "done"}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# Onboarding progress reported to acme\n\n**Stage**: `create_project`\n**Status**: completed\n**Note**: done\n**Projects**: `checkout`\n**Run**: active\n**Updates so far**: 2\n"), "{text}");
        assert!(
            text.contains("## Stages reported\n\n- `connect_mcp`: completed\n- `create_project`: completed\n\n"),
            "{text}"
        );
        let sent: Value = serde_json::from_str(io.bodies.borrow().last().unwrap().as_deref().unwrap()).unwrap();
        assert_eq!(
            sent,
            json!({"schemaVersion": 1, "runToken": "abcde12345", "stage": "create_project", "status": "completed",
                   "eventNote": "done", "extra": {"projectSlugs": ["checkout"]}})
        );
    }

    #[test]
    fn lists_with_the_wrong_stage_are_refused() {
        let args = Args::from_json(json!({"issueIds": ["WEB-1"]}));
        let err = extra(&args, "connect_mcp").unwrap_err();
        assert!(err.to_string().contains("`issueIds` go with stage `receive_verification_error`"), "{err}");
        assert_eq!(extra(&args, "receive_verification_error").unwrap(), Some(json!({"issueIds": ["WEB-1"]})));
    }
}
