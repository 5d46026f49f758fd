//! Bad input and a misbehaving upstream: each gives a clear `isError` result
//! (or the documented HTTP status at verification) and leaves the agent healthy.

use serde_json::json;

use super::{TOKEN, World, assert_err, assert_ok, call, execute};

/// The status of an `initialize` POST on `/sentry/mcp{context}` with the stand-in's token.
async fn open_status(world: &World, context: &str) -> (u16, String) {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}});
    let resp = reqwest::Client::new()
        .post(format!("http://{}/sentry/mcp{context}", world.addr))
        .header("accept", "application/json, text/event-stream")
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_answers_with_the_upstream_status() {
    let world = World::start().await;
    let (status, body) = open_status(&world, "/ghost").await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("ghost"), "{body}");
    let (status, body) = open_status(&world, "/acme/secret").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("secret"), "{body}");
    let (status, body) = open_status(&world, "/broken").await;
    assert_eq!(status, 502, "{body}");
    let (status, body) = open_status(&world, "/acme/web").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_arguments_and_a_bad_upstream_are_error_results_and_the_agent_recovers() {
    let world = World::with_config(&[("skills", "all"), ("request_timeout_ms", "1000")]).await;
    let client = world.client("").await;
    let projects = |org: &str| json!({"organizationSlug": org});

    let unknown = call(&client, "find_projects", projects("ghost")).await;
    assert_err(&unknown, &["404"]);
    let failing = call(&client, "find_projects", projects("broken")).await;
    assert_err(&failing, &["500"]);
    let slow = call(&client, "find_projects", projects("slowpoke")).await;
    assert_err(&slow, &["time"]);
    let region =
        call(&client, "find_projects", json!({"organizationSlug": "acme", "regionUrl": "https://evil.example.com"}))
            .await;
    assert_err(&region, &["evil.example.com"]);
    let html = call(&client, "find_projects", projects("htmlco")).await;
    assert!(html.is_error || !html.text.is_empty(), "{html:?}");

    let bad_id =
        execute(&client, "get_issue_details", json!({"organizationSlug": "acme", "issueId": "not an id!"})).await;
    assert_err(&bad_id, &["issueId"]);
    let missing =
        execute(&client, "get_issue_details", json!({"organizationSlug": "acme", "issueId": "WEB-999"})).await;
    assert_err(&missing, &["WEB-999"]);
    let unknown_param = call(&client, "find_projects", json!({"organizationSlug": "acme", "colour": "red"})).await;
    assert_err(&unknown_param, &["colour"]);

    // The agent is healthy afterwards.
    assert_ok(&call(&client, "find_projects", projects("acme")).await, &["web"]);
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_upstream_answer_and_a_foreign_url_are_refused() {
    let world = World::start().await;
    let bound = world.client("/acme").await;
    let foreign = format!("http://{}/organizations/globex/issues/3101/", world.standin.addr());
    let crossed = execute(&bound, "get_issue_details", json!({"issueUrl": foreign})).await;
    assert_err(&crossed, &["acme"]);
    let unbound = world.client("").await;
    // A 10 MB answer is over the plugin's 5 MiB cap: the host refuses it and the tool says so.
    let huge = call(&unbound, "search_issues", json!({"organizationSlug": "hugeco"})).await;
    assert_err(&huge, &["larger"]);
    assert_ok(&execute(&bound, "get_issue_details", json!({"issueId": "WEB-1"})).await, &["WEB-1"]);
    bound.cancel().await.unwrap();
    unbound.cancel().await.unwrap();
}
