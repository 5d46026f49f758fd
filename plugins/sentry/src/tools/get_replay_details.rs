//! `get_replay_details`: a session replay summarized: who, where, how long,
//! pages, clicks, errors and a timeline. Reads the replay
//! (`GET /api/0/organizations/{org}/replays/{id}/`), its recording segments
//! (`GET /api/0/projects/{org}/{project}/replays/{id}/recording-segments/`)
//! and the issues of its errors (`GET /api/0/organizations/{org}/issues/?query=<event id>`).

use serde::Deserialize;
use serde_json::Value;

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, ORG};
use crate::md::{Md, truncate};
use crate::models::{Issue, Project, Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};
use crate::urls::{self, Resource, SentryUrl};

/// Most timeline entries shown.
const MAX_TIMELINE: usize = 40;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Envelope {
    data: Replay,
}

/// A replay as Sentry's replay endpoint returns it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Replay {
    id: String,
    project_id: Scalar,
    #[serde(deserialize_with = "lenient")]
    environment: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    releases: Vec<String>,
    #[serde(deserialize_with = "lenient")]
    started_at: Option<String>,
    #[serde(deserialize_with = "lenient")]
    finished_at: Option<String>,
    duration: Option<f64>,
    count_errors: Option<i64>,
    count_dead_clicks: Option<i64>,
    count_rage_clicks: Option<i64>,
    count_segments: Option<i64>,
    #[serde(deserialize_with = "lenient_list")]
    urls: Vec<String>,
    #[serde(deserialize_with = "lenient_list")]
    error_ids: Vec<String>,
    #[serde(deserialize_with = "lenient_list")]
    trace_ids: Vec<String>,
    #[serde(deserialize_with = "lenient")]
    browser: Option<NameVersion>,
    #[serde(deserialize_with = "lenient")]
    os: Option<NameVersion>,
    #[serde(deserialize_with = "lenient")]
    user: Option<ReplayUser>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NameVersion {
    #[serde(deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReplayUser {
    #[serde(deserialize_with = "lenient")]
    display_name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    email: Option<String>,
    #[serde(deserialize_with = "lenient")]
    id: Option<String>,
}

/// One recorded rrweb event (only custom events, type 5, are read).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RecEvent {
    r#type: i64,
    timestamp: Option<f64>,
    data: Value,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let (org, replay_id) = target(ctx, args)?;
    let api = ctx.org_api(&org, args.region());
    let replay = match api.get::<Envelope>(&api_path(&["organizations", &org, "replays", &replay_id]), &Query::new()) {
        Ok(e) => e.data,
        Err(e) if e.status() == Some(404) => {
            return input(format!("organization {org:?} has no replay {replay_id}; check the id or the link"));
        }
        Err(e) => return Err(e.into()),
    };
    let project = project_slug(ctx, &api, &org, &replay.project_id.0)?;
    let segments_path =
        api_path(&["projects", &org, &replay.project_id.0, "replays", &replay_id, "recording-segments"]);
    let timeline = match api.get::<Vec<Vec<RecEvent>>>(&segments_path, &Query::new().push("per_page", 100)) {
        Ok(segments) => Ok(timeline(&segments)),
        Err(e) => Err(format!("The recording could not be read: {e}")),
    };
    let issues = error_issues(&api, &org, &replay.error_ids);
    Ok(Reply::text(render(ctx, &org, project.as_deref(), &replay, &timeline, &issues)))
}

/// The organization and the replay id, from a link or the arguments.
fn target(ctx: &Ctx, args: &Args) -> Result<(String, String), ToolError> {
    let (org, id) = match (args.str("replayUrl"), args.str("replayId")) {
        (Some(_), Some(_)) => return input("pass either replayUrl or replayId, not both"),
        (None, None) => return input("pass replayUrl, or replayId together with organizationSlug"),
        (Some(url), None) => {
            let parsed = SentryUrl::parse(url, &ctx.config.host).or_else(input)?;
            let Resource::Replay { replay_id } = parsed.resource else {
                return input(format!(
                    "{url:?} is not a replay link; replay links look like https://acme.sentry.io/replays/<id>/"
                ));
            };
            (urls::link_org(parsed.org, args.str(ORG), "replay").or_else(input)?, replay_id)
        }
        (None, Some(id)) => {
            let org = args.str(ORG).ok_or(ToolError::Input("organizationSlug is required with replayId".into()))?;
            (org.to_string(), id.to_string())
        }
    };
    let hex: String = id.chars().filter(|c| *c != '-').collect::<String>().to_ascii_lowercase();
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return input(format!("replayId {id:?} is not a replay id: use the 32 hex digits Sentry shows"));
    }
    Ok((org, hex))
}

/// The replay's project slug; under a project constraint a replay of another project is refused.
fn project_slug(ctx: &Ctx, api: &Api<'_>, org: &str, project_id: &str) -> Result<Option<String>, ToolError> {
    if project_id.is_empty() {
        return Ok(None);
    }
    let found: Option<Project> = api.get(&api_path(&["projects", org, project_id]), &Query::new()).ok();
    let slug = found.map(|p| p.slug);
    if let Some(bound) = &ctx.bound.project
        && slug.as_deref().is_some_and(|s| s != bound)
    {
        return input(format!(
            "this replay belongs to project {:?}, but this agent is bound to project {bound:?}",
            slug.unwrap_or_default()
        ));
    }
    Ok(slug)
}

/// The issue of each error event, best effort.
fn error_issues(api: &Api<'_>, org: &str, error_ids: &[String]) -> Vec<(String, Option<Issue>)> {
    error_ids
        .iter()
        .take(5)
        .map(|id| {
            let query = Query::new().push("query", id).push("limit", 1);
            let found: Option<Vec<Issue>> = api.get(&api_path(&["organizations", org, "issues"]), &query).ok();
            (id.clone(), found.and_then(|v| v.into_iter().next()))
        })
        .collect()
}

/// Readable lines from the recording's breadcrumbs and spans, oldest first.
fn timeline(segments: &[Vec<RecEvent>]) -> Vec<(f64, String)> {
    let mut lines = Vec::new();
    for event in segments.iter().flatten() {
        let (Some(ts), 4 | 5) = (event.timestamp, event.r#type) else { continue };
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let line = if event.r#type == 4 {
            format!("page load {}", text(&event.data, "href"))
        } else {
            let payload = event.data.get("payload").cloned().unwrap_or_default();
            match text(&event.data, "tag").as_str() {
                "breadcrumb" => {
                    let category = text(&payload, "category");
                    let count = payload.pointer("/data/clickCount").and_then(Value::as_i64);
                    let extra = count.map(|c| format!(" ({c} clicks)")).unwrap_or_default();
                    format!("{category}: {}{extra}", text(&payload, "message"))
                }
                "performanceSpan" => {
                    let ms = payload.pointer("/data/duration").and_then(Value::as_f64);
                    let took = ms.map(|m| format!(" ({m:.0} ms)")).unwrap_or_default();
                    format!("{}: {}{took}", text(&payload, "op"), text(&payload, "description"))
                }
                _ => continue,
            }
        };
        if !lines.iter().any(|(_, l): &(f64, String)| *l == line && line.starts_with("page load")) {
            lines.push((ts, line));
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines
}

fn render(
    ctx: &Ctx,
    org: &str,
    project: Option<&str>,
    r: &Replay,
    timeline: &Result<Vec<(f64, String)>, String>,
    issues: &[(String, Option<Issue>)],
) -> String {
    let mut md = Md::titled(&format!("Replay {} in {org}", r.id));
    md.field(
        "Project",
        project.map(|p| format!("{p} (id {})", r.project_id)).unwrap_or_else(|| r.project_id.0.clone()),
    );
    md.field_opt("Started", r.started_at.as_deref());
    md.field_opt("Finished", r.finished_at.as_deref());
    md.field_opt("Duration", r.duration.map(|d| format!("{d:.0} s")));
    if let Some(u) = &r.user {
        md.field_opt("User", u.display_name.clone().or_else(|| u.email.clone()).or_else(|| u.id.clone()));
    }
    let nv = |v: &Option<NameVersion>| {
        v.as_ref().map(|v| format!("{} {}", v.name.as_deref().unwrap_or("?"), v.version.as_deref().unwrap_or("")))
    };
    md.field_opt("Browser", nv(&r.browser).map(|s| s.trim().to_string()));
    md.field_opt("OS", nv(&r.os).map(|s| s.trim().to_string()));
    md.field_opt("Environment", r.environment.as_deref());
    if !r.releases.is_empty() {
        md.field("Releases", r.releases.join(", "));
    }
    md.field_opt("Errors", r.count_errors);
    md.field_opt("Dead clicks", r.count_dead_clicks);
    md.field_opt("Rage clicks", r.count_rage_clicks);
    md.field_opt("Segments", r.count_segments);
    md.field("Link", ctx.web_url(org, &format!("/replays/{}/", r.id)));
    if !r.urls.is_empty() {
        md.section("Pages visited");
        for url in &r.urls {
            md.bullet(url);
        }
    }
    if !issues.is_empty() {
        md.section("Errors");
        for (event, issue) in issues {
            match issue {
                Some(i) => md.bullet(format!("event `{event}`: issue **{}** — {}", i.label(), truncate(&i.title, 160))),
                None => md.bullet(format!("event `{event}`")),
            };
        }
    }
    md.section("Timeline");
    match timeline {
        Ok(lines) if lines.is_empty() => {
            md.para("The recording has no breadcrumbs.");
        }
        Ok(lines) => {
            let start = lines.first().map(|l| l.0).unwrap_or_default();
            for (ts, line) in lines.iter().take(MAX_TIMELINE) {
                md.bullet(format!("+{:.1}s {}", (ts - start) / 1000.0, truncate(line, 200)));
            }
            if lines.len() > MAX_TIMELINE {
                md.para(&format!("{} more entries not shown.", lines.len() - MAX_TIMELINE));
            }
        }
        Err(why) => {
            md.para(why);
        }
    }
    let mut steps: Vec<(&'static str, String)> = Vec::new();
    if let Some((_, Some(issue))) = issues.first() {
        steps.push(("get_issue_details", format!("the error `{}` this user hit", issue.label())));
    }
    if let Some(trace) = r.trace_ids.first() {
        steps.push(("get_trace_details", format!("follow trace `{trace}` behind this session")));
    }
    steps.push(("search_events", "find other replays (dataset `replays`)".to_string()));
    let steps: Vec<(&str, &str)> = steps.iter().map(|(t, w)| (*t, w.as_str())).collect();
    md.next_steps(&catalog::next_steps(ctx, &steps));
    md.finish()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const ID: &str = "e5f6a7b8c9d04e1fa2b3c4d5e6f7a8b9";

    #[test]
    fn a_replay_link_is_summarized_with_its_timeline_and_errors() {
        let io = FakeIo::default()
            .route(
                &format!("GET https://us.sentry.io/api/0/organizations/acme/replays/{ID}/"),
                200,
                &format!(r#"{{"data":{{"id":"{ID}","project_id":"2001","duration":102,"count_errors":1,
                    "urls":["https://acme.example.com/cart"],"error_ids":["9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c"],
                    "browser":{{"name":"Chrome","version":"127.0.0"}},"user":{{"display_name":"jane"}}}}}}"#),
            )
            .route("GET https://us.sentry.io/api/0/projects/acme/2001/", 200, r#"{"id":"2001","slug":"web","name":"web"}"#)
            .route(
                &format!("GET https://us.sentry.io/api/0/projects/acme/2001/replays/{ID}/recording-segments/?per_page=100"),
                200,
                r#"[[{"type":5,"timestamp":1000,"data":{"tag":"breadcrumb","payload":{"category":"ui.click","message":"button#buy"}}},
                     {"type":5,"timestamp":3500,"data":{"tag":"breadcrumb","payload":{"category":"ui.multiClick","message":"button#buy","data":{"clickCount":5}}}}]]"#,
            )
            .route(
                "GET https://us.sentry.io/api/0/organizations/acme/issues/?query=9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c&limit=1",
                200,
                r#"[{"id":"3001","shortId":"WEB-1","title":"TypeError: boom"}]"#,
            );
        let ctx =
            Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[("skills", "all")], &[]);
        let url = format!("https://acme.sentry.io/replays/{ID}/");
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "replayUrl": url}))).unwrap().text;
        assert!(text.starts_with(&format!("# Replay {ID} in acme\n\n**Project**: web (id 2001)\n")), "{text}");
        assert!(text.contains("**Browser**: Chrome 127.0.0\n"), "{text}");
        assert!(
            text.contains("- event `9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c`: issue **WEB-1** — TypeError: boom"),
            "{text}"
        );
        assert!(
            text.contains("- +0.0s ui.click: button#buy\n- +2.5s ui.multiClick: button#buy (5 clicks)\n"),
            "{text}"
        );
    }

    #[test]
    fn a_link_into_another_org_is_refused() {
        let ctx = Ctx::test(FakeIo::default(), &[("organizationSlug", "acme")], &[], &[]);
        let url = format!("https://globex.sentry.io/replays/{ID}/");
        let err = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "replayUrl": url}))).unwrap_err();
        assert!(err.to_string().contains("belongs to organization \"globex\""), "{err}");
    }
}
