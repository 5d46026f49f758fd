//! `whoami`: the user behind the access token (`GET /api/0/auth/` on the
//! configured host).

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::User;
use crate::reply::{Reply, ToolError};

/// Runs the tool.
pub fn run(ctx: &Ctx, _args: &Args) -> Result<Reply, ToolError> {
    let user: User = ctx.host_api().get(&api_path(&["auth"]), &Query::new())?;
    let who = user.name.as_deref().or(user.email.as_deref()).or(user.username.as_deref()).unwrap_or("an unnamed user");
    let mut md = Md::titled(&format!("Signed in to {} as {who}", ctx.config.host));
    md.field("User ID", &user.id)
        .field_opt("Name", user.name.as_deref())
        .field_opt("Email", user.email.as_deref())
        .field_opt("Username", user.username.as_deref());
    if let Some(org) = &ctx.bound.org {
        md.field("Bound to organization", org);
    }
    if let Some(project) = &ctx.bound.project {
        md.field("Bound to project", project);
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("find_organizations", "list the organizations this user can see"),
            ("search_issues", "find issues assigned to this user with the query `assigned:me`"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn whoami_names_user_and_host_and_asks_the_configured_host() {
        let io = FakeIo::default().route(
            "GET https://sentry.io/api/0/auth/",
            200,
            r#"{"id":"1","name":"Jane Doe","email":"jane@acme.test","username":"jane"}"#,
        );
        let ctx = Ctx::test(io, &[], &[], &[]);
        let reply = run(&ctx, &Args::default()).unwrap();
        assert_eq!(
            reply.text,
            "# Signed in to sentry.io as Jane Doe\n\n**User ID**: 1\n**Name**: Jane Doe\n**Email**: jane@acme.test\n**Username**: jane\n\n## Next steps\n\n- `find_organizations`: list the organizations this user can see\n- `search_issues`: find issues assigned to this user with the query `assigned:me`\n"
        );
    }

    #[test]
    fn a_refused_token_is_an_api_error() {
        let io = FakeIo::default().route("GET https://sentry.io/api/0/auth/", 401, r#"{"detail":"Invalid token"}"#);
        let ctx = Ctx::test(io, &[], &[], &[]);
        let err = run(&ctx, &Args::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "**Sentry API error**: Sentry answered `GET /api/0/auth/` with 401 Unauthorized: Invalid token. The Sentry token is missing, expired or revoked; the tenant needs a new token."
        );
    }
}
