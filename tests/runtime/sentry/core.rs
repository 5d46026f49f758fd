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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skills_decide_which_tools_exist() {
    // The operator's default: inspect and seer only.
    let world = World::with_config(&[("skills", "inspect,seer")]).await;
    let client = world.client("").await;
    let names: Vec<String> = tools(&client).await.into_iter().map(|t| t.name.to_string()).collect();
    assert!(names.contains(&"search_issues".into()) && names.contains(&"analyze_issue_with_seer".into()));
    assert!(!names.contains(&"update_issue".into()), "update_issue is triage: {names:?}");
    let note =
        execute(&client, "add_issue_note", json!({"organizationSlug": "acme", "issueId": "WEB-1", "text": "x"})).await;
    assert_err(&note, &["add_issue_note"]);
    let found = call(&client, "search_sentry_tools", json!({"query": "dsn"})).await;
    assert!(!found.text.contains("create_dsn"), "project-management is not granted:\n{}", found.text);
    assert!(world.standin.requests().iter().all(|r| !r.path.contains("/notes/")), "nothing was sent");
    client.cancel().await.unwrap();

    // A tenant's skill scopes replace the operator's list for that tenant.
    use warren::{Caller, Constraints, Credentials, Secret, TenantId};
    let caller = Caller {
        scopes: vec!["skill:triage".into()],
        credentials: Credentials::default().with("sentry", Secret::new(String::from(super::TOKEN))),
    };
    let tenant = TenantId::new("triager").unwrap();
    let key = world.runtime.verify(&tenant, "sentry", Constraints::none(), &caller).await.unwrap();
    let names: Vec<String> =
        world.runtime.list_tools(&key, &caller).await.unwrap().into_iter().map(|t| t.name).collect();
    assert!(names.contains(&"update_issue".into()), "{names:?}");
    assert!(!names.contains(&"analyze_issue_with_seer".into()), "{names:?}");
}
