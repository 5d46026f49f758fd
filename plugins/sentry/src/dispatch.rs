//! One call, start to finish: find the tool (unknown or not granted is
//! `unknown-tool`), check its arguments, run its handler, and turn the outcome
//! into a tool result. `execute_sentry_tool` goes through [`run`] too.

use serde_json::Value;

use crate::args::Args;
use crate::catalog::{self, ToolSpec};
use crate::context::Ctx;
use crate::reply::{Reply, ToolError, to_tool_result};
use crate::warren::plugin::types::{CallError, ToolResult};

/// Calls tool `name` with JSON object text `arguments`.
pub fn call(ctx: &Ctx, name: &str, arguments: &str) -> Result<ToolResult, CallError> {
    let spec = catalog::available(ctx, name).ok_or_else(|| {
        CallError::UnknownTool(format!("no tool named {name:?} is available; `tools/list` shows the tools you have"))
    })?;
    let raw: Value = serde_json::from_str(arguments)
        .map_err(|e| CallError::InvalidArguments(format!("the arguments are not JSON ({e}); pass an object")))?;
    Ok(to_tool_result(run(ctx, spec, raw)))
}

/// Checks `raw` against `spec` and runs its handler.
pub fn run(ctx: &Ctx, spec: &ToolSpec, raw: Value) -> Result<Reply, ToolError> {
    let Some(handler) = spec.handler else {
        return Err(ToolError::Input(format!("`{}` is not available", spec.name)));
    };
    let args = Args::check(spec, raw, &ctx.bound, &ctx.config)?;
    handler(ctx, &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::FakeIo;
    use crate::warren::plugin::types::ContentBlock;

    fn text(result: &ToolResult) -> &str {
        match &result.content[0] {
            ContentBlock::Text(t) => t,
            _ => "",
        }
    }

    #[test]
    fn unknown_and_unwritten_tools_are_unknown() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[("skills", "all")], &[]);
        assert!(matches!(call(&ctx, "nope", "{}"), Err(CallError::UnknownTool(_))));
        let default_skills = Ctx::test(FakeIo::default(), &[], &[], &[]);
        assert!(matches!(call(&default_skills, "find_dsns", "{}"), Err(CallError::UnknownTool(_))));
    }

    #[test]
    fn tools_outside_the_granted_skills_are_unknown() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &["skill:docs"]);
        assert!(matches!(call(&ctx, "find_teams", r#"{"organizationSlug":"acme"}"#), Err(CallError::UnknownTool(_))));
    }

    #[test]
    fn tools_hidden_by_a_constraint_are_unknown() {
        let ctx = Ctx::test(FakeIo::default(), &[("organizationSlug", "acme")], &[], &[]);
        assert!(matches!(call(&ctx, "find_organizations", "{}"), Err(CallError::UnknownTool(_))));
    }

    #[test]
    fn an_oversized_upstream_answer_is_an_error_result() {
        let io = FakeIo::default().fail(
            "GET https://sentry.io/api/0/auth/",
            crate::warren::plugin::http::HttpError::TooLarge("the body exceeds 5242880 bytes".into()),
        );
        let ctx = Ctx::test(io, &[], &[], &[]);
        let result = call(&ctx, "execute_sentry_tool", r#"{"name": "whoami"}"#).unwrap();
        assert!(result.is_error);
        assert!(text(&result).starts_with("**Sentry API error**: Sentry's answer to `GET /api/0/auth/` is larger"));
    }

    #[test]
    fn bad_arguments_are_an_error_result_naming_the_parameter() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let result = call(&ctx, "find_projects", r#"{"organizationSlug": 5}"#).unwrap();
        assert!(result.is_error);
        assert_eq!(
            text(&result),
            "**Input error**: `organizationSlug` of `find_projects` must be a string, not a number (5)\n"
        );
    }
}
