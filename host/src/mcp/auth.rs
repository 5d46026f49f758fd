//! Who is calling. Three modes: `none` (tenant `local`, loopback only),
//! `tokens` (a file of SHA-256-hashed API keys, each naming a tenant, its
//! scopes and its upstream credentials), and `upstream-bearer` (the bearer
//! token *is* the upstream credential, as Sentry's hosted server does; the
//! tenant is a hash of it). Tokens are never logged; credentials go to the
//! runtime, never to plugins.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use axum::http::{HeaderMap, header};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::agent::Caller;
use crate::capabilities::http::{Credentials, Secret};
use crate::ids::TenantId;

/// The tokens file format this Warren reads.
pub const TOKENS_VERSION: u32 = 1;

/// A caller the gate let in.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// The tenant.
    pub tenant: TenantId,
    /// Scopes and credentials.
    pub caller: Caller,
}

/// One API key's grant: its tenant, scopes and upstream credentials.
#[derive(Debug, Clone)]
pub struct Grant {
    tenant: TenantId,
    scopes: Vec<String>,
    credentials: Credentials,
}

/// How requests are authenticated.
#[derive(Debug, Clone, Default)]
pub enum AuthMode {
    /// Everyone is tenant `local`; only allowed on loopback.
    #[default]
    None,
    /// API keys from a tokens file, by SHA-256.
    Tokens(HashMap<[u8; 32], Grant>),
    /// The bearer token is the upstream credential named here.
    UpstreamBearer {
        /// The manifest credential name it fills, e.g. `sentry`.
        credential: String,
    },
}

/// `tokens.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokensFile {
    /// `version = 1`.
    version: u32,
    /// `[[token]]` entries.
    #[serde(default)]
    token: Vec<TokenEntry>,
}

/// One `[[token]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenEntry {
    /// `sha256 = "…"`: hex SHA-256 of the API key (`warren hash-token` prints it).
    sha256: String,
    /// `tenant = "alice"`.
    tenant: String,
    /// `scopes = ["skill:inspect"]` (default none): given to the plugin as props.
    #[serde(default)]
    scopes: Vec<String>,
    /// `[token.credentials] sentry = { env = "ALICE_SENTRY_TOKEN" }` or `{ value = "…" }`.
    #[serde(default)]
    credentials: BTreeMap<String, CredentialSource>,
}

/// Where a credential's value comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialSource {
    env: Option<String>,
    value: Option<String>,
}

/// The hex SHA-256 of an API key, as the tokens file stores it.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl AuthMode {
    /// Loads a tokens file.
    pub fn tokens(path: &Path) -> Result<Self, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("tokens file {shown}: {e}"))?;
        let file: TokensFile = toml::from_str(&text).map_err(|e| format!("tokens file {shown}: {e}"))?;
        if file.version != TOKENS_VERSION {
            return Err(format!("tokens file {shown}: version = {} is not supported; use version = 1", file.version));
        }
        let mut grants = HashMap::new();
        for (i, t) in file.token.into_iter().enumerate() {
            let at = format!("tokens file {shown}, token #{}", i + 1);
            let hash: [u8; 32] = hex::decode(&t.sha256)
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| format!("{at}: sha256 must be 64 hex digits (`warren hash-token` prints it)"))?;
            let tenant = TenantId::new(t.tenant).map_err(|e| format!("{at}: {e}"))?;
            let mut credentials = Credentials::default();
            for (name, source) in t.credentials {
                let value = match (source.env, source.value) {
                    (Some(var), None) => std::env::var(&var)
                        .map_err(|_| format!("{at}: credential {name:?} reads ${var}, which is not set"))?,
                    (None, Some(v)) => v,
                    _ => {
                        return Err(format!(
                            "{at}: credential {name:?} needs exactly one of env = \"VAR\" or value = \"…\""
                        ));
                    }
                };
                credentials = credentials.with(name, Secret::new(value));
            }
            if grants.insert(hash, Grant { tenant, scopes: t.scopes, credentials }).is_some() {
                return Err(format!("{at}: the same key is listed twice"));
            }
        }
        Ok(AuthMode::Tokens(grants))
    }

    /// Whether requests need no credentials (then only loopback is allowed).
    pub fn is_open(&self) -> bool {
        matches!(self, AuthMode::None)
    }

    /// Authenticates a request by its headers; `Err` is the 401 message.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Authenticated, String> {
        let bearer = || {
            headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| "this server needs `Authorization: Bearer <token>`".to_string())
        };
        match self {
            AuthMode::None => Ok(Authenticated { tenant: TenantId::local(), caller: Caller::default() }),
            AuthMode::Tokens(grants) => {
                let hash: [u8; 32] = Sha256::digest(bearer()?.as_bytes()).into();
                let grant =
                    grants.get(&hash).ok_or_else(|| "the bearer token is not valid for this server".to_string())?;
                let caller = Caller { scopes: grant.scopes.clone(), credentials: grant.credentials.clone() };
                Ok(Authenticated { tenant: grant.tenant.clone(), caller })
            }
            AuthMode::UpstreamBearer { credential } => {
                let token = bearer()?;
                let tenant =
                    TenantId::new(format!("bearer-{}", &hash_token(token)[..24])).map_err(|e| e.to_string())?;
                let caller = Caller {
                    scopes: Vec::new(),
                    credentials: Credentials::default().with(credential.clone(), Secret::new(token)),
                };
                Ok(Authenticated { tenant, caller })
            }
        }
    }
}
