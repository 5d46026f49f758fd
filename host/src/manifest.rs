//! `plugin.toml`: what a plugin declares about itself (name, version,
//! constraint parameters, limits, outbound hosts, credentials, operator
//! config). Parsed with unknown keys refused, then validated as a whole.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::ids::PluginName;

/// The manifest format this Warren reads.
pub const MANIFEST_VERSION: u32 = 1;

/// A problem with a manifest; the message names the key and the fix.
#[derive(Debug, thiserror::Error)]
#[error("manifest {path:?}: {message}")]
pub struct ManifestError {
    /// Where the manifest came from.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// A parsed, validated `plugin.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// `manifest_version = 1`: the format version; only 1 exists.
    pub manifest_version: u32,
    /// `name = "notes"`: the plugin's name, used in routes and the CLI.
    pub name: PluginName,
    /// `version = "0.1.0"`: the author's version (Warren adds a content hash).
    pub version: String,
    /// `description = "..."`: one line for operators.
    #[serde(default)]
    pub description: String,
    /// `component = "plugin.wasm"` (default): the component file beside the manifest.
    #[serde(default = "default_component")]
    pub component: String,
    /// `[[constraints]]`: the context parameters, in URL order.
    #[serde(default)]
    pub constraints: Vec<ConstraintSpec>,
    /// `[limits]`: resource limits for each agent.
    #[serde(default)]
    pub limits: Limits,
    /// `[http]`: outbound hosts the plugin may reach.
    #[serde(default)]
    pub http: HttpSpec,
    /// `[credentials.NAME]`: upstream credentials the host injects by name.
    #[serde(default)]
    pub credentials: BTreeMap<String, CredentialSpec>,
    /// `[config.KEY]`: operator settings the plugin reads from its props.
    #[serde(default)]
    pub config: BTreeMap<String, ConfigSpec>,
}

fn default_component() -> String {
    "plugin.wasm".into()
}

/// One constraint parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintSpec {
    /// `name = "organizationSlug"`.
    pub name: String,
    /// `required = true` (default): whether every agent must have it.
    #[serde(default = "yes")]
    pub required: bool,
    /// `description = "..."`.
    #[serde(default)]
    pub description: String,
}

fn yes() -> bool {
    true
}

/// Per-agent limits. Every field has a default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// `idle_timeout_secs = 30`: hibernate after this long without a call.
    pub idle_timeout_secs: u64,
    /// `memory_mib = 64`: linear memory cap (at most the host's pool slot size).
    pub memory_mib: u64,
    /// `cpu_ms = 10000`: guest CPU time per call, host waits excluded.
    pub cpu_ms: u64,
    /// `call_timeout_ms = 60000`: wall-clock time per call, host waits included.
    pub call_timeout_ms: u64,
    /// `storage_keys = 100000`: keys per agent.
    pub storage_keys: u64,
    /// `storage_bytes = 268435456`: key plus value bytes per agent.
    pub storage_bytes: u64,
    /// `max_key_bytes = 512`: bytes per key.
    pub max_key_bytes: u64,
    /// `max_value_bytes = 1048576`: bytes per value.
    pub max_value_bytes: u64,
    /// `http_timeout_ms = 30000`: per outbound request.
    pub http_timeout_ms: u64,
    /// `http_response_bytes = 10485760`: largest outbound response body.
    pub http_response_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            idle_timeout_secs: 30,
            memory_mib: 64,
            cpu_ms: 10_000,
            call_timeout_ms: 60_000,
            storage_keys: 100_000,
            storage_bytes: 256 << 20,
            max_key_bytes: 512,
            max_value_bytes: 1 << 20,
            http_timeout_ms: 30_000,
            http_response_bytes: 10 << 20,
        }
    }
}

/// Outbound HTTP policy.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSpec {
    /// `allow = ["api.example.com", "*.example.com", "{config.host}"]`: hosts
    /// (optionally `:port`; no port means the scheme's default) the plugin may reach.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// How the host injects one credential.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialSpec {
    /// `hosts = ["{config.host}"]`: where this credential may be sent (patterns as `[http] allow`).
    pub hosts: Vec<String>,
    /// `header = "authorization"` (default).
    #[serde(default = "default_header")]
    pub header: String,
    /// `value = "Bearer {secret}"` (default): the header value; `{secret}` is replaced.
    #[serde(default = "default_value")]
    pub value: String,
}

fn default_header() -> String {
    "authorization".into()
}

fn default_value() -> String {
    "Bearer {secret}".into()
}

/// One operator setting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigSpec {
    /// `description = "..."`: shown when the operator must set it.
    #[serde(default)]
    pub description: String,
    /// `default = "sentry.io"`: used when the operator sets nothing; without
    /// one the operator must set it.
    pub default: Option<String>,
}

impl Manifest {
    /// Parses and validates manifest text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, ManifestError> {
        let fail = |message: String| ManifestError { path: origin.display().to_string(), message };
        let manifest: Manifest = toml::from_str(text).map_err(|e| fail(e.to_string().trim_end().to_string()))?;
        manifest.validate().map_err(fail)?;
        Ok(manifest)
    }

    fn validate(&self) -> Result<(), String> {
        if self.manifest_version != MANIFEST_VERSION {
            return Err(format!(
                "manifest_version = {} is not supported; this Warren reads manifest_version = {MANIFEST_VERSION}",
                self.manifest_version
            ));
        }
        if self.version.trim().is_empty() {
            return Err("version is empty; set e.g. version = \"0.1.0\"".into());
        }
        let c = &self.component;
        if c.is_empty() || c.contains('/') || c.contains('\\') || c.starts_with('.') {
            return Err(format!("component = {c:?} must be a file name beside plugin.toml, e.g. \"plugin.wasm\""));
        }
        let mut seen = std::collections::BTreeSet::new();
        for spec in &self.constraints {
            crate::ids::Constraints::from_pairs([(spec.name.as_str(), "x")]).map_err(|e| e.to_string())?;
            if !seen.insert(spec.name.as_str()) {
                return Err(format!("constraint {:?} is declared twice", spec.name));
            }
        }
        self.limits.validate()?;
        for (name, cred) in &self.credentials {
            if !cred.value.contains("{secret}") {
                return Err(format!("[credentials.{name}] value = {:?} must contain {{secret}}", cred.value));
            }
            reqwest::header::HeaderName::from_bytes(cred.header.as_bytes())
                .map_err(|_| format!("[credentials.{name}] header = {:?} is not a valid header name", cred.header))?;
            if cred.hosts.is_empty() {
                return Err(format!("[credentials.{name}] hosts is empty; list where the credential may be sent"));
            }
        }
        let patterns = self.http.allow.iter().chain(self.credentials.values().flat_map(|c| &c.hosts));
        for pattern in patterns {
            self.check_template(pattern)?;
        }
        Ok(())
    }

    /// Checks that every `{config.KEY}` in `text` names a declared config key.
    fn check_template(&self, text: &str) -> Result<(), String> {
        for key in crate::capabilities::http::template_keys(text)? {
            if !self.config.contains_key(key) {
                return Err(format!("{text:?} uses {{config.{key}}}, but there is no [config.{key}] section"));
            }
        }
        Ok(())
    }
}

impl Limits {
    fn validate(&self) -> Result<(), String> {
        let checks = [
            ("idle_timeout_secs", self.idle_timeout_secs, 1, 86_400),
            ("memory_mib", self.memory_mib, 1, 4096),
            ("cpu_ms", self.cpu_ms, 1, 3_600_000),
            ("call_timeout_ms", self.call_timeout_ms, 1, 3_600_000),
            ("storage_keys", self.storage_keys, 1, u32::MAX as u64),
            ("storage_bytes", self.storage_bytes, 1, 1 << 40),
            ("max_key_bytes", self.max_key_bytes, 1, 4096),
            ("max_value_bytes", self.max_value_bytes, 1, 64 << 20),
            ("http_timeout_ms", self.http_timeout_ms, 1, 3_600_000),
            ("http_response_bytes", self.http_response_bytes, 1, 1 << 30),
        ];
        for (name, value, min, max) in checks {
            if !(min..=max).contains(&value) {
                return Err(format!("[limits] {name} = {value} is out of range; use {min}..={max}"));
            }
        }
        Ok(())
    }
}
