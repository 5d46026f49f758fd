//! The typed records of the fixture world: the entities clients can change (projects, teams,
//! keys, issues, activity, uptime monitors) and the read-only documents served as they are.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

/// An organization. Unlisted ones (`slowpoke`, `hugeco`, `htmlco`) answer by slug only.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Organization {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub listed: bool,
    pub date_created: String,
}

/// A user; `1` (Ada Lovelace) owns every token.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Member {
    pub id: String,
    pub name: String,
    pub email: String,
    pub username: String,
    pub orgs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Team {
    pub id: String,
    pub org: String,
    pub slug: String,
    pub name: String,
    pub date_created: String,
    pub member_ids: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Project {
    pub id: String,
    pub org: String,
    pub slug: String,
    pub name: String,
    pub platform: Option<String>,
    pub date_created: String,
    pub first_event: Option<String>,
    /// Team ids.
    pub teams: Vec<String>,
    pub has_replays: bool,
    pub has_profiles: bool,
    pub has_logs: bool,
    pub first_transaction_event: bool,
    pub color: String,
    /// Exists, but the token may not see it: every request about it answers 403.
    #[serde(default)]
    pub forbidden: bool,
}

/// A client key (DSN) of a project.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClientKey {
    /// The public key, 32 hex digits.
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub secret: String,
    pub is_active: bool,
    pub date_created: String,
    pub browser_sdk_version: String,
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    #[serde(default)]
    pub loader: LoaderOptions,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub(crate) struct RateLimit {
    pub window: u64,
    pub count: u64,
}

/// The JavaScript loader script options of a key.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoaderOptions {
    pub has_replay: bool,
    pub has_performance: bool,
    pub has_debug: bool,
    pub has_feedback: bool,
    pub has_logs_and_metrics: bool,
}

impl Default for LoaderOptions {
    fn default() -> Self {
        Self {
            has_replay: true,
            has_performance: true,
            has_debug: false,
            has_feedback: false,
            has_logs_and_metrics: false,
        }
    }
}

/// An issue (Sentry's "group"). Fields the stand-in reads or changes are typed; the rest of
/// the fixture object is served as it is.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Issue {
    pub id: String,
    pub short_id: String,
    pub project_id: String,
    pub title: String,
    pub culprit: Option<String>,
    pub level: String,
    pub status: String,
    pub substatus: Option<String>,
    pub status_details: Map<String, Value>,
    /// `user:<id>` or `team:<id>`.
    pub assigned_to: Option<String>,
    pub count: u64,
    pub user_count: u64,
    pub first_seen: String,
    pub last_seen: String,
    pub first_release: Option<String>,
    pub last_release: Option<String>,
    pub tag_values: BTreeMap<String, Vec<TagCount>>,
    /// Moved into the activity log when the world is built.
    #[serde(default)]
    pub activity: Vec<ActivityFixture>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TagCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ActivityFixture {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub date_created: String,
    pub user_id: Option<String>,
    pub data: Value,
}

/// One entry of an issue's activity log; notes (comments) are entries of kind `note`.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    pub id: String,
    pub issue_id: String,
    pub kind: String,
    pub date_created: String,
    pub user_id: Option<String>,
    pub data: Value,
}

/// An uptime monitor (Sentry's uptime detector).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UptimeMonitor {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub interval_seconds: u64,
    pub timeout_ms: u64,
    pub status: String,
    pub environment: Option<String>,
    /// `user:<id>` or `team:<id>`.
    pub owner: Option<String>,
    pub trace_sampling: bool,
    pub response_capture_enabled: bool,
    pub recovery_threshold: u64,
    pub downtime_threshold: u64,
    pub uptime_status: u8,
    pub date_created: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct UptimeFixture {
    pub monitor: UptimeMonitor,
    pub checks: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TraceFixture {
    #[serde(rename = "traceId")]
    pub trace_id: String,
    pub org: String,
    /// Root spans, each with nested `children`, in the shape of Sentry's trace endpoint.
    pub spans: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReplayFixture {
    pub replay: Value,
    pub segments: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReleaseFixture {
    pub release: Value,
    pub deploys: Vec<Value>,
    pub commits: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MonitorFixture {
    pub monitor: Value,
    pub checkins: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AlertsFixture {
    pub workflows: Vec<WorkflowFixture>,
    pub metric_rules: Vec<Value>,
}

/// An issue alert (workflow) and the project slugs it watches.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct WorkflowFixture {
    pub projects: Vec<String>,
    pub rule: Value,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IssueExtras {
    pub user_reports: Vec<Value>,
    pub external_issues: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AttachmentFixture {
    pub org: String,
    pub project: String,
    pub event_id: String,
    pub attachment: Value,
    pub content: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ProfilingFixture {
    pub flamegraph: Value,
    pub profiles: Vec<Value>,
    pub chunks: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ConversationFixture {
    pub summary: Value,
    pub spans: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotsFixture {
    /// App id → branch → snapshot id.
    pub latest_base: HashMap<String, HashMap<String, String>>,
    pub snapshots: Vec<Value>,
    /// Snapshot id → image file name → image detail.
    pub images: HashMap<String, HashMap<String, Value>>,
}

/// What Seer says about one issue.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AutofixText {
    pub repo: String,
    pub root_cause: Value,
    pub solution: Value,
    pub code_change: CodeChange,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CodeChange {
    pub file: String,
    pub title: String,
    pub diff: String,
    pub pr_number: u64,
}

/// A searchable documentation page.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct DocEntry {
    pub path: String,
    pub title: String,
    pub guide: Option<String>,
    pub text: String,
}
