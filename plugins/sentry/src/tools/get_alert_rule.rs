//! `get_alert_rule`: one alert rule in full. An issue alert is read from
//! `GET /api/0/organizations/{org}/workflows/?id=…`, a metric alert from
//! `GET /api/0/organizations/{org}/alert-rules/{id}/`; a name is looked up
//! through the same list endpoints.

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::reply::{Reply, ToolError, input};
use crate::tools::find_alert_rules::{ConditionGroup, MetricRule, Workflow, describe_action, metric_rules, workflows};

/// The rule found.
enum Rule {
    Issue(Workflow),
    Metric(MetricRule),
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let wanted = args.require_str("ruleIdOrName")?;
    let kind = args.str("kind").unwrap_or("all");
    let project = args.str("projectSlug");
    let api = ctx.org_api(org, args.region());
    let by_id = wanted.chars().all(|c| c.is_ascii_digit());
    let mut found = None;
    if kind != "metric" {
        let q = if by_id { Query::new().push("id", wanted) } else { Query::new().push("query", wanted) };
        let page = workflows(&api, org, q.opt("projectSlug", project).push("per_page", 100))?;
        found = pick(page.items, |w| if by_id { w.id.0 == wanted } else { w.name.eq_ignore_ascii_case(wanted) })
            .map(Rule::Issue);
    }
    if found.is_none() && kind != "issue" {
        found = metric(&api, org, wanted, by_id, project)?.map(Rule::Metric);
    }
    let Some(rule) = found else {
        let what = match kind {
            "issue" => "issue alert",
            "metric" => "metric alert",
            _ => "alert rule",
        };
        let how = if by_id { "id" } else { "name" };
        return input(format!(
            "no {what} of {org:?} has the {how} {wanted:?}; `find_alert_rules` lists the rules and their ids"
        ));
    };
    Ok(Reply::text(match rule {
        Rule::Issue(w) => render_issue(ctx, org, &w),
        Rule::Metric(m) => render_metric(ctx, org, &m),
    }))
}

fn pick<T>(items: Vec<T>, matches: impl Fn(&T) -> bool) -> Option<T> {
    items.into_iter().find(|i| matches(i))
}

fn metric(
    api: &Api<'_>,
    org: &str,
    wanted: &str,
    by_id: bool,
    project: Option<&str>,
) -> Result<Option<MetricRule>, ToolError> {
    if by_id {
        return match api.get(&api_path(&["organizations", org, "alert-rules", wanted]), &Query::new()) {
            Ok(rule) => Ok(Some(rule)),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e.into()),
        };
    }
    let page = metric_rules(api, org, Query::new().opt("project", project).push("per_page", 100))?;
    Ok(pick(page.items, |r| r.name.eq_ignore_ascii_case(wanted)))
}

fn render_issue(ctx: &Ctx, org: &str, w: &Workflow) -> String {
    let mut md = Md::titled(&format!("Issue alert {:?} in {org}", w.name));
    md.field("ID", &w.id);
    md.field("Kind", "issue alert");
    md.field("State", w.state());
    md.field_opt("Environment", w.environment.as_deref());
    md.field_opt("Frequency", w.frequency.map(|f| format!("at most once every {f} min per issue")));
    md.field_opt("Owner", w.owner.as_ref().map(|o| format!("{} {}", o.r#type, o.name)));
    md.field_opt("Created by", w.created_by.as_ref().map(crate::tools::find_dashboards::person));
    md.field_opt("Created", w.date_created.as_deref());
    md.field_opt("Last fired", w.last_triggered.as_deref());
    if let Some(t) = &w.triggers {
        md.section("When");
        group(&mut md, t);
    }
    for f in &w.action_filters {
        md.section("Filter and actions");
        group(&mut md, f);
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("search_issues", "see the issues this rule watches"), ("find_alert_rules", "list the other rules")],
    ));
    md.finish()
}

fn group(md: &mut Md, g: &ConditionGroup) {
    md.field("Match", if g.logic_type.is_empty() { "all" } else { &g.logic_type });
    for c in &g.conditions {
        let cmp = match &c.comparison {
            serde_json::Value::Null => String::new(),
            v => format!(" ({v})"),
        };
        md.bullet(format!("condition `{}`{cmp}", c.r#type));
    }
    for a in &g.actions {
        md.bullet(format!("action: {}", describe_action(a)));
    }
}

fn render_metric(ctx: &Ctx, org: &str, m: &MetricRule) -> String {
    let mut md = Md::titled(&format!("Metric alert {:?} in {org}", m.name));
    md.field("ID", &m.id);
    md.field("Kind", "metric alert");
    md.field("State", m.state());
    md.field("Projects", m.projects.join(", "));
    md.field_opt("Dataset", m.dataset.as_deref());
    md.field_opt("Aggregate", m.aggregate.as_deref());
    md.field_opt("Query", m.query.as_deref().map(|q| format!("`{q}`")));
    md.field_opt("Window", m.time_window.map(|w| format!("{w} min")));
    md.field("Fires when", m.threshold());
    md.field_opt("Resolves at", m.resolve_threshold);
    md.field_opt("Environment", m.environment.as_deref());
    md.field_opt("Owner", m.owner.as_deref());
    md.field_opt("Created", m.date_created.as_deref());
    md.section("Triggers");
    for t in &m.triggers {
        let actions: Vec<String> = t
            .actions
            .iter()
            .map(|a| format!("{} {}", a.r#type, a.target_identifier.as_deref().unwrap_or("")).trim().to_string())
            .collect();
        let threshold = t.alert_threshold.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
        let notify = if actions.is_empty() { "no actions".to_string() } else { actions.join(", ") };
        md.bullet(format!("**{}** at {threshold} → {notify}", t.label));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("search_events", "chart the metric this rule watches"), ("find_alert_rules", "list the other rules")],
    ));
    md.finish()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const BASE: &str = "GET https://us.sentry.io/api/0/organizations/acme/";

    fn ctx(io: FakeIo) -> Ctx {
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[])
    }

    #[test]
    fn a_numeric_id_that_is_no_issue_alert_is_read_as_a_metric_alert() {
        let io = FakeIo::default().route(&format!("{BASE}workflows/?id=8001&per_page=100"), 200, "[]").route(
            &format!("{BASE}alert-rules/8001/"),
            200,
            r##"{"id":"8001","name":"API p95 latency","aggregate":"p95(span.duration)","timeWindow":10,"projects":["api"],
                "triggers":[{"label":"critical","alertThreshold":800,"actions":[{"type":"slack","targetIdentifier":"#api"}]}]}"##,
        );
        let text =
            run(&ctx(io), &Args::from_json(json!({"organizationSlug": "acme", "ruleIdOrName": "8001"}))).unwrap().text;
        assert!(text.starts_with("# Metric alert \"API p95 latency\" in acme\n\n**ID**: 8001\n"), "{text}");
        assert!(text.contains("**Fires when**: p95(span.duration) above 800 over 10 min\n"), "{text}");
        assert!(text.contains("- **critical** at 800 → slack #api"), "{text}");
    }

    #[test]
    fn an_unknown_name_is_an_input_error() {
        let io = FakeIo::default().route(&format!("{BASE}workflows/?query=nope&per_page=100"), 200, "[]").route(
            &format!("{BASE}alert-rules/?per_page=100"),
            200,
            "[]",
        );
        let err = run(&ctx(io), &Args::from_json(json!({"organizationSlug": "acme", "ruleIdOrName": "nope"})))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no alert rule of \"acme\" has the name \"nope\""), "{err}");
    }
}
