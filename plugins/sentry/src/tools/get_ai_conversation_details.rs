//! `get_ai_conversation_details`: one AI agent conversation in order: agent
//! runs, model calls with their messages, tool calls with their arguments,
//! tokens, cost and errors
//! (`GET /api/0/organizations/{org}/ai-conversations/{id}/`).

use serde::Deserialize;
use serde_json::Value;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, one_line, truncate};
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};
use crate::time::iso_time;
use crate::tools::search_ai_conversations::project_ids;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Conversation {
    conversation_id: String,
    #[serde(deserialize_with = "lenient")]
    title: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    spans: Vec<Span>,
}

/// A span of the conversation (Sentry's dotted attribute names).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Span {
    span_id: String,
    #[serde(deserialize_with = "lenient")]
    parent_span: Option<String>,
    #[serde(deserialize_with = "lenient")]
    trace: Option<String>,
    #[serde(rename = "precise.start_ts")]
    start: Option<f64>,
    #[serde(rename = "project.id")]
    project_id: Scalar,
    #[serde(rename = "span.op", deserialize_with = "lenient")]
    op: Option<String>,
    #[serde(rename = "span.description", deserialize_with = "lenient")]
    description: Option<String>,
    #[serde(rename = "span.status", deserialize_with = "lenient")]
    status: Option<String>,
    #[serde(rename = "span.duration")]
    duration: Option<f64>,
    #[serde(rename = "gen_ai.request.model", deserialize_with = "lenient")]
    model: Option<String>,
    #[serde(rename = "gen_ai.usage.total_tokens")]
    tokens: Option<f64>,
    #[serde(rename = "gen_ai.cost.total_tokens")]
    cost: Option<f64>,
    #[serde(rename = "gen_ai.tool.name", deserialize_with = "lenient")]
    tool: Option<String>,
    #[serde(rename = "gen_ai.tool.input", deserialize_with = "lenient")]
    tool_input: Option<String>,
    #[serde(rename = "gen_ai.input.messages", deserialize_with = "lenient")]
    input_messages: Option<String>,
    #[serde(rename = "gen_ai.output.messages", deserialize_with = "lenient")]
    output_messages: Option<String>,
    #[serde(rename = "gen_ai.response.text", deserialize_with = "lenient")]
    response_text: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let id = args.require_str("conversationId")?;
    if id.contains(['/', '?', '#']) {
        return input(format!("conversationId {id:?} is not a conversation id; `search_ai_conversations` lists them"));
    }
    let api = ctx.org_api(org, args.region());
    let projects = project_ids(ctx, &api, org, &args.strings("project"))?;
    let mut query = Query::new().push("per_page", 100).opt("start", args.str("start")).opt("end", args.str("end"));
    for p in &projects {
        query = query.push("project", p);
    }
    let c: Conversation = match api.get(&api_path(&["organizations", org, "ai-conversations", id]), &query) {
        Ok(c) => c,
        Err(e) if e.status() == Some(404) => {
            return input(format!(
                "organization {org:?} has no AI conversation {id:?}; `search_ai_conversations` lists them"
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if !projects.is_empty() && c.spans.iter().any(|s| !projects.contains(&s.project_id.0)) {
        return input(format!("conversation {id:?} belongs to another project than the one asked for"));
    }
    Ok(Reply::text(render(ctx, org, &c)))
}

fn render(ctx: &Ctx, org: &str, c: &Conversation) -> String {
    let mut spans: Vec<&Span> = c.spans.iter().collect();
    spans.sort_by(|a, b| a.start.unwrap_or(0.0).total_cmp(&b.start.unwrap_or(0.0)));
    let mut md = Md::titled(&format!("AI conversation {} in {org}", c.conversation_id));
    md.field_opt("Title", c.title.as_deref());
    md.field("Spans", spans.len());
    let tokens: f64 = spans.iter().filter(|s| s.parent_span.is_none()).filter_map(|s| s.tokens).sum();
    let cost: f64 = spans.iter().filter(|s| s.parent_span.is_none()).filter_map(|s| s.cost).sum();
    md.field("Tokens", format!("{tokens:.0}"));
    md.field("Cost", format!("${cost:.4}"));
    let errors: Vec<&&Span> = spans.iter().filter(|s| s.status.as_deref().is_some_and(|st| st != "ok")).collect();
    md.field("Errors", errors.len());
    let trace = spans.iter().find_map(|s| s.trace.clone());
    md.field_opt("Trace", trace.as_deref());
    let start = spans.first().and_then(|s| s.start).unwrap_or(0.0);
    md.field_opt("Started", spans.first().and_then(|s| s.start).map(|t| iso_time(t * 1000.0)));
    md.section("Steps");
    for s in &spans {
        let at = s.start.map(|t| format!("+{:.2}s ", t - start)).unwrap_or_default();
        let indent = if s.parent_span.is_some() { "  " } else { "" };
        let status = s.status.as_deref().filter(|st| *st != "ok").map(|st| format!(" **{st}**")).unwrap_or_default();
        let took = s.duration.map(|d| format!(", {d:.0} ms")).unwrap_or_default();
        let model = s.model.as_deref().map(|m| format!(", model {m}")).unwrap_or_default();
        let tokens = s.tokens.map(|t| format!(", {t:.0} tokens")).unwrap_or_default();
        md.raw(&format!(
            "{indent}- {at}`{}` {}{took}{model}{tokens}{status}\n",
            s.op.as_deref().unwrap_or("span"),
            s.description.as_deref().unwrap_or(&s.span_id)
        ));
        if let Some(input) = &s.tool_input {
            md.raw(&format!(
                "{indent}  - tool `{}` input: `{}`\n",
                s.tool.as_deref().unwrap_or("?"),
                truncate(&one_line(input), 300)
            ));
        }
        if s.parent_span.is_none() {
            if let Some(text) = s.input_messages.as_deref().and_then(last_message) {
                md.raw(&format!("{indent}  - user: {:?}\n", truncate(&text, 400)));
            }
            if let Some(text) = s.output_messages.as_deref().and_then(last_message).or(s.response_text.clone()) {
                md.raw(&format!("{indent}  - assistant: {:?}\n", truncate(&text, 400)));
            }
        }
    }
    let mut steps: Vec<(&'static str, String)> = Vec::new();
    if let Some(t) = &trace {
        steps.push(("get_trace_details", format!("see trace `{t}` around this conversation")));
    }
    steps.push(("search_ai_conversations", "find similar conversations".into()));
    let steps: Vec<(&str, &str)> = steps.iter().map(|(t, w)| (*t, w.as_str())).collect();
    md.next_steps(&catalog::next_steps(ctx, &steps));
    md.finish()
}

/// The content of the last message of a JSON message list.
fn last_message(json: &str) -> Option<String> {
    let messages: Vec<Value> = serde_json::from_str(json).ok()?;
    let content = messages.last()?.get("content")?;
    Some(match content {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn a_conversation_shows_its_steps_messages_and_errors() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/ai-conversations/conv-8b3e1c44/?per_page=100",
            200,
            r#"{"conversationId":"conv-8b3e1c44","title":"Cancel order 9861","spans":[
                {"span_id":"6a","parent_span":"5a","precise.start_ts":1786962402.2,"span.op":"gen_ai.execute_tool",
                 "span.description":"execute_tool cancel_order","span.status":"internal_error","span.duration":6100.0,
                 "gen_ai.tool.name":"cancel_order","gen_ai.tool.input":"{\"order_id\": 9861}"},
                {"span_id":"5a","parent_span":null,"trace":"c8d9","precise.start_ts":1786962400.0,"span.op":"gen_ai.invoke_agent",
                 "span.description":"invoke_agent Support Agent","span.status":"internal_error","gen_ai.usage.total_tokens":2410,
                 "gen_ai.cost.total_tokens":0.0029,"gen_ai.input.messages":"[{\"role\": \"user\", \"content\": \"Cancel order 9861 please\"}]"}]}"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "conversationId": "conv-8b3e1c44"}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(
            text.starts_with("# AI conversation conv-8b3e1c44 in acme\n\n**Title**: Cancel order 9861\n"),
            "{text}"
        );
        assert!(text.contains("**Tokens**: 2410\n**Cost**: $0.0029\n**Errors**: 2\n**Trace**: c8d9\n"), "{text}");
        assert!(text.contains("- +0.00s `gen_ai.invoke_agent` invoke_agent Support Agent, 2410 tokens **internal_error**\n  - user: \"Cancel order 9861 please\"\n"), "{text}");
        assert!(text.contains("  - +2.20s `gen_ai.execute_tool` execute_tool cancel_order, 6100 ms **internal_error**\n    - tool `cancel_order` input: `{\"order_id\": 9861}`\n"), "{text}");
    }
}
