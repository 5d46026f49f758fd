//! The agent's context, parsed once from its props: operator config, the
//! constraints it is bound to, the granted skills, and the API clients for
//! the configured host and for an organization's region.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::api::{Api, api_path};
use crate::io::Io;
use crate::models::Organization;
use crate::skills::SkillSet;
use crate::urls::{self, Scheme};
use crate::warren::plugin::types::Props;

/// Operator settings (`[config.KEY]` in plugin.toml).
#[derive(Debug, Clone)]
pub struct Config {
    /// `host = "sentry.io"`: the Sentry host, optionally with `:port`.
    pub host: String,
    /// `insecure_http = "false"`: `"true"` talks plain http to `host`.
    pub scheme: Scheme,
    /// `skills = "inspect,seer"`: the default skills (`all` for every one).
    pub skills: SkillSet,
    /// `disabled_skills = ""`: skills no tenant gets, whatever its scopes say.
    pub disabled_skills: SkillSet,
    /// `request_timeout_ms = "30000"`: how long one Sentry request may take.
    pub request_timeout_ms: u32,
    /// `docs_url = "https://docs.sentry.io"`: where `get_doc` reads pages.
    pub docs_url: String,
    /// `docs_search_url = "https://mcp.sentry.dev"`: where `search_docs` asks.
    pub docs_search_url: String,
    /// `seer_poll_ms = "5000"`: pause between Seer status polls.
    pub seer_poll_ms: u32,
    /// `seer_max_wait_secs = "300"`: how long one call waits for Seer.
    pub seer_max_wait_secs: u32,
}

impl Config {
    /// Parses the (key, value) pairs the host passes; missing keys take the
    /// manifest's defaults.
    pub fn parse(pairs: &[(String, String)]) -> Result<Config, String> {
        let get = |key: &str, default: &str| {
            pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_else(|| default.into())
        };
        let host = get("host", "sentry.io");
        let host = host.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
        if host.is_empty() || host.contains(['/', ' ', '@', '?', '#']) {
            return Err(format!(
                "config host {host:?} must be a host name with an optional port, e.g. sentry.example.com"
            ));
        }
        let scheme = match get("insecure_http", "false").to_ascii_lowercase().as_str() {
            "true" => Scheme::Http,
            "false" | "" => Scheme::Https,
            other => return Err(format!("config insecure_http {other:?} must be \"true\" or \"false\"")),
        };
        Ok(Config {
            host: host.to_ascii_lowercase(),
            scheme,
            skills: SkillSet::parse_config(&get("skills", "inspect,seer"))?,
            disabled_skills: SkillSet::parse_config(&get("disabled_skills", ""))
                .map_err(|e| e.replacen("config skills:", "config disabled_skills:", 1))?,
            request_timeout_ms: number("request_timeout_ms", &get("request_timeout_ms", "30000"), 100, 300_000)?,
            docs_url: base_url("docs_url", &get("docs_url", "https://docs.sentry.io"))?,
            docs_search_url: base_url("docs_search_url", &get("docs_search_url", "https://mcp.sentry.dev"))?,
            seer_poll_ms: number("seer_poll_ms", &get("seer_poll_ms", "5000"), 100, 60_000)?,
            seer_max_wait_secs: number("seer_max_wait_secs", &get("seer_max_wait_secs", "300"), 0, 3600)?,
        })
    }

    /// `{scheme}://{host}`: the configured Sentry's base URL.
    pub fn host_url(&self) -> String {
        format!("{}://{}", self.scheme.as_str(), self.host)
    }

    /// Whether plain http to the configured host is allowed.
    pub fn insecure_http(&self) -> bool {
        self.scheme == Scheme::Http
    }

    /// Whether the configured host is Sentry's SaaS.
    pub fn is_saas(&self) -> bool {
        urls::is_sentry_host(&self.host)
    }
}

fn base_url(key: &str, value: &str) -> Result<String, String> {
    match urls::UrlParts::parse(value) {
        Some(_) => Ok(value.trim_end_matches('/').to_string()),
        None => Err(format!("config {key} {value:?} must be an absolute http(s) URL")),
    }
}

fn number(key: &str, value: &str, min: u32, max: u32) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("config {key} {value:?} must be a whole number from {min} to {max}")),
    }
}

/// The constraints an agent is bound to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bound {
    /// `organizationSlug`.
    pub org: Option<String>,
    /// `projectSlug`.
    pub project: Option<String>,
    /// `regionUrl`, set by `verify-constraints`, as a checked `scheme://host`.
    pub region_url: Option<String>,
}

/// Constraint names, as the manifest and the tool schemas spell them.
pub const ORG: &str = "organizationSlug";
/// The project constraint.
pub const PROJECT: &str = "projectSlug";
/// The region constraint `verify-constraints` adds.
pub const REGION: &str = "regionUrl";

impl Bound {
    /// Reads the constraints from props; a `regionUrl` is checked again.
    pub fn parse(props: &Props, config: &Config) -> Result<Bound, String> {
        let get = |name: &str| props.constraints.iter().find(|c| c.name == name).map(|c| c.value.clone());
        let region_url = get(REGION)
            .map(|r| urls::region_from_constraint(&r, &config.host, config.insecure_http()))
            .transpose()
            .map_err(|e| format!("constraint {e}"))?;
        Ok(Bound { org: get(ORG), project: get(PROJECT), region_url })
    }
}

/// Everything a tool handler needs.
pub struct Ctx {
    /// Operator config.
    pub config: Config,
    /// The agent's constraints.
    pub bound: Bound,
    /// The skills granted to this tenant.
    pub skills: SkillSet,
    io: Box<dyn Io>,
    /// Region base URLs learnt per organization (`None`: use the configured host).
    regions: RefCell<BTreeMap<String, Option<String>>>,
}

impl Ctx {
    /// Builds the context from props, with `io` to reach the outside world.
    pub fn new(props: &Props, io: Box<dyn Io>) -> Result<Ctx, String> {
        let config = Config::parse(&props.config)?;
        let bound = Bound::parse(props, &config)?;
        let skills = SkillSet::resolve(config.skills, &props.scopes).without(config.disabled_skills);
        Ok(Ctx { config, bound, skills, io, regions: RefCell::new(BTreeMap::new()) })
    }

    /// HTTP, waiting, progress and logs: for clients other than Sentry's
    /// API (the docs) and for long-running tools.
    pub fn io(&self) -> &dyn Io {
        self.io.as_ref()
    }

    /// A client for the configured host (auth, organization lists, regions).
    pub fn host_api(&self) -> Api<'_> {
        Api::sentry(self.io(), &self.config.host_url()).with_timeout(Some(self.config.request_timeout_ms))
    }

    /// A client for `org`'s region: the checked `regionUrl` argument, else the
    /// bound region, else the organization's `links.regionUrl` (looked up once
    /// and remembered), else the configured host.
    pub fn org_api(&self, org: &str, region_arg: Option<&str>) -> Api<'_> {
        let base = region_arg
            .map(str::to_string)
            .or_else(|| self.bound.region_url.clone().filter(|_| self.bound.org.as_deref() == Some(org)))
            .or_else(|| self.lookup_region(org))
            .unwrap_or_else(|| self.config.host_url());
        Api::sentry(self.io(), &base).with_timeout(Some(self.config.request_timeout_ms))
    }

    /// The org's region from its details; failures fall back to the host.
    fn lookup_region(&self, org: &str) -> Option<String> {
        if let Some(known) = self.regions.borrow().get(org) {
            return known.clone();
        }
        let details: Organization =
            self.host_api().get(&api_path(&["organizations", org]), &Default::default()).ok()?;
        self.remember_region(org, details.links.and_then(|l| l.region_url).as_deref());
        self.regions.borrow().get(org).cloned().flatten()
    }

    /// Remembers `org`'s region (as a region URL Sentry reported), checked first.
    pub fn remember_region(&self, org: &str, region_url: Option<&str>) {
        let region = region_url
            .filter(|r| !r.trim().is_empty())
            .and_then(|r| urls::check_region_url(r, &self.config.host, self.config.insecure_http()).ok());
        self.regions.borrow_mut().insert(org.to_string(), region);
    }

    /// A link into Sentry's web UI for `org`, e.g. `web_url("acme", "/issues/WEB-1/")`.
    pub fn web_url(&self, org: &str, path: &str) -> String {
        urls::web_url(self.config.scheme, &self.config.host, org, path)
    }

    /// The remembered regions, for the agent's snapshot.
    pub fn regions_snapshot(&self) -> Vec<u8> {
        serde_json::to_vec(&*self.regions.borrow()).unwrap_or_default()
    }

    /// Restores remembered regions from a snapshot; bad bytes are ignored.
    pub fn restore_regions(&self, bytes: &[u8]) {
        if let Ok(map) = serde_json::from_slice::<BTreeMap<String, Option<String>>>(bytes) {
            *self.regions.borrow_mut() = map;
        }
    }
}

#[cfg(test)]
impl Ctx {
    /// A context for handler tests: `constraints` and `config` as name/value
    /// pairs, `scopes` as the tenant's scopes.
    pub fn test(io: impl Io + 'static, constraints: &[(&str, &str)], config: &[(&str, &str)], scopes: &[&str]) -> Ctx {
        let props = Props {
            tenant: "test".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            constraints: constraints
                .iter()
                .map(|(n, v)| crate::warren::plugin::types::Constraint { name: n.to_string(), value: v.to_string() })
                .collect(),
            config: config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        };
        match Ctx::new(&props, Box::new(io)) {
            Ok(ctx) => ctx,
            Err(e) => panic!("test context: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::Skill;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn config_defaults_match_the_manifest() {
        let c = Config::parse(&[]).unwrap();
        assert_eq!(c.host_url(), "https://sentry.io");
        assert_eq!(c.skills, SkillSet::of(&[Skill::Inspect, Skill::Seer]));
        assert_eq!((c.seer_poll_ms, c.seer_max_wait_secs), (5000, 300));
        assert_eq!(c.docs_url, "https://docs.sentry.io");
        assert!(c.is_saas());
    }

    #[test]
    fn config_host_with_port_and_plain_http() {
        let c = Config::parse(&pairs(&[("host", "127.0.0.1:8378"), ("insecure_http", "true")])).unwrap();
        assert_eq!(c.host_url(), "http://127.0.0.1:8378");
        assert!(!c.is_saas());
    }

    #[test]
    fn bad_config_values_name_key_and_fix() {
        let e = Config::parse(&pairs(&[("insecure_http", "yes")])).unwrap_err();
        assert_eq!(e, "config insecure_http \"yes\" must be \"true\" or \"false\"");
        let e = Config::parse(&pairs(&[("seer_poll_ms", "0")])).unwrap_err();
        assert_eq!(e, "config seer_poll_ms \"0\" must be a whole number from 100 to 60000");
    }
}
