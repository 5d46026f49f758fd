//! `create_uptime_monitor`: a new uptime monitor for a project
//! (`POST /api/0/projects/{org}/{project}/uptime/`). [`settings`] builds the
//! request body, shared with `update_uptime_monitor`.

use serde_json::{Map, Value, json};

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::reply::{Reply, ToolError};
use crate::tools::get_uptime_monitor_details::UptimeMonitor;

/// Sentry requires a timeout; this is its usual default.
const DEFAULT_TIMEOUT_MS: i64 = 5000;

/// The monitor settings the tools pass through, named as Sentry names them.
const SETTINGS: [&str; 14] = [
    "name",
    "url",
    "intervalSeconds",
    "timeoutMs",
    "method",
    "headers",
    "body",
    "status",
    "owner",
    "environment",
    "traceSampling",
    "responseCaptureEnabled",
    "recoveryThreshold",
    "downtimeThreshold",
];

/// The settings the caller gave, as a JSON body; an explicit `null` (where
/// the parameter takes one) is kept, to clear the field.
pub fn settings(args: &Args) -> Map<String, Value> {
    SETTINGS.iter().filter_map(|name| args.json(name).map(|v| (name.to_string(), v.clone()))).collect()
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let mut body = settings(args);
    body.entry("timeoutMs").or_insert(json!(DEFAULT_TIMEOUT_MS));
    let api = ctx.org_api(org, args.region());
    let monitor: UptimeMonitor = api.post(&api_path(&["projects", org, project, "uptime"]), &Value::Object(body))?;
    let mut md = Md::titled(&format!("New uptime monitor {:?} in {org}/{project}", monitor.name));
    monitor.write(&mut md);
    md.para("Sentry checks the URL from now on and opens an issue when it goes down.");
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_uptime_monitor_details", "see its first checks (`uptimeMonitorId` is the ID above)"),
            ("update_uptime_monitor", "change its settings"),
            ("delete_uptime_monitor", "remove it"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn the_given_settings_and_a_default_timeout_are_posted() {
        let answer = r#"{"id":"77","name":"API health","url":"https://api.acme.example.com/health",
            "intervalSeconds":300,"timeoutMs":5000,"status":"active","uptimeStatus":1,"projectSlug":"api"}"#;
        let io =
            Rc::new(FakeIo::default().route("POST https://sentry.io/api/0/projects/acme/api/uptime/", 201, answer));
        let ctx = Ctx::test(io.clone(), &[], &[("skills", "all")], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "api", "name": "API health",
            "url": "https://api.acme.example.com/health", "intervalSeconds": 300, "headers": [["X-Probe", "1"]]}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# New uptime monitor \"API health\" in acme/api\n\n**ID**: `77`\n"), "{text}");
        let sent: Value = serde_json::from_str(io.bodies.borrow().last().unwrap().as_deref().unwrap()).unwrap();
        assert_eq!(
            sent,
            json!({"name": "API health", "url": "https://api.acme.example.com/health", "intervalSeconds": 300,
                   "headers": [["X-Probe", "1"]], "timeoutMs": 5000})
        );
    }
}
