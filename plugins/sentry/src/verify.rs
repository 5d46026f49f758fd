//! `verify-constraints`: before an agent is bound to `/sentry/mcp/{org}/{project}`,
//! check that the token can see the organization (and project), and add the
//! organization's `regionUrl` so every later call goes to its region. The
//! constraint holds the region's `host[:port]` (constraint values may not
//! contain `/`); `context` reads it back into a URL.

use crate::api::{Api, ApiError, api_path};
use crate::context::{Config, ORG, PROJECT, REGION};
use crate::io::Io;
use crate::models::{Organization, Project};
use crate::urls;
use crate::warren::plugin::types::{Constraint, Props, VerifyError};

/// Checks the constraints in `props`; returns them plus `regionUrl` when the
/// organization reports one.
pub fn verify(props: &Props, io: &dyn Io) -> Result<Vec<Constraint>, VerifyError> {
    let config = Config::parse(&props.config).map_err(VerifyError::Invalid)?;
    let get = |name: &str| props.constraints.iter().find(|c| c.name == name).map(|c| c.value.as_str());
    let Some(org) = get(ORG) else {
        return match get(PROJECT) {
            Some(_) => Err(VerifyError::Invalid("projectSlug needs organizationSlug as well".into())),
            None => Ok(props.constraints.clone()),
        };
    };
    let host = Api::sentry(io, &config.host_url()).with_timeout(Some(config.request_timeout_ms));
    let details: Organization = host
        .get(&api_path(&["organizations", org]), &Default::default())
        .map_err(|e| refused(&e, &format!("organization {org:?} on {}", config.host)))?;
    let region = details
        .links
        .and_then(|l| l.region_url)
        .filter(|r| !r.trim().is_empty())
        .map(|r| urls::check_region_url(&r, &config.host, config.insecure_http()))
        .transpose()
        .map_err(|e| VerifyError::Invalid(format!("organization {org:?} reports an unusable {e}")))?;
    if let Some(project) = get(PROJECT) {
        let base = region.clone().unwrap_or_else(|| config.host_url());
        let _: Project = Api::sentry(io, &base)
            .with_timeout(Some(config.request_timeout_ms))
            .get(&api_path(&["projects", org, project]), &Default::default())
            .map_err(|e| refused(&e, &format!("project {project:?} in organization {org:?}")))?;
    }
    let mut constraints: Vec<Constraint> = props.constraints.iter().filter(|c| c.name != REGION).cloned().collect();
    if let Some(region) = region {
        constraints.push(Constraint { name: REGION.into(), value: urls::region_constraint(&region) });
    }
    Ok(constraints)
}

/// Maps a failed lookup of `what` to the refusal the host turns into a status.
fn refused(e: &ApiError, what: &str) -> VerifyError {
    let said = e.detail().map(|d| format!(" (Sentry said: {d})")).unwrap_or_default();
    match e.status() {
        Some(401) => VerifyError::Unauthorized(format!(
            "Sentry refused the access token while looking up {what}{said}; the token is missing, expired or revoked"
        )),
        Some(403) => VerifyError::Forbidden(format!(
            "the Sentry token may not access {what}{said}; it needs org:read and project:read and membership"
        )),
        Some(404) => VerifyError::NotFound(format!(
            "{what} does not exist or this token cannot see it; check the slug in the URL"
        )),
        _ => VerifyError::Upstream(format!("could not look up {what}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::FakeIo;

    fn props(constraints: &[(&str, &str)], config: &[(&str, &str)]) -> Props {
        Props {
            tenant: "t".into(),
            scopes: vec![],
            constraints: constraints
                .iter()
                .map(|(n, v)| Constraint { name: n.to_string(), value: v.to_string() })
                .collect(),
            config: config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    fn names(list: &[Constraint]) -> Vec<String> {
        list.iter().map(|c| format!("{}={}", c.name, c.value)).collect()
    }

    #[test]
    fn without_an_organization_constraints_pass_unchanged_and_nothing_is_fetched() {
        let io = FakeIo::default();
        assert!(verify(&props(&[], &[]), &io).unwrap().is_empty());
        assert!(io.requests.borrow().is_empty());
    }

    #[test]
    fn organization_and_project_are_checked_and_the_region_added() {
        let io = FakeIo::default()
            .route(
                "GET https://sentry.io/api/0/organizations/acme/",
                200,
                r#"{"slug":"acme","links":{"regionUrl":"https://us.sentry.io"}}"#,
            )
            .route("GET https://us.sentry.io/api/0/projects/acme/web/", 200, r#"{"id":"2001","slug":"web"}"#);
        let out = verify(&props(&[("organizationSlug", "acme"), ("projectSlug", "web")], &[]), &io).unwrap();
        assert_eq!(names(&out), ["organizationSlug=acme", "projectSlug=web", "regionUrl=us.sentry.io"]);
        assert_eq!(io.credentials.borrow().as_slice(), [Some("sentry".to_string()), Some("sentry".to_string())]);
    }

    #[test]
    fn self_hosted_without_region_keeps_the_constraints() {
        let io = FakeIo::default().route(
            "GET http://127.0.0.1:8378/api/0/organizations/acme/",
            200,
            r#"{"slug":"acme","links":{"regionUrl":""}}"#,
        );
        let config = [("host", "127.0.0.1:8378"), ("insecure_http", "true")];
        let out = verify(&props(&[("organizationSlug", "acme")], &config), &io).unwrap();
        assert_eq!(names(&out), ["organizationSlug=acme"]);
    }

    #[test]
    fn statuses_map_to_refusals() {
        let io = FakeIo::default().route(
            "GET https://sentry.io/api/0/organizations/*",
            401,
            r#"{"detail":"Invalid token"}"#,
        );
        match verify(&props(&[("organizationSlug", "acme")], &[]), &io) {
            Err(VerifyError::Unauthorized(m)) => assert_eq!(
                m,
                "Sentry refused the access token while looking up organization \"acme\" on sentry.io (Sentry said: Invalid token); the token is missing, expired or revoked"
            ),
            other => panic!("{other:?}"),
        }
        let io = FakeIo::default();
        assert!(matches!(verify(&props(&[("organizationSlug", "nope")], &[]), &io), Err(VerifyError::NotFound(_))));
        let io = FakeIo::default().route("GET https://sentry.io/*", 503, "");
        assert!(matches!(verify(&props(&[("organizationSlug", "acme")], &[]), &io), Err(VerifyError::Upstream(_))));
    }

    #[test]
    fn a_foreign_region_url_is_refused() {
        let io = FakeIo::default().route(
            "GET https://sentry.io/api/0/organizations/acme/",
            200,
            r#"{"slug":"acme","links":{"regionUrl":"https://evil.example.com"}}"#,
        );
        assert!(matches!(verify(&props(&[("organizationSlug", "acme")], &[]), &io), Err(VerifyError::Invalid(_))));
    }
}
