//! `create_project`: a new project owned by a team
//! (`POST /api/0/teams/{org}/{team}/projects/`), shown with a DSN from its
//! keys (listed, or created when none is usable). With `repository`, the
//! repository is found among the organization's (`GET …/repos/`) before the
//! project is made, then linked with a root code mapping
//! (`POST …/code-mappings/bulk/`).

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{Project, lenient};
use crate::reply::{Reply, ToolError, input};
use crate::tools::find_dsns::ClientKey;

/// A repository connected to the organization.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Repo {
    name: String,
    #[serde(deserialize_with = "lenient")]
    provider: Option<Provider>,
    #[serde(rename = "defaultBranch", deserialize_with = "lenient")]
    default_branch: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Provider {
    id: String,
}

/// The answer of the bulk code-mapping endpoint.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MappingResult {
    errors: u64,
    #[serde(deserialize_with = "crate::models::lenient_list")]
    mappings: Vec<MappingStatus>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MappingStatus {
    status: String,
}

#[derive(Serialize)]
struct NewProject<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<&'a str>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let team = args.require_str("teamSlug")?;
    let name = args.require_str("name")?;
    let api = ctx.org_api(org, args.region());
    // Resolve the repository first, so a wrong name leaves no unwanted project behind.
    let repo = match args.str("repository") {
        Some(wanted) => Some(find_repo(&api, org, wanted)?),
        None => None,
    };
    let new = NewProject { name, slug: args.str("slug"), platform: args.str("platform") };
    let project: Project = api.post(&api_path(&["teams", org, team, "projects"]), &new)?;
    let linked = repo.as_ref().map(|r| link(&api, org, &project.slug, r));
    let key = usable_key(&api, org, &project.slug);

    let mut md = Md::titled(&format!("New project {} in {org}", project.slug));
    md.field("ID", &project.id)
        .field("Slug", format!("`{}`", project.slug))
        .field("Name", &project.name)
        .field("Team", format!("`{team}`"))
        .field_opt("Platform", project.platform.as_deref());
    match key.as_ref().and_then(ClientKey::public_dsn) {
        Some(dsn) => md.field("SENTRY_DSN", format!("`{dsn}`")),
        None => md.field("SENTRY_DSN", "unavailable: the project exists, but no key could be read or created"),
    };
    match (&repo, &linked) {
        (Some(r), Some(Ok(()))) => {
            md.field("Repository", format!("{} (linked; code mapping from the repository root)", r.name));
        }
        (Some(r), Some(Err(why))) => {
            md.field("Repository", format!("{} found, but linking it failed: {why}", r.name));
        }
        _ => {}
    }
    md.para(match key.is_some() {
        true => "Give the user the project slug and the DSN: the SDK is initialized with `SENTRY_DSN`.",
        false => "Give the user the project slug, then create a key with `create_dsn` before setting up the SDK.",
    });
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("create_dsn", "add a separate key, e.g. per environment"),
            ("add_team_to_project", "give another team access"),
            ("update_project", "rename it or change its platform"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

/// The organization's repository named `wanted` (`owner/name`, or a unique `name`).
fn find_repo(api: &Api<'_>, org: &str, wanted: &str) -> Result<Repo, ToolError> {
    let repos: Vec<Repo> = api.get(&api_path(&["organizations", org, "repos"]), &Query::new().push("query", wanted))?;
    let exact: Vec<&Repo> = repos.iter().filter(|r| r.name.eq_ignore_ascii_case(wanted)).collect();
    let found: Vec<&Repo> = if exact.is_empty() && !wanted.contains('/') {
        let suffix = format!("/{}", wanted.to_ascii_lowercase());
        repos.iter().filter(|r| r.name.to_ascii_lowercase().ends_with(&suffix)).collect()
    } else {
        exact
    };
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => input(format!(
            "no repository {wanted:?} is connected to organization {org:?}; connect it through a source code \
             integration first, or leave `repository` out (no project was created)"
        )),
        many => {
            let names: Vec<&str> = many.iter().map(|r| r.name.as_str()).collect();
            input(format!(
                "repository {wanted:?} matches {}; pass the full `owner/name` (no project was created)",
                names.join(", ")
            ))
        }
    }
}

/// Links `repo` to the project with a mapping from the repository root.
fn link(api: &Api<'_>, org: &str, project: &str, repo: &Repo) -> Result<(), String> {
    let provider = repo.provider.as_ref().map(|p| p.id.trim_start_matches("integrations:").to_string());
    let body = json!({
        "project": project,
        "repository": repo.name,
        "provider": provider,
        "defaultBranch": repo.default_branch,
        "mappings": [{"stackRoot": "", "sourceRoot": ""}],
    });
    let result: MappingResult =
        api.post(&api_path(&["organizations", org, "code-mappings", "bulk"]), &body).map_err(|e| e.to_string())?;
    let ok = result.errors == 0 && result.mappings.iter().any(|m| m.status == "created" || m.status == "updated");
    if ok { Ok(()) } else { Err("Sentry created no code mapping; link it in the project's settings".into()) }
}

/// The project's `Default` key, else any active key, else a new one; `None` when all fail.
fn usable_key(api: &Api<'_>, org: &str, project: &str) -> Option<ClientKey> {
    let path = api_path(&["projects", org, project, "keys"]);
    let keys: Vec<ClientKey> = api.get(&path, &Query::new()).unwrap_or_default();
    let usable = |k: &&ClientKey| k.active() && k.public_dsn().is_some();
    let found = keys.iter().filter(usable).find(|k| k.name == "Default").or_else(|| keys.iter().find(usable));
    match found {
        Some(key) => Some(key.clone()),
        None => api.post::<ClientKey>(&path, &json!({"name": "Default"})).ok().filter(|k| k.public_dsn().is_some()),
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use serde_json::{Value, json};

    use super::*;
    use crate::io::testing::FakeIo;

    const CREATED: &str = r#"{"id":"9","slug":"checkout","name":"Checkout","platform":"go"}"#;
    const KEYS: &str = r#"[{"id":"k1","name":"Default","isActive":true,"dsn":{"public":"https://k1@sentry.io/9"}}]"#;
    const REPOS: &str = r#"[{"name":"acme/web","provider":{"id":"integrations:github"},"defaultBranch":"main"},
        {"name":"acme/api","provider":{"id":"integrations:github"}}]"#;

    fn ctx(io: &Rc<FakeIo>) -> Ctx {
        Ctx::test(io.clone(), &[], &[("skills", "all")], &[])
    }

    #[test]
    fn the_project_is_created_and_its_default_dsn_shown() {
        let io =
            Rc::new(
                FakeIo::default()
                    .route("POST https://sentry.io/api/0/teams/acme/backend/projects/", 201, CREATED)
                    .route("GET https://sentry.io/api/0/projects/acme/checkout/keys/", 200, KEYS),
            );
        let args = json!({"organizationSlug": "acme", "teamSlug": "backend", "name": "Checkout", "platform": "go"});
        let text = run(&ctx(&io), &Args::from_json(args)).unwrap().text;
        assert!(text.starts_with("# New project checkout in acme\n\n**ID**: 9\n**Slug**: `checkout`\n**Name**: Checkout\n**Team**: `backend`\n**Platform**: go\n**SENTRY_DSN**: `https://k1@sentry.io/9`\n"), "{text}");
        assert!(text.contains("- `create_dsn`"), "{text}");
        let sent: Value = serde_json::from_str(io.bodies.borrow()[1].as_deref().unwrap()).unwrap();
        assert_eq!(sent, json!({"name": "Checkout", "platform": "go"}));
    }

    #[test]
    fn a_repository_is_matched_by_name_and_linked() {
        let io = Rc::new(
            FakeIo::default()
                .route("GET https://sentry.io/api/0/organizations/acme/repos/?query=web", 200, REPOS)
                .route("POST https://sentry.io/api/0/teams/acme/backend/projects/", 201, CREATED)
                .route(
                    "POST https://sentry.io/api/0/organizations/acme/code-mappings/bulk/",
                    201,
                    r#"{"created":1,"errors":0,"mappings":[{"status":"created"}]}"#,
                )
                .route("GET https://sentry.io/api/0/projects/acme/checkout/keys/", 200, "[]")
                .route("POST https://sentry.io/api/0/projects/acme/checkout/keys/", 201, &KEYS[1..KEYS.len() - 1]),
        );
        let args = json!({"organizationSlug": "acme", "teamSlug": "backend", "name": "Checkout", "repository": "web"});
        let text = run(&ctx(&io), &Args::from_json(args)).unwrap().text;
        assert!(text.contains("**Repository**: acme/web (linked"), "{text}");
        assert!(text.contains("**SENTRY_DSN**: `https://k1@sentry.io/9`"), "{text}");
        let bodies = io.bodies.borrow();
        let mapping: Value = serde_json::from_str(bodies.iter().flatten().nth(1).unwrap()).unwrap();
        assert_eq!(mapping["repository"], "acme/web");
        assert_eq!(mapping["provider"], "github");
        assert_eq!(mapping["project"], "checkout");
    }

    #[test]
    fn an_unknown_repository_fails_before_anything_is_created() {
        let io = Rc::new(FakeIo::default().route(
            "GET https://sentry.io/api/0/organizations/acme/repos/?query=acme%2Fmobile",
            200,
            REPOS,
        ));
        let args = json!({"organizationSlug": "acme", "teamSlug": "backend", "name": "X", "repository": "acme/mobile"});
        let err = run(&ctx(&io), &Args::from_json(args)).unwrap_err();
        assert!(err.to_string().contains("no repository \"acme/mobile\" is connected"), "{err}");
        assert!(!io.requests.borrow().iter().any(|r| r.starts_with("POST")));
    }
}
