//! `get_release_details`: one release (`GET /api/0/organizations/{org}/releases/{version}/`,
//! or the project's endpoint when a project is given), and as asked its
//! session health (`?health=1`), deploys (`…/deploys/`) and commits (`…/commits/`).

use serde::Deserialize;

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, one_line, truncate};
use crate::models::{Scalar, lenient};
use crate::reply::{Reply, ToolError};
use crate::tools::find_releases::{Deploy, Health, Release};

/// A commit of a release.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Commit {
    id: Scalar,
    #[serde(deserialize_with = "lenient")]
    message: Option<String>,
    #[serde(deserialize_with = "lenient")]
    date_created: Option<String>,
    #[serde(deserialize_with = "lenient")]
    author: Option<Author>,
    #[serde(deserialize_with = "lenient")]
    repository: Option<Repo>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Author {
    #[serde(deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    email: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Repo {
    name: String,
}

/// What to show besides the release.
struct Extras {
    health: bool,
    deploys: Option<Vec<Deploy>>,
    commits: Option<Vec<Commit>>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let version = args.require_str("releaseVersion")?;
    let project = args.str("projectSlugOrId");
    let limit = args.int("limit").unwrap_or(10).clamp(1, 100);
    let health = args.bool("includeHealth").unwrap_or(false);
    let api = ctx.org_api(org, args.region());
    let path = match project {
        Some(p) => api_path(&["projects", org, p, "releases", version]),
        None => api_path(&["organizations", org, "releases", version]),
    };
    let query = if health { Query::new().push("health", 1) } else { Query::new() };
    let release: Release = api.get(&path, &query)?;
    let deploys = match args.bool("includeDeploys").unwrap_or(false) {
        true => Some(fetch::<Deploy>(&api, org, version, "deploys", limit)?),
        false => None,
    };
    let commits = match args.bool("includeCommits").unwrap_or(false) {
        true => Some(fetch::<Commit>(&api, org, version, "commits", limit)?),
        false => None,
    };
    Ok(Reply::text(render(ctx, org, &release, &Extras { health, deploys, commits })))
}

fn fetch<T: serde::de::DeserializeOwned>(
    api: &Api<'_>,
    org: &str,
    version: &str,
    what: &str,
    limit: i64,
) -> Result<Vec<T>, ToolError> {
    let path = api_path(&["organizations", org, "releases", version, what]);
    let mut items: Vec<T> = api.get(&path, &Query::new().push("per_page", limit))?;
    items.truncate(limit as usize);
    Ok(items)
}

fn render(ctx: &Ctx, org: &str, r: &Release, extras: &Extras) -> String {
    let mut md = Md::titled(&format!("Release {} in {org}", r.version));
    md.field("Version", &r.version);
    md.field_opt("Status", r.status.as_deref());
    md.field("Projects", r.project_slugs());
    md.field_opt("Created", r.date_created.as_deref());
    md.field_opt("Released", r.date_released.as_deref());
    md.field_opt("First event", r.first_event.as_deref());
    md.field_opt("Last event", r.last_event.as_deref());
    md.field("New issues", &r.new_groups);
    md.field("Commits", &r.commit_count);
    md.field("Deploys", &r.deploy_count);
    md.field_opt("Ref", r.r#ref.as_deref());
    md.field_opt(
        "Last deploy",
        r.last_deploy.as_ref().map(|d| format!("{} at {}", d.environment.as_deref().unwrap_or("?"), when(d))),
    );
    md.field("Link", ctx.web_url(org, &format!("/releases/{}/", crate::api::encode(&r.version))));
    if extras.health {
        md.section("Health");
        let rows: Vec<Vec<String>> =
            r.projects.iter().filter_map(|p| p.health_data.as_ref().map(|h| health_row(&p.slug, h))).collect();
        if rows.is_empty() {
            md.para("Sentry has no session data for this release.");
        } else {
            md.table(&["project", "crash-free users", "crash-free sessions", "users", "sessions", "adoption"], &rows);
        }
    }
    if let Some(deploys) = &extras.deploys {
        md.section("Deploys");
        if deploys.is_empty() {
            md.para("No deploys recorded.");
        }
        for d in deploys {
            let url = d.url.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
            md.bullet(format!("{} to **{}** at {}{url}", d.id, d.environment.as_deref().unwrap_or("?"), when(d)));
        }
    }
    if let Some(commits) = &extras.commits {
        md.section("Commits");
        if commits.is_empty() {
            md.para("No commits recorded.");
        }
        for c in commits {
            let sha: String = c.id.0.chars().take(12).collect();
            let author = c.author.as_ref().and_then(|a| a.name.clone().or_else(|| a.email.clone()));
            md.bullet(format!(
                "`{sha}` {} — {}{}{}",
                truncate(&one_line(c.message.as_deref().unwrap_or("")), 120),
                author.unwrap_or_else(|| "unknown author".into()),
                c.repository.as_ref().map(|r| format!(" in {}", r.name)).unwrap_or_default(),
                c.date_created.as_deref().map(|d| format!(", {d}")).unwrap_or_default()
            ));
        }
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("search_issues", &format!("issues first seen in this release (`firstRelease:{}`)", r.version)),
            ("find_releases", "compare with the other releases"),
        ],
    ));
    md.finish()
}

fn when(d: &Deploy) -> &str {
    d.date_finished.as_deref().or(d.date_started.as_deref()).unwrap_or("?")
}

fn health_row(slug: &str, h: &Health) -> Vec<String> {
    let pct = |v: Option<f64>| v.map(|v| format!("{v:.2}%")).unwrap_or_else(|| "-".into());
    let num = |v: Option<f64>| v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "-".into());
    vec![
        slug.to_string(),
        pct(h.crash_free_users),
        pct(h.crash_free_sessions),
        num(h.total_users),
        num(h.total_sessions),
        pct(h.adoption),
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const BASE: &str = "GET https://us.sentry.io/api/0/organizations/acme/releases/web%401.3.0/";

    #[test]
    fn health_deploys_and_commits_are_shown_when_asked() {
        let io = FakeIo::default()
            .route(
                &format!("{BASE}?health=1"),
                200,
                r#"{"version":"web@1.3.0","newGroups":2,"commitCount":3,"deployCount":2,
                    "projects":[{"slug":"web","healthData":{"crashFreeUsers":97.8,"crashFreeSessions":98.6,"totalUsers":15420}}]}"#,
            )
            .route(
                &format!("{BASE}deploys/?per_page=10"),
                200,
                r#"[{"id":"14003","environment":"production","dateFinished":"2026-08-15T15:52:30Z"}]"#,
            )
            .route(
                &format!("{BASE}commits/?per_page=10"),
                200,
                r#"[{"id":"4e7b1c9d2a5f8e3b6c0d","message":"checkout: read order","author":{"name":"Grace Hopper"},
                    "repository":{"name":"acme/web"}}]"#,
            );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "releaseVersion": "web@1.3.0",
            "includeHealth": true, "includeDeploys": true, "includeCommits": true}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# Release web@1.3.0 in acme\n"), "{text}");
        assert!(text.contains("| web | 97.80% | 98.60% | 15420 | - | - |"), "{text}");
        assert!(text.contains("- 14003 to **production** at 2026-08-15T15:52:30Z"), "{text}");
        assert!(text.contains("- `4e7b1c9d2a5f` checkout: read order — Grace Hopper in acme/web"), "{text}");
    }
}
