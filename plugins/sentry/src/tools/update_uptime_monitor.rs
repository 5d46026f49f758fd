//! `update_uptime_monitor`: changes an uptime monitor
//! (`PUT /api/0/projects/{org}/{project}/uptime/{id}/`); only the settings
//! given are sent, and `null` clears `body`, `owner` or `environment`.

use serde_json::Value;

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::reply::{Reply, ToolError, input};
use crate::tools::create_uptime_monitor::settings;
use crate::tools::get_uptime_monitor_details::{UptimeMonitor, monitor_id};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let id = monitor_id(args)?;
    let body = settings(args);
    if body.is_empty() {
        return input("nothing to change: pass at least one setting, e.g. `url`, `intervalSeconds` or `status`");
    }
    let changed: Vec<String> = body.keys().map(|k| format!("`{k}`")).collect();
    let api = ctx.org_api(org, args.region());
    let monitor: UptimeMonitor = api.put(&api_path(&["projects", org, project, "uptime", id]), &Value::Object(body))?;
    let mut md = Md::titled(&format!("Updated uptime monitor {:?} in {org}/{project}", monitor.name));
    md.para(&format!("Changed: {}.", changed.join(", ")));
    monitor.write(&mut md);
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("get_uptime_monitor_details", "see its recent checks with the new settings")],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn only_given_settings_are_sent_and_null_clears() {
        let answer = r#"{"id":"5001","name":"Acme homepage","url":"https://acme.example.com/","status":"disabled"}"#;
        let io =
            Rc::new(FakeIo::default().route("PUT https://sentry.io/api/0/projects/acme/web/uptime/5001/", 200, answer));
        let ctx = Ctx::test(io.clone(), &[], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "web",
            "uptimeMonitorId": "5001", "status": "disabled", "owner": null}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.contains("Changed: `owner`, `status`."), "{text}");
        assert!(text.contains("**Status**: disabled"), "{text}");
        let sent: Value = serde_json::from_str(io.bodies.borrow().last().unwrap().as_deref().unwrap()).unwrap();
        assert_eq!(sent, json!({"status": "disabled", "owner": null}));
    }

    #[test]
    fn no_setting_is_an_input_error() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlug": "web", "uptimeMonitorId": "5001"});
        let err = run(&ctx, &Args::from_json(args)).unwrap_err();
        assert!(err.to_string().contains("nothing to change"), "{err}");
    }
}
