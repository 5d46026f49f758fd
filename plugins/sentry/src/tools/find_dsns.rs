//! `find_dsns`: a project's client keys (DSNs) with their status, rate limit
//! and loader settings (`GET /api/0/projects/{org}/{project}/keys/`). The
//! [`ClientKey`] model and its markdown live here for the other DSN tools.

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, PROJECT};
use crate::md::Md;
use crate::models::{Scalar, lenient};
use crate::reply::{Reply, ToolError};

/// A project's client key (`GET /api/0/projects/{org}/{project}/keys/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClientKey {
    /// The key id (its public key).
    pub id: Scalar,
    /// Its name, e.g. `Default`.
    pub name: String,
    /// Whether events sent with it are accepted.
    #[serde(rename = "isActive", deserialize_with = "lenient")]
    pub is_active: Option<bool>,
    /// The DSNs in their forms.
    #[serde(deserialize_with = "lenient")]
    pub dsn: Option<Dsns>,
    /// `{window, count}`, or null for no limit.
    #[serde(rename = "rateLimit", deserialize_with = "lenient")]
    pub rate_limit: Option<RateLimit>,
    /// The JavaScript loader's SDK version.
    #[serde(rename = "browserSdkVersion", deserialize_with = "lenient")]
    pub browser_sdk_version: Option<String>,
    /// The JavaScript loader's options.
    #[serde(rename = "dynamicSdkLoaderOptions", deserialize_with = "lenient")]
    pub loader: Option<LoaderOptions>,
    /// When it was created.
    #[serde(rename = "dateCreated", deserialize_with = "lenient")]
    pub date_created: Option<String>,
}

/// A key's DSN forms.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Dsns {
    /// The DSN SDKs take.
    #[serde(deserialize_with = "lenient")]
    pub public: Option<String>,
    /// The JavaScript loader script.
    #[serde(deserialize_with = "lenient")]
    pub cdn: Option<String>,
    /// The endpoint for browser security reports.
    #[serde(deserialize_with = "lenient")]
    pub security: Option<String>,
}

/// A key's rate limit.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default)]
pub struct RateLimit {
    /// Window length in seconds.
    pub window: u64,
    /// Events accepted per window.
    pub count: u64,
}

/// The JavaScript loader's options.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LoaderOptions {
    /// Session Replay.
    pub has_replay: bool,
    /// Tracing.
    pub has_performance: bool,
    /// The debug bundle.
    pub has_debug: bool,
    /// User Feedback.
    pub has_feedback: bool,
    /// Logs and metrics.
    pub has_logs_and_metrics: bool,
}

impl ClientKey {
    /// The public DSN, when Sentry sent one.
    pub fn public_dsn(&self) -> Option<&str> {
        self.dsn.as_ref().and_then(|d| d.public.as_deref()).filter(|d| !d.is_empty())
    }

    /// Whether the key is active (Sentry omits the flag rarely; absent counts as active).
    pub fn active(&self) -> bool {
        self.is_active != Some(false)
    }

    /// Writes the key's fields under the current heading.
    pub fn write(&self, md: &mut Md) {
        md.field("ID", format!("`{}`", self.id));
        md.field("DSN", self.public_dsn().map_or_else(|| "-".into(), |d| format!("`{d}`")));
        md.field("Status", if self.active() { "active" } else { "disabled (events sent with it are dropped)" });
        md.field(
            "Rate limit",
            match self.rate_limit {
                Some(r) if r.count > 0 => format!("{} events per {} s", r.count, r.window),
                _ => "none".into(),
            },
        );
        md.field_opt("Loader script", self.dsn.as_ref().and_then(|d| d.cdn.as_deref()));
        md.field_opt("Loader SDK version", self.browser_sdk_version.as_deref());
        if let Some(l) = self.loader {
            let parts = [
                (l.has_replay, "Session Replay"),
                (l.has_performance, "tracing"),
                (l.has_feedback, "User Feedback"),
                (l.has_logs_and_metrics, "logs and metrics"),
                (l.has_debug, "debug bundle"),
            ];
            let on: Vec<&str> = parts.iter().filter(|(set, _)| *set).map(|(_, name)| *name).collect();
            md.field("Loader includes", if on.is_empty() { "errors only".to_string() } else { on.join(", ") });
        }
        md.field_opt("Created", self.date_created.as_deref());
    }
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str(PROJECT)?;
    let api = ctx.org_api(org, args.region());
    let keys: Vec<ClientKey> = api.get(&api_path(&["projects", org, project, "keys"]), &Query::new())?;
    let mut md = Md::titled(&format!("DSNs of project {project} in {org}"));
    if keys.is_empty() {
        md.para("This project has no client key; create one with `create_dsn` to send events.");
    } else {
        md.para(&format!(
            "{} client key{}. Configure an SDK with the DSN of an active key (e.g. `SENTRY_DSN`).",
            keys.len(),
            if keys.len() == 1 { "" } else { "s" }
        ));
    }
    for key in &keys {
        md.section(&format!("{} ({})", key.name, if key.active() { "active" } else { "disabled" }));
        key.write(&mut md);
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("create_dsn", "create another key, e.g. one per app or environment"),
            ("update_dsn", "rename, disable or rate-limit a key (`keyId` is the ID above)"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    /// A key as the stand-in answers it.
    pub(crate) const WEB_KEY: &str = r#"{"id":"3f9c2a7d5e1b4c8a9d0e6f2b7a4c1d3e","name":"Default","isActive":true,
        "dsn":{"public":"https://3f9c@o1.ingest.sentry.io/2001","cdn":"https://js.sentry-cdn.com/3f9c.min.js"},
        "rateLimit":{"window":60,"count":500},"browserSdkVersion":"8.x",
        "dynamicSdkLoaderOptions":{"hasReplay":true,"hasPerformance":true,"hasDebug":false,"hasFeedback":false,
        "hasLogsAndMetrics":false},"dateCreated":"2024-01-10T10:00:00Z"}"#;

    #[test]
    fn keys_are_listed_with_dsn_status_and_limits() {
        let io = FakeIo::default().route(
            "GET https://sentry.io/api/0/projects/acme/web/keys/",
            200,
            &format!("[{WEB_KEY},{{\"id\":\"ab\",\"name\":\"Old\",\"isActive\":false,\"rateLimit\":null}}]"),
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme")], &[("skills", "all")], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "web"}))).unwrap().text;
        assert!(text.starts_with("# DSNs of project web in acme\n\n2 client keys."), "{text}");
        assert!(text.contains("## Default (active)\n\n**ID**: `3f9c2a7d5e1b4c8a9d0e6f2b7a4c1d3e`\n**DSN**: `https://3f9c@o1.ingest.sentry.io/2001`\n**Status**: active\n**Rate limit**: 500 events per 60 s\n"), "{text}");
        assert!(text.contains("**Loader includes**: Session Replay, tracing\n"), "{text}");
        assert!(text.contains("## Old (disabled)\n\n**ID**: `ab`\n**DSN**: -\n**Status**: disabled"), "{text}");
        assert!(text.contains("**Rate limit**: none"), "{text}");
        assert!(text.contains("- `update_dsn`: rename, disable"), "{text}");
    }

    #[test]
    fn a_project_without_keys_says_how_to_make_one() {
        let io = FakeIo::default().route("GET https://sentry.io/api/0/projects/acme/web/keys/", 200, "[]");
        let ctx = Ctx::test(io, &[("organizationSlug", "acme")], &[], &[]);
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "projectSlug": "web"}))).unwrap().text;
        assert!(text.contains("This project has no client key"), "{text}");
    }
}
