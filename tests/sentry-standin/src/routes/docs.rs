//! Stand-ins for the documentation services: markdown pages at `/{path}.md` (docs.sentry.io)
//! and `POST /api/search` (mcp.sentry.dev's documentation search). Neither needs a token.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::fixtures;
use crate::world::World;
use crate::world::model::DocEntry;

/// `GET /{path}.md`: a page, or 404 text.
pub(crate) fn page(uri: &Uri) -> Response {
    match fixtures::DOC_PAGES.iter().find(|(path, _)| *path == uri.path()) {
        Some((_, body)) => ([(CONTENT_TYPE, "text/markdown; charset=utf-8")], *body).into_response(),
        None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}

/// `POST /api/search` with `{query, maxResults?, guide?}`: `{"results": [{id, url, snippet,
/// relevance}]}`, ranked by how many query words a page contains.
pub(crate) async fn search(State(world): State<Arc<World>>, body: Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": "Invalid JSON body" }))).into_response();
    };
    let query = body.get("query").and_then(Value::as_str).unwrap_or("").trim();
    if query.len() < 2 {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": "Query is too short" }))).into_response();
    }
    let max = body.get("maxResults").and_then(Value::as_u64).unwrap_or(3).clamp(1, 10) as usize;
    let guide = body.get("guide").and_then(Value::as_str);
    let words: BTreeSet<String> =
        query.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1).map(str::to_lowercase).collect();
    let mut scored: Vec<(f64, &DocEntry)> = world
        .docs
        .doc_index
        .iter()
        .filter(|doc| guide.is_none_or(|g| doc.guide.is_none() || doc.guide.as_deref() == Some(g)))
        .map(|doc| (score(doc, &words), doc))
        .filter(|(score, _)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let results: Vec<Value> = scored
        .into_iter()
        .take(max)
        .map(|(relevance, doc)| {
            json!({
                "id": doc.path,
                "url": format!("https://docs.sentry.io{}", doc.path.trim_end_matches(".md")),
                "snippet": format!("{}: {}", doc.title, doc.text),
                "relevance": relevance,
            })
        })
        .collect();
    Json(json!({ "results": results })).into_response()
}

/// The share of query words found in the page's title and text.
fn score(doc: &DocEntry, words: &BTreeSet<String>) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    let haystack = format!("{} {}", doc.title, doc.text).to_lowercase();
    let found = words.iter().filter(|w| haystack.contains(w.as_str())).count();
    found as f64 / words.len() as f64
}
