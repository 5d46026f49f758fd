//! `get_latest_base_snapshot`: the newest base UI snapshot run of an app on
//! a branch (`GET /api/0/organizations/{org}/preprodartifacts/snapshots/latest-base/?app_id=…`),
//! rendered like `get_snapshot`.

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::context::Ctx;
use crate::reply::{Reply, ToolError, input};
use crate::tools::get_snapshot::{Snapshot, render};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let app = args.require_str("appId")?;
    let branch = args.str("branch");
    let query = Query::new().push("app_id", app).opt("branch", branch).opt("project", args.str("project"));
    let path = api_path(&["organizations", org, "preprodartifacts", "snapshots", "latest-base"]);
    let snapshot: Snapshot = match ctx.org_api(org, args.region()).get(&path, &query) {
        Ok(s) => s,
        Err(e) if e.status() == Some(404) => {
            let on = branch.map(|b| format!(" on branch {b:?}")).unwrap_or_default();
            return input(format!(
                "no base snapshot of app {app:?}{on} in {org:?}; check the app id (e.g. `com.acme.app`) and the branch"
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let title = format!("Latest base snapshot of {app} in {org}");
    Ok(Reply::text(render(ctx, &title, &snapshot, false)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn the_base_is_found_by_app_and_branch() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/preprodartifacts/snapshots/latest-base/?app_id=com.acme.web&branch=main",
            200,
            r#"{"id":"13001","comparison_type":"solo","images":[{"image_file_name":"login.png","display_name":"Login"}]}"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "appId": "com.acme.web", "branch": "main"}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# Latest base snapshot of com.acme.web in acme\n\n**ID**: 13001\n"), "{text}");
        assert!(text.contains("## Images\n\n- Login (`login.png`)\n"), "{text}");
    }
}
