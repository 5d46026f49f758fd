//! `get_monitor_details`: one cron monitor
//! (`GET /api/0/{organizations/{org}|projects/{org}/{project}}/monitors/{slug}/`),
//! its recent check-ins (`…/checkins/`, the last 14 days unless `period` or
//! `start`/`end` say otherwise) and, with `includeStats`, check-in
//! counts over time (`…/stats/`, which takes `since`/`until` in Unix seconds;
//! a relative `period` ends at the `Date` of Sentry's answer).

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};
use crate::time::{iso_from_unix, unix_from_http_date, unix_from_iso};
use crate::tools::find_monitors::CronMonitor;

/// The statuses a stats bucket counts, in display order.
const STATUSES: [&str; 6] = ["ok", "error", "missed", "timeout", "in_progress", "unknown"];

/// One check-in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct CheckIn {
    #[serde(deserialize_with = "lenient")]
    status: Option<String>,
    #[serde(deserialize_with = "lenient")]
    duration: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    environment: Option<String>,
    #[serde(deserialize_with = "lenient")]
    date_created: Option<String>,
    #[serde(deserialize_with = "lenient")]
    expected_time: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    groups: Vec<IssueRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct IssueRef {
    id: Scalar,
    #[serde(deserialize_with = "lenient")]
    short_id: Option<String>,
}

/// Where the monitor lives and which window to read.
struct Target<'a> {
    org: &'a str,
    project: Option<&'a str>,
    slug: &'a str,
}

impl Target<'_> {
    fn path(&self, tail: Option<&str>) -> String {
        let mut segments = match self.project {
            Some(p) => vec!["projects", self.org, p, "monitors", self.slug],
            None => vec!["organizations", self.org, "monitors", self.slug],
        };
        segments.extend(tail);
        api_path(&segments)
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let slug = args.require_str("monitorSlug")?;
    if slug.contains(['/', '?', '#']) {
        return input(format!("`monitorSlug` {slug:?} must be a monitor slug, e.g. `nightly-backup`"));
    }
    let target = Target { org, project: args.str("projectSlugOrId"), slug };
    let env = args.str("environment");
    let api = ctx.org_api(org, args.region());
    let (monitor, date): (CronMonitor, _) = api.get_dated(&target.path(None), &Query::new().opt("environment", env))?;
    if let (Some(bound), Some(project)) = (&ctx.bound.project, &monitor.project)
        && &project.slug != bound
    {
        return input(format!(
            "monitor {slug:?} belongs to project {:?}, but this agent is bound to project {bound:?}",
            project.slug
        ));
    }
    let mut md = Md::titled(&format!("Cron monitor {:?} in {org}", monitor.name));
    monitor.write(&mut md);
    if !monitor.environments.is_empty() {
        md.section("Environments");
        for e in &monitor.environments {
            let incident = if e.active_incident.is_object() { ", open incident" } else { "" };
            let last = e.last_check_in.as_deref().unwrap_or("never");
            md.bullet(format!("`{}`: {}{incident}; last check-in {last}", e.name, e.status.as_deref().unwrap_or("-")));
        }
    }
    write_checkins(&mut md, &api, &target, args);
    if args.bool("includeStats") == Some(true) {
        write_stats(&mut md, &api, &target, args, date.as_deref());
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_details", "read an issue a failed check-in opened"),
            ("find_monitors", "see the organization's other cron monitors"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

fn write_checkins(md: &mut Md, api: &Api<'_>, target: &Target<'_>, args: &Args) {
    let limit = args.int("checkInLimit").unwrap_or(10).clamp(1, 100);
    let window = match (args.str("start"), args.str("end")) {
        (None, None) => Query::new().push("statsPeriod", args.str("period").unwrap_or("14d")),
        (start, end) => Query::new().opt("start", start).opt("end", end),
    };
    let query = window.opt("environment", args.str("environment")).push("per_page", limit);
    md.section("Recent check-ins");
    let checkins = match api.get::<Vec<CheckIn>>(&target.path(Some("checkins")), &query) {
        Ok(c) => c,
        Err(e) => {
            md.para(&format!("The check-ins could not be read: {e}"));
            return;
        }
    };
    if checkins.is_empty() {
        md.para("No check-in in this window; widen `period` or pass `start`/`end`.");
        return;
    }
    let rows: Vec<Vec<String>> = checkins
        .iter()
        .map(|c| {
            let issues: Vec<String> =
                c.groups.iter().map(|g| g.short_id.clone().unwrap_or_else(|| g.id.0.clone())).collect();
            vec![
                c.expected_time.clone().or_else(|| c.date_created.clone()).unwrap_or_else(|| "-".into()),
                c.status.clone().unwrap_or_else(|| "-".into()),
                c.duration.map_or_else(|| "-".into(), |ms| format!("{:.1} s", ms / 1000.0)),
                c.environment.clone().unwrap_or_else(|| "-".into()),
                if issues.is_empty() { "-".into() } else { issues.join(", ") },
            ]
        })
        .collect();
    md.table(&["expected", "status", "duration", "environment", "issues"], &rows);
}

fn write_stats(md: &mut Md, api: &Api<'_>, target: &Target<'_>, args: &Args, date: Option<&str>) {
    md.section("Check-in statistics");
    let window = match stats_window(args, date) {
        Ok(w) => w,
        Err(why) => {
            md.para(&why);
            return;
        }
    };
    let mut query = Query::new().opt("environment", args.str("environment"));
    match window {
        Some((since, until)) => {
            let default = if until - since > 2 * 86_400 { 86_400 } else { 3600 };
            let rollup = args.int("rollupSeconds").filter(|r| *r > 0).unwrap_or(default);
            query = query.push("since", since).push("until", until).push("resolution", format!("{rollup}s"));
            let (from, to) = (iso_from_unix(since), iso_from_unix(until));
            md.field("Window", format!("{from} to {to}, in buckets of {rollup} s"));
        }
        None => {
            md.field("Window", "the last 24 hours (Sentry's default)");
        }
    }
    match api.get::<Vec<Map<String, Value>>>(&target.path(Some("stats")), &query) {
        Ok(buckets) => write_buckets(md, &buckets),
        Err(e) => {
            md.para(&format!("The statistics could not be read: {e}"));
        }
    }
}

/// Totals per status, and a table of the buckets that hold check-ins with a
/// column per status that occurs.
fn write_buckets(md: &mut Md, buckets: &[Map<String, Value>]) {
    let counted: Vec<(String, [u64; STATUSES.len()])> = buckets
        .iter()
        .map(|b| (b.get("ts").and_then(Value::as_i64).map_or_else(|| "-".into(), iso_from_unix), bucket_counts(b)))
        .filter(|(_, counts)| counts.iter().any(|n| *n > 0))
        .collect();
    let mut totals = [0u64; STATUSES.len()];
    for (_, counts) in &counted {
        for (total, n) in totals.iter_mut().zip(counts) {
            *total += n;
        }
    }
    let seen: Vec<usize> = (0..STATUSES.len()).filter(|i| totals[*i] > 0).collect();
    let summary: Vec<String> = seen.iter().map(|i| format!("{} {}", totals[*i], STATUSES[*i])).collect();
    md.field("Buckets", format!("{} ({} with check-ins)", buckets.len(), counted.len()));
    md.field("Check-ins", if summary.is_empty() { "none in this window".into() } else { summary.join(", ") });
    if counted.is_empty() {
        return;
    }
    let mut headers = vec!["bucket start (UTC)"];
    headers.extend(seen.iter().map(|i| STATUSES[*i]));
    let rows: Vec<Vec<String>> = counted
        .iter()
        .map(|(ts, counts)| std::iter::once(ts.clone()).chain(seen.iter().map(|i| counts[*i].to_string())).collect())
        .collect();
    md.table(&headers, &rows);
}

/// Counts per status in one bucket, summed over its environments.
fn bucket_counts(bucket: &Map<String, Value>) -> [u64; STATUSES.len()] {
    let mut counts = [0u64; STATUSES.len()];
    for env in bucket.values().filter_map(Value::as_object) {
        for (slot, status) in counts.iter_mut().zip(STATUSES) {
            *slot += env.get(status).and_then(Value::as_u64).unwrap_or(0);
        }
    }
    counts
}

/// `(since, until)` in Unix seconds: from `start`/`end`, or `period` (default
/// 24h) before Sentry's `Date`; `None` leaves Sentry's default (the last day).
fn stats_window(args: &Args, date: Option<&str>) -> Result<Option<(i64, i64)>, String> {
    let parse = |name: &str| -> Result<Option<i64>, String> {
        args.str(name)
            .map(|t| {
                unix_from_iso(t).ok_or(format!("`{name}` {t:?} is not an ISO 8601 time such as 2026-08-17T00:00:00Z"))
            })
            .transpose()
    };
    let (start, end) = (parse("start")?, parse("end")?);
    let now = date.and_then(unix_from_http_date);
    let period = args.str("period").unwrap_or("24h");
    let seconds = period_seconds(period).ok_or(format!("`period` {period:?} must look like 24h, 7d or 2w"))?;
    let until = end.or(now);
    let since = start.or(until.map(|u| u - seconds));
    match (since, until) {
        (Some(s), Some(u)) if s < u => Ok(Some((s, u))),
        (Some(_), Some(_)) => Err("`start` must be before `end`.".into()),
        _ => Ok(None),
    }
}

/// `90s`, `30m`, `24h`, `7d`, `2w` in seconds.
fn period_seconds(period: &str) -> Option<i64> {
    let (number, unit) = period.trim().split_at(period.trim().len().checked_sub(1)?);
    let factor = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    };
    number.parse::<i64>().ok().filter(|n| *n > 0).map(|n| n * factor)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const NIGHTLY: &str = r#"{"id":"0f6b","slug":"nightly-backup","name":"Nightly backup","status":"active",
        "project":{"id":"2002","slug":"api","name":"api"},"config":{"schedule":"0 3 * * *","timezone":"UTC"},
        "environments":[{"name":"production","status":"ok"}]}"#;

    const CHECKINS: &str = r#"[{"status":"ok","duration":412004,"environment":"production",
        "expectedTime":"2026-08-17T03:00:00Z","groups":[]},
        {"status":"error","duration":61234,"environment":"production","expectedTime":"2026-08-14T03:00:00Z",
        "groups":[{"id":3003,"shortId":"API-1"}]}]"#;

    #[test]
    fn monitor_checkins_and_stats_are_shown() {
        let base = "https://sentry.io/api/0/projects/acme/api/monitors/nightly-backup/";
        let io = FakeIo::default()
            .route_with_headers(&format!("GET {base}"), &[("date", "Mon, 17 Aug 2026 12:00:00 GMT")], NIGHTLY)
            .route(&format!("GET {base}checkins/?statsPeriod=7d&per_page=10"), 200, CHECKINS)
            .route(
                &format!("GET {base}stats/?since=1786363200&until=1786968000&resolution=86400s"),
                200,
                r#"[{"ts":1786320000,"duration":0,"production":{"ok":0,"error":0,"missed":0}},
                    {"ts":1786665600,"duration":61234,"production":{"ok":0,"error":1,"missed":0}},
                    {"ts":1786924800,"duration":412004,"production":{"ok":1,"error":0,"missed":0}}]"#,
            );
        let ctx = Ctx::test(io, &[], &[("skills", "all")], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlugOrId": "api", "monitorSlug": "nightly-backup",
                          "includeStats": true, "period": "7d"});
        let text = run(&ctx, &Args::from_json(args)).unwrap().text;
        assert!(
            text.starts_with("# Cron monitor \"Nightly backup\" in acme\n\n**Slug**: `nightly-backup`\n"),
            "{text}"
        );
        assert!(text.contains("**Schedule**: `0 3 * * *` (crontab, UTC)\n"), "{text}");
        assert!(text.contains("- `production`: ok; last check-in never"), "{text}");
        assert!(text.contains("| 2026-08-14T03:00:00Z | error | 61.2 s | production | API-1 |"), "{text}");
        assert!(text.contains("**Check-ins**: 1 ok, 1 error"), "{text}");
        assert!(
            text.contains("**Window**: 2026-08-10T12:00:00Z to 2026-08-17T12:00:00Z, in buckets of 86400 s"),
            "{text}"
        );
        assert!(text.contains("**Buckets**: 3 (2 with check-ins)"), "{text}");
        assert!(
            text.contains("| bucket start (UTC) | ok | error |\n|---|---|---|\n| 2026-08-14T00:00:00Z | 0 | 1 |"),
            "{text}"
        );
    }

    #[test]
    fn periods_are_seconds() {
        assert_eq!(period_seconds("7d"), Some(604_800));
        assert_eq!(period_seconds("x"), None);
    }

    #[test]
    fn a_bad_slug_is_an_input_error() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let args = json!({"organizationSlug": "acme", "monitorSlug": "../issues"});
        assert!(run(&ctx, &Args::from_json(args)).unwrap_err().to_string().contains("must be a monitor slug"));
    }
}
