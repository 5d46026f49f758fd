//! The fixture world every handler reads: read-only documents loaded from `fixtures/`, and a
//! store of the entities clients can change, behind one mutex for the server's lifetime.
//!
//! | file | what it holds |
//! |---|---|
//! | `model.rs` | typed records and fixture document shapes |
//! | `store.rs` | the mutable entities and their lookups (404/403 rules) |
//! | `render.rs` | entities → Sentry's JSON shapes |
//! | `rows.rs` | the `errors` and `spans` rows of the events endpoint, derived from events and the trace |
//! | `seer.rs` | Seer autofix runs and how they advance |
//! | `onboarding.rs` | agent-onboarding runs |

pub(crate) mod model;
pub(crate) mod onboarding;
pub(crate) mod render;
pub(crate) mod rows;
pub(crate) mod seer;
pub(crate) mod store;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::fixtures;
use crate::reply::ApiError;
use model::{
    ActivityFixture, AlertsFixture, AttachmentFixture, AutofixText, ConversationFixture, DocEntry, IssueExtras, Member,
    MonitorFixture, Organization, ProfilingFixture, ReleaseFixture, ReplayFixture, SnapshotsFixture, TraceFixture,
    UptimeFixture,
};
pub(crate) use store::Store;

/// The id of the user every token belongs to (Ada Lovelace).
pub(crate) const ME: &str = "1";

/// A flat row of the events endpoint: field name → value.
pub(crate) type Row = Map<String, Value>;

/// Read-only fixture documents, served as they are (after per-request filtering).
pub(crate) struct Docs {
    /// Issue id → its events, newest first.
    pub events: HashMap<String, Vec<Value>>,
    pub trace: TraceFixture,
    /// Org → dataset (`errors`, `spans`, `logs`, `tracemetrics`, `profiles`) → rows.
    pub datasets: HashMap<String, HashMap<String, Vec<Row>>>,
    pub replays: HashMap<String, Vec<ReplayFixture>>,
    pub releases: HashMap<String, Vec<ReleaseFixture>>,
    pub monitors: HashMap<String, Vec<MonitorFixture>>,
    /// Uptime monitor id → its recent checks.
    pub uptime_checks: HashMap<String, Vec<Value>>,
    pub dashboards: HashMap<String, Vec<Value>>,
    pub alerts: HashMap<String, AlertsFixture>,
    pub issue_extras: HashMap<String, IssueExtras>,
    pub attachments: Vec<AttachmentFixture>,
    pub profiling: HashMap<String, ProfilingFixture>,
    pub conversations: HashMap<String, Vec<ConversationFixture>>,
    pub snapshots: HashMap<String, SnapshotsFixture>,
    pub tags: Vec<Value>,
    /// Item type (`spans`, `logs`, `tracemetrics`) → attributes.
    pub attributes: HashMap<String, Vec<Value>>,
    pub repos: HashMap<String, Vec<Value>>,
    /// Issue short id → Seer's findings.
    pub autofix: HashMap<String, AutofixText>,
    pub doc_index: Vec<DocEntry>,
}

/// Everything the stand-in serves.
pub(crate) struct World {
    /// `http://127.0.0.1:PORT`: where the stand-in answers, used in links it hands out.
    pub base_url: String,
    /// What organizations answer as `links.regionUrl`: `base_url`, or empty (self-hosted).
    pub region_url: String,
    pub orgs: Vec<Organization>,
    /// The user every token belongs to.
    pub me: Member,
    pub members: Vec<Member>,
    pub docs: Docs,
    store: Mutex<Store>,
}

impl World {
    /// Builds the world from the compiled-in fixtures.
    pub(crate) fn load(base_url: String, region_url: String) -> Result<Self, LoadError> {
        let members: Vec<Member> = parse("members.json", fixtures::MEMBERS)?;
        let Some(me) = members.iter().find(|m| m.id == ME).cloned() else {
            return Err(LoadError::invalid("members.json", "user 1 (the token owner) is missing"));
        };
        let uptime: HashMap<String, Vec<UptimeFixture>> = parse("uptime.json", fixtures::UPTIME)?;
        let mut issues: Vec<model::Issue> = parse("issues.json", fixtures::ISSUES)?;
        let activity = issues.iter_mut().flat_map(take_activity).collect();
        let store = Store::new(
            parse("projects.json", fixtures::PROJECTS)?,
            parse("teams.json", fixtures::TEAMS)?,
            parse("keys.json", fixtures::KEYS)?,
            issues,
            activity,
            uptime.values().flatten().map(|u| u.monitor.clone()).collect(),
        );
        let docs = load_docs(&store, uptime)?;
        Ok(Self {
            base_url,
            region_url,
            me,
            orgs: parse("organizations.json", fixtures::ORGANIZATIONS)?,
            members,
            docs,
            store: Mutex::new(store),
        })
    }

    /// The mutable store. Handlers hold it only while they compute one answer.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The organization `slug`, or 404.
    pub(crate) fn org(&self, slug: &str) -> Result<&Organization, ApiError> {
        self.orgs.iter().find(|org| org.slug == slug).ok_or_else(ApiError::not_found)
    }

    pub(crate) fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|member| member.id == id)
    }

    /// `127.0.0.1:PORT`.
    pub(crate) fn host(&self) -> &str {
        self.base_url.split_once("://").map_or(self.base_url.as_str(), |(_, host)| host)
    }

    /// The events of an issue, newest first.
    pub(crate) fn events(&self, issue_id: &str) -> &[Value] {
        self.docs.events.get(issue_id).map_or(&[], Vec::as_slice)
    }
}

fn take_activity(issue: &mut model::Issue) -> Vec<model::Activity> {
    std::mem::take(&mut issue.activity)
        .into_iter()
        .map(|ActivityFixture { id, kind, date_created, user_id, data }| model::Activity {
            id,
            issue_id: issue.id.clone(),
            kind,
            date_created,
            user_id,
            data,
        })
        .collect()
}

fn load_docs(store: &Store, uptime: HashMap<String, Vec<UptimeFixture>>) -> Result<Docs, LoadError> {
    let mut events = HashMap::new();
    for (issue_id, text) in fixtures::EVENTS {
        let list: Vec<Value> = parse("events/*.json", text)?;
        let project_id = store.issues.iter().find(|i| i.id == issue_id).map(|i| i.project_id.clone());
        let Some(project_id) = project_id else {
            return Err(LoadError::invalid("events/*.json", "events for an issue that does not exist"));
        };
        events.insert(issue_id.to_owned(), rows::complete_events(list, issue_id, &project_id));
    }
    let trace: TraceFixture = parse("trace.json", fixtures::TRACE)?;
    let conversations: HashMap<String, Vec<ConversationFixture>> =
        parse("ai_conversations.json", fixtures::AI_CONVERSATIONS)?;
    let mut datasets: HashMap<String, HashMap<String, Vec<Row>>> = parse("datasets.json", fixtures::DATASETS)?;
    rows::derive(&mut datasets, store, &events, &trace, &conversations);
    Ok(Docs {
        events,
        trace,
        datasets,
        replays: parse("replays.json", fixtures::REPLAYS)?,
        releases: parse("releases.json", fixtures::RELEASES)?,
        monitors: parse("monitors.json", fixtures::MONITORS)?,
        uptime_checks: uptime.into_values().flatten().map(|u| (u.monitor.id, u.checks)).collect(),
        dashboards: parse("dashboards.json", fixtures::DASHBOARDS)?,
        alerts: parse("alerts.json", fixtures::ALERTS)?,
        issue_extras: parse("issue_extras.json", fixtures::ISSUE_EXTRAS)?,
        attachments: parse("attachments.json", fixtures::ATTACHMENTS)?,
        profiling: parse("profiling.json", fixtures::PROFILING)?,
        conversations,
        snapshots: parse("snapshots.json", fixtures::SNAPSHOTS)?,
        tags: parse("tags.json", fixtures::TAGS)?,
        attributes: parse("trace_item_attributes.json", fixtures::TRACE_ITEM_ATTRIBUTES)?,
        repos: parse("repos.json", fixtures::REPOS)?,
        autofix: parse("autofix.json", fixtures::AUTOFIX)?,
        doc_index: parse("docs.json", fixtures::DOCS_INDEX)?,
    })
}

fn parse<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<T, LoadError> {
    serde_json::from_str(text).map_err(|error| LoadError { file, reason: error.to_string() })
}

/// A fixture file that does not describe a valid world.
#[derive(Debug)]
pub(crate) struct LoadError {
    file: &'static str,
    reason: String,
}

impl LoadError {
    fn invalid(file: &'static str, reason: &str) -> Self {
        Self { file, reason: reason.to_owned() }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fixture {:?} is invalid: {}", self.file, self.reason)
    }
}

impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_world_loads() {
        let world = World::load("http://127.0.0.1:1".into(), "http://127.0.0.1:1".into()).expect("fixtures are valid");
        assert_eq!(world.host(), "127.0.0.1:1");
        assert_eq!(world.me.name, "Ada Lovelace");
        assert_eq!(world.events("3001").len(), 2);
        let acme = &world.docs.datasets["acme"];
        assert_eq!(acme["errors"].len(), 4, "errors rows come from the error events of WEB-1 and API-1");
        assert!(acme["spans"].len() >= 8, "spans rows come from the trace and AI conversations");
    }
}
