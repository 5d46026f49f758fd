//! `delete_uptime_monitor`: deletes an uptime monitor
//! (`DELETE /api/0/projects/{org}/{project}/uptime/{id}/`).

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::reply::{Reply, ToolError, input};
use crate::tools::get_uptime_monitor_details::monitor_id;

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let id = monitor_id(args)?;
    let api = ctx.org_api(org, args.region());
    match api.delete(&api_path(&["projects", org, project, "uptime", id])) {
        Ok(()) => {}
        Err(e) if e.status() == Some(404) => {
            return input(format!(
                "project {project:?} in {org:?} has no uptime monitor {id:?} (it may be deleted already); \
                 `find_uptime_monitors` lists the existing ones"
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let mut md = Md::titled(&format!("Deleted uptime monitor {id} in {org}/{project}"));
    md.para("Its checks have stopped; the issues it opened stay in Sentry.");
    md.next_steps(&catalog::next_steps(ctx, &[("find_uptime_monitors", "see the monitors left")]));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    fn args(id: &str) -> Args {
        Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "web", "uptimeMonitorId": id}))
    }

    #[test]
    fn a_deleted_monitor_is_confirmed_and_a_missing_one_named() {
        let io = FakeIo::default().route("DELETE https://sentry.io/api/0/projects/acme/web/uptime/5001/", 202, "");
        let ctx = Ctx::test(io, &[], &[], &[]);
        let text = run(&ctx, &args("5001")).unwrap().text;
        assert!(text.starts_with("# Deleted uptime monitor 5001 in acme/web\n"), "{text}");
        let err = run(&ctx, &args("999")).unwrap_err();
        assert!(err.to_string().contains("project \"web\" in \"acme\" has no uptime monitor \"999\""), "{err}");
    }
}
