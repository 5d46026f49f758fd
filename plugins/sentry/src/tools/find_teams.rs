//! `find_teams`: an organization's teams (`GET /api/0/organizations/{org}/teams/`).

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::Team;
use crate::reply::{Reply, ToolError};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let query = args.str("query");
    let api = ctx.org_api(org, args.region());
    let page =
        api.get_page::<Vec<Team>>(&api_path(&["organizations", org, "teams"]), &Query::new().opt("query", query))?;
    let mut md = Md::titled(&match query {
        Some(q) => format!("Teams matching {q:?} in {org}"),
        None => format!("Teams in {org}"),
    });
    if page.items.is_empty() {
        md.para(match query {
            Some(_) => "No team matches; try a shorter query or none.",
            None => "This organization has no team this token can see.",
        });
        return Ok(Reply::text(md.finish()));
    }
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|t| {
            let members = t.member_count.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
            let mine = match t.is_member {
                Some(true) => "yes",
                Some(false) => "no",
                None => "-",
            };
            vec![format!("`{}`", t.slug), t.name.clone(), members, mine.into()]
        })
        .collect();
    md.table(&["slug", "name", "members", "you are a member"], &rows);
    if page.next_cursor.is_some() {
        md.para("More teams exist than are shown; pass `query` to narrow the list.");
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("update_issue", "assign an issue to a team with `assignedTo: team:SLUG`"),
            ("add_team_to_project", "give a team access to a project"),
            ("create_project", "create a project owned by a team"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn teams_are_listed_with_members() {
        let io = FakeIo::default().route(
            "GET https://sentry.io/api/0/organizations/acme/teams/?query=front",
            200,
            r#"[{"id":"4001","slug":"frontend","name":"Frontend","memberCount":2,"isMember":true}]"#,
        );
        let ctx = Ctx::test(io, &[], &[], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "query": "front"}))).unwrap().text;
        assert_eq!(
            text,
            "# Teams matching \"front\" in acme\n\n| slug | name | members | you are a member |\n|---|---|---|---|\n| `frontend` | Frontend | 2 | yes |\n"
        );
    }
}
