//! The Sentry API client: JSON requests under `/api/0/` through the host's
//! `http` import (via [`Io`], so tests can answer from fixtures), query
//! strings, `Link` header cursors, and [`ApiError`], which says what failed
//! and what to try.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::io::Io;
use crate::warren::plugin::http::{HttpError, Method, Request, Response};

/// The credential name the manifest declares for Sentry's API.
pub const CREDENTIAL: &str = "sentry";

/// Characters escaped inside one path segment or query value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes one path segment or query component.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// `/api/0/{segments}/`, each segment percent-encoded, e.g.
/// `api_path(&["organizations", org, "issues", id])`.
pub fn api_path(segments: &[&str]) -> String {
    let mut path = String::from("/api/0/");
    for segment in segments {
        path.push_str(&encode(segment));
        path.push('/');
    }
    path
}

/// A query string under construction.
#[derive(Debug, Clone, Default)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// An empty query.
    pub fn new() -> Query {
        Query::default()
    }

    /// Adds `key=value` (keys may repeat, e.g. `field`).
    pub fn push(mut self, key: &str, value: impl ToString) -> Query {
        self.0.push((key.to_string(), value.to_string()));
        self
    }

    /// Adds `key=value` when `value` is present and not blank.
    pub fn opt(self, key: &str, value: Option<&str>) -> Query {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => self.push(key, v),
            None => self,
        }
    }

    /// `?k=v&...`, or empty when there is nothing.
    pub fn to_suffix(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let pairs: Vec<String> = self.0.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        format!("?{}", pairs.join("&"))
    }
}

/// One page of a list endpoint.
#[derive(Debug)]
pub struct Page<T> {
    /// The decoded body.
    pub items: T,
    /// The cursor of the next page, when Sentry says there are more results.
    pub next_cursor: Option<String>,
}

/// A client bound to one base URL (`https://us.sentry.io`, or the configured host).
pub struct Api<'a> {
    io: &'a dyn Io,
    base: String,
    credential: Option<&'static str>,
    timeout_ms: Option<u32>,
}

impl<'a> Api<'a> {
    /// A client for Sentry's API at `base`, sending the `sentry` credential.
    pub fn sentry(io: &'a dyn Io, base: &str) -> Api<'a> {
        Api { io, base: base.trim_end_matches('/').to_string(), credential: Some(CREDENTIAL), timeout_ms: None }
    }

    /// The same client with a per-request timeout (the host's own limit still applies).
    pub fn with_timeout(self, timeout_ms: Option<u32>) -> Api<'a> {
        Api { timeout_ms, ..self }
    }

    /// A client for a public site (the docs) at `base`, sending no credential.
    pub fn public(io: &'a dyn Io, base: &str) -> Api<'a> {
        Api { io, base: base.trim_end_matches('/').to_string(), credential: None, timeout_ms: None }
    }

    /// The base URL, without a trailing `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// GETs `path` (from [`api_path`]) with `query` and decodes the JSON body.
    pub fn get<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<T, ApiError> {
        let response = self.send(Method::Get, path, query, None)?;
        self.decode(Method::Get, path, &response)
    }

    /// GETs one page of a list endpoint, with the next cursor from the `Link` header.
    pub fn get_page<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<Page<T>, ApiError> {
        let response = self.send(Method::Get, path, query, None)?;
        let next_cursor = header(&response, "link").and_then(next_cursor);
        Ok(Page { items: self.decode(Method::Get, path, &response)?, next_cursor })
    }

    /// GETs `path` and decodes the JSON body, with the answer's `Date` header
    /// (Sentry's clock, for windows relative to now; the plugin has no clock).
    pub fn get_dated<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<(T, Option<String>), ApiError> {
        let response = self.send(Method::Get, path, query, None)?;
        let date = header(&response, "date").map(str::to_string);
        Ok((self.decode(Method::Get, path, &response)?, date))
    }

    /// POSTs `body` as JSON and decodes the JSON answer.
    pub fn post<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T, ApiError> {
        let response = self.send(Method::Post, path, &Query::new(), Some(to_json(body)))?;
        self.decode(Method::Post, path, &response)
    }

    /// PUTs `body` as JSON and decodes the JSON answer.
    pub fn put<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T, ApiError> {
        let response = self.send(Method::Put, path, &Query::new(), Some(to_json(body)))?;
        self.decode(Method::Put, path, &response)
    }

    /// DELETEs `path`; any 2xx answer is success.
    pub fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send(Method::Delete, path, &Query::new(), None).map(|_| ())
    }

    /// GETs `path` and returns the body as text (for documentation pages).
    pub fn get_text(&self, path: &str, query: &Query) -> Result<String, ApiError> {
        let response = self.send(Method::Get, path, query, None)?;
        Ok(String::from_utf8_lossy(&response.body).into_owned())
    }

    /// Sends a request and returns any 2xx response; other statuses become [`ApiError`]s.
    pub fn send(&self, method: Method, path: &str, query: &Query, body: Option<Vec<u8>>) -> Result<Response, ApiError> {
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        if body.is_some() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        let request = Request {
            method,
            url: format!("{}{path}{}", self.base, query.to_suffix()),
            headers,
            body,
            credential: self.credential.map(str::to_string),
            timeout_ms: self.timeout_ms,
        };
        let fail = |kind| ApiError { request: describe(method, path), kind };
        let response = self.io.fetch(request).map_err(|e| fail(ErrorKind::from(e)))?;
        if (200..300).contains(&response.status) {
            Ok(response)
        } else {
            Err(fail(ErrorKind::Status { status: response.status, detail: detail(&response.body) }))
        }
    }

    fn decode<T: DeserializeOwned>(&self, method: Method, path: &str, response: &Response) -> Result<T, ApiError> {
        let fail = |kind| ApiError { request: describe(method, path), kind };
        let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &response.body };
        // One pass straight into `T`; the error's category tells a body that
        // is not JSON from JSON of an unexpected shape.
        serde_json::from_slice(body).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => fail(ErrorKind::Shape(e.to_string())),
            _ => fail(ErrorKind::NotJson { status: response.status, start: snippet(&response.body) }),
        })
    }
}

fn to_json(body: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec())
}

fn describe(method: Method, path: &str) -> String {
    format!("{} {path}", method_name(method))
}

/// `GET`, `POST`, ...
pub fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Head => "HEAD",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
    }
}

/// The value of response header `name` (the host lowercases names).
pub fn header<'r>(response: &'r Response, name: &str) -> Option<&'r str> {
    response.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The next-page cursor of a Sentry `Link` header, when it says more results exist.
pub fn next_cursor(link: &str) -> Option<String> {
    link.split(", <").find_map(|part| {
        let attr = |name: &str| {
            part.split(';').find_map(|a| {
                let (k, v) = a.trim().split_once('=')?;
                (k.trim() == name).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        let is_next = attr("rel").as_deref() == Some("next") && attr("results").as_deref() == Some("true");
        is_next.then(|| attr("cursor")).flatten()
    })
}

/// Sentry's message from an error body: `{"detail": ...}` or field errors.
fn detail(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = match &value {
        Value::Object(map) => match map.get("detail") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(d)) => d.get("message").and_then(Value::as_str).map(str::to_string)?,
            _ => {
                let fields: Vec<String> = map.iter().map(|(k, v)| format!("{k}: {}", flatten(v))).collect();
                fields.join("; ")
            }
        },
        other => flatten(other),
    };
    let text = text.trim();
    (!text.is_empty()).then(|| crate::md::truncate(text, 400))
}

fn flatten(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(flatten).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

fn snippet(body: &[u8]) -> String {
    crate::md::truncate(&crate::md::one_line(&String::from_utf8_lossy(body)), 80)
}

/// A failed Sentry request: which one, and how it failed.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// `GET /api/0/...`: the method and path that failed.
    pub request: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// How a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// A non-2xx status with Sentry's message, if it sent one.
    Status { status: u16, detail: Option<String> },
    /// No answer in time.
    Timeout(String),
    /// The answer exceeded the plugin's response size limit.
    TooLarge(String),
    /// The body was not JSON.
    NotJson { status: u16, start: String },
    /// The JSON did not have the fields we read.
    Shape(String),
    /// Connection, TLS or protocol failure.
    Transport(String),
    /// The host refused to send it (host not allowed).
    Denied(String),
    /// The host found the request malformed (a plugin bug).
    InvalidRequest(String),
}

impl From<HttpError> for ErrorKind {
    fn from(e: HttpError) -> ErrorKind {
        match e {
            HttpError::Denied(m) => ErrorKind::Denied(m),
            HttpError::InvalidRequest(m) => ErrorKind::InvalidRequest(m),
            HttpError::Timeout(m) => ErrorKind::Timeout(m),
            HttpError::TooLarge(m) => ErrorKind::TooLarge(m),
            HttpError::Transport(m) => ErrorKind::Transport(m),
        }
    }
}

impl ApiError {
    /// The HTTP status, when Sentry answered with an error status.
    pub fn status(&self) -> Option<u16> {
        match self.kind {
            ErrorKind::Status { status, .. } => Some(status),
            _ => None,
        }
    }

    /// Sentry's own message, when it sent one.
    pub fn detail(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Status { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.request;
        match &self.kind {
            ErrorKind::Status { status, detail } => {
                let said = detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
                let (what, hint) = status_text(*status);
                write!(f, "Sentry answered `{r}` with {status} {what}{said}. {hint}")
            }
            ErrorKind::Timeout(m) => {
                write!(f, "Sentry did not answer `{r}` in time ({m}). Try again, or narrow the request.")
            }
            ErrorKind::TooLarge(m) => write!(
                f,
                "Sentry's answer to `{r}` is larger than this plugin may read ({m}). Narrow the request: a smaller \
                 limit, a shorter period or a more specific query."
            ),
            ErrorKind::NotJson { status, start } => write!(
                f,
                "`{r}` answered {status} with a body that is not JSON (it starts {start:?}). Check that the \
                 configured host is a Sentry server."
            ),
            ErrorKind::Shape(m) => {
                write!(
                    f,
                    "Sentry's answer to `{r}` did not have the expected fields ({m}). Report this to the operator."
                )
            }
            ErrorKind::Transport(m) => write!(f, "Could not reach Sentry for `{r}`: {m}. Try again shortly."),
            ErrorKind::Denied(m) => write!(
                f,
                "Warren refused to send `{r}`: {m}. The operator must allow that host in the plugin's manifest."
            ),
            ErrorKind::InvalidRequest(m) => {
                write!(f, "The request `{r}` is malformed: {m}. Report this to the operator.")
            }
        }
    }
}

/// The reason phrase and the advice for an error status.
fn status_text(status: u16) -> (&'static str, &'static str) {
    match status {
        400 => ("Bad Request", "Check the arguments against the tool's schema and Sentry's search syntax."),
        401 => ("Unauthorized", "The Sentry token is missing, expired or revoked; the tenant needs a new token."),
        403 => (
            "Forbidden",
            "The token lacks a scope or membership for this; check its scopes (org:read, project:read, event:read, \
             ...) and the team memberships.",
        ),
        404 => (
            "Not Found",
            "Check the organization slug and the ids; `find_organizations` and `find_projects` list what this token \
             can see.",
        ),
        409 => ("Conflict", "The resource already exists or changed meanwhile; look it up and retry."),
        429 => ("Too Many Requests", "Sentry is rate-limiting this token; wait a minute and try again."),
        500..=599 => ("Server Error", "The failure is on Sentry's side; try again shortly."),
        _ => ("", "Check the arguments and try again."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::FakeIo;

    #[derive(Debug, serde::Deserialize)]
    struct Item {
        id: String,
    }

    #[test]
    fn get_page_decodes_items_and_the_next_cursor() {
        let link = "<https://x/?cursor=0:100:0>; rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"";
        let io = FakeIo::default().route_with_headers(
            "GET https://sentry.io/api/0/things/?q=a%20b",
            &[("link", link)],
            r#"[{"id":"1"}]"#,
        );
        let page: Page<Vec<Item>> =
            Api::sentry(&io, "https://sentry.io/").get_page("/api/0/things/", &Query::new().push("q", "a b")).unwrap();
        assert_eq!(page.items[0].id, "1");
        assert_eq!(page.next_cursor.as_deref(), Some("0:100:0"));
        assert_eq!(io.credentials.borrow()[0].as_deref(), Some("sentry"));
    }

    #[test]
    fn public_clients_send_no_credential() {
        let io = FakeIo::default().route("GET https://docs.sentry.io/page.md", 200, "# Page");
        assert_eq!(Api::public(&io, "https://docs.sentry.io").get_text("/page.md", &Query::new()).unwrap(), "# Page");
        assert_eq!(io.credentials.borrow()[0], None);
    }

    #[test]
    fn an_oversized_answer_says_to_narrow_the_request() {
        let io = FakeIo::default()
            .fail("GET https://sentry.io/api/0/big/", HttpError::TooLarge("the body exceeds 5242880 bytes".into()));
        let err = Api::sentry(&io, "https://sentry.io").get::<Value>("/api/0/big/", &Query::new()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Sentry's answer to `GET /api/0/big/` is larger than this plugin may read (the body exceeds 5242880 bytes). Narrow the request: a smaller limit, a shorter period or a more specific query."
        );
    }

    #[test]
    fn a_non_json_answer_is_reported_with_its_start() {
        let io = FakeIo::default().route("GET https://sentry.io/api/0/html/", 200, "<html><body>login</body></html>");
        let err = Api::sentry(&io, "https://sentry.io").get::<Value>("/api/0/html/", &Query::new()).unwrap_err();
        assert!(err.to_string().starts_with("`GET /api/0/html/` answered 200 with a body that is not JSON (it starts \"<html><body>login</body></html>\")"), "{err}");
    }

    #[test]
    fn path_segments_and_query_values_are_percent_encoded() {
        assert_eq!(
            api_path(&["organizations", "acme", "releases", "web@1.0/x"]),
            "/api/0/organizations/acme/releases/web%401.0%2Fx/"
        );
        let q =
            Query::new().push("query", "is:unresolved level:error").opt("cursor", Some(" ")).opt("project", Some("1"));
        assert_eq!(q.to_suffix(), "?query=is%3Aunresolved%20level%3Aerror&project=1");
        assert_eq!(Query::new().to_suffix(), "");
    }

    #[test]
    fn next_cursor_comes_from_the_link_header_when_results_remain() {
        let link = "<https://sentry.io/api/0/organizations/acme/issues/?&cursor=100:-1:1>; rel=\"previous\"; results=\"false\"; cursor=\"100:-1:1\", <https://sentry.io/api/0/organizations/acme/issues/?&cursor=100:1:0>; rel=\"next\"; results=\"true\"; cursor=\"100:1:0\"";
        assert_eq!(next_cursor(link).as_deref(), Some("100:1:0"));
        assert_eq!(next_cursor(&link.replace("results=\"true\"", "results=\"false\"")), None);
    }

    #[test]
    fn error_detail_reads_sentry_message_or_field_errors() {
        assert_eq!(
            detail(br#"{"detail":"The requested resource does not exist"}"#).as_deref(),
            Some("The requested resource does not exist")
        );
        assert_eq!(
            detail(br#"{"name":["This field is required."]}"#).as_deref(),
            Some("name: This field is required.")
        );
        assert_eq!(detail(b"<html>"), None);
    }

    #[test]
    fn error_display_names_request_status_message_and_advice() {
        let e = ApiError {
            request: "GET /api/0/organizations/nope/".into(),
            kind: ErrorKind::Status { status: 404, detail: Some("The requested resource does not exist".into()) },
        };
        assert_eq!(
            e.to_string(),
            "Sentry answered `GET /api/0/organizations/nope/` with 404 Not Found: The requested resource does not exist. Check the organization slug and the ids; `find_organizations` and `find_projects` list what this token can see."
        );
        let big = ApiError { request: "GET /x/".into(), kind: ErrorKind::TooLarge("over 5242880 bytes".into()) };
        assert!(
            big.to_string()
                .starts_with("Sentry's answer to `GET /x/` is larger than this plugin may read (over 5242880 bytes).")
        );
    }
}
