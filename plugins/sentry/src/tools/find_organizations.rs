//! `find_organizations`: the organizations the token can see. On sentry.io
//! each data region is asked in turn (`/api/0/users/me/regions/`, then
//! `/api/0/organizations/` per region); elsewhere the configured host is asked.

use serde::Deserialize;

use crate::api::{Api, ApiError, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::Organization;
use crate::reply::{Reply, ToolError};
use crate::urls;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Regions {
    regions: Vec<Region>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Region {
    name: String,
    url: String,
}

/// Organizations found, with the region each came from.
struct Found {
    orgs: Vec<(Organization, Option<String>)>,
    more: bool,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let query = args.str("query");
    let found = if ctx.config.is_saas() { by_region(ctx, query)? } else { on_host(ctx, query)? };
    for (org, region) in &found.orgs {
        let reported = org.links.as_ref().and_then(|l| l.region_url.as_deref());
        ctx.remember_region(&org.slug, reported.or(region.as_deref()));
    }
    Ok(Reply::text(render(ctx, query, &found)))
}

/// Asks every region of sentry.io; falls back to the host when regions are unknown.
fn by_region(ctx: &Ctx, query: Option<&str>) -> Result<Found, ToolError> {
    let regions: Regions = match ctx.host_api().get(&api_path(&["users", "me", "regions"]), &Query::new()) {
        Ok(r) => r,
        Err(e) if e.status() == Some(404) => return on_host(ctx, query),
        Err(e) => return Err(e.into()),
    };
    let mut found = Found { orgs: Vec::new(), more: false };
    for region in &regions.regions {
        let Ok(base) = urls::check_region_url(&region.url, &ctx.config.host, ctx.config.insecure_http()) else {
            continue;
        };
        let page = list(&Api::sentry(ctx.io(), &base), query).map_err(|e| with_region(e, &region.name))?;
        found.more |= page.more;
        found.orgs.extend(page.orgs.into_iter().map(|(org, _)| (org, Some(base.clone()))));
    }
    Ok(found)
}

fn with_region(e: ApiError, region: &str) -> ToolError {
    ToolError::Failed(format!("listing the organizations of region {region:?} failed: {e}"))
}

fn on_host(ctx: &Ctx, query: Option<&str>) -> Result<Found, ToolError> {
    Ok(list(&ctx.host_api(), query)?)
}

fn list(api: &Api<'_>, query: Option<&str>) -> Result<Found, ApiError> {
    let page = api.get_page::<Vec<Organization>>(&api_path(&["organizations"]), &Query::new().opt("query", query))?;
    Ok(Found { orgs: page.items.into_iter().map(|o| (o, None)).collect(), more: page.next_cursor.is_some() })
}

fn render(ctx: &Ctx, query: Option<&str>, found: &Found) -> String {
    let title = match query {
        Some(q) => format!("Organizations matching {q:?} on {}", ctx.config.host),
        None => format!("Organizations on {}", ctx.config.host),
    };
    let mut md = Md::titled(&title);
    if found.orgs.is_empty() {
        md.para(match query {
            Some(_) => "No organization matches; try a shorter query or none.",
            None => "This token cannot see any organization. Check that it belongs to a member of one.",
        });
        return md.finish();
    }
    let rows: Vec<Vec<String>> = found
        .orgs
        .iter()
        .map(|(org, region)| {
            let reported = org.links.as_ref().and_then(|l| l.region_url.clone()).filter(|r| !r.is_empty());
            vec![format!("`{}`", org.slug), org.name.clone(), reported.or(region.clone()).unwrap_or_else(|| "-".into())]
        })
        .collect();
    md.table(&["slug", "name", "regionUrl"], &rows);
    if found.more {
        md.para("More organizations exist than are shown; pass `query` to narrow the list.");
    }
    md.para("Pass the slug as `organizationSlug` and, when shown, the region as `regionUrl` to the other tools.");
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("find_projects", "list an organization's projects"),
            ("search_issues", "search an organization's issues"),
            ("find_teams", "list an organization's teams"),
        ],
    ));
    md.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn saas_lists_each_region_and_remembers_where_orgs_live() {
        let io = FakeIo::default()
            .route(
                "GET https://sentry.io/api/0/users/me/regions/",
                200,
                r#"{"regions":[{"name":"us","url":"https://us.sentry.io"},{"name":"evil","url":"https://evil.test"},{"name":"de","url":"https://de.sentry.io"}]}"#,
            )
            .route("GET https://us.sentry.io/api/0/organizations/", 200, r#"[{"id":"1","slug":"acme","name":"Acme Corp"}]"#)
            .route("GET https://de.sentry.io/api/0/organizations/", 200, r#"[{"id":"2","slug":"globex","name":"Globex"}]"#);
        let ctx = Ctx::test(io, &[], &[], &[]);
        let text = run(&ctx, &Args::default()).unwrap().text;
        assert!(text.starts_with("# Organizations on sentry.io\n\n| slug | name | regionUrl |\n|---|---|---|\n| `acme` | Acme Corp | https://us.sentry.io |\n| `globex` | Globex | https://de.sentry.io |\n"), "{text}");
        assert!(text.contains("- `find_projects`: list an organization's projects"));
        assert_eq!(ctx.org_api("globex", None).base(), "https://de.sentry.io");
    }

    #[test]
    fn self_hosted_asks_the_host_with_the_query() {
        let io = FakeIo::default().route(
            "GET http://127.0.0.1:8378/api/0/organizations/?query=ac",
            200,
            r#"[{"id":"1","slug":"acme","name":"Acme Corp","links":{"regionUrl":""}}]"#,
        );
        let ctx = Ctx::test(io, &[], &[("host", "127.0.0.1:8378"), ("insecure_http", "true")], &[]);
        let text = run(&ctx, &Args::from_json(serde_json::json!({"query": "ac"}))).unwrap().text;
        assert!(text.contains("| `acme` | Acme Corp | - |"), "{text}");
    }

    #[test]
    fn no_match_says_so() {
        let io = FakeIo::default().route("GET http://h:1/api/0/organizations/?query=zz", 200, "[]");
        let ctx = Ctx::test(io, &[], &[("host", "h:1"), ("insecure_http", "true")], &[]);
        let text = run(&ctx, &Args::from_json(serde_json::json!({"query": "zz"}))).unwrap().text;
        assert_eq!(
            text,
            "# Organizations matching \"zz\" on h:1\n\nNo organization matches; try a shorter query or none.\n"
        );
    }
}
