//! `create_dsn`: a new client key for a project
//! (`POST /api/0/projects/{org}/{project}/keys/`), shown with its DSN.

use serde::Serialize;

use crate::api::api_path;
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::reply::{Reply, ToolError};
use crate::tools::find_dsns::ClientKey;

#[derive(Serialize)]
struct NewKey<'a> {
    name: &'a str,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let name = args.require_str("name")?;
    let api = ctx.org_api(org, args.region());
    let key: ClientKey = api.post(&api_path(&["projects", org, project, "keys"]), &NewKey { name })?;
    let mut md = Md::titled(&format!("New DSN {:?} for project {project} in {org}", key.name));
    key.write(&mut md);
    md.para("Configure the SDK with this DSN (for example as `SENTRY_DSN`); it takes events at once.");
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("find_dsns", "list all of the project's keys"),
            ("update_dsn", "rate-limit this key or set its loader options"),
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
    fn the_key_is_posted_with_its_name_and_its_dsn_shown() {
        let body =
            r#"{"id":"c0ffee","name":"mobile-app","isActive":true,"dsn":{"public":"https://c0ffee@sentry.io/2001"}}"#;
        let io = Rc::new(FakeIo::default().route("POST https://sentry.io/api/0/projects/acme/web/keys/", 201, body));
        let ctx = Ctx::test(io.clone(), &[], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "web", "name": "mobile-app"}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# New DSN \"mobile-app\" for project web in acme\n\n**ID**: `c0ffee`\n**DSN**: `https://c0ffee@sentry.io/2001`\n"), "{text}");
        assert_eq!(io.bodies.borrow().last().cloned().flatten().as_deref(), Some(r#"{"name":"mobile-app"}"#));
    }
}
