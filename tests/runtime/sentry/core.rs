//! Phase-1 tools and the plugin's scoping: whoami, find_*, search and
//! execute, get_issue_details; constraints shrink schemas and are injected.

use serde_json::json;

use super::{World, assert_err, assert_ok, call, execute, tools};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoami_and_the_finders_answer_from_the_stand_in() {
    let world = World::start().await;
    let client = world.client("").await;
    assert_ok(&execute(&client, "whoami", json!({})).await, &["Ada Lovelace"]);
    assert_ok(&call(&client, "find_organizations", json!({})).await, &["acme", "globex"]);
    assert_ok(&call(&client, "find_projects", json!({"organizationSlug": "acme"})).await, &["web", "api"]);
    assert_ok(&execute(&client, "find_teams", json!({"organizationSlug": "acme"})).await, &["frontend", "backend"]);
    let found = call(&client, "search_sentry_tools", json!({"query": "issue details"})).await;
    assert_ok(&found, &["get_issue_details"]);
    // The plugin reached Sentry only through the host, which added the token.
    assert!(world.standin.requests().iter().any(|r| r.method == "GET" && r.path.starts_with("/api/0/auth/")));
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_details_show_the_stack_trace_and_constraints_are_injected() {
    let world = World::start().await;
    let scoped = world.client("/acme/web").await;
    let listed = tools(&scoped).await;
    assert!(!listed.iter().any(|t| t.name == "find_organizations" || t.name == "find_projects"));
    for tool in &listed {
        let props = tool.input_schema.get("properties").and_then(|p| p.as_object()).cloned().unwrap_or_default();
        assert!(!props.contains_key("organizationSlug"), "{} still asks for organizationSlug", tool.name);
    }
    let details = execute(&scoped, "get_issue_details", json!({"issueId": "WEB-1"})).await;
    assert_ok(&details, &["WEB-1", "TypeError"]);
    let other =
        execute(&scoped, "get_issue_details", json!({"organizationSlug": "globex", "issueId": "PORTAL-1"})).await;
    assert_err(&other, &["acme"]);
    assert!(other.structured.is_none());
    assert_eq!(world.runtime.live_agents(), 1, "one agent for (local tenant hash, sentry, acme/web)");
    scoped.cancel().await.unwrap();
}
