//! `warren stdio`: one plugin's agent over MCP on stdin/stdout, with the
//! command line of `@sentry/mcp-server` understood as well, so a client's
//! config swaps `npx @sentry/mcp-server --access-token=…` for
//! `warren stdio --plugin sentry --access-token=…` and nothing else.
//!
//! The Sentry-style flags map onto generic Warren settings of the served
//! plugin: `--access-token` fills its credential, `--host`, `--insecure-http`,
//! `--skills`, `--all-skills` and `--disable-skills` set its config keys
//! `host`, `insecure_http`, `skills` and `disabled_skills`, and
//! `--organization-slug` / `--project-slug` its constraints
//! `organizationSlug` / `projectSlug`.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use super::call::AgentArgs;
use super::fail;
use crate::capabilities::http::Secret;
use crate::runtime::{Runtime, RuntimeConfig};

/// `warren stdio`.
#[derive(Debug, Args)]
pub struct StdioArgs {
    #[command(flatten)]
    pub agent: AgentArgs,
    /// The upstream access token, injected as the plugin's credential (its only one, or the one named after it).
    #[arg(long, env = "SENTRY_ACCESS_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub access_token: Option<String>,
    /// The upstream host, e.g. sentry.example.com (config key `host`).
    #[arg(long)]
    pub host: Option<String>,
    /// Use plain http:// to the upstream host (config key `insecure_http`).
    #[arg(long)]
    pub insecure_http: bool,
    /// Bind the agent to this organization (constraint `organizationSlug`).
    #[arg(long, value_name = "SLUG")]
    pub organization_slug: Option<String>,
    /// Bind the agent to this project (constraint `projectSlug`).
    #[arg(long, value_name = "SLUG")]
    pub project_slug: Option<String>,
    /// The skills to grant, comma-separated (config key `skills`).
    #[arg(long, value_name = "LIST", conflicts_with = "all_skills")]
    pub skills: Option<String>,
    /// Grant every skill.
    #[arg(long)]
    pub all_skills: bool,
    /// Skills to withhold, comma-separated (config key `disabled_skills`).
    #[arg(long, value_name = "LIST")]
    pub disable_skills: Option<String>,
}

impl StdioArgs {
    /// Puts the config flags into the served plugin's operator config.
    pub fn apply(&self, config: &mut RuntimeConfig) {
        let plugin = config.plugin_config.entry(self.agent.plugin.clone()).or_default();
        let mut set = |key: &str, value: &str| {
            plugin.values.insert(key.into(), value.into());
        };
        if let Some(host) = &self.host {
            set("host", host);
        }
        if self.insecure_http {
            set("insecure_http", "true");
        }
        if let Some(skills) = &self.skills {
            set("skills", skills);
        }
        if self.all_skills {
            set("skills", "all");
        }
        if let Some(disabled) = &self.disable_skills {
            set("disabled_skills", disabled);
        }
        if self.insecure_http {
            plugin.allow_insecure_http = true;
        }
    }

    /// The constraints the slug flags give.
    fn constraints(&self) -> Vec<(String, String)> {
        let org = self.organization_slug.iter().map(|v| ("organizationSlug".to_string(), v.clone()));
        let project = self.project_slug.iter().map(|v| ("projectSlug".to_string(), v.clone()));
        org.chain(project).collect()
    }

    /// The credential `--access-token` fills: the plugin's only one, or the one named after the plugin.
    fn credential(&self, runtime: &Runtime) -> Result<Option<(String, Secret)>, String> {
        let Some(token) = &self.access_token else { return Ok(None) };
        let plugin = runtime.plugin(&self.agent.plugin).map_err(|e| e.to_string())?;
        let names: Vec<&String> = plugin.manifest.credentials.keys().collect();
        let name = match names.as_slice() {
            [only] => (*only).clone(),
            _ if names.iter().any(|n| **n == self.agent.plugin) => self.agent.plugin.clone(),
            [] => return Err(format!("--access-token: plugin {:?} takes no credentials", self.agent.plugin)),
            _ => {
                return Err(format!(
                    "--access-token: plugin {:?} has several credentials {names:?}; pass --credential-env NAME=ENV_VAR",
                    self.agent.plugin
                ));
            }
        };
        Ok(Some((name, Secret::new(token.clone()))))
    }
}

/// Runs `warren stdio`: verify once, serve until stdin closes, hibernate.
pub async fn run(runtime: Runtime, args: &StdioArgs) -> ExitCode {
    let resolved = match args.credential(&runtime) {
        Ok(credential) => args.agent.resolve_with(&runtime, &args.constraints(), credential).await,
        Err(e) => Err(e),
    };
    let (key, caller) = match resolved {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let runtime = Arc::new(runtime);
    let code = match crate::mcp::serve_stdio(runtime.clone(), key, caller).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("{e:#}")),
    };
    runtime.close().await;
    code
}
