//! `analyze_issue_with_seer`: Seer's root cause and fix for an issue. A
//! finished earlier analysis is shown at once; otherwise a run is started
//! (`POST /organizations/{org}/issues/{id}/autofix/`) and polled every
//! `seer_poll_ms` for up to `seer_max_wait_secs` inside the call, reporting
//! progress each time. A cancelled call or a near deadline ends the wait and
//! shows what Seer has so far.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::issue_scope;
use crate::md::{Md, one_line, truncate};
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError};

/// `GET .../autofix/`: the issue's latest run, if any.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AutofixState {
    #[serde(deserialize_with = "lenient")]
    autofix: Option<Run>,
}

/// One Seer run.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Run {
    #[serde(deserialize_with = "lenient")]
    run_id: Option<Scalar>,
    #[serde(deserialize_with = "lenient")]
    status: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    blocks: Vec<Block>,
    #[serde(deserialize_with = "lenient")]
    repo_pr_states: Option<BTreeMap<String, PrState>>,
    #[serde(deserialize_with = "lenient")]
    updated_at: Option<String>,
}

/// A step of a run: what Seer said, its to-dos and its findings.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Block {
    #[serde(deserialize_with = "lenient")]
    message: Option<Message>,
    #[serde(deserialize_with = "lenient_list")]
    todos: Vec<Todo>,
    #[serde(deserialize_with = "lenient_list")]
    artifacts: Vec<Artifact>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Message {
    content: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Todo {
    content: String,
    status: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Artifact {
    key: String,
    data: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PrState {
    #[serde(deserialize_with = "lenient")]
    pr_url: Option<String>,
    #[serde(deserialize_with = "lenient")]
    title: Option<String>,
    #[serde(deserialize_with = "lenient")]
    status: Option<String>,
}

impl Run {
    fn is_running(&self) -> bool {
        matches!(
            self.status.as_deref().map(str::to_ascii_lowercase).as_deref(),
            Some("processing" | "pending" | "in_progress" | "started" | "running") | None
        )
    }

    fn is_failed(&self) -> bool {
        matches!(self.status.as_deref().map(str::to_ascii_lowercase).as_deref(), Some("error" | "failed" | "cancelled"))
    }

    /// What Seer is doing now, for progress messages.
    fn activity(&self) -> String {
        let last = self.blocks.iter().rev().find_map(|b| {
            b.todos
                .iter()
                .find(|t| t.status == "in_progress")
                .map(|t| t.content.clone())
                .or_else(|| b.message.as_ref().map(|m| m.content.clone()))
        });
        last.unwrap_or_else(|| format!("Seer is {}", self.status.as_deref().unwrap_or("starting")))
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let target = issue_scope::target(ctx, args)?;
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    let issue = issue_scope::fetch(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "autofix"]);
    let instruction = args.str("instruction");
    let existing = api.get::<AutofixState>(&path, &Query::new())?.autofix;
    let (run, started, stopped) = match existing {
        Some(run) if instruction.is_none() && !run.is_running() && !run.is_failed() => (run, false, false),
        Some(run) if instruction.is_none() && run.is_running() => {
            let (run, stopped) = poll(ctx, &api, &path, run)?;
            (run, false, stopped)
        }
        _ => {
            let mut body = Map::new();
            if let Some(event) = &target.event_id {
                body.insert("event_id".into(), json!(event));
            }
            if let Some(text) = instruction {
                body.insert("instruction".into(), json!(text));
            }
            let _: Value = api.post(&path, &body)?;
            ctx.io().progress(0.0, None, Some("Seer started analyzing the issue"));
            let (run, stopped) = poll(ctx, &api, &path, Run::default())?;
            (run, true, stopped)
        }
    };
    let mut md = Md::titled(&format!("Seer analysis of issue {} in {org}", issue.label()));
    md.field("Issue", truncate(&issue.title, 200));
    render(&mut md, &run, started, stopped);
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_details", "check Seer's findings against the event"),
            ("update_issue", "resolve the issue once the fix ships"),
            ("add_issue_note", "record the root cause on the issue"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

/// Polls until the run finishes, the wait budget is spent, or the host says stop.
/// Returns the last state and whether the wait ended before Seer finished.
fn poll(ctx: &Ctx, api: &Api<'_>, path: &str, mut run: Run) -> Result<(Run, bool), ToolError> {
    let poll_ms = ctx.config.seer_poll_ms.max(1);
    let polls = (u64::from(ctx.config.seer_max_wait_secs) * 1000 / u64::from(poll_ms)).max(1);
    for n in 1..=polls {
        if !ctx.io().wait(poll_ms) {
            return Ok((run, true));
        }
        if let Some(latest) = api.get::<AutofixState>(path, &Query::new())?.autofix {
            run = latest;
        }
        ctx.io().progress(n as f64, None, Some(&truncate(&one_line(&run.activity()), 200)));
        if !run.is_running() {
            return Ok((run, false));
        }
    }
    Ok((run, true))
}

fn render(md: &mut Md, run: &Run, started: bool, stopped: bool) {
    md.field_opt("Run", run.run_id.as_ref());
    md.field("Status", run.status.as_deref().unwrap_or("starting"));
    md.field_opt("Updated", run.updated_at.as_deref());
    if !started {
        md.field("Analysis", "an earlier Seer run (pass `instruction` to start a new one)");
    }
    if stopped && run.is_running() {
        md.para(
            "Seer is still working; the wait for this call ended first. Call this tool again later (without \
             `instruction`) to read the result.",
        );
    }
    if run.is_failed() {
        md.para("Seer could not finish this analysis. Try again, or pass `instruction` to steer it.");
    }
    for artifact in run.blocks.iter().flat_map(|b| &b.artifacts) {
        write_artifact(md, artifact);
    }
    if let Some(prs) = run.repo_pr_states.as_ref().filter(|p| !p.is_empty()) {
        md.section("Pull requests");
        for (repo, pr) in prs {
            let url = pr.pr_url.as_deref().unwrap_or("(no link yet)");
            let state = pr.status.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            md.bullet(format!("{repo}: {} — {url}{state}", pr.title.as_deref().unwrap_or("pull request")));
        }
    }
    let todos: Vec<&Todo> = run.blocks.last().map(|b| b.todos.iter().collect()).unwrap_or_default();
    if !todos.is_empty() {
        md.section("Progress");
        for t in todos {
            let mark = if t.status == "completed" { "x" } else { " " };
            md.bullet(format!("[{mark}] {} ({})", t.content, t.status));
        }
    }
}

fn write_artifact(md: &mut Md, a: &Artifact) {
    let text = |key: &str| a.data.get(key).and_then(Value::as_str).map(str::to_string);
    let list = |key: &str| -> Vec<String> {
        a.data
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => {
                    let title = o.get("title").and_then(Value::as_str).unwrap_or_default();
                    let desc = o.get("description").and_then(Value::as_str).unwrap_or_default();
                    Some(format!("**{title}**: {desc}"))
                }
                _ => None,
            })
            .collect()
    };
    match a.key.as_str() {
        "root_cause" => {
            md.section("Root cause");
            if let Some(line) = text("one_line_description") {
                md.para(&line);
            }
            let whys = list("five_whys");
            if !whys.is_empty() {
                md.subsection("Why it happens");
                for (i, why) in whys.iter().enumerate() {
                    md.raw(&format!("{}. {why}\n", i + 1));
                }
            }
            let steps = list("reproduction_steps");
            if !steps.is_empty() {
                md.subsection("To reproduce");
                for step in steps {
                    md.bullet(step);
                }
            }
        }
        "solution" => {
            md.section("Proposed fix");
            if let Some(line) = text("one_line_summary") {
                md.para(&line);
            }
            for step in list("steps") {
                md.bullet(step);
            }
        }
        "code_changes" => {
            md.section("Code changes");
            for change in a.data.get("changes").and_then(Value::as_array).into_iter().flatten() {
                let get = |k: &str| change.get(k).and_then(Value::as_str).unwrap_or("?");
                md.bullet(format!("{} `{}`: {}", get("repo_name"), get("path"), get("title")));
            }
        }
        other => {
            md.section(other);
            md.para(&truncate(&one_line(&a.data.to_string()), 1500));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const BASE: &str = "https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/";
    const DONE: &str = r#"{"autofix":{"run_id":7,"status":"completed","blocks":[{"artifacts":[
        {"key":"root_cause","data":{"one_line_description":"The form reads order.id of a failed response.",
          "five_whys":["The API answered 500."],"reproduction_steps":["Order with SUMMER10."]}},
        {"key":"solution","data":{"one_line_summary":"Check the response.","steps":[{"title":"Guard","description":"Check ok."}]}}],
        "todos":[{"content":"Find the root cause","status":"completed"}]}],
        "repo_pr_states":{"acme/web":{"pr_url":"https://github.com/acme/web/pull/1","title":"fix","status":"open"}}}}"#;

    fn io() -> FakeIo {
        FakeIo::default().route(
            &format!("GET {BASE}"),
            200,
            r#"{"id":"3001","shortId":"WEB-1","title":"TypeError: x"}"#,
        )
    }

    fn ctx(io: std::rc::Rc<FakeIo>) -> Ctx {
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[("seer_poll_ms", "100")], &[])
    }

    #[test]
    fn a_finished_earlier_analysis_is_shown_without_starting_a_run() {
        let io = std::rc::Rc::new(io().route(&format!("GET {BASE}autofix/"), 200, DONE));
        let text = run(&ctx(io.clone()), &Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1"})))
            .unwrap()
            .text;
        assert!(!io.requests.borrow().iter().any(|r| r.starts_with("POST")));
        for part in [
            "# Seer analysis of issue WEB-1 in acme\n",
            "**Status**: completed\n",
            "## Root cause\n\nThe form reads order.id of a failed response.\n",
            "1. The API answered 500.\n",
            "- **Guard**: Check ok.\n",
            "- acme/web: fix — https://github.com/acme/web/pull/1 (open)\n",
        ] {
            assert!(text.contains(part), "missing {part:?} in {text}");
        }
    }

    #[test]
    fn a_new_run_is_started_and_the_wait_stops_when_the_host_says_so() {
        let fake = io().route(&format!("POST {BASE}autofix/"), 202, r#"{"run_id":7}"#).route(
            &format!("GET {BASE}autofix/"),
            200,
            r#"{"autofix":{"run_id":7,"status":"processing","blocks":[
                {"todos":[{"content":"Read the stack trace","status":"in_progress"}]}]}}"#,
        );
        *fake.waits_left.borrow_mut() = 2;
        let io = std::rc::Rc::new(fake);
        let args = json!({"organizationSlug": "acme", "issueId": "WEB-1", "instruction": "look at the API"});
        let text = run(&ctx(io.clone()), &Args::from_json(args)).unwrap().text;
        assert_eq!(io.bodies.borrow()[2].as_deref(), Some(r#"{"instruction":"look at the API"}"#));
        assert_eq!(io.progress.borrow().len(), 3, "{:?}", io.progress.borrow());
        assert!(io.progress.borrow()[1].ends_with("Read the stack trace"), "{:?}", io.progress.borrow());
        assert!(text.contains("Seer is still working; the wait for this call ended first."), "{text}");
        assert!(text.contains("- [ ] Read the stack trace (in_progress)"), "{text}");
    }
}
