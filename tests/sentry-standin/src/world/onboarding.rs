//! Agent-onboarding runs (`POST …/onboarding/agent/status/`): each update of a run token sets one
//! stage's state, accumulates project slugs or issue ids, and may finish the run.

use serde_json::{Value, json};

use crate::clock;
use crate::ids;
use crate::reply::ApiError;

/// The onboarding stages, in order.
pub(crate) const STAGES: [&str; 9] = [
    "connect_mcp",
    "analyze_project",
    "create_project",
    "instrument_app",
    "plan_test_error",
    "send_verification_error",
    "receive_verification_error",
    "prepare_production",
    "check_stack_trace_quality",
];

const STATUSES: [&str; 5] = ["active", "waiting", "completed", "skipped", "failed"];

/// One stage update, as a client posts it.
#[derive(Debug, Clone)]
pub(crate) struct Update {
    pub run_token: String,
    pub stage: String,
    pub status: String,
    pub run_status: Option<String>,
    pub event_note: Option<String>,
    /// `extra.projectSlugs` (create_project) or `extra.issueIds` (receive_verification_error).
    pub extra: Vec<String>,
}

impl Update {
    /// Validates a posted body like Sentry's serializer does.
    pub(crate) fn parse(body: &Value) -> Result<Self, ApiError> {
        let field = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
        if body.get("schemaVersion").and_then(Value::as_u64) != Some(1) {
            return Err(ApiError::bad_request("schemaVersion must be 1"));
        }
        let run_token = field("runToken").unwrap_or_default();
        if run_token.len() != 10 || !run_token.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ApiError::bad_request("runToken must be 10 letters or digits"));
        }
        let stage = field("stage").unwrap_or_default();
        if !STAGES.contains(&stage.as_str()) {
            return Err(ApiError::bad_request(format!("unknown stage {stage:?}")));
        }
        let status = field("status").unwrap_or_default();
        if !STATUSES.contains(&status.as_str()) {
            return Err(ApiError::bad_request(format!("unknown status {status:?}")));
        }
        let run_status = field("runStatus");
        if run_status.as_deref().is_some_and(|s| s != "completed" && s != "failed") {
            return Err(ApiError::bad_request("runStatus must be completed or failed"));
        }
        let list_key = match stage.as_str() {
            "create_project" => "projectSlugs",
            "receive_verification_error" => "issueIds",
            _ if body.get("extra").is_some_and(|e| !e.is_null()) => {
                return Err(ApiError::bad_request(format!("stage {stage:?} takes no extra")));
            }
            _ => "",
        };
        let extra = body
            .pointer(&format!("/extra/{list_key}"))
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        Ok(Self { run_token, stage, status, run_status, event_note: field("eventNote"), extra })
    }
}

#[derive(Debug, Clone, Default)]
struct StageState {
    status: Option<String>,
    event_note: Option<String>,
    extra: Vec<String>,
}

/// One onboarding run of an organization.
#[derive(Debug, Clone)]
pub(crate) struct OnboardingRun {
    pub org: String,
    pub run_token: String,
    run_id: String,
    created_at: String,
    updated_at: String,
    sequence: u64,
    run_status: String,
    stages: Vec<StageState>,
}

impl OnboardingRun {
    pub(crate) fn new(org: &str, run_token: &str, seed: u64) -> Self {
        let now = clock::now_iso();
        Self {
            org: org.to_owned(),
            run_token: run_token.to_owned(),
            run_id: ids::hex32(seed),
            created_at: now.clone(),
            updated_at: now,
            sequence: 0,
            run_status: "active".into(),
            stages: vec![StageState::default(); STAGES.len()],
        }
    }

    pub(crate) fn apply(&mut self, update: Update) {
        if let Some(index) = STAGES.iter().position(|s| *s == update.stage) {
            let stage = &mut self.stages[index];
            stage.status = Some(update.status);
            stage.event_note = update.event_note;
            for item in update.extra {
                if !stage.extra.contains(&item) {
                    stage.extra.push(item);
                }
            }
        }
        if let Some(run_status) = update.run_status {
            self.run_status = run_status;
        }
        self.sequence += 1;
        self.updated_at = clock::now_iso();
    }

    pub(crate) fn to_json(&self) -> Value {
        let stages: Vec<Value> = STAGES
            .iter()
            .zip(&self.stages)
            .map(|(name, state)| {
                let extra = match *name {
                    "create_project" if !state.extra.is_empty() => json!({ "projectSlugs": state.extra }),
                    "receive_verification_error" if !state.extra.is_empty() => json!({ "issueIds": state.extra }),
                    _ => Value::Null,
                };
                json!({ "stage": name, "status": state.status, "eventNote": state.event_note, "extra": extra })
            })
            .collect();
        json!({
            "schemaVersion": 1,
            "runId": self.run_id,
            "channelId": format!("onboarding-{}", self.org),
            "clientRunId": self.run_token,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "sequence": self.sequence,
            "expiresAt": "2099-01-01T00:00:00.000Z",
            "continueUpdates": self.run_status == "active",
            "runStatus": self.run_status,
            "stages": stages,
        })
    }
}
