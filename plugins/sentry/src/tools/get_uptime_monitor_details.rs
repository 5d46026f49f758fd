//! `get_uptime_monitor_details`: one uptime monitor
//! (`GET /api/0/projects/{org}/{project}/uptime/{id}/`) and its recent checks
//! (`GET …/checks/`). The [`UptimeMonitor`] model and its markdown live here
//! for the other uptime tools; [`Actor`] is shared with the cron monitor tools.

use std::fmt;

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::{Md, truncate};
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};

/// An uptime monitor (`GET /api/0/projects/{org}/{project}/uptime/{id}/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UptimeMonitor {
    /// Its id.
    pub id: Scalar,
    /// Its name.
    pub name: String,
    /// Its project's slug.
    #[serde(deserialize_with = "lenient")]
    pub project_slug: Option<String>,
    /// The environment its issues get.
    #[serde(deserialize_with = "lenient")]
    pub environment: Option<String>,
    /// `active` or `disabled`.
    #[serde(deserialize_with = "lenient")]
    pub status: Option<String>,
    /// 1 up, 2 down.
    #[serde(deserialize_with = "lenient")]
    pub uptime_status: Option<u64>,
    /// The URL it checks.
    pub url: String,
    /// The HTTP method.
    #[serde(deserialize_with = "lenient")]
    pub method: Option<String>,
    /// The request body.
    #[serde(deserialize_with = "lenient")]
    pub body: Option<String>,
    /// Request headers as `[name, value]` pairs.
    #[serde(deserialize_with = "lenient_list")]
    pub headers: Vec<(String, String)>,
    /// Seconds between checks.
    #[serde(deserialize_with = "lenient")]
    pub interval_seconds: Option<u64>,
    /// Request timeout.
    #[serde(deserialize_with = "lenient")]
    pub timeout_ms: Option<u64>,
    /// Its owner.
    #[serde(deserialize_with = "lenient")]
    pub owner: Option<Actor>,
    /// Whether checks are traced.
    #[serde(deserialize_with = "lenient")]
    pub trace_sampling: Option<bool>,
    /// Whether failed responses are kept.
    #[serde(deserialize_with = "lenient")]
    pub response_capture_enabled: Option<bool>,
    /// Successes before it counts as up again.
    #[serde(deserialize_with = "lenient")]
    pub recovery_threshold: Option<u64>,
    /// Failures before it counts as down.
    #[serde(deserialize_with = "lenient")]
    pub downtime_threshold: Option<u64>,
    /// When it was created.
    #[serde(deserialize_with = "lenient")]
    pub date_created: Option<String>,
}

/// A user or team that owns a monitor.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Actor {
    /// `user` or `team`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its id.
    pub id: Scalar,
    /// A user's name or a team's slug.
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name.as_deref().unwrap_or("?");
        write!(f, "{} {name} (`{}:{}`)", self.kind, self.kind, self.id)
    }
}

impl UptimeMonitor {
    /// `up`, `down`, or the raw code.
    pub fn state(&self) -> String {
        match self.uptime_status {
            Some(1) => "up".into(),
            Some(2) => "down".into(),
            Some(n) => format!("state {n}"),
            None => "-".into(),
        }
    }

    /// Writes the monitor's fields under the current heading.
    pub fn write(&self, md: &mut Md) {
        md.field("ID", format!("`{}`", self.id))
            .field("Name", &self.name)
            .field_opt("Project", self.project_slug.as_deref())
            .field("URL", format!("{} {}", self.method.as_deref().unwrap_or("GET"), self.url))
            .field_opt("Interval", self.interval_seconds.map(|s| format!("every {s} s")))
            .field_opt("Timeout", self.timeout_ms.map(|ms| format!("{ms} ms")))
            .field("Status", self.status.as_deref().unwrap_or("-"))
            .field("Currently", self.state())
            .field_opt("Environment", self.environment.as_deref())
            .field("Owner", self.owner.as_ref().map_or_else(|| "none".into(), ToString::to_string));
        if let (Some(down), Some(up)) = (self.downtime_threshold, self.recovery_threshold) {
            md.field("Thresholds", format!("down after {down} failed checks, up again after {up} successful"));
        }
        if !self.headers.is_empty() {
            let headers: Vec<String> = self.headers.iter().map(|(k, v)| format!("`{k}: {v}`")).collect();
            md.field("Headers", headers.join(", "));
        }
        md.field_opt("Body", self.body.as_deref().map(|b| format!("`{}`", truncate(b, 200))));
        let flag = |on: Option<bool>| if on == Some(true) { "on" } else { "off" };
        md.field("Trace sampling", flag(self.trace_sampling))
            .field("Response capture", flag(self.response_capture_enabled))
            .field_opt("Created", self.date_created.as_deref());
    }
}

/// One check of an uptime monitor.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Check {
    #[serde(deserialize_with = "lenient")]
    timestamp: Option<String>,
    #[serde(deserialize_with = "lenient")]
    check_status: Option<String>,
    #[serde(deserialize_with = "lenient")]
    check_status_reason: Option<String>,
    #[serde(deserialize_with = "lenient")]
    http_status_code: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    duration_ms: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    region_name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    trace_id: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let id = monitor_id(args)?;
    let limit = args.int("checkLimit").unwrap_or(10).clamp(1, 100);
    let api = ctx.org_api(org, args.region());
    let monitor: UptimeMonitor = api.get(&api_path(&["projects", org, project, "uptime", id]), &Query::new())?;
    let query = time_window(args).push("per_page", limit);
    let checks = api.get::<Vec<Check>>(&api_path(&["projects", org, project, "uptime", id, "checks"]), &query);

    let mut md = Md::titled(&format!("Uptime monitor {:?} in {org}/{project}", monitor.name));
    monitor.write(&mut md);
    md.section("Recent checks");
    match checks {
        Ok(checks) if checks.is_empty() => {
            md.para("No check in this window; widen `period` or pass `start`/`end`.");
        }
        Ok(checks) => write_checks(&mut md, &checks),
        Err(e) => {
            md.para(&format!("The checks could not be read: {e}"));
        }
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("update_uptime_monitor", "change its URL, interval, thresholds or pause it"),
            ("search_issues", "find the downtime issues it opened"),
            ("get_trace_details", "follow a check's trace id"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

/// `uptimeMonitorId`, checked to be one path segment.
pub fn monitor_id(args: &Args) -> Result<&str, ToolError> {
    let id = args.require_str("uptimeMonitorId")?;
    if id.contains(['/', '?', '#']) {
        return input(format!(
            "`uptimeMonitorId` {id:?} must be a monitor id, e.g. `5001`; `find_uptime_monitors` lists them"
        ));
    }
    Ok(id)
}

/// `statsPeriod` (default 24h) or `start`/`end`.
fn time_window(args: &Args) -> Query {
    match (args.str("start"), args.str("end")) {
        (None, None) => Query::new().push("statsPeriod", args.str("period").unwrap_or("24h")),
        (start, end) => Query::new().opt("start", start).opt("end", end),
    }
}

fn write_checks(md: &mut Md, checks: &[Check]) {
    let failed = checks.iter().filter(|c| c.check_status.as_deref() != Some("success")).count();
    md.para(&format!(
        "{} check{} shown, {failed} not successful.",
        checks.len(),
        if checks.len() == 1 { "" } else { "s" }
    ));
    let rows: Vec<Vec<String>> = checks
        .iter()
        .map(|c| {
            let status = match (&c.check_status, &c.check_status_reason) {
                (Some(s), Some(r)) if r != s => format!("{s} ({r})"),
                (Some(s), _) => s.clone(),
                _ => "-".into(),
            };
            vec![
                c.timestamp.clone().unwrap_or_else(|| "-".into()),
                status,
                c.http_status_code.map_or_else(|| "-".into(), |s| s.to_string()),
                c.duration_ms.map_or_else(|| "-".into(), |d| format!("{d} ms")),
                c.region_name.clone().unwrap_or_else(|| "-".into()),
                c.trace_id.as_deref().map_or_else(|| "-".into(), |t| format!("`{t}`")),
            ]
        })
        .collect();
    md.table(&["time", "result", "HTTP", "duration", "region", "trace"], &rows);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const MONITOR: &str = r#"{"id":"5001","projectSlug":"web","environment":"production",
        "name":"Acme homepage","status":"active","uptimeStatus":1,"url":"https://acme.example.com/","method":"GET",
        "body":null,"headers":[["Accept","text/html"]],"intervalSeconds":60,"timeoutMs":5000,
        "owner":{"type":"team","id":"4001","name":"frontend"},"traceSampling":false,"responseCaptureEnabled":false,
        "recoveryThreshold":1,"downtimeThreshold":3,"dateCreated":"2025-12-01T09:00:00Z"}"#;

    #[test]
    fn the_monitor_and_its_checks_are_shown() {
        let checks = r#"[{"timestamp":"2026-08-17T09:41:00.412Z","checkStatus":"success","httpStatusCode":200,
            "durationMs":180,"regionName":"US East","traceId":"c0ffee"},
            {"timestamp":"2026-08-17T09:38:00.412Z","checkStatus":"failure","checkStatusReason":"failure",
            "httpStatusCode":503,"durationMs":5000}]"#;
        let io =
            FakeIo::default().route("GET https://sentry.io/api/0/projects/acme/web/uptime/5001/", 200, MONITOR).route(
                "GET https://sentry.io/api/0/projects/acme/web/uptime/5001/checks/?statsPeriod=24h&per_page=5",
                200,
                checks,
            );
        let ctx = Ctx::test(io, &[], &[("skills", "all")], &[]);
        let args =
            json!({"organizationSlug": "acme", "projectSlug": "web", "uptimeMonitorId": "5001", "checkLimit": 5});
        let text = run(&ctx, &Args::from_json(args)).unwrap().text;
        assert!(text.starts_with("# Uptime monitor \"Acme homepage\" in acme/web\n\n**ID**: `5001`\n**Name**: Acme homepage\n**Project**: web\n**URL**: GET https://acme.example.com/\n**Interval**: every 60 s\n"), "{text}");
        assert!(text.contains("**Owner**: team frontend (`team:4001`)"), "{text}");
        assert!(text.contains("**Thresholds**: down after 3 failed checks, up again after 1 successful"), "{text}");
        assert!(text.contains("**Headers**: `Accept: text/html`"), "{text}");
        assert!(text.contains("2 checks shown, 1 not successful."), "{text}");
        assert!(text.contains("| 2026-08-17T09:38:00.412Z | failure | 503 | 5000 ms | - | - |"), "{text}");
    }

    #[test]
    fn an_id_with_a_slash_is_an_input_error() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlug": "web", "uptimeMonitorId": "5001/../x"});
        let err = run(&ctx, &Args::from_json(args)).unwrap_err();
        assert!(err.to_string().contains("must be a monitor id"), "{err}");
    }
}
