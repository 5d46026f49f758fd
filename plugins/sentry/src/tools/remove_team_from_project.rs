//! `remove_team_from_project`: takes a team's access to a project away
//! (`DELETE /api/0/projects/{org}/{project}/teams/{team}/`), then lists the
//! teams left (`GET …/teams/`).

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::reply::{Reply, ToolError};
use crate::tools::add_team_to_project::write_teams;

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let team = args.require_str("teamSlug")?;
    let api = ctx.org_api(org, args.region());
    api.delete(&api_path(&["projects", org, project, "teams", team]))?;
    let mut md = Md::titled(&format!("Team {team} removed from project {project} in {org}"));
    md.para(&format!(
        "Members of `{team}` no longer reach the project through this team (other teams or an organization role \
         may still give them access)."
    ));
    write_teams(&mut md, &api, org, project);
    md.next_steps(&catalog::next_steps(ctx, &[("add_team_to_project", "give a team access again")]));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn the_team_is_removed_and_the_rest_listed() {
        let io = Rc::new(
            FakeIo::default()
                .route("DELETE https://sentry.io/api/0/projects/acme/web/teams/frontend/", 200, "{}")
                .route("GET https://sentry.io/api/0/projects/acme/web/teams/", 200, "[]"),
        );
        let ctx = Ctx::test(io.clone(), &[], &[], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlug": "web", "teamSlug": "frontend"});
        let text = run(&ctx, &Args::from_json(args)).unwrap().text;
        assert!(text.starts_with("# Team frontend removed from project web in acme\n"), "{text}");
        assert!(text.contains("## Teams with access to web\n\nNone: only organization owners"), "{text}");
        assert!(io.requests.borrow().iter().any(|r| r.starts_with("DELETE ")));
    }
}
