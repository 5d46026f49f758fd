//! `find_releases`: an organization's or a project's releases, newest first
//! (`GET /api/0/organizations/{org}/releases/` or
//! `GET /api/0/projects/{org}/{project}/releases/`). [`Release`] is shared
//! with `get_release_details`.

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, truncate};
use crate::models::{Scalar, lenient};
use crate::reply::{Reply, ToolError};

/// A release as Sentry's release endpoints return it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Release {
    /// Numeric id.
    pub id: Scalar,
    /// The full version, e.g. `web@1.3.0`.
    pub version: String,
    /// `open` or `archived`.
    #[serde(deserialize_with = "lenient")]
    pub status: Option<String>,
    /// The commit ref it was made from.
    #[serde(deserialize_with = "lenient")]
    pub r#ref: Option<String>,
    /// When it was created.
    #[serde(deserialize_with = "lenient")]
    pub date_created: Option<String>,
    /// When it was released.
    #[serde(deserialize_with = "lenient")]
    pub date_released: Option<String>,
    /// Its first event.
    #[serde(deserialize_with = "lenient")]
    pub first_event: Option<String>,
    /// Its latest event.
    #[serde(deserialize_with = "lenient")]
    pub last_event: Option<String>,
    /// Issues first seen in it.
    pub new_groups: Scalar,
    /// Commits in it.
    pub commit_count: Scalar,
    /// Deploys of it.
    pub deploy_count: Scalar,
    /// Its latest deploy.
    #[serde(deserialize_with = "lenient")]
    pub last_deploy: Option<Deploy>,
    /// The projects it belongs to.
    pub projects: Vec<ReleaseProject>,
}

/// A deploy of a release.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Deploy {
    /// Deploy id.
    pub id: Scalar,
    /// Where it went.
    #[serde(deserialize_with = "lenient")]
    pub environment: Option<String>,
    /// Its name.
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
    /// A link to the deploy.
    #[serde(deserialize_with = "lenient")]
    pub url: Option<String>,
    /// When it started.
    #[serde(deserialize_with = "lenient")]
    pub date_started: Option<String>,
    /// When it finished.
    #[serde(deserialize_with = "lenient")]
    pub date_finished: Option<String>,
}

/// A project of a release, with health data when asked for.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ReleaseProject {
    /// Project slug.
    pub slug: String,
    /// New issues in this project.
    pub new_groups: Scalar,
    /// Session health (`?health=1`).
    #[serde(deserialize_with = "lenient")]
    pub health_data: Option<Health>,
}

/// Release health of one project.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Health {
    /// Crash-free users, percent.
    pub crash_free_users: Option<f64>,
    /// Crash-free sessions, percent.
    pub crash_free_sessions: Option<f64>,
    /// Users seen.
    pub total_users: Option<f64>,
    /// Sessions seen.
    pub total_sessions: Option<f64>,
    /// Adoption among users, percent.
    pub adoption: Option<f64>,
    /// Crashed sessions.
    pub sessions_crashed: Option<f64>,
    /// Errored sessions.
    pub sessions_errored: Option<f64>,
}

impl Release {
    /// Slugs of its projects.
    pub fn project_slugs(&self) -> String {
        self.projects.iter().map(|p| p.slug.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.str("projectSlug");
    let query = args.str("query");
    let path = match project {
        Some(p) => api_path(&["projects", org, p, "releases"]),
        None => api_path(&["organizations", org, "releases"]),
    };
    let q = Query::new().opt("query", query).push("per_page", 25);
    let page = ctx.org_api(org, args.region()).get_page::<Vec<Release>>(&path, &q)?;
    let scope = project.map(|p| format!("{org}/{p}")).unwrap_or_else(|| org.to_string());
    let mut md = Md::titled(&match query {
        Some(q) => format!("Releases matching {q:?} in {scope}"),
        None => format!("Releases in {scope}"),
    });
    if page.items.is_empty() {
        md.para("No release found.");
        return Ok(Reply::text(md.finish()));
    }
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|r| {
            let deploy = r.last_deploy.as_ref().map(|d| {
                format!("{} {}", d.environment.as_deref().unwrap_or("?"), d.date_finished.as_deref().unwrap_or(""))
            });
            vec![
                format!("`{}`", r.version),
                r.project_slugs(),
                r.date_created.clone().unwrap_or_else(|| "-".into()),
                r.new_groups.to_string(),
                r.commit_count.to_string(),
                deploy.map(|d| truncate(d.trim(), 60)).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    md.table(&["version", "projects", "created", "new issues", "commits", "last deploy"], &rows);
    if page.next_cursor.is_some() {
        md.para("More releases exist than are shown; pass `query` to narrow the list.");
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_release_details", "see a release's deploys, commits and health"),
            ("search_issues", "find issues first seen in a release (`firstRelease:VERSION`)"),
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
    fn project_releases_come_from_the_project_endpoint() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/projects/acme/web/releases/?per_page=25",
            200,
            r#"[{"id":12002,"version":"web@1.3.0","dateCreated":"2026-08-15T15:40:00Z","newGroups":2,"commitCount":3,
                "lastDeploy":{"environment":"production","dateFinished":"2026-08-15T15:52:30Z"},
                "projects":[{"slug":"web"}]}]"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "web"}))).unwrap().text;
        assert!(text.starts_with("# Releases in acme/web\n"), "{text}");
        assert!(
            text.contains("| `web@1.3.0` | web | 2026-08-15T15:40:00Z | 2 | 3 | production 2026-08-15T15:52:30Z |"),
            "{text}"
        );
    }
}
