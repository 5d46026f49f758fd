//! Issue, event, search, trace and Seer tools against the stand-in.

use serde_json::json;

use super::{World, assert_err, assert_ok, call, execute};

const TRACE: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const WEB_1_LATEST: &str = "9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_tools_pass_sentry_syntax_through() {
    let world = World::start().await;
    let client = world.client("").await;
    let issues = call(&client, "search_issues", json!({"organizationSlug": "acme", "query": "level:error"})).await;
    assert_ok(&issues, &["# Issues in acme", "`WEB-1`", "`API-1`", "1284", "**Query**: `level:error`"]);
    assert!(!issues.text.contains("`WEB-2`"), "WEB-2 is level info:\n{}", issues.text);
    let web = call(
        &client,
        "search_issues",
        json!({"organizationSlug": "acme", "projectSlugOrId": "web", "sort": "freq", "includeExplanation": true}),
    )
    .await;
    assert_ok(&web, &["# Issues in acme/web", "`WEB-2`", "N+1 API Call", "exactly as given"]);
    assert!(!web.text.contains("`API-1`"), "{}", web.text);

    let errors = call(&client, "search_events", json!({"organizationSlug": "acme"})).await;
    assert_ok(&errors, &["# Errors in acme", "**Dataset**: errors", "**Sort**: -timestamp", WEB_1_LATEST, "API-1"]);
    let spans = call(
        &client,
        "search_events",
        json!({"organizationSlug": "acme", "dataset": "spans", "fields": ["span.op", "count()"], "query": "project:api"}),
    )
    .await;
    assert_ok(&spans, &["# Spans in acme", "**Sort**: -count()", "| span.op | count() |", "| db | 1 |"]);
    let logs = call(&client, "search_events", json!({"organizationSlug": "acme", "dataset": "logs", "limit": 2})).await;
    assert_ok(&logs, &["# Logs in acme", "Order API returned 500, retrying is disabled", "**Rows**: 2"]);
    let replays =
        call(&client, "search_events", json!({"organizationSlug": "acme", "dataset": "replays", "projectSlug": "web"}))
            .await;
    assert_ok(&replays, &["# Replays in acme/web", "`e5f6a7b8c9d04e1fa2b3c4d5e6f7a8b9`", "jane.doe@example.net"]);
    assert!(
        world
            .standin
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/api/0/organizations/acme/replays/?") && r.path.contains("project=2001"))
    );

    let events = execute(
        &client,
        "search_issue_events",
        json!({"organizationSlug": "acme", "issueId": "WEB-1", "query": "environment:production"}),
    )
    .await;
    assert_ok(
        &events,
        &["# Events of issue WEB-1 in acme", WEB_1_LATEST, "2b7d9f1a3c5e4b6d8f0a2c4e6b8d0f1a", "web@1.3.0"],
    );

    let ghost = call(&client, "search_issues", json!({"organizationSlug": "ghost"})).await;
    assert_err(&ghost, &["404 Not Found", "/api/0/organizations/ghost/issues/"]);
    let broken = call(&client, "search_events", json!({"organizationSlug": "broken"})).await;
    assert_err(&broken, &["500", "try again shortly"]);
    let huge = call(&client, "search_issues", json!({"organizationSlug": "hugeco"})).await;
    assert_err(&huge, &["larger than this plugin may read", "Narrow the request"]);
    let html = call(&client, "search_issues", json!({"organizationSlug": "htmlco"})).await;
    assert_err(&html, &["not JSON", "<!DOCTYPE html>"]);
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_readers_show_activity_breadcrumbs_tags_feedback_stacks_and_attachments() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let activity = execute(&client, "get_issue_activity", json!({"issueId": "WEB-1"})).await;
    assert_ok(
        &activity,
        &["# Activity of issue WEB-1 in acme", "Grace Hopper: commented", "regression in release web@1.3.0"],
    );
    let crumbs = execute(&client, "get_issue_breadcrumbs", json!({"issueId": "WEB-1"})).await;
    assert_ok(&crumbs, &["# Breadcrumbs of issue WEB-1 in acme", "/cart → /checkout", "POST /api/orders/ → 500"]);
    let tags = execute(&client, "get_issue_tag_values", json!({"issueId": "WEB-1", "tagKey": "browser"})).await;
    assert_ok(&tags, &["# Tag `browser` of issue WEB-1 in acme", "| Chrome 127.0.0 | 801 | 62.4% |"]);
    let reports = execute(&client, "get_issue_user_reports", json!({"issueId": "3001"})).await;
    assert_ok(&reports, &["Jane Doe <jane.doe@example.net>", "Checkout broke with the SUMMER10 code"]);
    let stack = execute(&client, "get_event_stacktrace", json!({"issueId": "API-1"})).await;
    assert_ok(
        &stack,
        &["## ZeroDivisionError: division by zero", "at compute_discount (app/orders/pricing.py:88) [app]"],
    );
    let thread = execute(&client, "get_event_stacktrace", json!({"issueId": "API-1", "thread": "MainThread"})).await;
    assert_ok(&thread, &["## Thread MainThread", "(crashed)"]);
    let list = execute(&client, "get_event_attachment", json!({"projectSlug": "web", "eventId": WEB_1_LATEST})).await;
    assert_ok(&list, &["`9001`", "debug-log.txt", "489 B"]);
    let file = execute(
        &client,
        "get_event_attachment",
        json!({"projectSlug": "web", "eventId": WEB_1_LATEST, "attachmentId": "9001"}),
    )
    .await;
    assert_ok(&file, &["# Attachment debug-log.txt", "09:41:13.612 POST /api/orders/ 500"]);

    let malformed = execute(&client, "get_issue_activity", json!({"issueId": "not an id"})).await;
    assert_err(&malformed, &["Input error", "is not an issue id"]);
    let unknown = execute(&client, "get_issue_tag_values", json!({"issueId": "WEB-99", "tagKey": "browser"})).await;
    assert_err(&unknown, &["404 Not Found", "/api/0/organizations/acme/issues/WEB-99/tags/browser/"]);
    let foreign =
        execute(&client, "get_issue_breadcrumbs", json!({"issueUrl": "https://globex.sentry.io/issues/3101/"})).await;
    assert_err(&foreign, &["belongs to organization \"globex\"", "bound to organization \"acme\""]);
    let scoped = world.client("/acme/web").await;
    let other_project = execute(&scoped, "get_issue_user_reports", json!({"issueId": "API-1"})).await;
    assert_err(&other_project, &["issue API-1 belongs to project \"api\"", "bound to project \"web\""]);
    client.cancel().await.unwrap();
    scoped.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triage_changes_are_sent_and_read_back() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let resolved =
        call(&client, "update_issue", json!({"issueId": "WEB-1", "status": "resolved", "reason": "Fixed in 1.3.1"}))
            .await;
    assert_ok(
        &resolved,
        &["# Issue WEB-1 updated in acme", "**Status**: unresolved (ongoing) → resolved", "posted: Fixed in 1.3.1"],
    );
    let put = world.standin.requests().into_iter().find(|r| r.method == "PUT").expect("a PUT");
    assert_eq!(put.path, "/api/0/organizations/acme/issues/WEB-1/");
    assert_eq!(put.body, r#"{"status":"resolved"}"#);
    let assigned = call(&client, "update_issue", json!({"issueId": "API-1", "assignedTo": "grace@example.com"})).await;
    assert_ok(&assigned, &["**Assigned to**: Ada Lovelace", "→ Grace Hopper"]);
    let ignored = call(
        &client,
        "update_issue",
        json!({"issueId": "WEB-2", "status": "ignored", "ignoreMode": "forDuration", "ignoreDurationMinutes": 60}),
    )
    .await;
    assert_ok(&ignored, &["→ ignored (archived_until_condition_met)", "**Ignored**: for 60 minutes"]);
    let noted =
        execute(&client, "add_issue_note", json!({"issueId": "WEB-2", "text": "Muted for the release freeze"})).await;
    assert_ok(&noted, &["# Note added to issue WEB-2 in acme", "Muted for the release freeze"]);
    let history = execute(&client, "get_issue_activity", json!({"issueId": "WEB-2"})).await;
    assert_ok(&history, &["commented \"Muted for the release freeze\"", "ignored the issue for 60 minutes"]);
    let web1 = execute(&client, "get_issue_activity", json!({"issueId": "WEB-1"})).await;
    assert_ok(&web1, &["resolved the issue", "commented \"Fixed in 1.3.1\""]);
    let resolved_list = call(&client, "search_issues", json!({"query": "is:resolved"})).await;
    assert_ok(&resolved_list, &["`WEB-1`"]);

    let nothing = call(&client, "update_issue", json!({"issueId": "WEB-1"})).await;
    assert_err(&nothing, &["nothing to change"]);
    let bad = call(&client, "update_issue", json!({"issueId": "WEB-1", "status": "resolved", "ignoreCount": 3})).await;
    assert_err(&bad, &["`ignoreCount` only applies with status `ignored`"]);
    let ghost = call(
        &client,
        "update_issue",
        json!({"issueUrl": "https://acme.sentry.io/issues/WEB-77/", "status": "resolved"}),
    )
    .await;
    assert_err(&ghost, &["404 Not Found"]);
    assert_eq!(
        world.standin.requests().iter().filter(|r| r.method == "PUT").count(),
        3,
        "refused updates send nothing"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seer_runs_are_started_polled_and_reused() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let fresh =
        call(&client, "analyze_issue_with_seer", json!({"issueId": "WEB-2", "instruction": "focus on the API calls"}))
            .await;
    assert_ok(
        &fresh,
        &[
            "# Seer analysis of issue WEB-2 in acme",
            "**Status**: completed",
            "## Root cause",
            "## Proposed fix",
            "https://github.com/acme/web/pull/",
        ],
    );
    let requests = world.standin.requests();
    let posts: Vec<_> = requests.iter().filter(|r| r.method == "POST" && r.path.ends_with("/WEB-2/autofix/")).collect();
    assert_eq!(posts.len(), 1);
    assert!(posts[0].body.contains("focus on the API calls"));
    let polls = requests.iter().filter(|r| r.method == "GET" && r.path.ends_with("/WEB-2/autofix/")).count();
    assert_eq!(polls, 4, "one look before starting, then three polls until completed");
    let again = call(&client, "analyze_issue_with_seer", json!({"issueId": "WEB-2"})).await;
    assert_ok(&again, &["an earlier Seer run", "**Status**: completed"]);
    assert_eq!(world.standin.requests().iter().filter(|r| r.method == "POST").count(), 1, "no second run");
    let broken =
        call(&client, "analyze_issue_with_seer", json!({"issueUrl": "https://globex.sentry.io/issues/3101/"})).await;
    assert_err(&broken, &["globex"]);
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traces_spans_and_sentry_links_open_in_the_right_tool() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let trace = execute(&client, "get_trace_details", json!({"traceId": TRACE})).await;
    assert_ok(
        &trace,
        &[
            &format!("# Trace {TRACE} in acme"),
            "**Spans**: 8",
            "**Projects**: api, web",
            "`API-1` (error)",
            "`WEB-2` (performance",
            "compute_discount",
        ],
    );
    let span = execute(&client, "get_span_details", json!({"traceId": TRACE, "spanId": "d4f5a6b738495a6b"})).await;
    assert_ok(
        &span,
        &[
            "# Span d4f5a6b738495a6b",
            "**Operation**: http.client",
            "`e5a6b7c8495a6b7c`",
            "| `http.response.status_code` | 500 |",
        ],
    );
    let missing = execute(&client, "get_span_details", json!({"traceId": TRACE, "spanId": "00000000000000ff"})).await;
    assert_err(&missing, &["has no span 00000000000000ff"]);
    let bad = execute(&client, "get_trace_details", json!({"traceId": "nope"})).await;
    assert_err(&bad, &["is not a trace id"]);

    let base = world.standin.base_url();
    let issue =
        call(&client, "get_sentry_resource", json!({"url": format!("{base}/organizations/acme/issues/WEB-1/")})).await;
    assert_ok(&issue, &["# Issue WEB-1 in acme", "TypeError"]);
    let span_link = format!("{base}/organizations/acme/explore/traces/trace/{TRACE}/?node=span-07c8d9ea6b7c8d9e");
    assert_ok(
        &call(&client, "get_sentry_resource", json!({"url": span_link})).await,
        &["**Operation**: function", "compute_discount"],
    );
    let by_type = call(&client, "get_sentry_resource", json!({"resourceType": "trace", "resourceId": TRACE})).await;
    assert_ok(&by_type, &[&format!("# Trace {TRACE} in acme")]);
    let event =
        call(&client, "get_sentry_resource", json!({"resourceType": "event", "resourceId": WEB_1_LATEST})).await;
    assert_ok(&event, &["# Issue WEB-1 in acme", &format!("## Event {WEB_1_LATEST}")]);
    let foreign =
        call(&client, "get_sentry_resource", json!({"url": format!("{base}/organizations/globex/issues/PORTAL-1/")}))
            .await;
    assert_err(&foreign, &["belongs to organization \"globex\""]);
    let unknown = call(&client, "get_sentry_resource", json!({"resourceType": "issue", "resourceId": "WEB-404"})).await;
    assert_err(&unknown, &["404 Not Found", "/api/0/organizations/acme/issues/WEB-404/"]);
    let nonsense = call(&client, "get_sentry_resource", json!({"url": "https://acme.sentry.io/settings/"})).await;
    assert_err(&nonsense, &["is not a Sentry link this tool understands"]);
    client.cancel().await.unwrap();
}
