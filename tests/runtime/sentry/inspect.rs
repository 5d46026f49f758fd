//! Alert, dashboard, release, replay, profile, AI-conversation, snapshot and docs tools against the stand-in.

use rmcp::model::CallToolRequestParams;
use serde_json::{Map, Value, json};

use super::{Client, World, assert_err, assert_ok, execute};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alert_rules_are_listed_and_read_by_id_or_name() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let all = execute(&client, "find_alert_rules", json!({})).await;
    assert_ok(
        &all,
        &[
            "# Alert rules in acme",
            "**Notify #frontend-alerts on new web issues** (id 7001, enabled, owner team frontend",
            "→ slack #frontend-alerts",
            "**API p95 latency above 800ms** (id 8001, active, projects api): p95(span.duration) above 800 over 10 min",
            "Checkout error count spike",
        ],
    );
    let web = execute(&client, "find_alert_rules", json!({"projectSlug": "web", "kind": "issue"})).await;
    assert_ok(&web, &["# Alert rules in acme/web", "id 7001"]);
    assert!(!web.text.contains("7002") && !web.text.contains("Metric alerts"), "{}", web.text);

    let issue = execute(&client, "get_alert_rule", json!({"ruleIdOrName": "7002"})).await;
    assert_ok(
        &issue,
        &[
            "# Issue alert \"Page on-call for escalating API errors\" in acme",
            "condition `issue_priority_greater_or_equal` (75)",
            "action: pagerduty api-oncall",
        ],
    );
    let metric =
        execute(&client, "get_alert_rule", json!({"ruleIdOrName": "api p95 latency above 800ms", "kind": "metric"}))
            .await;
    assert_ok(
        &metric,
        &[
            "# Metric alert \"API p95 latency above 800ms\" in acme",
            "**ID**: 8001",
            "- **critical** at 800 → slack #api-alerts",
        ],
    );
    let by_id = execute(&client, "get_alert_rule", json!({"ruleIdOrName": "8002"})).await;
    assert_ok(&by_id, &["Checkout error count spike"]);
    assert!(world.standin.requests().iter().any(|r| r.path.starts_with("/api/0/organizations/acme/alert-rules/8002/")));

    assert_err(
        &execute(&client, "get_alert_rule", json!({"ruleIdOrName": "9999"})).await,
        &["no alert rule of \"acme\" has the id \"9999\""],
    );
    let other = execute(&client, "find_alert_rules", json!({"organizationSlug": "globex"})).await;
    assert_err(&other, &["bound to organization \"acme\""]);
    let root = world.client("").await;
    let broken = execute(&root, "find_alert_rules", json!({"organizationSlug": "broken"})).await;
    assert_err(&broken, &["500 Server Error", "workflows"]);
    client.cancel().await.unwrap();
    root.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboards_are_listed_and_read_by_id_or_title() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let list = execute(&client, "find_dashboards", json!({"sort": "title"})).await;
    assert_ok(
        &list,
        &["# Dashboards in acme", "| 6002 | API Performance | 2 |", "| 6001 | Frontend Health | 3 | Grace Hopper |"],
    );
    assert!(list.text.find("6002").unwrap() < list.text.find("6001").unwrap(), "{}", list.text);
    let filtered = execute(&client, "find_dashboards", json!({"titleQuery": "api"})).await;
    assert_ok(&filtered, &["matching \"api\"", "API Performance"]);
    assert!(!filtered.text.contains("Frontend Health"));

    let by_title = execute(&client, "get_dashboard_details", json!({"dashboardIdOrTitle": "Frontend Health"})).await;
    assert_ok(
        &by_title,
        &[
            "# Dashboard \"Frontend Health\" in acme",
            "**Widgets**: 3",
            "## Widget \"Errors by browser\" (60011)",
            "fields `browser.name, count()`; conditions `project:web !handled:yes`; order `-count()`",
            "## Widget \"Top unresolved issues\"",
        ],
    );
    assert_ok(
        &execute(&client, "get_dashboard_details", json!({"dashboardIdOrTitle": "6002"})).await,
        &["API Performance"],
    );
    assert_err(
        &execute(&client, "get_dashboard_details", json!({"dashboardIdOrTitle": "6999"})).await,
        &["404 Not Found", "dashboards/6999/"],
    );
    assert_err(
        &execute(&client, "get_dashboard_details", json!({"dashboardIdOrTitle": "Nothing Like It"})).await,
        &["no dashboard"],
    );
    let root = world.client("").await;
    assert_err(&execute(&root, "find_dashboards", json!({"organizationSlug": "ghost"})).await, &["404 Not Found"]);
    client.cancel().await.unwrap();
    root.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releases_are_listed_and_shown_with_deploys_commits_and_health() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let list = execute(&client, "find_releases", json!({})).await;
    assert_ok(&list, &["# Releases in acme", "| `web@1.3.0` | web |", "`web@1.2.0`"]);
    let none = execute(&client, "find_releases", json!({"projectSlug": "api", "query": "web@"})).await;
    assert_ok(&none, &["# Releases matching \"web@\" in acme/api", "No release found."]);

    let details = execute(
        &client,
        "get_release_details",
        json!({"releaseVersion": "web@1.3.0", "includeHealth": true, "includeDeploys": true, "includeCommits": true}),
    )
    .await;
    assert_ok(
        &details,
        &[
            "# Release web@1.3.0 in acme",
            "**New issues**: 2",
            "| web | 97.80% | 98.60% | 15420 | 48210 | 81.50% |",
            "- 14003 to **production** at 2026-08-15T15:52:30Z (https://ci.acme.example.com/deploys/14003)",
            "- 14002 to **staging**",
            "- `4e7b1c9d2a5f` checkout: read order confirmation from response — Grace Hopper in acme/web",
        ],
    );
    let plain =
        execute(&client, "get_release_details", json!({"releaseVersion": "web@1.2.0", "projectSlugOrId": "web"})).await;
    assert_ok(&plain, &["# Release web@1.2.0 in acme"]);
    assert!(!plain.text.contains("## Deploys") && !plain.text.contains("## Health"), "{}", plain.text);
    assert!(
        world.standin.requests().iter().any(|r| r.path.starts_with("/api/0/projects/acme/web/releases/web%401.2.0/"))
    );
    assert_err(
        &execute(&client, "get_release_details", json!({"releaseVersion": "web@9.9.9"})).await,
        &["404 Not Found"],
    );
    let root = world.client("").await;
    assert_err(&execute(&root, "find_releases", json!({"organizationSlug": "htmlco"})).await, &["not JSON"]);
    client.cancel().await.unwrap();
    root.cancel().await.unwrap();
}

/// Calls `get_snapshot_image` and returns the text and the image blocks (bytes base64, MIME type).
async fn snapshot_image(client: &Client, args: Value) -> (String, bool, Vec<(String, String)>) {
    let mut inner = Map::new();
    inner.insert("name".into(), json!("get_snapshot_image"));
    inner.insert("arguments".into(), args);
    let params = CallToolRequestParams::new("execute_sentry_tool".to_string()).with_arguments(inner);
    let result = client.call_tool(params).await.unwrap();
    let mut text = String::new();
    let mut images = Vec::new();
    for block in &result.content {
        if let Some(t) = block.as_text() {
            text.push_str(&t.text);
        }
        if let Some(i) = block.as_image() {
            images.push((i.data.clone(), i.mime_type.clone()));
        }
    }
    (text, result.is_error.unwrap_or(false), images)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_compare_with_their_base_and_images_come_back_as_images() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let base = execute(&client, "get_latest_base_snapshot", json!({"appId": "com.acme.web", "branch": "main"})).await;
    assert_ok(
        &base,
        &[
            "# Latest base snapshot of com.acme.web in acme",
            "**ID**: 13001",
            "- Checkout page (`checkout-page.png`, 1280×800)",
        ],
    );
    assert_err(
        &execute(&client, "get_latest_base_snapshot", json!({"appId": "com.acme.nope"})).await,
        &["no base snapshot of app \"com.acme.nope\""],
    );

    let diff = execute(&client, "get_snapshot", json!({"snapshotId": "13002"})).await;
    assert_ok(
        &diff,
        &[
            "# Snapshot 13002 in acme",
            "**Base snapshot**: 13001",
            "**Pull request**: #214",
            "## Changed (1)\n\n- Checkout page (`checkout-page.png`, 1280×800), 7.3% of pixels differ",
            "## Added (1)\n\n- Checkout order summary (`checkout-summary.png`",
            "2 unchanged images not listed",
        ],
    );
    let all = execute(&client, "get_snapshot", json!({"snapshotId": "13002", "showUnmodified": true})).await;
    assert_ok(&all, &["## Unchanged (2)", "- Login (`login.png`, 1280×720)"]);
    assert_err(
        &execute(&client, "get_snapshot", json!({"snapshotId": "13xyz"})).await,
        &["must be a numeric snapshot id"],
    );
    assert_err(&execute(&client, "get_snapshot", json!({"snapshotId": "19999"})).await, &["404 Not Found"]);

    let (text, is_error, images) =
        snapshot_image(&client, json!({"snapshotId": "13002", "imageIdentifier": "checkout-page.png"})).await;
    assert!(!is_error, "{text}");
    assert!(text.contains("# Image checkout-page.png of snapshot 13002 in acme"), "{text}");
    assert!(text.contains("**Comparison**: changed"), "{text}");
    assert_eq!(images.len(), 1, "{text}");
    assert_eq!(images[0].1, "image/png");
    assert!(images[0].0.starts_with("iVBORw0KGgo"), "a PNG, base64: {}", images[0].0);
    assert!(world.standin.requests().iter().any(|r| r.path.contains("/images/checkout-page.png/file/?variant=head")));
    let (text, is_error, images) =
        snapshot_image(&client, json!({"snapshotId": "13002", "imageIdentifier": "nope.png"})).await;
    assert!(is_error && images.is_empty() && text.contains("has no image \"nope.png\""), "{text}");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docs_are_searched_and_read_from_the_docs_sites() {
    let world =
        World::with_config(&[("skills", "all"), ("docs_url", "{standin}"), ("docs_search_url", "{standin}")]).await;
    let client = world.client("").await;
    let found = execute(&client, "search_docs", json!({"query": "python sdk setup", "maxResults": 2})).await;
    assert_ok(
        &found,
        &[
            "# Sentry docs matching \"python sdk setup\"",
            "## 1. /platforms/python",
            "**URL**: https://docs.sentry.io/platforms/python",
        ],
    );
    let search = world.standin.requests().into_iter().find(|r| r.path == "/api/search").expect("a search request");
    assert!(search.body.contains("\"maxResults\":2"), "{}", search.body);

    let page = execute(&client, "get_doc", json!({"path": "/platforms/python/"})).await;
    assert_ok(&page, &["# Sentry docs: /platforms/python", "## Page"]);
    assert!(world.standin.requests().iter().any(|r| r.path == "/platforms/python.md"));
    assert_err(
        &execute(&client, "get_doc", json!({"path": "/platforms/cobol/"})).await,
        &["no page \"/platforms/cobol\"", "search_docs"],
    );
    assert_err(
        &execute(&client, "get_doc", json!({"path": "https://evil.example.com/x"})).await,
        &["must be a path on docs.sentry.io"],
    );
    assert_err(&execute(&client, "get_doc", json!({"path": "/../../etc/passwd"})).await, &["not a docs page path"]);
    client.cancel().await.unwrap();
}

const REPLAY: &str = "e5f6a7b8c9d04e1fa2b3c4d5e6f7a8b9";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_is_summarized_with_pages_errors_and_its_timeline() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let replay = execute(&client, "get_replay_details", json!({"replayId": REPLAY})).await;
    assert_ok(
        &replay,
        &[
            &format!("# Replay {REPLAY} in acme"),
            "**Project**: web (id 2001)",
            "**Duration**: 102 s",
            "**User**: jane.doe@example.net",
            "**Browser**: Chrome 127.0.0",
            "**Rage clicks**: 1",
            "- https://acme.example.com/checkout",
            "- event `9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c`: issue **WEB-1** — TypeError",
            "ui.click: button#place-order.btn.btn-primary",
            "ui.multiClick: button#place-order.btn.btn-primary (5 clicks)",
            "resource.fetch: https://acme.example.com/api/orders/ (507 ms)",
            "get_trace_details",
        ],
    );
    assert!(
        world
            .standin
            .requests()
            .iter()
            .any(|r| r.path.contains("/replays/e5f6a7b8c9d04e1fa2b3c4d5e6f7a8b9/recording-segments/"))
    );
    let base = world.standin.base_url();
    let by_url = execute(
        &client,
        "get_replay_details",
        json!({"replayUrl": format!("{base}/organizations/acme/replays/{REPLAY}/")}),
    )
    .await;
    assert_ok(&by_url, &["**Project**: web"]);
    let foreign = execute(
        &client,
        "get_replay_details",
        json!({"replayUrl": format!("https://globex.sentry.io/replays/{REPLAY}/")}),
    )
    .await;
    assert_err(&foreign, &["belongs to organization \"globex\""]);
    assert_err(
        &execute(&client, "get_replay_details", json!({"replayId": "not-a-replay"})).await,
        &["is not a replay id"],
    );
    assert_err(
        &execute(&client, "get_replay_details", json!({"replayId": "00000000000000000000000000000000"})).await,
        &["has no replay"],
    );
    let api_only = world.client("/acme/api").await;
    assert_err(
        &execute(&api_only, "get_replay_details", json!({"replayId": REPLAY})).await,
        &["bound to project \"api\""],
    );
    client.cancel().await.unwrap();
    api_only.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ai_conversations_are_searched_and_read_step_by_step() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let all = execute(&client, "search_ai_conversations", json!({"project": "api"})).await;
    assert_ok(
        &all,
        &[
            "# AI conversations in acme",
            "**Found**: 2",
            "## conv-8b3e1c44 — Cancel order 9861",
            "**Errors**: 1 (tool errors: 1)",
            "## conv-5f2a9d71 — Where is my order?",
            "**Started**: 2026-08-17T10:00:10Z",
            "**Tokens**: 1843",
        ],
    );
    assert!(all.text.find("conv-8b3e1c44").unwrap() < all.text.find("conv-5f2a9d71").unwrap(), "newest first");
    assert!(
        world
            .standin
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/api/0/organizations/acme/ai-conversations/?")
                && r.path.contains("project=2002"))
    );
    let found = execute(&client, "search_ai_conversations", json!({"query": "cancel"})).await;
    assert_ok(&found, &["**Found**: 1", "conv-8b3e1c44"]);
    let none = execute(&client, "search_ai_conversations", json!({"project": "web"})).await;
    assert_ok(&none, &["**Found**: 0", "No conversation matched"]);

    let detail = execute(&client, "get_ai_conversation_details", json!({"conversationId": "conv-5f2a9d71"})).await;
    assert_ok(
        &detail,
        &[
            "# AI conversation conv-5f2a9d71 in acme",
            "**Title**: Where is my order?",
            "**Tokens**: 1843",
            "**Trace**: b7c8d9e0f1a24b3c8d9e0f1a2b3c4d5e",
            "`gen_ai.invoke_agent` invoke_agent Support Agent",
            "user: \"Where is my order? I placed it this morning but got an error page.\"",
            "tool `lookup_orders` input:",
            "model gpt-4.1-mini",
        ],
    );
    let failed = execute(&client, "get_ai_conversation_details", json!({"conversationId": "conv-8b3e1c44"})).await;
    assert_ok(&failed, &["**Errors**: 2", "execute_tool cancel_order, 6100 ms **internal_error**"]);
    assert_err(
        &execute(&client, "get_ai_conversation_details", json!({"conversationId": "conv-nope"})).await,
        &["has no AI conversation \"conv-nope\""],
    );
    let root = world.client("").await;
    assert_err(
        &execute(&root, "search_ai_conversations", json!({"organizationSlug": "broken"})).await,
        &["500 Server Error"],
    );
    client.cancel().await.unwrap();
    root.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_show_hot_functions_for_a_transaction_and_one_profile() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let aggregate = execute(
        &client,
        "get_profile",
        json!({"projectSlugOrId": "api", "transactionName": "POST /api/orders/", "compareAgainstPeriod": "7d"}),
    )
    .await;
    assert_ok(
        &aggregate,
        &[
            "# Profile of \"POST /api/orders/\" in acme/api",
            "**Sampled time**: 4520 ms",
            "| compute_discount (app/orders/pricing.py:88) | 2120 ms | 46.9% |",
            "create_order → place_order → compute_discount",
            "## Compared with 7d",
            "the profile looks unchanged",
        ],
    );
    assert!(
        world
            .standin
            .requests()
            .iter()
            .any(|r| r.path.contains("/profiling/flamegraph/?project=2002&query=transaction%3A%22POST"))
    );
    let empty =
        execute(&client, "get_profile", json!({"projectSlugOrId": "web", "transactionName": "GET /nothing"})).await;
    assert_ok(&empty, &["no profiles of this transaction"]);
    assert_err(&execute(&client, "get_profile", json!({"projectSlugOrId": "api"})).await, &["pass transactionName"]);

    let one = execute(
        &client,
        "get_profile_details",
        json!({"projectSlugOrId": "api", "profileId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9"}),
    )
    .await;
    assert_ok(
        &one,
        &[
            "# Profile 0a1b2c3d4e5f60718293a4b5c6d7e8f9 in acme/api",
            "**Transaction**: POST /api/orders/",
            "**Runtime**: CPython 3.12.4",
            "## Hottest functions (self time)",
            "compute_discount (app/orders/pricing.py:88)",
            "get_trace_details",
        ],
    );
    let chunk = execute(
        &client,
        "get_profile_details",
        json!({"profilerId": "f9e8d7c6b5a4938271605f4e3d2c1b0a", "projectSlugOrId": "api"}),
    )
    .await;
    assert_ok(&chunk, &["# Continuous profile f9e8d7c6b5a4938271605f4e3d2c1b0a in acme", "## Hottest call stacks"]);
    assert!(
        world
            .standin
            .requests()
            .iter()
            .any(|r| r.path.contains("/profiling/chunks/?profiler_id=f9e8d7c6b5a4938271605f4e3d2c1b0a"))
    );
    assert_err(
        &execute(&client, "get_profile_details", json!({"projectSlugOrId": "api", "profileId": "xyz"})).await,
        &["is not a profile id"],
    );
    assert_err(
        &execute(
            &client,
            "get_profile_details",
            json!({"projectSlugOrId": "web", "profileId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9"}),
        )
        .await,
        &["has no profile"],
    );
    let foreign =
        "https://globex.sentry.io/explore/profiling/profile/portal/0a1b2c3d4e5f60718293a4b5c6d7e8f9/flamegraph/";
    assert_err(
        &execute(&client, "get_profile_details", json!({"profileUrl": foreign})).await,
        &["belongs to organization \"globex\""],
    );
    client.cancel().await.unwrap();
}
