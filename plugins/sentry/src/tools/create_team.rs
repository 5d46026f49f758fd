//! `create_team`: a new team in an organization
//! (`POST /api/0/organizations/{org}/teams/`).

use serde::Serialize;

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::Team;
use crate::reply::{Reply, ToolError};

#[derive(Serialize)]
struct NewTeam<'a> {
    name: &'a str,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let name = args.require_str("name")?;
    let api = ctx.org_api(org, args.region());
    let team: Team = api.post(&api_path(&["organizations", org, "teams"]), &NewTeam { name })?;
    let mut md = Md::titled(&format!("New team {} in {org}", team.slug));
    md.field("ID", &team.id).field("Slug", format!("`{}`", team.slug)).field("Name", &team.name);
    md.field_opt("Members", team.member_count);
    md.para("Use the slug (`teamSlug`) to create projects owned by the team or to give it access to a project.");
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("create_project", "create a project owned by this team"),
            ("add_team_to_project", "give this team access to an existing project"),
        ],
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
    fn the_team_is_posted_and_its_slug_shown() {
        let io = Rc::new(FakeIo::default().route(
            "POST https://sentry.io/api/0/organizations/acme/teams/",
            201,
            r#"{"id":"77","slug":"payments","name":"Payments","memberCount":1}"#,
        ));
        let ctx = Ctx::test(io.clone(), &[], &[("skills", "all")], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "name": "Payments"}))).unwrap().text;
        assert!(
            text.starts_with(
                "# New team payments in acme\n\n**ID**: 77\n**Slug**: `payments`\n**Name**: Payments\n**Members**: 1\n"
            ),
            "{text}"
        );
        assert!(text.contains("- `create_project`"), "{text}");
        assert_eq!(io.bodies.borrow().last().cloned().flatten().as_deref(), Some(r#"{"name":"Payments"}"#));
    }
}
