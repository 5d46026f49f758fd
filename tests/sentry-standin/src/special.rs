//! Organizations that exist to exercise a client's error handling. Every endpoint scoped to
//! one of them (`/organizations/{org}/…`, `/projects/{org}/…`, `/teams/{org}/…`) misbehaves:
//!
//! | org | behaviour |
//! |---|---|
//! | `ghost` | 404 `{"detail": "The requested resource does not exist"}` |
//! | `broken` | 500 `{"detail": "Internal Error", "errorId": …}` |
//! | `slowpoke` | correct answer, 3 seconds late |
//! | `htmlco` | 200 `text/html` page instead of JSON |
//! | `hugeco` | `GET …/issues/` answers a JSON array of 10 MiB or more; the rest is normal |

use std::sync::OnceLock;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::reply::ApiError;

/// How late `slowpoke` answers.
pub(crate) const SLOWPOKE_DELAY: Duration = Duration::from_secs(3);

/// The least size of `hugeco`'s issue list.
pub(crate) const HUGE_BODY_BYTES: usize = 10 * 1024 * 1024;

const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Sign in | Sentry</title></head>\
<body><h1>Please sign in</h1><p>This page is served as HTML where JSON was expected.</p></body></html>\n";

/// Middleware: applies the table above; other orgs pass through.
pub(crate) async fn error_orgs(request: Request, next: Next) -> Response {
    let Some(org) = org_slug(request.uri().path()) else {
        return next.run(request).await;
    };
    match org.as_str() {
        "ghost" => ApiError::not_found().into_response(),
        "broken" => broken(),
        "htmlco" => ([(CONTENT_TYPE, "text/html; charset=utf-8")], HTML_PAGE).into_response(),
        "slowpoke" => {
            tokio::time::sleep(SLOWPOKE_DELAY).await;
            next.run(request).await
        }
        "hugeco" if request.method() == Method::GET && is_issue_list(request.uri().path()) => {
            ([(CONTENT_TYPE, "application/json")], huge_issue_list()).into_response()
        }
        _ => next.run(request).await,
    }
}

/// The organization slug an API path is scoped to, if any.
fn org_slug(path: &str) -> Option<String> {
    let path = path.strip_prefix("/api/0").unwrap_or(path);
    let mut segments = path.trim_start_matches('/').split('/');
    match segments.next()? {
        "organizations" | "projects" | "teams" => segments.next().filter(|s| !s.is_empty()).map(str::to_owned),
        _ => None,
    }
}

fn is_issue_list(path: &str) -> bool {
    path.trim_end_matches('/').ends_with("/organizations/hugeco/issues")
}

fn broken() -> Response {
    let body = json!({ "detail": "Internal Error", "errorId": "5e1d2c3b4a5948e7a6b5c4d3e2f1a0b9" });
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}

/// A JSON array of issue-shaped objects, built once.
fn huge_issue_list() -> Bytes {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    BODY.get_or_init(|| {
        let padding = "x".repeat(900);
        let mut body = String::with_capacity(HUGE_BODY_BYTES + 4096);
        body.push('[');
        let mut n = 0u64;
        while body.len() < HUGE_BODY_BYTES {
            if n > 0 {
                body.push(',');
            }
            let issue = json!({
                "id": (900_000 + n).to_string(),
                "shortId": format!("BIG-{}", n + 1),
                "title": format!("Error: synthetic issue {} {padding}", n + 1),
                "culprit": "generate(src/huge)",
                "permalink": format!("https://hugeco.example.com/issues/{}/", 900_000 + n),
                "level": "error",
                "status": "unresolved",
                "count": "1",
                "userCount": 1,
                "firstSeen": "2026-08-01T00:00:00.000Z",
                "lastSeen": "2026-08-01T00:00:00.000Z",
                "project": { "id": "2401", "slug": "bigapp", "name": "bigapp", "platform": "javascript" },
            });
            body.push_str(&issue.to_string());
            n += 1;
        }
        body.push(']');
        Bytes::from(body)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_slug_is_read_from_every_org_scoped_prefix() {
        assert_eq!(org_slug("/api/0/organizations/ghost/issues/").as_deref(), Some("ghost"));
        assert_eq!(org_slug("/projects/broken/web/keys/").as_deref(), Some("broken"));
        assert_eq!(org_slug("/api/0/teams/slowpoke/frontend/projects/").as_deref(), Some("slowpoke"));
        assert_eq!(org_slug("/api/0/organizations/"), None);
        assert_eq!(org_slug("/api/0/auth/"), None);
    }

    #[test]
    fn the_huge_list_is_valid_json_of_at_least_ten_mebibytes() {
        let body = huge_issue_list();
        assert!(body.len() >= HUGE_BODY_BYTES);
        let parsed: Vec<serde_json::Value> = serde_json::from_slice(&body).expect("valid JSON");
        assert!(parsed.len() > 1000);
    }
}
