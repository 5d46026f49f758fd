//! The `http` import: outbound requests through the host. Only hosts the
//! manifest allows (after `{config.KEY}` substitution) are reachable, only
//! over https unless the operator allows insecure http for the plugin;
//! credentials are injected by name and never shown to the plugin; redirects
//! are returned, not followed; timeouts and a body cap apply.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue};

use crate::bindings::warren::plugin::http::{Host, HttpError, Method, Request, Response};
use crate::capabilities::HostState;
use crate::manifest::Manifest;

/// Headers a plugin may not set itself.
const FORBIDDEN_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie", "host"];

/// The `{config.KEY}` names used in `text`; any other `{...}` is an error.
pub fn template_keys(text: &str) -> Result<Vec<&str>, String> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').ok_or_else(|| format!("{text:?} has an unclosed '{{'"))? + start;
        let inner = &rest[start + 1..end];
        let key = inner
            .strip_prefix("config.")
            .ok_or_else(|| format!("{text:?}: only {{config.KEY}} may appear in braces, not {{{inner}}}"))?;
        keys.push(key);
        rest = &rest[end + 1..];
    }
    Ok(keys)
}

/// Replaces `{config.KEY}` in `text` with the operator's values.
pub fn substitute(text: &str, config: &BTreeMap<String, String>) -> String {
    config.iter().fold(text.to_string(), |t, (k, v)| t.replace(&format!("{{config.{k}}}"), v))
}

/// A host pattern: `example.com`, `*.example.com`, optionally with `:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPattern {
    wildcard: bool,
    host: String,
    port: Option<u16>,
}

impl HostPattern {
    /// Parses a pattern (after config substitution).
    pub fn parse(text: &str) -> Result<Self, String> {
        let lower = text.trim().to_ascii_lowercase();
        let (wildcard, rest) = match lower.strip_prefix("*.") {
            Some(r) => (true, r.to_string()),
            None => (false, lower.clone()),
        };
        let (host, port) = split_port(&rest).map_err(|m| format!("{text:?}: {m}"))?;
        let ok = !host.is_empty() && !host.contains(['/', '@', '?', '#', '*', ' ']) && !host.starts_with("http");
        if !ok {
            return Err(format!(
                "{text:?} is not a host pattern; write e.g. \"api.example.com\", \"*.example.com\" or \"127.0.0.1:8080\""
            ));
        }
        Ok(Self { wildcard, host, port })
    }

    fn matches(&self, host: &str, port: u16, default_port: u16) -> bool {
        let host_ok = if self.wildcard {
            host.strip_suffix(&self.host).is_some_and(|p| p.ends_with('.'))
        } else {
            host == self.host
        };
        host_ok && self.port.unwrap_or(default_port) == port
    }
}

/// Splits `host[:port]`; IPv6 literals must be bracketed (`[::1]:8080`).
fn split_port(text: &str) -> Result<(String, Option<u16>), String> {
    let (host, port) = if text.starts_with('[') {
        let end = text.find(']').ok_or("unclosed '['")?;
        (&text[..=end], text[end + 1..].strip_prefix(':'))
    } else if text.matches(':').count() > 1 {
        return Err("write IPv6 addresses in brackets, e.g. \"[::1]:8080\"".into());
    } else {
        match text.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (text, None),
        }
    };
    let port = port.map(|p| p.parse::<u16>().map_err(|_| format!("bad port {p:?}"))).transpose()?;
    Ok((host.to_string(), port))
}

impl fmt::Display for HostPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.wildcard {
            f.write_str("*.")?;
        }
        f.write_str(&self.host)?;
        match self.port {
            Some(p) => write!(f, ":{p}"),
            None => Ok(()),
        }
    }
}

/// A secret value; its `Debug` never shows it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// A tenant's upstream credentials, by the names manifests use.
#[derive(Debug, Clone, Default)]
pub struct Credentials(BTreeMap<String, Secret>);

impl Credentials {
    /// Adds a credential.
    pub fn with(mut self, name: impl Into<String>, secret: Secret) -> Self {
        self.0.insert(name.into(), secret);
        self
    }
}

struct CredentialRule {
    hosts: Vec<HostPattern>,
    header: HeaderName,
    template: String,
}

/// A plugin's outbound policy, built once per plugin load.
pub struct HttpPolicy {
    plugin: String,
    origin: String,
    allow: Vec<HostPattern>,
    credentials: BTreeMap<String, CredentialRule>,
    allow_insecure: bool,
    timeout: Duration,
    max_body: u64,
}

impl HttpPolicy {
    /// Builds the policy from a manifest and the operator's resolved config.
    pub fn build(
        manifest: &Manifest,
        origin: &str,
        config: &BTreeMap<String, String>,
        allow_insecure: bool,
    ) -> Result<Self, String> {
        let patterns = |list: &[String]| -> Result<Vec<HostPattern>, String> {
            list.iter().map(|p| HostPattern::parse(&substitute(p, config))).collect()
        };
        let mut credentials = BTreeMap::new();
        for (name, spec) in &manifest.credentials {
            let header = HeaderName::from_bytes(spec.header.as_bytes()).map_err(|e| e.to_string())?;
            let rule = CredentialRule { hosts: patterns(&spec.hosts)?, header, template: spec.value.clone() };
            credentials.insert(name.clone(), rule);
        }
        Ok(Self {
            plugin: manifest.name.to_string(),
            origin: origin.into(),
            allow: patterns(&manifest.http.allow)?,
            credentials,
            allow_insecure,
            timeout: Duration::from_millis(manifest.limits.http_timeout_ms),
            max_body: manifest.limits.http_response_bytes,
        })
    }

    /// Checks a request and returns the URL to send and the header to inject.
    fn admit(
        &self,
        req: &Request,
        creds: &Credentials,
    ) -> Result<(reqwest::Url, Option<(HeaderName, HeaderValue)>), HttpError> {
        let url = reqwest::Url::parse(&req.url)
            .map_err(|e| HttpError::InvalidRequest(format!("url {:?} is not valid: {e}", req.url)))?;
        let insecure = match url.scheme() {
            "https" => false,
            "http" => true,
            other => {
                return Err(HttpError::InvalidRequest(format!("scheme {other:?} is not supported; use https")));
            }
        };
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let port = url.port_or_known_default().unwrap_or(443);
        let default_port = if insecure { 80 } else { 443 };
        let shown = format!("{host}:{port}");
        if insecure && !self.allow_insecure {
            return Err(HttpError::Denied(format!(
                "plain http to {shown} is refused for plugin {:?}: use https, or have the operator allow insecure http for this plugin",
                self.plugin
            )));
        }
        if !self.allow.iter().any(|p| p.matches(&host, port, default_port)) {
            let allowed: Vec<String> = self.allow.iter().map(ToString::to_string).collect();
            return Err(HttpError::Denied(format!(
                "plugin {:?} may not reach {shown}: it is not in [http] allow of {} (allowed: {allowed:?}); add {:?} there if the plugin should reach it",
                self.plugin, self.origin, host
            )));
        }
        let Some(name) = &req.credential else {
            return Ok((url, None));
        };
        let rule = self.credentials.get(name).ok_or_else(|| {
            HttpError::InvalidRequest(format!(
                "credential {name:?} is not declared in {}; add a [credentials.{name}] section",
                self.origin
            ))
        })?;
        if !rule.hosts.iter().any(|p| p.matches(&host, port, default_port)) {
            return Err(HttpError::Denied(format!(
                "credential {name:?} may not be sent to {shown}: add it to [credentials.{name}] hosts in {}",
                self.origin
            )));
        }
        let secret = creds.0.get(name).ok_or_else(|| {
            HttpError::Denied(format!(
                "no credential {name:?} is configured for this tenant; the operator must provide it"
            ))
        })?;
        let value = HeaderValue::from_str(&rule.template.replace("{secret}", &secret.0))
            .map_err(|_| HttpError::Denied(format!("credential {name:?} is not a valid header value")))?;
        Ok((url, Some((rule.header.clone(), value))))
    }
}

/// Per-agent HTTP state.
pub struct HttpState {
    policy: Arc<HttpPolicy>,
    client: reqwest::Client,
    credentials: Credentials,
}

impl HttpState {
    /// State under `policy`, sending with `client`.
    pub fn new(policy: Arc<HttpPolicy>, client: reqwest::Client) -> Self {
        Self { policy, client, credentials: Credentials::default() }
    }

    /// Sets the credentials of the tenant whose call runs next.
    pub fn set_credentials(&mut self, credentials: Credentials) {
        self.credentials = credentials;
    }

    async fn fetch(&self, req: Request) -> Result<Response, HttpError> {
        let (url, injected) = self.policy.admit(&req, &self.credentials)?;
        let mut builder = self.client.request(method(req.method), url.clone());
        for (name, value) in &req.headers {
            let lower = name.to_ascii_lowercase();
            if FORBIDDEN_HEADERS.contains(&lower.as_str())
                || injected.as_ref().is_some_and(|(h, _)| h.as_str() == lower)
            {
                return Err(HttpError::InvalidRequest(format!(
                    "header {name:?} may not be set by a plugin; name a credential instead"
                )));
            }
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some((h, v)) = injected {
            builder = builder.header(h, v);
        }
        if let Some(body) = req.body {
            builder = builder.body(body);
        }
        let timeout = req
            .timeout_ms
            .map(|t| Duration::from_millis(t.into()))
            .unwrap_or(self.policy.timeout)
            .min(self.policy.timeout);
        let send = async {
            let mut resp = builder.send().await.map_err(|e| HttpError::Transport(format!("{}: {e}", url.as_str())))?;
            let max = self.policy.max_body;
            if resp.content_length().is_some_and(|n| n > max) {
                return Err(too_large(&url, max));
            }
            let status = resp.status().as_u16();
            let headers = resp
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
            let mut body = Vec::new();
            while let Some(chunk) =
                resp.chunk().await.map_err(|e| HttpError::Transport(format!("{}: {e}", url.as_str())))?
            {
                if (body.len() + chunk.len()) as u64 > max {
                    return Err(too_large(&url, max));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Response { status, headers, body })
        };
        tokio::time::timeout(timeout, send).await.unwrap_or_else(|_| {
            Err(HttpError::Timeout(format!(
                "{} gave no complete response within {} ms",
                url.as_str(),
                timeout.as_millis()
            )))
        })
    }
}

fn too_large(url: &reqwest::Url, max: u64) -> HttpError {
    HttpError::TooLarge(format!(
        "the response from {} is larger than {max} bytes ([limits] http_response_bytes)",
        url.as_str()
    ))
}

fn method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Head => reqwest::Method::HEAD,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
        Method::Options => reqwest::Method::OPTIONS,
    }
}

/// The client every agent shares: no redirects (each hop must pass the
/// policy), no proxy from the environment.
pub fn shared_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build()
}

impl Host for HostState {
    async fn fetch(&mut self, request: Request) -> wasmtime::Result<Result<Response, HttpError>> {
        let started = Instant::now();
        let result = self.http.fetch(request).await;
        self.limits.add_host_wait(started.elapsed());
        if let Err(e) = &result {
            tracing::info!(target: "warren::http", "refused or failed outbound request: {e:?}");
        }
        Ok(result)
    }
}
