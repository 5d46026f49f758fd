//! `add_team_to_project`: gives a team access to a project
//! (`POST /api/0/projects/{org}/{project}/teams/{team}/`), then lists the
//! teams the project now has (`GET …/teams/`). [`write_teams`] is shared with
//! `remove_team_from_project`.

use serde::de::IgnoredAny;

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::models::Team;
use crate::reply::{Reply, ToolError};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let team = args.require_str("teamSlug")?;
    let api = ctx.org_api(org, args.region());
    let _: IgnoredAny = api.post(&api_path(&["projects", org, project, "teams", team]), &serde_json::json!({}))?;
    let mut md = Md::titled(&format!("Team {team} added to project {project} in {org}"));
    md.para(&format!("Members of `{team}` now see the project's issues and can be assigned them."));
    write_teams(&mut md, &api, org, project);
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("remove_team_from_project", "take the access away again"), ("find_teams", "see the organization's teams")],
    ));
    Ok(Reply::text(md.finish()))
}

/// A "Teams with access" section read back from Sentry; a failed read is a note, not an error.
pub fn write_teams(md: &mut Md, api: &Api<'_>, org: &str, project: &str) {
    md.section(&format!("Teams with access to {project}"));
    match api.get::<Vec<Team>>(&api_path(&["projects", org, project, "teams"]), &Query::new()) {
        Ok(teams) if teams.is_empty() => {
            md.para("None: only organization owners and managers see this project.");
        }
        Ok(teams) => {
            for t in &teams {
                md.bullet(format!("`{}` ({})", t.slug, t.name));
            }
        }
        Err(e) => {
            md.para(&format!("The team list could not be read back: {e}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn the_team_is_added_and_the_teams_read_back() {
        let io = Rc::new(
            FakeIo::default()
                .route("POST https://sentry.io/api/0/projects/acme/api/teams/frontend/", 201, r#"{"slug":"api"}"#)
                .route(
                    "GET https://sentry.io/api/0/projects/acme/api/teams/",
                    200,
                    r#"[{"id":"4002","slug":"backend","name":"Backend"},{"id":"4001","slug":"frontend","name":"Frontend"}]"#,
                ),
        );
        let ctx = Ctx::test(io.clone(), &[], &[("skills", "all")], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlug": "api", "teamSlug": "frontend"});
        let text = run(&ctx, &Args::from_json(args)).unwrap().text;
        assert!(text.starts_with("# Team frontend added to project api in acme\n"), "{text}");
        assert!(
            text.contains("## Teams with access to api\n\n- `backend` (Backend)\n- `frontend` (Frontend)\n"),
            "{text}"
        );
        assert!(
            io.requests.borrow().contains(&"POST https://sentry.io/api/0/projects/acme/api/teams/frontend/".into())
        );
    }

    #[test]
    fn an_unknown_team_is_a_404_naming_the_request() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlug": "api", "teamSlug": "nope"});
        let err = run(&ctx, &Args::from_json(args)).unwrap_err();
        assert!(err.to_string().contains("`POST /api/0/projects/acme/api/teams/nope/` with 404"), "{err}");
    }
}
