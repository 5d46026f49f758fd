//! Typed identifiers, parsed and validated once at the edge: tenants, plugin
//! names, constraint sets and the agent id derived from them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Why an identifier was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdError {
    /// A tenant id that is empty, too long or has characters outside the allowed set.
    #[error("tenant id {0:?} is not valid: use 1-128 visible ASCII characters")]
    Tenant(String),
    /// A plugin name that is not lowercase kebab/snake case or is reserved.
    #[error("plugin name {0:?} is not valid: {1}")]
    Plugin(String, &'static str),
    /// A constraint name or value that is not allowed.
    #[error("constraint {name:?}: {reason}")]
    Constraint {
        /// The constraint's name (or the raw text when it had none).
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// An agent id that is not 64 hex digits.
    #[error("agent id {0:?} is not valid: expected 64 hex digits as `warren agents` prints")]
    Agent(String),
}

/// Who is calling, as produced by auth (`local` in development).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

impl TenantId {
    /// Parses a tenant id: 1-128 visible ASCII characters.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        let ok = !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| (0x21..=0x7e).contains(&b));
        if ok { Ok(Self(s)) } else { Err(IdError::Tenant(s)) }
    }

    /// The tenant id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `local`: the tenant of unauthenticated use on this machine.
    pub fn local() -> Self {
        Self("local".into())
    }
}

/// Names that routes use and plugins therefore cannot take.
pub const RESERVED_PLUGIN_NAMES: &[&str] = &["mcp", "sse", ".well-known", "metrics", "healthz", "admin"];

/// A plugin's name: lowercase letters, digits, `-` and `_`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PluginName(String);

impl PluginName {
    /// Parses a plugin name.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        if RESERVED_PLUGIN_NAMES.contains(&s.as_str()) {
            return Err(IdError::Plugin(s, "the name is reserved for Warren's own routes; pick another"));
        }
        let first_ok = s.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
        let rest_ok = s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !first_ok || !rest_ok || s.len() > 64 {
            return Err(IdError::Plugin(s, "use 1-64 lowercase letters, digits, '-' or '_', starting with a letter"));
        }
        Ok(Self(s))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The constraint values of one context, sorted by name (e.g.
/// `organizationSlug=acme, projectSlug=web`). Validated at the edge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Constraints(BTreeMap<String, String>);

/// The longest constraint value accepted.
pub const MAX_CONSTRAINT_LEN: usize = 200;

impl Constraints {
    /// No constraints.
    pub fn none() -> Self {
        Self::default()
    }

    /// Builds a set from (name, value) pairs, refusing bad names, values and duplicates.
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<Self, IdError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            let (name, value) = (k.into(), v.into());
            check_constraint(&name, &value)?;
            if map.insert(name.clone(), value).is_some() {
                return Err(IdError::Constraint { name, reason: "given twice; give each constraint once".into() });
            }
        }
        Ok(Self(map))
    }

    /// Parses `name=value`, as the CLI's `--constraint` takes it.
    pub fn parse_pair(s: &str) -> Result<(String, String), IdError> {
        match s.split_once('=') {
            Some((k, v)) => Ok((k.to_string(), v.to_string())),
            None => Err(IdError::Constraint { name: s.into(), reason: "expected NAME=VALUE".into() }),
        }
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// (name, value) pairs sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether there are no constraints.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Constraints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("-");
        }
        let parts: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        f.write_str(&parts.join(","))
    }
}

fn check_constraint(name: &str, value: &str) -> Result<(), IdError> {
    let bad = |reason: &str| Err(IdError::Constraint { name: name.into(), reason: reason.into() });
    let name_ok = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !name_ok {
        return bad("the name must be 1-64 letters, digits, '_' or '-'");
    }
    if value.is_empty() {
        return bad("the value is empty; give a value or leave the constraint out");
    }
    if value.len() > MAX_CONSTRAINT_LEN {
        return bad("the value is longer than 200 bytes");
    }
    if value == "." || value == ".." {
        return bad("the value may not be `.` or `..`");
    }
    if value.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
        return bad("the value may not contain '/', '\\' or control characters");
    }
    Ok(())
}

/// An agent's id: the SHA-256 of (tenant, plugin, constraints), so the same
/// context always reaches the same agent and ids never collide across tenants.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgentId([u8; 32]);

impl AgentId {
    /// Derives the id of an agent.
    pub fn derive(tenant: &TenantId, plugin: &PluginName, constraints: &Constraints) -> Self {
        let mut h = Sha256::new();
        // Length-prefix every field so no two distinct triples hash the same input.
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        field(tenant.as_str());
        field(plugin.as_str());
        for (k, v) in constraints.iter() {
            field(k);
            field(v);
        }
        Self(h.finalize().into())
    }

    /// The raw bytes, as the store keys them.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Rebuilds an id from stored bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, IdError> {
        bytes.try_into().map(Self).map_err(|_| IdError::Agent(hex::encode(bytes)))
    }

    /// The first 12 hex digits, as logs show them.
    pub fn short(&self) -> String {
        hex::encode(&self.0[..6])
    }
}

impl std::str::FromStr for AgentId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let bytes = hex::decode(s).map_err(|_| IdError::Agent(s.into()))?;
        Self::from_bytes(&bytes)
    }
}

impl fmt::Display for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgentId({})", self.short())
    }
}

macro_rules! string_conversions {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_conversions!(TenantId);
string_conversions!(PluginName);

/// The full identity of an agent: who, which plugin, which verified context.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgentKey {
    /// The tenant.
    pub tenant: TenantId,
    /// The plugin.
    pub plugin: PluginName,
    /// The verified constraints.
    pub constraints: Constraints,
}

impl AgentKey {
    /// The agent's id.
    pub fn id(&self) -> AgentId {
        AgentId::derive(&self.tenant, &self.plugin, &self.constraints)
    }
}
