//! Project-management, DSN, team, monitor and onboarding tools against the stand-in.

use serde_json::json;

use super::{World, assert_err, assert_ok, execute};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dsns_are_listed_created_and_updated() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let keys = execute(&client, "find_dsns", json!({"projectSlug": "web"})).await;
    assert_ok(&keys, &["# DSNs of project web in acme", "## Default (active)", "`3f9c2a7d5e1b4c8a9d0e6f2b7a4c1d3e`"]);
    assert_ok(&keys, &["http://3f9c2a7d5e1b4c8a9d0e6f2b7a4c1d3e@127.0.0.1:", "/2001`", "**Rate limit**: none"]);

    let created = execute(&client, "create_dsn", json!({"projectSlug": "web", "name": "mobile-app"})).await;
    assert_ok(&created, &["# New DSN \"mobile-app\" for project web in acme", "**Status**: active"]);
    let id = created.text.split("**ID**: `").nth(1).and_then(|t| t.split('`').next()).unwrap().to_string();

    let args = json!({"projectSlug": "web", "keyId": id, "name": "mobile-prod", "isActive": false,
                      "rateLimitWindow": 60, "rateLimitCount": 100, "loaderHasReplay": true});
    let updated = execute(&client, "update_dsn", args).await;
    assert_ok(&updated, &["\"mobile-prod\"", "**Status**: disabled", "**Rate limit**: 100 events per 60 s"]);
    assert_ok(&updated, &["**Loader includes**: Session Replay"]);
    let put = world.standin.requests().into_iter().find(|r| r.method == "PUT").unwrap();
    assert_eq!(put.path, format!("/api/0/projects/acme/web/keys/{id}/"));
    assert!(put.body.contains("\"rateLimit\":{\"count\":100,\"window\":60}"), "{}", put.body);

    // Read back: the new key is listed, renamed and disabled.
    let keys = execute(&client, "find_dsns", json!({"projectSlug": "web"})).await;
    assert_ok(&keys, &["2 client keys", "## mobile-prod (disabled)", &id]);

    let half = execute(&client, "update_dsn", json!({"projectSlug": "web", "keyId": id, "rateLimitCount": 5})).await;
    assert_err(&half, &["needs both `rateLimitWindow`"]);
    let unknown = execute(&client, "update_dsn", json!({"projectSlug": "web", "keyId": "0000", "name": "x"})).await;
    assert_err(&unknown, &["PUT /api/0/projects/acme/web/keys/0000/", "404 Not Found"]);
    let forbidden = execute(&client, "find_dsns", json!({"projectSlug": "secret"})).await;
    assert_err(&forbidden, &["403 Forbidden", "You do not have permission"]);
    let other_org = execute(&client, "find_dsns", json!({"organizationSlug": "globex", "projectSlug": "portal"})).await;
    assert_err(&other_org, &["bound to organization \"acme\""]);

    // Bound to a project, the project is filled in and cannot be swapped.
    let scoped = world.client("/acme/web").await;
    assert_ok(&execute(&scoped, "find_dsns", json!({})).await, &["# DSNs of project web in acme"]);
    let swapped = execute(&scoped, "find_dsns", json!({"projectSlug": "api"})).await;
    assert_err(&swapped, &["bound to project \"web\""]);
    let moved = execute(&scoped, "update_project", json!({"slug": "storefront"})).await;
    assert_err(&moved, &["would cut it off from the project"]);
    scoped.cancel().await.unwrap();
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_and_projects_are_created_linked_and_changed() {
    let world = World::start().await;
    let client = world.client("").await;
    let team = execute(&client, "create_team", json!({"organizationSlug": "acme", "name": "Payments"})).await;
    assert_ok(&team, &["# New team payments in acme", "**Slug**: `payments`", "**Name**: Payments"]);
    let taken = execute(&client, "create_team", json!({"organizationSlug": "acme", "name": "Payments"})).await;
    assert_err(&taken, &["409 Conflict", "A team with this slug already exists."]);

    let args = json!({"organizationSlug": "acme", "teamSlug": "payments", "name": "Checkout", "platform": "go",
                      "repository": "web"});
    let project = execute(&client, "create_project", args).await;
    assert_ok(&project, &["# New project checkout in acme", "**Slug**: `checkout`", "**Platform**: go"]);
    assert_ok(&project, &["**SENTRY_DSN**: `http://", "**Repository**: acme/web (linked"]);
    let mapping = world.standin.requests().into_iter().find(|r| r.path.contains("code-mappings")).unwrap();
    assert!(mapping.body.contains("\"project\":\"checkout\"") && mapping.body.contains("\"repository\":\"acme/web\""));
    let dsns = execute(&client, "find_dsns", json!({"organizationSlug": "acme", "projectSlug": "checkout"})).await;
    assert_ok(&dsns, &["## Default (active)"]);

    let no_repo =
        json!({"organizationSlug": "acme", "teamSlug": "payments", "name": "Ghost", "repository": "acme/nope"});
    assert_err(
        &execute(&client, "create_project", no_repo).await,
        &["no repository \"acme/nope\"", "no project was created"],
    );
    let no_team = json!({"organizationSlug": "acme", "teamSlug": "nobody", "name": "Orphan"});
    assert_err(&execute(&client, "create_project", no_team).await, &["POST /api/0/teams/acme/nobody/projects/", "404"]);

    let renamed = json!({"organizationSlug": "acme", "projectSlug": "checkout", "name": "Checkout Service",
                         "slug": "checkout-svc"});
    let renamed = execute(&client, "update_project", renamed).await;
    assert_ok(&renamed, &["# Updated project checkout-svc in acme", "**Name**: Checkout Service"]);
    assert_ok(&renamed, &["The slug changed from `checkout` to `checkout-svc`"]);
    let gone = execute(&client, "find_dsns", json!({"organizationSlug": "acme", "projectSlug": "checkout"})).await;
    assert_err(&gone, &["404 Not Found"]);
    let nothing = execute(&client, "update_project", json!({"organizationSlug": "acme", "projectSlug": "web"})).await;
    assert_err(&nothing, &["nothing to change"]);

    let added = json!({"organizationSlug": "acme", "projectSlug": "api", "teamSlug": "frontend"});
    let added = execute(&client, "add_team_to_project", added).await;
    assert_ok(
        &added,
        &["# Team frontend added to project api in acme", "- `backend` (Backend)", "- `frontend` (Frontend)"],
    );
    let removed = json!({"organizationSlug": "acme", "projectSlug": "api", "teamSlug": "backend"});
    let removed = execute(&client, "remove_team_from_project", removed).await;
    assert_ok(&removed, &["# Team backend removed from project api in acme", "- `frontend` (Frontend)"]);
    assert!(!removed.text.contains("`backend` (Backend)"), "{}", removed.text);
    let broken = execute(
        &client,
        "add_team_to_project",
        json!({"organizationSlug": "broken", "projectSlug": "x", "teamSlug": "y"}),
    )
    .await;
    assert_err(&broken, &["500 Server Error"]);
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uptime_monitors_are_found_shown_created_updated_and_deleted() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let found = execute(&client, "find_uptime_monitors", json!({"projectSlug": "web"})).await;
    assert_ok(
        &found,
        &[
            "# Uptime monitors in acme/web",
            "| `5001` | Acme homepage | web | https://acme.example.com/ | 60 s | active | up |",
        ],
    );
    assert!(
        world.standin.requests().iter().any(|r| r.path.starts_with("/api/0/organizations/acme/uptime/?project=2001"))
    );

    let args = json!({"projectSlug": "web", "uptimeMonitorId": "5001", "checkLimit": 10});
    let details = execute(&client, "get_uptime_monitor_details", args).await;
    assert_ok(&details, &["# Uptime monitor \"Acme homepage\" in acme/web", "**URL**: GET https://acme.example.com/"]);
    assert_ok(&details, &["**Owner**: team frontend (`team:4001`)", "10 checks shown, 1 not successful.", "| 503 |"]);

    let args = json!({"projectSlug": "api", "name": "API health", "url": "https://api.acme.example.com/health",
                      "intervalSeconds": 300, "method": "HEAD", "headers": [["X-Probe", "1"]], "owner": "team:backend"});
    let created = execute(&client, "create_uptime_monitor", args).await;
    assert_ok(
        &created,
        &["# New uptime monitor \"API health\" in acme/api", "**URL**: HEAD https://api.acme.example.com/health"],
    );
    assert_ok(&created, &["**Interval**: every 300 s", "**Timeout**: 5000 ms", "**Owner**: team backend"]);
    let id = created.text.split("**ID**: `").nth(1).and_then(|t| t.split('`').next()).unwrap().to_string();

    let args = json!({"projectSlug": "api", "uptimeMonitorId": id, "status": "disabled", "intervalSeconds": 600,
                      "owner": null});
    let updated = execute(&client, "update_uptime_monitor", args).await;
    assert_ok(&updated, &["Changed: `intervalSeconds`, `owner`, `status`.", "**Status**: disabled", "**Owner**: none"]);
    let read_back =
        execute(&client, "get_uptime_monitor_details", json!({"projectSlug": "api", "uptimeMonitorId": id})).await;
    assert_ok(&read_back, &["**Interval**: every 600 s", "**Status**: disabled"]);

    let odd_id = json!({"projectSlug": "web", "uptimeMonitorId": "5001/checks"});
    assert_err(&execute(&client, "get_uptime_monitor_details", odd_id).await, &["must be a monitor id"]);
    let scoped = world.client("/acme/api").await;
    let only_api = execute(&scoped, "find_uptime_monitors", json!({})).await;
    assert_ok(&only_api, &["# Uptime monitors in acme/api", "| API health | api |"]);
    assert!(!only_api.text.contains("Acme homepage"), "{}", only_api.text);
    scoped.cancel().await.unwrap();

    let bad = json!({"projectSlug": "api", "name": "x", "url": "https://x.example.com/", "intervalSeconds": 7});
    assert_err(&execute(&client, "create_uptime_monitor", bad).await, &["400 Bad Request", "intervalSeconds"]);

    let deleted = execute(&client, "delete_uptime_monitor", json!({"projectSlug": "api", "uptimeMonitorId": id})).await;
    assert_ok(&deleted, &[&format!("# Deleted uptime monitor {id} in acme/api")]);
    let again = execute(&client, "delete_uptime_monitor", json!({"projectSlug": "api", "uptimeMonitorId": id})).await;
    assert_err(&again, &["has no uptime monitor", "may be deleted already"]);
    let gone =
        execute(&client, "get_uptime_monitor_details", json!({"projectSlug": "api", "uptimeMonitorId": id})).await;
    assert_err(&gone, &["404 Not Found"]);
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cron_monitors_show_checkins_and_stats() {
    let world = World::start().await;
    let client = world.client("").await;
    let found = execute(&client, "find_monitors", json!({"organizationSlug": "acme"})).await;
    assert_ok(
        &found,
        &[
            "# Cron monitors in acme",
            "| `nightly-backup` | Nightly backup | api | `0 3 * * *` (crontab, UTC) | production: ok |",
        ],
    );
    let none = execute(&client, "find_monitors", json!({"organizationSlug": "acme", "projectSlug": "web"})).await;
    assert_ok(&none, &["No cron monitor matches"]);

    let args = json!({"organizationSlug": "acme", "monitorSlug": "nightly-backup", "includeStats": true,
                      "period": "7d", "checkInLimit": 7});
    let details = execute(&client, "get_monitor_details", args).await;
    assert_ok(&details, &["# Cron monitor \"Nightly backup\" in acme", "**Owner**: team backend (`team:4002`)"]);
    assert_ok(&details, &["| 2026-08-14T03:00:00Z | error | 61.2 s | production | API-1 |", "| missed |"]);
    assert_ok(&details, &["## Check-in statistics", "**Buckets**: ", "**Check-ins**: "]);
    let stats = world.standin.requests().into_iter().find(|r| r.path.contains("/stats/")).unwrap();
    assert!(stats.path.contains("since=") && stats.path.contains("resolution=86400s"), "{}", stats.path);

    let scoped = world.client("/acme/web").await;
    let wrong = execute(&scoped, "get_monitor_details", json!({"monitorSlug": "nightly-backup"})).await;
    assert_err(&wrong, &["404 Not Found"]);
    let unknown =
        execute(&client, "get_monitor_details", json!({"organizationSlug": "acme", "monitorSlug": "nope"})).await;
    assert_err(&unknown, &["GET /api/0/organizations/acme/monitors/nope/", "404 Not Found"]);
    let ghost = execute(&client, "find_monitors", json!({"organizationSlug": "ghost"})).await;
    assert_err(&ghost, &["404 Not Found"]);
    let html = execute(&client, "find_uptime_monitors", json!({"organizationSlug": "htmlco"})).await;
    assert_err(&html, &["not JSON"]);
    scoped.cancel().await.unwrap();
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn onboarding_progress_is_posted_and_accumulates() {
    let world = World::start().await;
    let client = world.client("/acme").await;
    let first = json!({"runToken": "run0000001", "stage": "connect_mcp", "status": "completed"});
    assert_ok(
        &execute(&client, "onboarding_status_update", first).await,
        &["**Stage**: `connect_mcp`", "**Run**: active"],
    );
    let second = json!({"runToken": "run0000001", "stage": "create_project", "status": "completed",
                        "projectSlugs": ["web"], "eventNote": "Project web chosen"});
    let reply = execute(&client, "onboarding_status_update", second).await;
    assert_ok(&reply, &["# Onboarding progress reported to acme", "**Projects**: `web`", "**Updates so far**: 2"]);
    assert_ok(&reply, &["- `connect_mcp`: completed", "- `create_project`: completed"]);
    let post = world.standin.requests().into_iter().rfind(|r| r.method == "POST").unwrap();
    assert!(post.body.contains("\"schemaVersion\":1") && post.body.contains("\"extra\":{\"projectSlugs\":[\"web\"]}"));

    let wrong_list =
        json!({"runToken": "run0000001", "stage": "plan_test_error", "status": "active", "issueIds": ["WEB-1"]});
    assert_err(&execute(&client, "onboarding_status_update", wrong_list).await, &["`issueIds` go with stage"]);
    let bad_token = json!({"runToken": "short", "stage": "connect_mcp", "status": "active"});
    assert_err(&execute(&client, "onboarding_status_update", bad_token).await, &["400 Bad Request", "runToken"]);
    let bad_stage = json!({"runToken": "run0000001", "stage": "launch", "status": "active"});
    assert_err(&execute(&client, "onboarding_status_update", bad_stage).await, &["`stage` must be one of"]);
    client.cancel().await.unwrap();
}
