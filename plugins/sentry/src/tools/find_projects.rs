//! `find_projects`: an organization's projects
//! (`GET /api/0/organizations/{org}/projects/`).

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::Project;
use crate::reply::{Reply, ToolError};

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let query = args.str("query");
    let api = ctx.org_api(org, args.region());
    let page = api
        .get_page::<Vec<Project>>(&api_path(&["organizations", org, "projects"]), &Query::new().opt("query", query))?;
    let mut md = Md::titled(&match query {
        Some(q) => format!("Projects matching {q:?} in {org}"),
        None => format!("Projects in {org}"),
    });
    if page.items.is_empty() {
        md.para(match query {
            Some(_) => "No project matches; try a shorter query or none.",
            None => "This organization has no project this token can see.",
        });
        return Ok(Reply::text(md.finish()));
    }
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|p| {
            vec![
                format!("`{}`", p.slug),
                p.name.clone(),
                p.platform.clone().unwrap_or_else(|| "-".into()),
                p.id.0.clone(),
            ]
        })
        .collect();
    md.table(&["slug", "name", "platform", "id"], &rows);
    if page.next_cursor.is_some() {
        md.para("More projects exist than are shown; pass `query` to narrow the list.");
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("search_issues", "search a project's issues (`projectSlugOrId`)"),
            ("search_events", "query a project's errors, spans or logs"),
            ("find_dsns", "get a project's DSN to configure an SDK"),
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
    fn projects_of_a_bound_org_come_from_its_region() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/projects/",
            200,
            r#"[{"id":"2001","slug":"web","name":"web","platform":"javascript-react"},{"id":2002,"slug":"api","name":"api","platform":null}]"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "regionUrl": "https://us.sentry.io"}));
        let text = run(&ctx, &args).unwrap().text;
        assert_eq!(
            text,
            "# Projects in acme\n\n| slug | name | platform | id |\n|---|---|---|---|\n| `web` | web | javascript-react | 2001 |\n| `api` | api | - | 2002 |\n\n## Next steps\n\n- `search_issues`: search a project's issues (`projectSlugOrId`)\n- `search_events`: query a project's errors, spans or logs\n"
        );
    }

    #[test]
    fn an_unknown_org_is_a_404_naming_the_request() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let err = run(&ctx, &Args::from_json(json!({"organizationSlug": "nope"}))).unwrap_err();
        assert!(err.to_string().contains("`GET /api/0/organizations/nope/projects/` with 404 Not Found"), "{err}");
    }
}
