//! `warren call` and `warren tools`: reach one agent, identified by plugin,
//! tenant and constraints, without MCP.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use super::fail;
use crate::agent::Caller;
use crate::bindings::warren::plugin::client::LogLevel;
use crate::capabilities::client::{CallObserver, level_name};
use crate::capabilities::http::{Credentials, Secret};
use crate::ids::{AgentKey, Constraints, TenantId};
use crate::runtime::Runtime;

/// Which agent to reach.
#[derive(Debug, Args)]
pub struct AgentArgs {
    /// The plugin.
    #[arg(long)]
    pub plugin: String,
    /// The tenant to act as.
    #[arg(long, default_value = "local")]
    pub tenant: String,
    /// A constraint NAME=VALUE (repeatable).
    #[arg(long = "constraint", value_name = "NAME=VALUE")]
    pub constraints: Vec<String>,
    /// A scope granted to the tenant (repeatable).
    #[arg(long = "scope")]
    pub scopes: Vec<String>,
    /// A credential for the plugin, read from an environment variable: NAME=ENV_VAR (repeatable).
    #[arg(long = "credential-env", value_name = "NAME=ENV_VAR")]
    pub credential_env: Vec<String>,
}

/// `warren call`.
#[derive(Debug, Args)]
pub struct CallArgs {
    #[command(flatten)]
    pub agent: AgentArgs,
    /// Print the result as JSON (content, structured, is_error).
    #[arg(long)]
    pub json: bool,
    /// The tool to call.
    pub tool: String,
    /// The arguments, a JSON object.
    #[arg(default_value = "{}")]
    pub arguments: String,
}

/// Prints the plugin's log and progress messages to stderr.
struct Stderr;

impl CallObserver for Stderr {
    fn log(&self, level: LogLevel, message: &str) {
        eprintln!("[{}] {message}", level_name(level));
    }
    fn progress(&self, progress: f64, total: Option<f64>, message: Option<&str>) {
        let total = total.map(|t| format!("/{t}")).unwrap_or_default();
        eprintln!("[progress {progress}{total}] {}", message.unwrap_or(""));
    }
}

impl AgentArgs {
    fn caller(&self) -> Result<Caller, String> {
        let mut credentials = Credentials::default();
        for item in &self.credential_env {
            let (name, var) =
                item.split_once('=').ok_or_else(|| format!("--credential-env {item:?}: expected NAME=ENV_VAR"))?;
            let value = std::env::var(var)
                .map_err(|_| format!("--credential-env {item:?}: environment variable {var:?} is not set"))?;
            credentials = credentials.with(name, Secret::new(value));
        }
        Ok(Caller { scopes: self.scopes.clone(), credentials })
    }

    /// Verifies the constraints and returns the agent key and caller.
    pub async fn resolve(&self, runtime: &Runtime) -> Result<(AgentKey, Caller), String> {
        self.resolve_with(runtime, &[], None).await
    }

    /// [`Self::resolve`] with `extra` constraints and a `credential` (name, value) besides the flags'.
    pub async fn resolve_with(
        &self,
        runtime: &Runtime,
        extra: &[(String, String)],
        credential: Option<(String, Secret)>,
    ) -> Result<(AgentKey, Caller), String> {
        let tenant = TenantId::new(self.tenant.as_str()).map_err(|e| e.to_string())?;
        let pairs = self.constraints.iter().map(|c| Constraints::parse_pair(c)).collect::<Result<Vec<_>, _>>();
        let constraints = pairs
            .map(|mut p| {
                p.extend(extra.iter().cloned());
                p
            })
            .and_then(Constraints::from_pairs)
            .map_err(|e| e.to_string())?;
        let mut caller = self.caller()?;
        if let Some((name, secret)) = credential {
            caller.credentials = caller.credentials.with(&name, secret);
        }
        let key = runtime.verify(&tenant, &self.plugin, constraints, &caller).await.map_err(|e| e.to_string())?;
        Ok((key, caller))
    }
}

/// Runs `warren call`.
pub async fn run(runtime: &Runtime, args: &CallArgs) -> ExitCode {
    let (key, caller) = match args.agent.resolve(runtime).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    match runtime.call(&key, &caller, &args.tool, &args.arguments, Arc::new(Stderr)).await {
        Err(e) => fail(e),
        Ok(out) => {
            if args.json {
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                println!("{}", out.text());
            }
            if out.is_error { ExitCode::from(2) } else { ExitCode::SUCCESS }
        }
    }
}

/// Runs `warren tools`.
pub async fn tools(runtime: &Runtime, args: &AgentArgs) -> ExitCode {
    let (key, caller) = match args.resolve(runtime).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    match runtime.list_tools(&key, &caller).await {
        Err(e) => fail(e),
        Ok(tools) => {
            for t in tools {
                println!("{}\t{}", t.name, t.description);
            }
            ExitCode::SUCCESS
        }
    }
}
