//! Agent onboarding progress: a client posts stage updates for a run token; the stand-in keeps
//! each run and answers its accumulated state.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};

use super::json_body;
use crate::params::Params;
use crate::reply::{ApiError, Reply, ok};
use crate::world::World;
use crate::world::onboarding::{OnboardingRun, Update};

/// `POST /api/0/organizations/{org}/onboarding/agent/status/` with `{schemaVersion: 1, runToken,
/// stage, status, runStatus?, eventNote?, extra?}`: the run after the update.
pub(crate) async fn update(State(world): State<Arc<World>>, Path(org): Path<String>, body: Bytes) -> Reply {
    world.org(&org)?;
    let update = Update::parse(&json_body(&body)?)?;
    let mut store = world.store();
    let seed = store.next_id();
    let position = store.onboarding.iter().position(|r| r.org == org && r.run_token == update.run_token);
    let index = position.unwrap_or_else(|| {
        store.onboarding.push(OnboardingRun::new(&org, &update.run_token, seed));
        store.onboarding.len() - 1
    });
    store.onboarding[index].apply(update);
    ok(store.onboarding[index].to_json())
}

/// `GET /api/0/organizations/{org}/onboarding/agent/status/?runToken=`: a run's state, for tests.
pub(crate) async fn read(State(world): State<Arc<World>>, Path(org): Path<String>, params: Params) -> Reply {
    world.org(&org)?;
    let token = params.text("runToken").unwrap_or("");
    let store = world.store();
    let run = store.onboarding.iter().find(|r| r.org == org && r.run_token == token).ok_or_else(ApiError::not_found)?;
    ok(run.to_json())
}
