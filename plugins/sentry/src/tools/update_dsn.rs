//! `update_dsn`: changes a project's client key
//! (`PUT /api/0/projects/{org}/{project}/keys/{keyId}/`): name, active flag,
//! rate limit, and the JavaScript loader's version and options.

use serde_json::{Map, Value, json};

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::reply::{Reply, ToolError, input};
use crate::tools::find_dsns::ClientKey;

/// The loader flags: tool parameter, Sentry field.
const LOADER_FLAGS: [(&str, &str); 5] = [
    ("loaderHasReplay", "hasReplay"),
    ("loaderHasPerformance", "hasPerformance"),
    ("loaderHasDebug", "hasDebug"),
    ("loaderHasFeedback", "hasFeedback"),
    ("loaderHasLogsAndMetrics", "hasLogsAndMetrics"),
];

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let key_id = args.require_str("keyId")?;
    let body = body(args)?;
    let api = ctx.org_api(org, args.region());
    let key: ClientKey = api.put(&api_path(&["projects", org, project, "keys", key_id]), &Value::Object(body))?;
    let mut md = Md::titled(&format!("Updated DSN {:?} of project {project} in {org}", key.name));
    key.write(&mut md);
    md.next_steps(&catalog::next_steps(ctx, &[("find_dsns", "list all of the project's keys")]));
    Ok(Reply::text(md.finish()))
}

/// The PUT body: only what the caller asked to change.
fn body(args: &Args) -> Result<Map<String, Value>, ToolError> {
    let mut body = Map::new();
    if let Some(name) = args.str("name") {
        body.insert("name".into(), json!(name));
    }
    if let Some(active) = args.bool("isActive") {
        body.insert("isActive".into(), json!(active));
    }
    match (args.bool("disableRateLimit"), args.int("rateLimitWindow"), args.int("rateLimitCount")) {
        (Some(true), None, None) => {
            body.insert("rateLimit".into(), Value::Null);
        }
        (Some(true), _, _) => return input("pass either `disableRateLimit: true` or a rate limit, not both"),
        (_, Some(window), Some(count)) if window > 0 && count > 0 => {
            body.insert("rateLimit".into(), json!({"window": window, "count": count}));
        }
        (_, None, None) => {}
        _ => {
            return input(
                "a rate limit needs both `rateLimitWindow` (seconds) and `rateLimitCount` (events), each above 0",
            );
        }
    }
    if let Some(version) = args.str("browserSdkVersion") {
        body.insert("browserSdkVersion".into(), json!(version));
    }
    let loader: Map<String, Value> = LOADER_FLAGS
        .iter()
        .filter_map(|(param, field)| args.bool(param).map(|on| (field.to_string(), json!(on))))
        .collect();
    if !loader.is_empty() {
        body.insert("dynamicSdkLoaderOptions".into(), Value::Object(loader));
    }
    if body.is_empty() {
        return input(
            "nothing to change: pass at least one of `name`, `isActive`, `rateLimitWindow` with `rateLimitCount`, \
             `disableRateLimit`, `browserSdkVersion` or a `loaderHas…` flag",
        );
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::io::testing::FakeIo;

    fn args(extra: Value) -> Args {
        let mut all = json!({"organizationSlug": "acme", "projectSlug": "web", "keyId": "3f9c"});
        all.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        Args::from_json(all)
    }

    #[test]
    fn only_the_given_fields_are_sent() {
        let answer = r#"{"id":"3f9c","name":"web-prod","isActive":false,"rateLimit":{"window":60,"count":100}}"#;
        let io =
            Rc::new(FakeIo::default().route("PUT https://sentry.io/api/0/projects/acme/web/keys/3f9c/", 200, answer));
        let ctx = Ctx::test(io.clone(), &[], &[], &[]);
        let reply = run(
            &ctx,
            &args(json!({"name": "web-prod", "isActive": false, "rateLimitWindow": 60, "rateLimitCount": 100,
                         "loaderHasReplay": true})),
        )
        .unwrap();
        let sent: Value = serde_json::from_str(io.bodies.borrow().last().unwrap().as_deref().unwrap()).unwrap();
        assert_eq!(
            sent,
            json!({"name": "web-prod", "isActive": false, "rateLimit": {"window": 60, "count": 100},
                   "dynamicSdkLoaderOptions": {"hasReplay": true}})
        );
        assert!(reply.text.contains("**Status**: disabled"), "{}", reply.text);
        assert!(reply.text.contains("**Rate limit**: 100 events per 60 s"), "{}", reply.text);
    }

    #[test]
    fn disabling_the_rate_limit_sends_null() {
        assert_eq!(body(&args(json!({"disableRateLimit": true}))).unwrap()["rateLimit"], Value::Null);
    }

    #[test]
    fn half_a_rate_limit_or_no_change_is_an_input_error() {
        let err = body(&args(json!({"rateLimitWindow": 60}))).unwrap_err();
        assert!(err.to_string().contains("needs both `rateLimitWindow`"), "{err}");
        let err = body(&args(json!({}))).unwrap_err();
        assert!(err.to_string().starts_with("**Input error**: nothing to change"), "{err}");
    }
}
