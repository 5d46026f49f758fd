//! Who the token belongs to (`/auth/`) and where its organizations live (`/users/me/regions/`).

use std::sync::Arc;

use axum::extract::State;
use serde_json::json;

use crate::reply::{Reply, ok};
use crate::world::{World, render};

/// `GET /api/0/auth/`: Ada Lovelace, who owns every token.
pub(crate) async fn whoami(State(world): State<Arc<World>>) -> Reply {
    ok(render::user(&world.me))
}

/// `GET /api/0/users/me/regions/`: one region, the stand-in itself.
pub(crate) async fn regions(State(world): State<Arc<World>>) -> Reply {
    ok(json!({ "regions": [{ "name": "us", "url": world.base_url }] }))
}
