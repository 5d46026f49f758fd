//! `get_profile`: where a transaction spends its time across many profiles,
//! from the aggregated flamegraph
//! (`GET /api/0/organizations/{org}/profiling/flamegraph/?project=…&query=transaction:"…"`):
//! the functions with the most self time and the hottest call paths,
//! optionally compared with an earlier window.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, ORG};
use crate::md::Md;
use crate::models::{Project, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};
use crate::urls::UrlParts;

/// The aggregated flamegraph.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Flamegraph {
    #[serde(deserialize_with = "lenient_list")]
    profiles: Vec<Thread>,
    shared: Shared,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Thread {
    #[serde(deserialize_with = "lenient_list")]
    samples: Vec<Vec<usize>>,
    #[serde(deserialize_with = "lenient_list")]
    weights: Vec<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Shared {
    #[serde(deserialize_with = "lenient_list")]
    frames: Vec<Frame>,
    #[serde(deserialize_with = "lenient_list")]
    profiles: Vec<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Frame {
    name: String,
    #[serde(deserialize_with = "lenient")]
    file: Option<String>,
    line: Option<i64>,
    is_application: Option<bool>,
}

impl Frame {
    fn label(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), Some(l)) => format!("{} ({f}:{l})", self.name),
            (Some(f), None) => format!("{} ({f})", self.name),
            _ => self.name.clone(),
        }
    }
}

/// Self time per function and weight per call path, in nanoseconds.
#[derive(Debug, Default)]
struct Totals {
    total: f64,
    functions: BTreeMap<String, f64>,
    paths: BTreeMap<Vec<String>, f64>,
}

impl Flamegraph {
    fn totals(&self, focus: bool) -> Totals {
        let mut t = Totals::default();
        for thread in &self.profiles {
            for (stack, weight) in thread.samples.iter().zip(&thread.weights) {
                let frames: Vec<&Frame> = stack
                    .iter()
                    .filter_map(|i| self.shared.frames.get(*i))
                    .filter(|f| !focus || f.is_application == Some(true))
                    .collect();
                t.total += weight;
                if let Some(leaf) = frames.last() {
                    *t.functions.entry(leaf.label()).or_default() += weight;
                    *t.paths.entry(frames.iter().map(|f| f.name.clone()).collect()).or_default() += weight;
                }
            }
        }
        t
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let (org, project, transaction) = target(ctx, args)?;
    let api = ctx.org_api(&org, args.region());
    let project_id = project_id(ctx, &api, &org, &project)?;
    let period = args.str("period").unwrap_or("24h");
    let focus = args.bool("focusOnUserCode").unwrap_or(true);
    let max = args.int("maxHotPaths").unwrap_or(10).clamp(1, 50) as usize;
    let graph = flamegraph(&api, &org, &project_id, &transaction, period)?;
    let before = match args.str("compareAgainstPeriod") {
        Some(p) => Some((p, flamegraph(&api, &org, &project_id, &transaction, p)?)),
        None => None,
    };
    let now = graph.totals(focus);
    let mut md = Md::titled(&format!("Profile of {transaction:?} in {org}/{project}"));
    md.field("Period", period);
    md.field("Profiles", graph.shared.profiles.len());
    md.field("Sampled time", ms(now.total));
    md.field("Frames shown", if focus { "the app's own code (focusOnUserCode)" } else { "all" });
    if now.total == 0.0 {
        md.para("Sentry has no profiles of this transaction in this window; check the name with `search_events` (dataset `profiles`) or widen the period.");
        return Ok(Reply::text(md.finish()));
    }
    md.section("Functions with the most self time");
    let mut functions: Vec<(&String, &f64)> = now.functions.iter().collect();
    functions.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let rows: Vec<Vec<String>> = functions
        .iter()
        .take(max)
        .map(|(f, w)| vec![(*f).clone(), ms(**w), format!("{:.1}%", **w * 100.0 / now.total)])
        .collect();
    md.table(&["function", "self time", "share"], &rows);
    md.section("Hot paths");
    let mut paths: Vec<(&Vec<String>, &f64)> = now.paths.iter().collect();
    paths.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    for (path, w) in paths.iter().take(max) {
        md.bullet(format!("{:.1}% ({}): {}", **w * 100.0 / now.total, ms(**w), path.join(" → ")));
    }
    if let Some((p, earlier)) = before {
        compare(&mut md, p, &now, &earlier.totals(focus));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_profile_details", "read one profile of this transaction in detail"),
            ("search_events", "find slow spans of this transaction"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

fn compare(md: &mut Md, period: &str, now: &Totals, before: &Totals) {
    md.section(&format!("Compared with {period}"));
    if before.total == 0.0 {
        md.para("No profiles in the earlier window to compare with.");
        return;
    }
    let share = |t: &Totals, f: &str| t.functions.get(f).copied().unwrap_or(0.0) * 100.0 / t.total;
    let mut rows: Vec<(f64, Vec<String>)> = now
        .functions
        .keys()
        .chain(before.functions.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|f| {
            let (a, b) = (share(before, f), share(now, f));
            (b - a, vec![f.clone(), format!("{a:.1}%"), format!("{b:.1}%"), format!("{:+.1}", b - a)])
        })
        .collect();
    rows.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let rows: Vec<Vec<String>> = rows.into_iter().take(10).map(|r| r.1).collect();
    md.table(&["function", &format!("share ({period})"), "share (now)", "change (points)"], &rows);
    let moved = now.functions.keys().any(|f| (share(now, f) - share(before, f)).abs() >= 5.0);
    md.para(if moved {
        "Functions whose share moved by 5 points or more are likely behind a change in latency."
    } else {
        "No function's share moved by 5 points or more: the profile looks unchanged."
    });
}

fn ms(ns: f64) -> String {
    format!("{:.0} ms", ns / 1_000_000.0)
}

fn flamegraph(
    api: &Api<'_>,
    org: &str,
    project_id: &str,
    transaction: &str,
    period: &str,
) -> Result<Flamegraph, ToolError> {
    let query = Query::new()
        .push("project", project_id)
        .push("query", format!("transaction:\"{}\"", transaction.replace('"', "\\\"")))
        .push("statsPeriod", period);
    Ok(api.get(&api_path(&["organizations", org, "profiling", "flamegraph"]), &query)?)
}

/// The project's numeric id (a slug is looked up).
fn project_id(ctx: &Ctx, api: &Api<'_>, org: &str, project: &str) -> Result<String, ToolError> {
    let found: Project = api.get(&api_path(&["projects", org, project]), &Query::new())?;
    if let Some(bound) = ctx.bound.project.as_deref().filter(|b| *b != found.slug) {
        return input(format!("project {project:?} is not {bound:?}, the project this agent is bound to"));
    }
    Ok(found.id.0)
}

/// The organization, project and transaction, from a profiling link or the arguments.
fn target(ctx: &Ctx, args: &Args) -> Result<(String, String, String), ToolError> {
    let mut org = args.str(ORG).map(str::to_string);
    let mut project = args
        .str("projectSlugOrId")
        .map(str::to_string)
        .or_else(|| args.json("projectSlugOrId").and_then(|v| v.as_i64()).map(|n| n.to_string()));
    let mut transaction = args.str("transactionName").map(str::to_string);
    if let Some(url) = args.str("profileUrl") {
        let parts = UrlParts::parse(url).ok_or_else(|| ToolError::Input(format!("{url:?} is not a URL")))?;
        let segs = parts.segments();
        let url_org = match segs.as_slice() {
            [first, o, ..] if first == "organizations" => Some(o.clone()),
            _ => parts
                .host
                .strip_suffix(".sentry.io")
                .filter(|s| !s.contains('.') && *s != "us" && *s != "de")
                .map(str::to_string),
        };
        org = Some(crate::urls::link_org(url_org, org.as_deref(), "profiling").or_else(input)?);
        if let Some(at) = segs.iter().position(|s| s == "summary") {
            project = project.or_else(|| segs.get(at + 1).cloned());
        }
        project = project.or_else(|| parts.query_param("project"));
        transaction = transaction.or_else(|| parts.query_param("transaction"));
    }
    let org = org.ok_or(ToolError::Input("pass organizationSlug (or a profiling link)".into()))?;
    let project = project
        .or_else(|| ctx.bound.project.clone())
        .ok_or(ToolError::Input("pass projectSlugOrId: the project whose transaction to profile".into()))?;
    let transaction = transaction.ok_or(ToolError::Input(
        "pass transactionName, e.g. `POST /api/orders/` (`search_events` with dataset `profiles` lists them)".into(),
    ))?;
    Ok((org, project, transaction))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const GRAPH: &str = r#"{"profiles":[{"samples":[[0,1,2],[0,1],[0,3]],"weights":[3000000000,1000000000,500000000]}],
        "shared":{"frames":[{"name":"handler","is_application":false},{"name":"create_order","file":"views.py","line":42,"is_application":true},
          {"name":"compute_discount","file":"pricing.py","line":88,"is_application":true},{"name":"decode","is_application":false}],
          "profiles":[{"profile_id":"x"}]}}"#;

    #[test]
    fn user_code_self_time_and_hot_paths_come_from_the_flamegraph() {
        let io = FakeIo::default()
            .route("GET https://us.sentry.io/api/0/projects/acme/api/", 200, r#"{"id":"2002","slug":"api","name":"api"}"#)
            .route(
                "GET https://us.sentry.io/api/0/organizations/acme/profiling/flamegraph/?project=2002&query=transaction%3A%22POST%20%2Fapi%2Forders%2F%22&statsPeriod=24h",
                200,
                GRAPH,
            );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(
            json!({"organizationSlug": "acme", "projectSlugOrId": "api", "transactionName": "POST /api/orders/"}),
        );
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# Profile of \"POST /api/orders/\" in acme/api\n\n**Period**: 24h\n**Profiles**: 1\n**Sampled time**: 4500 ms\n"), "{text}");
        assert!(text.contains("| compute_discount (pricing.py:88) | 3000 ms | 66.7% |\n| create_order (views.py:42) | 1000 ms | 22.2% |\n"), "{text}");
        assert!(text.contains("- 66.7% (3000 ms): create_order → compute_discount\n"), "{text}");
    }

    #[test]
    fn a_missing_transaction_is_an_input_error() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let err =
            run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "projectSlugOrId": "api"}))).unwrap_err();
        assert!(err.to_string().contains("pass transactionName"), "{err}");
    }
}
