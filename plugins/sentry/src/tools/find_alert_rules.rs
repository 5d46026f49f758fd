//! `find_alert_rules`: an organization's issue alerts (workflows,
//! `GET /api/0/organizations/{org}/workflows/`) and metric alerts
//! (`GET /api/0/organizations/{org}/alert-rules/`). The rule types and their
//! one-line summaries are shared with `get_alert_rule`.

use serde::Deserialize;

use crate::api::{Api, Page, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{Scalar, User, lenient};
use crate::reply::{Reply, ToolError};

/// An issue alert, as a workflow.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Workflow {
    /// Numeric id.
    pub id: Scalar,
    /// Its name.
    pub name: String,
    /// Whether it is on.
    pub enabled: Option<bool>,
    /// Environment it watches.
    #[serde(deserialize_with = "lenient")]
    pub environment: Option<String>,
    /// Minutes between notifications of one issue.
    pub frequency: Option<i64>,
    /// Owning team or user.
    #[serde(deserialize_with = "lenient")]
    pub owner: Option<Owner>,
    /// Who made it.
    #[serde(deserialize_with = "lenient")]
    pub created_by: Option<User>,
    /// When it was made.
    #[serde(deserialize_with = "lenient")]
    pub date_created: Option<String>,
    /// When it last fired.
    #[serde(deserialize_with = "lenient")]
    pub last_triggered: Option<String>,
    /// The conditions that start it.
    #[serde(deserialize_with = "lenient")]
    pub triggers: Option<ConditionGroup>,
    /// Filters and the actions they lead to.
    pub action_filters: Vec<ConditionGroup>,
}

/// A group of conditions with actions.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ConditionGroup {
    /// `any`, `all`, `any-short`, ...
    pub logic_type: String,
    /// The conditions.
    pub conditions: Vec<Condition>,
    /// What happens.
    pub actions: Vec<Action>,
}

/// One condition.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Condition {
    /// Its type, e.g. `first_seen_event`.
    pub r#type: String,
    /// What it compares with.
    pub comparison: serde_json::Value,
}

/// One action of an issue alert.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Action {
    /// `slack`, `email`, `pagerduty`, ...
    pub r#type: String,
    /// Its target.
    pub config: ActionConfig,
}

/// Where an action goes.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ActionConfig {
    /// Human name of the target.
    #[serde(deserialize_with = "lenient")]
    pub target_display: Option<String>,
    /// Machine id of the target.
    #[serde(deserialize_with = "lenient")]
    pub target_identifier: Option<String>,
}

/// An owner reference of a workflow.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Owner {
    /// `team` or `user`.
    pub r#type: String,
    /// Its name.
    pub name: String,
}

/// A metric alert.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MetricRule {
    /// Numeric id.
    pub id: Scalar,
    /// Its name.
    pub name: String,
    /// 0 active, 1 disabled.
    pub status: Option<i64>,
    /// The dataset queried.
    #[serde(deserialize_with = "lenient")]
    pub dataset: Option<String>,
    /// The filter.
    #[serde(deserialize_with = "lenient")]
    pub query: Option<String>,
    /// The aggregate, e.g. `p95(span.duration)`.
    #[serde(deserialize_with = "lenient")]
    pub aggregate: Option<String>,
    /// Window in minutes.
    pub time_window: Option<f64>,
    /// 0 above, 1 below.
    pub threshold_type: Option<i64>,
    /// The resolve threshold.
    pub resolve_threshold: Option<f64>,
    /// Environment it watches.
    #[serde(deserialize_with = "lenient")]
    pub environment: Option<String>,
    /// `team:ID` or `user:ID`.
    #[serde(deserialize_with = "lenient")]
    pub owner: Option<String>,
    /// Project slugs.
    pub projects: Vec<String>,
    /// When it was made.
    #[serde(deserialize_with = "lenient")]
    pub date_created: Option<String>,
    /// Warning/critical triggers.
    pub triggers: Vec<MetricTrigger>,
}

/// A threshold of a metric alert.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MetricTrigger {
    /// `critical` or `warning`.
    pub label: String,
    /// The threshold.
    pub alert_threshold: Option<f64>,
    /// Who hears about it.
    pub actions: Vec<MetricAction>,
}

/// An action of a metric trigger.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MetricAction {
    /// `slack`, `email`, ...
    pub r#type: String,
    /// Its target.
    #[serde(deserialize_with = "lenient")]
    pub target_identifier: Option<String>,
}

impl Workflow {
    /// `on` / `off`.
    pub fn state(&self) -> &'static str {
        if self.enabled.unwrap_or(true) { "enabled" } else { "disabled" }
    }

    /// Every action's type and target, e.g. `slack #frontend-alerts`.
    pub fn actions(&self) -> Vec<String> {
        let groups = self.triggers.iter().chain(&self.action_filters);
        groups.flat_map(|g| &g.actions).map(describe_action).collect()
    }
}

/// `slack #alerts`.
pub fn describe_action(a: &Action) -> String {
    let target = a.config.target_display.clone().or_else(|| a.config.target_identifier.clone());
    match target {
        Some(t) => format!("{} {t}", a.r#type),
        None => a.r#type.clone(),
    }
}

impl MetricRule {
    /// `active` / `disabled`.
    pub fn state(&self) -> &'static str {
        if self.status.unwrap_or(0) == 0 { "active" } else { "disabled" }
    }

    /// `p95(span.duration) above 800 over 10 min`.
    pub fn threshold(&self) -> String {
        let dir = if self.threshold_type == Some(1) { "below" } else { "above" };
        let crit = self.triggers.iter().find(|t| t.label == "critical").and_then(|t| t.alert_threshold);
        let window = self.time_window.map(|w| format!(" over {w} min")).unwrap_or_default();
        format!(
            "{} {dir} {}{window}",
            self.aggregate.as_deref().unwrap_or("?"),
            crit.map(|c| c.to_string()).unwrap_or_else(|| "?".into())
        )
    }
}

/// Lists issue alerts.
pub fn workflows(api: &Api<'_>, org: &str, query: Query) -> Result<Page<Vec<Workflow>>, ToolError> {
    Ok(api.get_page(&api_path(&["organizations", org, "workflows"]), &query)?)
}

/// Lists metric alerts.
pub fn metric_rules(api: &Api<'_>, org: &str, query: Query) -> Result<Page<Vec<MetricRule>>, ToolError> {
    Ok(api.get_page(&api_path(&["organizations", org, "alert-rules"]), &query)?)
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let kind = args.str("kind").unwrap_or("all");
    let project = args.str("projectSlug");
    let name = args.str("query");
    let limit = args.int("limit").unwrap_or(25).clamp(1, 100);
    let api = ctx.org_api(org, args.region());
    let scope = project.map(|p| format!("{org}/{p}")).unwrap_or_else(|| org.to_string());
    let mut md = Md::titled(&format!("Alert rules in {scope}"));
    md.field_opt("Name contains", name.map(|n| format!("{n:?}")));
    if kind != "metric" {
        let q = Query::new()
            .opt("projectSlug", project)
            .opt("query", name)
            .opt("cursor", args.str("cursor"))
            .push("per_page", limit);
        let page = workflows(&api, org, q)?;
        md.section(&format!("Issue alerts ({})", page.items.len()));
        if page.items.is_empty() {
            md.para("None.");
        }
        for w in &page.items {
            let owner = w.owner.as_ref().map(|o| format!(", owner {} {}", o.r#type, o.name)).unwrap_or_default();
            let fired = w.last_triggered.as_deref().map(|t| format!(", last fired {t}")).unwrap_or_default();
            md.bullet(format!("**{}** (id {}, {}{owner}{fired}) → {}", w.name, w.id, w.state(), list(&w.actions())));
        }
        if let Some(c) = page.next_cursor {
            md.para(&format!("More issue alerts exist; pass `cursor: \"{c}\"`."));
        }
    }
    if kind != "issue" {
        let q = Query::new().opt("project", project).push("per_page", 100);
        let page = metric_rules(&api, org, q)?;
        let wanted = name.map(str::to_lowercase);
        let rules: Vec<&MetricRule> = page
            .items
            .iter()
            .filter(|r| wanted.as_deref().is_none_or(|n| r.name.to_lowercase().contains(n)))
            .take(limit as usize)
            .collect();
        md.section(&format!("Metric alerts ({})", rules.len()));
        if rules.is_empty() {
            md.para("None.");
        }
        for r in rules {
            md.bullet(format!(
                "**{}** (id {}, {}, projects {}): {}",
                r.name,
                r.id,
                r.state(),
                list(&r.projects),
                r.threshold()
            ));
        }
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("get_alert_rule", "see one rule's conditions, thresholds and actions")],
    ));
    Ok(Reply::text(md.finish()))
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "-".into() } else { items.join(", ") }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const WORKFLOW: &str = r##"{"id":"7001","name":"Notify on new web issues","enabled":true,
        "owner":{"type":"team","id":"4001","name":"frontend"},"lastTriggered":"2026-08-15T16:02:11Z",
        "triggers":{"logicType":"any-short","conditions":[{"type":"first_seen_event","comparison":true}],"actions":[]},
        "actionFilters":[{"logicType":"all","conditions":[{"type":"level","comparison":{"match":"gte","level":40}}],
        "actions":[{"type":"slack","config":{"targetDisplay":"#frontend-alerts"}}]}]}"##;
    const METRIC: &str = r##"{"id":"8001","name":"API p95 latency above 800ms","status":0,
        "aggregate":"p95(span.duration)","timeWindow":10,"thresholdType":0,"projects":["api"],
        "triggers":[{"label":"critical","alertThreshold":800,"actions":[{"type":"slack","targetIdentifier":"#api-alerts"}]}]}"##;

    #[test]
    fn both_kinds_are_listed_with_owners_actions_and_thresholds() {
        let io = FakeIo::default()
            .route(
                "GET https://us.sentry.io/api/0/organizations/acme/workflows/?per_page=25",
                200,
                &format!("[{WORKFLOW}]"),
            )
            .route(
                "GET https://us.sentry.io/api/0/organizations/acme/alert-rules/?per_page=100",
                200,
                &format!("[{METRIC}]"),
            );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme"}))).unwrap().text;
        assert!(text.contains(
            "- **Notify on new web issues** (id 7001, enabled, owner team frontend, last fired 2026-08-15T16:02:11Z) → slack #frontend-alerts"
        ), "{text}");
        assert!(text.contains(
            "- **API p95 latency above 800ms** (id 8001, active, projects api): p95(span.duration) above 800 over 10 min"
        ), "{text}");
    }
}
