//! `search_ai_conversations`: AI agent conversations Sentry recorded
//! (`GET /api/0/organizations/{org}/ai-conversations/`), filtered by
//! project, environment, time and text, with their models, token counts,
//! tools and errors. Project slugs become ids via
//! `GET /api/0/projects/{org}/{project}/`; [`project_ids`] is shared with
//! `get_ai_conversation_details`.

use serde::Deserialize;

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, truncate};
use crate::models::{Project, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};
use crate::time::iso_time;

/// One conversation's summary.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Summary {
    conversation_id: String,
    #[serde(deserialize_with = "lenient")]
    title: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    flow: Vec<String>,
    errors: Option<i64>,
    llm_calls: Option<i64>,
    tool_calls: Option<i64>,
    total_tokens: Option<i64>,
    total_cost: Option<f64>,
    start_timestamp: Option<f64>,
    end_timestamp: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    first_input: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    tool_names: Vec<String>,
    tool_errors: Option<i64>,
}

/// Numeric ids of `projects` (slugs or ids); under a project constraint only
/// that project, and naming another is an input error.
pub fn project_ids(ctx: &Ctx, api: &Api<'_>, org: &str, projects: &[String]) -> Result<Vec<String>, ToolError> {
    let mut wanted: Vec<String> = projects.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    if let Some(bound) = &ctx.bound.project
        && wanted.is_empty()
    {
        wanted.push(bound.clone());
    }
    let mut ids = Vec::new();
    for project in wanted {
        let found: Project = api.get(&api_path(&["projects", org, &project]), &Query::new())?;
        if let Some(bound) = ctx.bound.project.as_deref().filter(|b| *b != found.slug) {
            return input(format!("project {project:?} is not {bound:?}, the project this agent is bound to"));
        }
        ids.push(found.id.0);
    }
    Ok(ids)
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let api = ctx.org_api(org, args.region());
    let projects = project_ids(ctx, &api, org, &args.strings("project"))?;
    let limit = args.int("limit").unwrap_or(10).clamp(1, 100);
    let mut query = Query::new().opt("query", args.str("query")).push("per_page", limit);
    for id in &projects {
        query = query.push("project", id);
    }
    for env in args.strings("environment") {
        query = query.push("environment", env);
    }
    query = match (args.str("start"), args.str("end")) {
        (Some(start), Some(end)) => query.push("start", start).push("end", end),
        (None, None) => query.push("statsPeriod", args.str("period").unwrap_or("14d")),
        _ => return input("pass both start and end, or neither (then period applies)"),
    };
    query = query.opt("cursor", args.str("cursor"));
    let page = api.get_page::<Vec<Summary>>(&api_path(&["organizations", org, "ai-conversations"]), &query)?;
    let mut md = Md::titled(&format!("AI conversations in {org}"));
    md.field_opt("Search", args.str("query").map(|q| format!("`{q}`")));
    md.field("Found", page.items.len());
    if page.items.is_empty() {
        md.para("No conversation matched; widen the period or drop filters.");
    }
    for c in &page.items {
        md.section(&format!("{} — {}", c.conversation_id, c.title.as_deref().unwrap_or("(untitled)")));
        md.field_opt("Agents", (!c.flow.is_empty()).then(|| c.flow.join(" → ")));
        md.field_opt("Started", c.start_timestamp.map(iso_time));
        md.field_opt(
            "Duration",
            c.start_timestamp.zip(c.end_timestamp).map(|(s, e)| format!("{:.1} s", (e - s) / 1000.0)),
        );
        md.field_opt("LLM calls", c.llm_calls);
        md.field_opt("Tool calls", c.tool_calls.map(|n| format!("{n} ({})", c.tool_names.join(", "))));
        md.field_opt("Tokens", c.total_tokens);
        md.field_opt("Cost", c.total_cost.map(|c| format!("${c:.4}")));
        md.field_opt("Errors", c.errors.map(|e| format!("{e} (tool errors: {})", c.tool_errors.unwrap_or(0))));
        md.field_opt("First input", c.first_input.as_deref().map(|i| format!("{:?}", truncate(i, 200))));
    }
    if let Some(cursor) = page.next_cursor {
        md.para(&format!("More conversations exist; pass `cursor: \"{cursor}\"`."));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("get_ai_conversation_details", "read one conversation's messages, model and tool calls")],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn conversations_of_a_project_are_listed_with_tokens_and_errors() {
        let io = FakeIo::default()
            .route("GET https://us.sentry.io/api/0/projects/acme/api/", 200, r#"{"id":"2002","slug":"api","name":"api"}"#)
            .route(
                "GET https://us.sentry.io/api/0/organizations/acme/ai-conversations/?per_page=10&project=2002&statsPeriod=14d",
                200,
                r#"[{"conversationId":"conv-8b3e1c44","title":"Cancel order 9861","flow":["Support Agent"],"errors":1,
                    "llmCalls":1,"toolCalls":1,"totalTokens":2410,"totalCost":0.0029,"toolNames":["cancel_order"],"toolErrors":1}]"#,
            );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "project": "api"}))).unwrap().text;
        assert!(text.contains("## conv-8b3e1c44 — Cancel order 9861\n\n**Agents**: Support Agent\n"), "{text}");
        assert!(text.contains("**Tool calls**: 1 (cancel_order)\n**Tokens**: 2410\n**Cost**: $0.0029\n"), "{text}");
        assert!(text.contains("**Errors**: 1 (tool errors: 1)"), "{text}");
    }

    #[test]
    fn another_project_than_the_bound_one_is_refused() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/projects/acme/api/",
            200,
            r#"{"id":"2002","slug":"api","name":"api"}"#,
        );
        let ctx = Ctx::test(
            io,
            &[("organizationSlug", "acme"), ("projectSlug", "web"), ("regionUrl", "us.sentry.io")],
            &[],
            &[],
        );
        let err = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "project": "api"}))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "**Input error**: project \"api\" is not \"web\", the project this agent is bound to"
        );
    }
}
