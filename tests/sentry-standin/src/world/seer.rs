//! Seer autofix runs. Starting a run records it; every later GET of the issue's autofix state
//! advances it one step: `processing` (investigating) → `processing` (root cause found) →
//! `completed` (solution and a code change with a pull request) on the third GET.

use serde_json::{Value, json};

use super::model::{AutofixText, CodeChange, Issue};
use crate::clock;

/// GETs after which a run is complete.
pub(crate) const STEPS_TO_COMPLETE: u32 = 3;

/// One Seer run on one issue.
#[derive(Debug, Clone)]
pub(crate) struct AutofixRun {
    pub run_id: u64,
    /// How many times its state was read since it started.
    pub polls: u32,
    pub instruction: String,
}

impl AutofixRun {
    pub(crate) fn new(run_id: u64, instruction: String) -> Self {
        Self { run_id, polls: 0, instruction }
    }

    /// Advances one step (up to completion) and returns the state Sentry's GET answers.
    pub(crate) fn poll(&mut self, findings: &AutofixText) -> Value {
        self.polls = (self.polls + 1).min(STEPS_TO_COMPLETE);
        self.state(findings)
    }

    fn state(&self, findings: &AutofixText) -> Value {
        let step = self.polls;
        let done = step >= STEPS_TO_COMPLETE;
        let [read, cause, fix] = match step {
            0 | 1 => ["in_progress", "pending", "pending"],
            2 => ["completed", "completed", "in_progress"],
            _ => ["completed", "completed", "completed"],
        };
        let todos = json!([
            { "content": "Read the stack trace, breadcrumbs and trace", "status": read },
            { "content": "Find the root cause", "status": cause },
            { "content": "Plan and write a fix", "status": fix },
        ]);
        let mut blocks = vec![json!({
            "id": format!("{}-1", self.run_id),
            "message": { "role": "assistant", "content": "Investigating the latest event of this issue." },
            "artifacts": if step >= 2 { json!([{ "key": "root_cause", "data": findings.root_cause }]) } else { json!([]) },
            "todos": todos,
        })];
        if done {
            blocks.push(json!({
                "id": format!("{}-2", self.run_id),
                "message": { "role": "assistant", "content": "Proposed a fix and opened a pull request." },
                "artifacts": [
                    { "key": "solution", "data": findings.solution },
                    { "key": "code_changes", "data": code_changes(&findings.repo, &findings.code_change) },
                ],
                "todos": todos,
            }));
        }
        let prs = if done { pr_states(&findings.repo, &findings.code_change) } else { json!({}) };
        json!({
            "autofix": {
                "run_id": self.run_id,
                "status": if done { "completed" } else { "processing" },
                "updated_at": clock::now_iso(),
                "instruction": self.instruction,
                "blocks": blocks,
                "pending_user_input": null,
                "repo_pr_states": prs,
                "coding_agents": {},
            }
        })
    }
}

fn code_changes(repo: &str, change: &CodeChange) -> Value {
    json!({ "changes": [{ "repo_name": repo, "path": change.file, "title": change.title, "diff": change.diff }] })
}

fn pr_states(repo: &str, change: &CodeChange) -> Value {
    json!({
        repo: {
            "pr_url": format!("https://github.com/{repo}/pull/{}", change.pr_number),
            "pr_number": change.pr_number,
            "title": change.title,
            "branch": format!("seer/fix-{}", change.pr_number),
            "status": "open",
        }
    })
}

/// Seer's findings for an issue without written ones: built from its title and culprit.
pub(crate) fn generic_findings(issue: &Issue, repo: &str) -> AutofixText {
    let culprit = issue.culprit.clone().unwrap_or_else(|| "the application".into());
    AutofixText {
        repo: repo.to_owned(),
        root_cause: json!({
            "one_line_description": format!("{} is raised in {culprit} when its input is missing.", issue.title),
            "five_whys": [
                format!("The latest event fails with \"{}\".", issue.title),
                format!("{culprit} does not check the value it receives before using it."),
            ],
            "reproduction_steps": ["Replay the request of the latest event."],
        }),
        solution: json!({
            "one_line_summary": format!("Validate the input of {culprit} and handle the failure explicitly."),
            "steps": [
                { "title": "Add a guard", "description": format!("Check the value at the top of {culprit}.") },
                { "title": "Add a test", "description": "Cover the failing input with a regression test." },
            ],
        }),
        code_change: CodeChange {
            file: issue
                .extra
                .get("metadata")
                .and_then(|m| m.get("filename"))
                .and_then(Value::as_str)
                .unwrap_or("src/app")
                .to_owned(),
            title: format!("fix: handle the failure behind {}", issue.short_id),
            diff: String::new(),
            pr_number: 500 + issue.id.parse::<u64>().unwrap_or_default() % 100,
        },
    }
}
