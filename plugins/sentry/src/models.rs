//! Sentry API resources several tools read: users, organizations, projects,
//! teams and issues. Sentry leaves most fields optional and mixes strings and
//! numbers for ids and counts, so these types are lenient: a field of an
//! unexpected shape reads as absent instead of failing the whole answer.

use std::fmt;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A JSON string or number, kept as text (ids, counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        Ok(Scalar(match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        }))
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserializes `T`, or `None` when the value is null or of another shape.
pub fn lenient<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// Deserializes a list, dropping items of an unexpected shape; absent or null is empty.
pub fn lenient_list<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect(),
        _ => Vec::new(),
    })
}

/// The token's user (`GET /api/0/auth/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct User {
    /// The user id.
    pub id: Scalar,
    /// Display name.
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
    /// Primary email.
    #[serde(deserialize_with = "lenient")]
    pub email: Option<String>,
    /// Login name.
    #[serde(deserialize_with = "lenient")]
    pub username: Option<String>,
}

/// An organization (`GET /api/0/organizations/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Organization {
    /// Numeric id.
    pub id: Scalar,
    /// Slug, e.g. `acme`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Links to its web UI and API region.
    #[serde(deserialize_with = "lenient")]
    pub links: Option<OrgLinks>,
}

/// An organization's links.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OrgLinks {
    /// The web UI, e.g. `https://acme.sentry.io`.
    #[serde(rename = "organizationUrl", deserialize_with = "lenient")]
    pub organization_url: Option<String>,
    /// The API region, e.g. `https://us.sentry.io` (empty on self-hosted).
    #[serde(rename = "regionUrl", deserialize_with = "lenient")]
    pub region_url: Option<String>,
}

/// A project (`GET /api/0/organizations/{org}/projects/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Project {
    /// Numeric id.
    pub id: Scalar,
    /// Slug, e.g. `web`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Platform, e.g. `javascript-react`.
    #[serde(deserialize_with = "lenient")]
    pub platform: Option<String>,
}

/// A team (`GET /api/0/organizations/{org}/teams/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Team {
    /// Numeric id.
    pub id: Scalar,
    /// Slug, e.g. `frontend`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// How many members it has.
    #[serde(rename = "memberCount", deserialize_with = "lenient")]
    pub member_count: Option<u64>,
    /// Whether the token's user is a member.
    #[serde(rename = "isMember", deserialize_with = "lenient")]
    pub is_member: Option<bool>,
}

/// An issue (`GET /api/0/organizations/{org}/issues/{id}/`, also list items).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Issue {
    /// Numeric id.
    pub id: Scalar,
    /// Short id, e.g. `WEB-1`.
    #[serde(rename = "shortId", deserialize_with = "lenient")]
    pub short_id: Option<String>,
    /// Title, usually `Type: message`.
    pub title: String,
    /// Where it happens, e.g. a function or transaction.
    #[serde(deserialize_with = "lenient")]
    pub culprit: Option<String>,
    /// Link to the issue in Sentry.
    #[serde(deserialize_with = "lenient")]
    pub permalink: Option<String>,
    /// `error`, `warning`, ...
    #[serde(deserialize_with = "lenient")]
    pub level: Option<String>,
    /// `unresolved`, `resolved`, `ignored`.
    #[serde(deserialize_with = "lenient")]
    pub status: Option<String>,
    /// `ongoing`, `regressed`, `escalating`, ...
    #[serde(deserialize_with = "lenient")]
    pub substatus: Option<String>,
    /// `high`, `medium`, `low`.
    #[serde(deserialize_with = "lenient")]
    pub priority: Option<String>,
    /// Events in total.
    #[serde(deserialize_with = "lenient")]
    pub count: Option<Scalar>,
    /// Users affected.
    #[serde(rename = "userCount", deserialize_with = "lenient")]
    pub user_count: Option<Scalar>,
    /// First event time.
    #[serde(rename = "firstSeen", deserialize_with = "lenient")]
    pub first_seen: Option<String>,
    /// Last event time.
    #[serde(rename = "lastSeen", deserialize_with = "lenient")]
    pub last_seen: Option<String>,
    /// Its project.
    #[serde(deserialize_with = "lenient")]
    pub project: Option<Project>,
    /// Platform, e.g. `javascript`.
    #[serde(deserialize_with = "lenient")]
    pub platform: Option<String>,
    /// `error`, `performance`, `feedback`, ...
    #[serde(rename = "issueCategory", deserialize_with = "lenient")]
    pub issue_category: Option<String>,
    /// Who it is assigned to.
    #[serde(rename = "assignedTo", deserialize_with = "lenient")]
    pub assigned_to: Option<Assignee>,
    /// Whether the events were unhandled.
    #[serde(rename = "isUnhandled", deserialize_with = "lenient")]
    pub is_unhandled: Option<bool>,
    /// How likely Seer can fix it (0-1).
    #[serde(rename = "seerFixabilityScore", deserialize_with = "lenient")]
    pub seer_fixability: Option<f64>,
    /// The first release it was seen in.
    #[serde(rename = "firstRelease", deserialize_with = "lenient")]
    pub first_release: Option<ReleaseRef>,
    /// The last release it was seen in.
    #[serde(rename = "lastRelease", deserialize_with = "lenient")]
    pub last_release: Option<ReleaseRef>,
}

impl Issue {
    /// The short id, or the numeric id when there is none.
    pub fn label(&self) -> &str {
        self.short_id.as_deref().filter(|s| !s.is_empty()).unwrap_or(&self.id.0)
    }
}

/// An issue's assignee: a name, or a user or team.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Assignee {
    /// A bare name or actor id.
    Name(String),
    /// A user or team object.
    Actor {
        /// `user` or `team`.
        #[serde(rename = "type", default)]
        kind: Option<String>,
        /// Display name or slug.
        #[serde(default)]
        name: Option<String>,
        /// The user's email.
        #[serde(default)]
        email: Option<String>,
    },
}

impl fmt::Display for Assignee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Assignee::Name(name) => f.write_str(name),
            Assignee::Actor { kind, name, email } => {
                let who = name.as_deref().or(email.as_deref()).unwrap_or("someone");
                match (kind.as_deref(), email) {
                    (Some("team"), _) => write!(f, "team {who}"),
                    (_, Some(email)) if Some(email.as_str()) != name.as_deref() => write!(f, "{who} <{email}>"),
                    _ => f.write_str(who),
                }
            }
        }
    }
}

/// A release named by an issue or event: a version string or an object.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ReleaseRef {
    /// `web@1.3.0`.
    Version(String),
    /// `{"version": "web@1.3.0", ...}`.
    Object {
        /// The version.
        version: String,
    },
}

impl ReleaseRef {
    /// The version string.
    pub fn version(&self) -> &str {
        match self {
            ReleaseRef::Version(v) | ReleaseRef::Object { version: v } => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_reads_string_or_number_counts_and_skips_odd_fields() {
        let issue: Issue = serde_json::from_str(
            r#"{"id": 3001, "shortId": "WEB-1", "title": "T", "count": "1284", "userCount": 342,
                "assignedTo": {"type": "team", "name": "frontend"}, "firstRelease": {"version": "web@1.2.0"},
                "lastRelease": "web@1.3.0", "project": "not an object", "culprit": null}"#,
        )
        .unwrap();
        assert_eq!(issue.id.0, "3001");
        assert_eq!(issue.count.unwrap().0, "1284");
        assert_eq!(issue.user_count.unwrap().0, "342");
        assert_eq!(issue.assigned_to.unwrap().to_string(), "team frontend");
        assert_eq!(issue.first_release.unwrap().version(), "web@1.2.0");
        assert_eq!(issue.last_release.unwrap().version(), "web@1.3.0");
        assert!(issue.project.is_none() && issue.culprit.is_none());
    }

    #[test]
    fn user_assignee_shows_name_and_email() {
        let a: Assignee = serde_json::from_str(r#"{"type":"user","name":"Jane","email":"jane@example.net"}"#).unwrap();
        assert_eq!(a.to_string(), "Jane <jane@example.net>");
    }
}
