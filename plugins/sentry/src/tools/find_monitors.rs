//! `find_monitors`: an organization's cron monitors
//! (`GET /api/0/organizations/{org}/monitors/`), optionally for one project,
//! environment, owner or text. The [`CronMonitor`] model and its markdown
//! live here for `get_monitor_details`.

use serde::Deserialize;
use serde_json::Value;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::models::{Project, Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError};
use crate::tools::get_uptime_monitor_details::Actor;

/// A cron monitor (`GET /api/0/organizations/{org}/monitors/{slug}/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CronMonitor {
    /// Its id (a UUID).
    pub id: Scalar,
    /// Its slug, e.g. `nightly-backup`.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// `active` or `disabled`.
    #[serde(deserialize_with = "lenient")]
    pub status: Option<String>,
    /// Whether its alerts are muted.
    #[serde(deserialize_with = "lenient")]
    pub is_muted: Option<bool>,
    /// Its project.
    #[serde(deserialize_with = "lenient")]
    pub project: Option<Project>,
    /// Its owner.
    #[serde(deserialize_with = "lenient")]
    pub owner: Option<Actor>,
    /// The schedule and thresholds.
    #[serde(deserialize_with = "lenient")]
    pub config: Option<CronConfig>,
    /// Its state per environment.
    #[serde(deserialize_with = "lenient_list")]
    pub environments: Vec<CronEnvironment>,
    /// The latest check-in.
    #[serde(deserialize_with = "lenient")]
    pub last_check_in: Option<String>,
    /// When the next check-in is due.
    #[serde(deserialize_with = "lenient")]
    pub next_check_in: Option<String>,
    /// When it was created.
    #[serde(deserialize_with = "lenient")]
    pub date_created: Option<String>,
}

/// A cron monitor's schedule and thresholds (Sentry spells these in snake case).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CronConfig {
    /// `crontab` or `interval`.
    #[serde(deserialize_with = "lenient")]
    pub schedule_type: Option<String>,
    /// A crontab string, or `[n, "unit"]` for an interval.
    pub schedule: Value,
    /// Minutes a check-in may be late.
    #[serde(deserialize_with = "lenient")]
    pub checkin_margin: Option<u64>,
    /// Minutes a run may take.
    #[serde(deserialize_with = "lenient")]
    pub max_runtime: Option<u64>,
    /// The schedule's time zone.
    #[serde(deserialize_with = "lenient")]
    pub timezone: Option<String>,
    /// Failed check-ins before an issue opens.
    #[serde(deserialize_with = "lenient")]
    pub failure_issue_threshold: Option<u64>,
    /// Successful check-ins before it resolves.
    #[serde(deserialize_with = "lenient")]
    pub recovery_threshold: Option<u64>,
}

/// A cron monitor's state in one environment.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CronEnvironment {
    /// The environment, e.g. `production`.
    pub name: String,
    /// `ok`, `error`, `missed_checkin`, `timeout`, `active`, ...
    #[serde(deserialize_with = "lenient")]
    pub status: Option<String>,
    /// Whether its alerts are muted.
    #[serde(deserialize_with = "lenient")]
    pub is_muted: Option<bool>,
    /// The latest check-in there.
    #[serde(deserialize_with = "lenient")]
    pub last_check_in: Option<String>,
    /// When the next is due.
    #[serde(deserialize_with = "lenient")]
    pub next_check_in: Option<String>,
    /// An open incident, if any.
    pub active_incident: Value,
}

impl CronConfig {
    /// `0 3 * * *` (crontab, UTC), or `every 2 hours`.
    pub fn schedule_text(&self) -> String {
        let zone = self.timezone.as_deref().unwrap_or("UTC");
        match &self.schedule {
            Value::String(cron) => format!("`{cron}` (crontab, {zone})"),
            Value::Array(parts) => {
                match (parts.first().and_then(Value::as_u64), parts.get(1).and_then(Value::as_str)) {
                    (Some(1), Some(unit)) => format!("every {unit}"),
                    (Some(n), Some(unit)) => format!("every {n} {unit}s"),
                    _ => "-".into(),
                }
            }
            _ => "-".into(),
        }
    }
}

impl CronMonitor {
    /// `production: ok, staging: missed_checkin`, or the monitor's status.
    pub fn env_states(&self) -> String {
        if self.environments.is_empty() {
            return self.status.clone().unwrap_or_else(|| "-".into());
        }
        let states: Vec<String> = self
            .environments
            .iter()
            .map(|e| {
                let muted = if e.is_muted == Some(true) { ", muted" } else { "" };
                format!("{}: {}{muted}", e.name, e.status.as_deref().unwrap_or("-"))
            })
            .collect();
        states.join("; ")
    }

    /// The schedule, or `-`.
    pub fn schedule(&self) -> String {
        self.config.as_ref().map_or_else(|| "-".into(), CronConfig::schedule_text)
    }

    /// Writes the monitor's fields under the current heading.
    pub fn write(&self, md: &mut Md) {
        md.field("Slug", format!("`{}`", self.slug))
            .field("ID", format!("`{}`", self.id))
            .field_opt("Project", self.project.as_ref().map(|p| format!("`{}`", p.slug)))
            .field("Schedule", self.schedule())
            .field("Status", self.status.as_deref().unwrap_or("-"))
            .field("Muted", if self.is_muted == Some(true) { "yes" } else { "no" })
            .field("Owner", self.owner.as_ref().map_or_else(|| "none".into(), ToString::to_string))
            .field_opt("Last check-in", self.last_check_in.as_deref())
            .field_opt("Next check-in due", self.next_check_in.as_deref());
        if let Some(c) = &self.config {
            md.field_opt("Check-in margin", c.checkin_margin.map(|m| format!("{m} min")))
                .field_opt("Max runtime", c.max_runtime.map(|m| format!("{m} min")))
                .field_opt("Issue after", c.failure_issue_threshold.map(|n| format!("{n} failed check-in(s)")))
                .field_opt("Resolve after", c.recovery_threshold.map(|n| format!("{n} successful check-in(s)")));
        }
        md.field_opt("Created", self.date_created.as_deref());
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.str(PROJECT).filter(|p| *p != "all");
    let limit = args.int("limit").unwrap_or(25).clamp(1, 100);
    let query = Query::new()
        .opt("projectSlug", project)
        .opt("environment", args.str("environment"))
        .opt("owner", args.str("owner"))
        .opt("query", args.str("query"))
        .push("per_page", limit);
    let api = ctx.org_api(org, args.region());
    let page = api.get_page::<Vec<CronMonitor>>(&api_path(&["organizations", org, "monitors"]), &query)?;

    let scope = project.map_or_else(|| org.to_string(), |p| format!("{org}/{p}"));
    let mut md = Md::titled(&format!("Cron monitors in {scope}"));
    if page.items.is_empty() {
        md.para("No cron monitor matches; drop a filter, or check `find_uptime_monitors` for HTTP checks.");
    } else {
        let rows: Vec<Vec<String>> = page
            .items
            .iter()
            .map(|m| {
                vec![
                    format!("`{}`", m.slug),
                    m.name.clone(),
                    m.project.as_ref().map_or_else(|| "-".into(), |p| p.slug.clone()),
                    m.schedule(),
                    m.env_states(),
                    m.last_check_in.clone().unwrap_or_else(|| "never".into()),
                    m.owner.as_ref().map_or_else(|| "-".into(), ToString::to_string),
                ]
            })
            .collect();
        md.table(&["slug", "name", "project", "schedule", "status", "last check-in", "owner"], &rows);
    }
    if page.next_cursor.is_some() {
        md.para("More monitors match than are shown; raise `limit` or narrow with `projectSlug`, `owner` or `query`.");
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_monitor_details", "see a monitor's check-ins and statistics (`monitorSlug`)"),
            ("find_uptime_monitors", "list HTTP uptime monitors instead"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const NIGHTLY: &str = r#"{"id":"0f6b","slug":"nightly-backup","name":"Nightly backup",
        "status":"active","isMuted":false,"project":{"id":"2002","slug":"api","name":"api"},
        "owner":{"type":"team","id":"4002","name":"backend"},"lastCheckIn":"2026-08-17T03:06:52Z",
        "nextCheckIn":"2026-08-18T03:00:00Z","config":{"schedule_type":"crontab","schedule":"0 3 * * *",
        "checkin_margin":5,"max_runtime":30,"timezone":"UTC","failure_issue_threshold":1,"recovery_threshold":1},
        "environments":[{"name":"production","status":"ok","isMuted":false}]}"#;

    #[test]
    fn monitors_are_listed_with_schedule_and_state() {
        let io = FakeIo::default().route(
            "GET https://sentry.io/api/0/organizations/acme/monitors/?projectSlug=api&per_page=25",
            200,
            &format!("[{NIGHTLY}]"),
        );
        let ctx = Ctx::test(io, &[], &[("skills", "all")], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "api"}))).unwrap().text;
        assert!(text.starts_with("# Cron monitors in acme/api\n"), "{text}");
        assert!(text.contains("| `nightly-backup` | Nightly backup | api | `0 3 * * *` (crontab, UTC) | production: ok | 2026-08-17T03:06:52Z | team backend (`team:4002`) |"), "{text}");
    }

    #[test]
    fn interval_schedules_read_as_words() {
        let config: CronConfig = serde_json::from_value(json!({"schedule": [2, "hour"]})).unwrap();
        assert_eq!(config.schedule_text(), "every 2 hours");
        let config: CronConfig = serde_json::from_value(json!({"schedule": [1, "day"]})).unwrap();
        assert_eq!(config.schedule_text(), "every day");
    }
}
