//! `execute_sentry_tool`: runs a tool by name with an arguments object, with
//! exactly the checks of a direct call. Only tools `search_sentry_tools`
//! would find can be run.

use serde_json::{Value, json};

use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::dispatch;
use crate::reply::{Reply, ToolError, input};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let name = args.require_str("name")?;
    let Some(spec) = catalog::available(ctx, name).filter(|s| !s.is_catalog_tool()) else {
        return input(format!(
            "no tool named {name:?} is available to you; `search_sentry_tools` finds the tools you can run"
        ));
    };
    let arguments = args.json("arguments").cloned().unwrap_or_else(|| json!({}));
    if !matches!(arguments, Value::Object(_)) {
        return input("`arguments` must be a JSON object, e.g. {\"organizationSlug\": \"acme\"}");
    }
    dispatch::run(ctx, spec, arguments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::FakeIo;

    fn execute(ctx: &Ctx, raw: Value) -> Result<Reply, ToolError> {
        run(ctx, &Args::from_json(raw))
    }

    #[test]
    fn runs_the_named_tool_with_its_arguments() {
        let io = FakeIo::default().route("GET https://sentry.io/api/0/auth/", 200, r#"{"id":"7","name":"Ann"}"#);
        let ctx = Ctx::test(io, &[], &[], &[]);
        let reply = execute(&ctx, json!({"name": "whoami", "arguments": {}})).unwrap();
        assert!(reply.text.starts_with("# Signed in to sentry.io as Ann"));
    }

    #[test]
    fn checks_arguments_like_a_direct_call() {
        let ctx = Ctx::test(FakeIo::default(), &[("organizationSlug", "acme")], &[], &[]);
        let err =
            execute(&ctx, json!({"name": "find_teams", "arguments": {"organizationSlug": "globex"}})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "**Input error**: this agent is bound to organization \"acme\", so `organizationSlug` cannot be \"globex\"; leave it out"
        );
    }

    #[test]
    fn refuses_unknown_unwritten_ungranted_and_itself() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &["skill:docs"]);
        for name in ["nope", "find_dsns", "find_teams", "execute_sentry_tool"] {
            let err = execute(&ctx, json!({"name": name})).unwrap_err();
            assert!(err.to_string().contains("is available to you"), "{name}: {err}");
        }
    }
}
