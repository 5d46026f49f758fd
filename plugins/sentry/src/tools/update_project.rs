//! `update_project`: renames a project, changes its slug or platform
//! (`PUT /api/0/projects/{org}/{project}/`).

use serde::Serialize;

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::models::Project;
use crate::reply::{Reply, ToolError, input};

#[derive(Serialize)]
struct Changes<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<&'a str>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let changes = Changes { name: args.str("name"), slug: args.str("slug"), platform: args.str("platform") };
    if changes.name.is_none() && changes.slug.is_none() && changes.platform.is_none() {
        return input("nothing to change: pass `name`, `slug` or `platform`");
    }
    if let (Some(bound), Some(slug)) = (&ctx.bound.project, changes.slug)
        && slug != bound
    {
        return input(format!(
            "this agent is bound to project {bound:?}; changing its slug to {slug:?} would cut it off from the project"
        ));
    }
    let api = ctx.org_api(org, args.region());
    let updated: Project = api.put(&api_path(&["projects", org, project]), &changes)?;
    let mut md = Md::titled(&format!("Updated project {} in {org}", updated.slug));
    md.field("ID", &updated.id)
        .field("Slug", format!("`{}`", updated.slug))
        .field("Name", &updated.name)
        .field("Platform", updated.platform.as_deref().unwrap_or("-"));
    if updated.slug != project {
        md.para(&format!(
            "The slug changed from `{project}` to `{}`: use the new slug from now on; links and SDK settings that \
             name the old slug must be updated.",
            updated.slug
        ));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("find_projects", "see the organization's projects"), ("find_dsns", "get the project's DSN")],
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
    fn only_given_fields_are_sent_and_a_new_slug_is_pointed_out() {
        let io = Rc::new(FakeIo::default().route(
            "PUT https://sentry.io/api/0/projects/acme/web/",
            200,
            r#"{"id":"2001","slug":"storefront","name":"Storefront","platform":"javascript-react"}"#,
        ));
        let ctx = Ctx::test(io.clone(), &[], &[], &[]);
        let args = json!({"organizationSlug": "acme", "projectSlug": "web", "slug": "storefront", "name": null});
        let text = run(&ctx, &Args::from_json(args)).unwrap().text;
        assert!(
            text.starts_with(
                "# Updated project storefront in acme\n\n**ID**: 2001\n**Slug**: `storefront`\n**Name**: Storefront\n"
            ),
            "{text}"
        );
        assert!(text.contains("The slug changed from `web` to `storefront`"), "{text}");
        assert_eq!(io.bodies.borrow().last().cloned().flatten().as_deref(), Some(r#"{"slug":"storefront"}"#));
    }

    #[test]
    fn nothing_to_change_or_renaming_the_bound_project_is_refused() {
        let ctx = Ctx::test(FakeIo::default(), &[("organizationSlug", "acme"), ("projectSlug", "web")], &[], &[]);
        let err = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "web"}))).unwrap_err();
        assert!(err.to_string().contains("nothing to change"), "{err}");
        let args = json!({"organizationSlug": "acme", "projectSlug": "web", "slug": "shop"});
        let err = run(&ctx, &Args::from_json(args)).unwrap_err();
        assert!(err.to_string().contains("bound to project \"web\""), "{err}");
    }
}
