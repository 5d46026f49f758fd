//! `get_issue_details`: one issue and one of its events (latest unless an
//! `eventId` is given): summary fields, the exception with a compact stack
//! trace, request, user, tags, contexts and trace id. With only an `eventId`,
//! the issue is found through the issue search.

use crate::api::{Api, ApiError, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, ORG};
use crate::event::{self, Event, MessageEntry, RequestEntry, TraceStyle};
use crate::md::{Md, truncate};
use crate::models::Issue;
use crate::reply::{Reply, ToolError, input};
use crate::urls::{self, IssueArgs};

/// Which issue and event to show.
struct Target {
    org: String,
    issue_id: Option<String>,
    event_id: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let target = target(ctx, args)?;
    let api = ctx.org_api(&target.org, args.region());
    let org = target.org.as_str();
    let issue_id = match &target.issue_id {
        Some(id) => id.clone(),
        None => issue_of_event(&api, org, target.event_id.as_deref().unwrap_or_default())?,
    };
    let issue: Issue = api.get(&api_path(&["organizations", org, "issues", &issue_id]), &Query::new())?;
    if let (Some(bound), Some(project)) = (&ctx.bound.project, &issue.project)
        && &project.slug != bound
    {
        return input(format!(
            "issue {} belongs to project {:?}, but this agent is bound to project {bound:?}",
            issue.label(),
            project.slug
        ));
    }
    let shown = match load_event(&api, org, &issue_id, target.event_id.as_deref()) {
        Ok(event) => Ok(event),
        Err(e) if target.event_id.is_some() => return Err(e.into()),
        Err(e) if e.status() == Some(404) => Err("Sentry keeps no event of this issue any more.".to_string()),
        Err(e) => Err(format!("The latest event could not be loaded: {e}")),
    };
    Ok(Reply::text(render(ctx, org, &issue, &shown, target.event_id.is_none())))
}

/// Resolves `issueId`/`issueUrl`/`eventId` and the organization.
fn target(ctx: &Ctx, args: &Args) -> Result<Target, ToolError> {
    let event_id = match args.str("eventId") {
        Some(e) if matches!(e, "latest" | "oldest" | "recommended") => Some(e.to_string()),
        Some(e) => Some(urls::check_event_id(e).or_else(input)?),
        None => None,
    };
    let (issue_id, issue_url) = (args.str("issueId"), args.str("issueUrl"));
    if issue_id.is_none() && issue_url.is_none() {
        let Some(event_id) = event_id else {
            return input("pass issueUrl, issueId with organizationSlug, or an eventId with organizationSlug");
        };
        let org = args.str(ORG).ok_or(ToolError::Input("organizationSlug is required with eventId".into()))?;
        return Ok(Target { org: org.into(), issue_id: None, event_id: Some(event_id) });
    }
    let issue_args = IssueArgs { issue_id, issue_url, org: args.str(ORG), bound_org: ctx.bound.org.as_deref() };
    let found = urls::resolve_issue(issue_args, &ctx.config.host).or_else(input)?;
    Ok(Target { org: found.org, issue_id: Some(found.issue_id), event_id: event_id.or(found.event_id) })
}

/// Finds the issue an event belongs to through the issue search.
fn issue_of_event(api: &Api<'_>, org: &str, event_id: &str) -> Result<String, ToolError> {
    let query = Query::new().push("query", event_id).push("limit", 1);
    let issues: Vec<Issue> = api.get(&api_path(&["organizations", org, "issues"]), &query)?;
    match issues.first() {
        Some(issue) => Ok(issue.id.0.clone()),
        None => input(format!("no issue in organization {org:?} has event {event_id}; check the id or pass issueId")),
    }
}

fn load_event(api: &Api<'_>, org: &str, issue_id: &str, event_id: Option<&str>) -> Result<Event, ApiError> {
    let which = event_id.unwrap_or("latest");
    api.get(&api_path(&["organizations", org, "issues", issue_id, "events", which]), &Query::new())
}

/// Renders the issue and the event shown (or why there is none).
fn render(ctx: &Ctx, org: &str, issue: &Issue, shown: &Result<Event, String>, latest: bool) -> String {
    let mut md = Md::titled(&format!("Issue {} in {org}", issue.label()));
    summary(&mut md, ctx, org, issue);
    let mut trace_id = None;
    match shown {
        Ok(event) => {
            trace_id = event.trace_id().map(str::to_string);
            event_sections(&mut md, event, latest);
        }
        Err(why) => {
            md.section("Latest event");
            md.para(why);
        }
    }
    let label = issue.label();
    let mut steps: Vec<(&'static str, String)> = vec![
        ("get_event_stacktrace", format!("the full stack trace of `{label}` with every frame")),
        ("get_issue_breadcrumbs", format!("what happened just before `{label}`")),
    ];
    if let Some(trace) = trace_id {
        steps.push(("get_trace_details", format!("follow trace `{trace}` across services")));
    }
    steps.extend([
        ("search_issue_events", format!("compare the other events of `{label}`")),
        ("get_issue_tag_values", "see how its events spread over browsers, releases or URLs".to_string()),
        ("analyze_issue_with_seer", "get a root cause and fix proposal from Seer".to_string()),
        ("update_issue", format!("resolve, ignore or assign `{label}`")),
    ]);
    let steps: Vec<(&str, &str)> = steps.iter().map(|(t, w)| (*t, w.as_str())).collect();
    md.next_steps(&catalog::next_steps(ctx, &steps));
    md.finish()
}

fn summary(md: &mut Md, ctx: &Ctx, org: &str, issue: &Issue) {
    md.field("Title", truncate(&issue.title, 300));
    md.field("Issue ID", format!("{} (numeric id {})", issue.label(), issue.id));
    md.field_opt("Project", issue.project.as_ref().map(|p| format!("{} (`{}`)", p.name, p.slug)));
    let status = match (&issue.status, &issue.substatus) {
        (Some(s), Some(sub)) => Some(format!("{s} ({sub})")),
        (s, _) => s.clone(),
    };
    md.field_opt("Status", status);
    md.field_opt("Level", issue.level.as_deref());
    md.field_opt("Priority", issue.priority.as_deref());
    md.field_opt("Category", issue.issue_category.as_deref());
    md.field_opt("Events", issue.count.as_ref());
    md.field_opt("Users affected", issue.user_count.as_ref());
    md.field_opt("First seen", issue.first_seen.as_deref());
    md.field_opt("Last seen", issue.last_seen.as_deref());
    md.field_opt("First release", issue.first_release.as_ref().map(|r| r.version().to_string()));
    md.field_opt("Last release", issue.last_release.as_ref().map(|r| r.version().to_string()));
    md.field("Assigned to", issue.assigned_to.as_ref().map(|a| a.to_string()).unwrap_or_else(|| "nobody".into()));
    md.field_opt("Culprit", issue.culprit.as_deref());
    md.field_opt("Unhandled", issue.is_unhandled.map(|u| if u { "yes" } else { "no" }));
    md.field_opt(
        "Seer fixability",
        issue.seer_fixability.map(|s| format!("{s:.2} (0 to 1; higher is more likely fixable)")),
    );
    let link = issue.permalink.clone().unwrap_or_else(|| ctx.web_url(org, &format!("/issues/{}/", issue.id)));
    md.field("Link", link);
}

fn event_sections(md: &mut Md, event: &Event, latest: bool) {
    md.section(&format!("{} {}", if latest { "Latest event" } else { "Event" }, event.id()));
    md.field_opt("Occurred", event.date_created.as_deref());
    md.field_opt("Platform", event.platform.as_deref());
    md.field_opt("Release", event.release.as_ref().map(|r| r.version().to_string()));
    md.field_opt("Environment", event.tag("environment"));
    md.field_opt("SDK", event.sdk.as_ref().map(|s| format!("{} {}", s.name, s.version)));
    md.field_opt("Trace ID", event.trace_id());
    let exceptions = event.exceptions();
    for exc in &exceptions {
        event::write_exception(md, exc, TraceStyle::COMPACT);
    }
    if exceptions.is_empty() {
        if let Some(thread) = event.crashed_thread() {
            let name = thread.name.clone().or(thread.id.as_ref().map(|i| i.0.clone())).unwrap_or_default();
            md.subsection(&format!("Thread {name}"));
            if let Some(trace) = &thread.stacktrace {
                md.code("", &event::stack_text(trace, TraceStyle::COMPACT));
            }
        }
        let message = event.entry::<MessageEntry>("message").and_then(|m| m.formatted.or(m.message));
        if let Some(text) = message.or_else(|| event.message.clone()).filter(|m| !m.is_empty()) {
            md.subsection("Message");
            md.code("", &truncate(&text, 2000));
        }
    }
    if let Some(request) = event.entry::<RequestEntry>("request") {
        event::write_request(md, &request);
    }
    if let Some(user) = &event.user {
        event::write_user(md, user);
    }
    event::write_tags(md, &event.tags);
    if let Some(contexts) = &event.contexts {
        event::write_contexts(md, contexts);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const ISSUE: &str = include_str!("../../tests/fixtures/issue_web_1.json");
    const EVENT: &str = include_str!("../../tests/fixtures/event_web_1.json");
    const BASE: &str = "GET https://us.sentry.io/api/0/organizations/acme/issues/";

    fn acme(io: FakeIo) -> Ctx {
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[("skills", "all")], &[])
    }

    fn details(ctx: &Ctx, raw: serde_json::Value) -> Result<Reply, ToolError> {
        let spec = catalog::find("get_issue_details").unwrap();
        let args = Args::check(spec, raw, &ctx.bound, &ctx.config)?;
        run(ctx, &args)
    }

    #[test]
    fn issue_and_latest_event_are_rendered_with_stack_request_user_and_tags() {
        let io = FakeIo::default().route(&format!("{BASE}WEB-1/events/latest/"), 200, EVENT).route(
            &format!("{BASE}WEB-1/"),
            200,
            ISSUE,
        );
        let ctx = acme(io);
        let text = details(&ctx, json!({"issueId": "web-1"})).unwrap().text;
        let expected_start = "# Issue WEB-1 in acme\n\n**Title**: TypeError: Cannot read properties of undefined (reading 'id')\n**Issue ID**: WEB-1 (numeric id 3001)\n**Project**: web (`web`)\n**Status**: unresolved (ongoing)\n**Level**: error\n";
        assert!(text.starts_with(expected_start), "{text}");
        for part in [
            "**Events**: 1284\n**Users affected**: 342\n",
            "**Link**: https://acme.sentry.io/issues/3001/\n",
            "## Latest event 9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c\n",
            "**Trace ID**: a1b2c3d4e5f60718293a4b5c6d7e8f90\n",
            "### TypeError: Cannot read properties of undefined (reading 'id')\n",
            "**Mechanism**: onunhandledrejection (unhandled)\n",
            "at submitOrder (app/checkout/CheckoutForm.tsx:47:42) [app]\n",
            "    >    47 |   const confirmationId = response.order.id;\n",
            "## Request\n\n**URL**: https://acme.example.com/checkout\n**Query**: `promo=SUMMER10`\n",
            "**Email**: jane.doe@example.net\n",
            "| `browser` | Chrome 127.0.0 |\n",
            "- **browser**: name=Chrome, version=127.0.0\n",
        ] {
            assert!(text.contains(part), "missing {part:?} in:\n{text}");
        }
        let steps = text.split("## Next steps").nth(1).unwrap_or_default();
        for line in steps.lines().filter(|l| l.starts_with("- `")) {
            let tool = line.trim_start_matches("- `").split('`').next().unwrap_or_default();
            assert!(catalog::available(&ctx, tool).is_some(), "next steps name {tool}, which this agent lacks");
        }
    }

    #[test]
    fn an_issue_url_of_another_org_is_refused_before_any_request() {
        let io = FakeIo::default();
        let ctx = acme(io);
        let err = details(&ctx, json!({"issueUrl": "https://globex.sentry.io/issues/3101/"})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "**Input error**: the issue link belongs to organization \"globex\", but this agent is bound to organization \"acme\""
        );
    }

    #[test]
    fn an_issue_of_another_project_is_refused_when_bound_to_a_project() {
        let io = FakeIo::default().route(&format!("{BASE}WEB-1/"), 200, ISSUE);
        let ctx = Ctx::test(
            io,
            &[("organizationSlug", "acme"), ("projectSlug", "api"), ("regionUrl", "us.sentry.io")],
            &[],
            &[],
        );
        let err = details(&ctx, json!({"issueId": "WEB-1"})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "**Input error**: issue WEB-1 belongs to project \"web\", but this agent is bound to project \"api\""
        );
    }

    #[test]
    fn a_missing_latest_event_still_shows_the_issue() {
        let io = FakeIo::default().route(&format!("{BASE}WEB-1/"), 200, ISSUE);
        let text = details(&acme(io), json!({"issueId": "WEB-1"})).unwrap().text;
        assert!(text.contains("## Latest event\n\nSentry keeps no event of this issue any more.\n"), "{text}");
    }

    #[test]
    fn an_event_id_alone_finds_its_issue() {
        let io = FakeIo::default()
            .route(&format!("{BASE}?query=9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c&limit=1"), 200, &format!("[{ISSUE}]"))
            .route(&format!("{BASE}3001/events/9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c/"), 200, EVENT)
            .route(&format!("{BASE}3001/"), 200, ISSUE);
        let text = details(&acme(io), json!({"eventId": "9c4e2a7b-1d3f-4e6a-8b0c-2d4e6f8a0b1c"})).unwrap().text;
        assert!(text.contains("## Event 9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c"), "{text}");
    }

    #[test]
    fn neither_issue_nor_event_is_an_input_error() {
        let err = details(&acme(FakeIo::default()), json!({})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "**Input error**: pass issueUrl, issueId with organizationSlug, or an eventId with organizationSlug"
        );
    }

    #[test]
    fn a_malformed_issue_id_is_an_input_error() {
        let err = details(&acme(FakeIo::default()), json!({"issueId": "not an id"})).unwrap_err();
        assert!(err.to_string().starts_with("**Input error**: issueId \"not an id\" is not an issue id"), "{err}");
    }
}
