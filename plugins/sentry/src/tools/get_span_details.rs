//! `get_span_details`: one span of a trace in depth — operation, timing,
//! attributes, parent, children and the issues raised in it — read from the
//! same trace endpoints as `get_trace_details`.

use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::reply::{Reply, ToolError, input};
use crate::tools::get_trace_details::{check_span_id, check_trace_id, flatten, load, missing_span, write_span};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let trace_id = check_trace_id(args.require_str("traceId")?)?;
    let span_id = check_span_id(args.require_str("spanId")?)?;
    let api = ctx.org_api(org, args.region());
    let (_, roots) = load(&api, org, &trace_id)?;
    let spans = flatten(&roots);
    if spans.is_empty() {
        return input(format!("Sentry has no spans of trace {trace_id} in organization {org:?}; check the id"));
    }
    let (_, span) =
        spans.iter().find(|(_, s)| s.span_id == span_id).ok_or_else(|| missing_span(&span_id, &trace_id))?;
    let mut md = Md::titled(&format!("Span {span_id} of trace {trace_id} in {org}"));
    write_span(&mut md, span, &spans);
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_trace_details", "see the whole trace around this span"),
            ("get_issue_details", "open an error raised in this span"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tools::get_trace_details::tests::{ID, ctx};

    #[test]
    fn a_span_shows_its_attributes_parent_and_children() {
        let args = json!({"organizationSlug": "acme", "traceId": ID, "spanId": "D4F5A6B738495A6B"});
        let text = run(&ctx(), &Args::from_json(args)).unwrap().text;
        for part in [
            "# Span d4f5a6b738495a6b of trace a1b2c3d4e5f60718293a4b5c6d7e8f90 in acme\n",
            "**Operation**: http.client\n**Description**: POST /api/orders/\n",
            "**Parent**: `9a1b2c3d4e5f6071` pageload /checkout\n",
            "| `http.response.status_code` | 500 |",
            "- `07c8d9ea6b7c8d9e` function compute_discount (415 ms)\n",
        ] {
            assert!(text.contains(part), "missing {part:?} in {text}");
        }
    }
}
