//! Black-box tests of the stand-in: a server on `127.0.0.1:0`, driven with reqwest, asserting
//! what a Sentry client sees (status, body, headers) and what the stand-in recorded.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sentry_standin::StandIn;
use serde_json::{Value, json};

const TOKEN: &str = "test-token";

async fn standin() -> StandIn {
    StandIn::start("127.0.0.1:0".parse().unwrap(), vec![TOKEN.into()]).await.unwrap()
}

/// A request to the stand-in with the accepted token.
fn request(standin: &StandIn, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new().request(method, format!("{}{path}", standin.base_url())).bearer_auth(TOKEN)
}

async fn get(standin: &StandIn, path: &str) -> (StatusCode, Value) {
    let response = request(standin, reqwest::Method::GET, path).send().await.unwrap();
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

async fn send(standin: &StandIn, method: reqwest::Method, path: &str, body: Value) -> (StatusCode, Value) {
    let response = request(standin, method, path).json(&body).send().await.unwrap();
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn requests_without_an_accepted_token_are_refused() {
    let standin = standin().await;
    let url = format!("{}/api/0/organizations/", standin.base_url());
    let missing = reqwest::get(&url).await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(missing.json::<Value>().await.unwrap(), json!({ "detail": "Invalid token" }));
    let wrong = reqwest::Client::new().get(&url).bearer_auth("nope").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_token_belongs_to_ada_and_her_region_is_the_standin() {
    let standin = standin().await;
    let (_, me) = get(&standin, "/api/0/auth/").await;
    assert_eq!((me["id"].as_str(), me["name"].as_str()), (Some("1"), Some("Ada Lovelace")));
    assert_eq!(me["email"], "ada@example.com");
    let (_, regions) = get(&standin, "/api/0/users/me/regions/").await;
    assert_eq!(regions, json!({ "regions": [{ "name": "us", "url": standin.base_url() }] }));
}

#[tokio::test]
async fn organizations_list_acme_and_globex_and_carry_the_region_url() {
    let standin = standin().await;
    let (status, orgs) = get(&standin, "/api/0/organizations/").await;
    assert_eq!(status, StatusCode::OK);
    let slugs: Vec<&str> = orgs.as_array().unwrap().iter().map(|o| o["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["acme", "globex"]);
    let (_, acme) = get(&standin, "/api/0/organizations/acme/").await;
    assert_eq!((acme["id"].as_str(), acme["name"].as_str()), (Some("1001"), Some("Acme Corp")));
    assert_eq!(acme["links"]["regionUrl"], standin.base_url());
    assert_eq!(acme["links"]["organizationUrl"], format!("{}/organizations/acme/", standin.base_url()));
}

#[tokio::test]
async fn a_self_hosted_standin_answers_an_empty_region_url() {
    let standin = StandIn::start_self_hosted("127.0.0.1:0".parse().unwrap(), vec![TOKEN.into()]).await.unwrap();
    let (_, acme) = get(&standin, "/api/0/organizations/acme/").await;
    assert_eq!(acme["links"]["regionUrl"], "");
}

#[tokio::test]
async fn an_issue_is_found_by_short_id_and_by_numeric_id() {
    let standin = standin().await;
    let (status, by_short) = get(&standin, "/api/0/organizations/acme/issues/WEB-1/").await;
    assert_eq!(status, StatusCode::OK);
    let (_, by_number) = get(&standin, "/api/0/organizations/acme/issues/3001/").await;
    assert_eq!(by_short, by_number);
    assert_eq!(by_short["title"], "TypeError: Cannot read properties of undefined (reading 'id')");
    assert_eq!(by_short["permalink"], format!("{}/organizations/acme/issues/3001/", standin.base_url()));
    assert_eq!(by_short["project"]["slug"], "web");
    assert_eq!(by_short["assignedTo"], Value::Null);
    let (status, other_org) = get(&standin, "/api/0/organizations/globex/issues/WEB-1/").await;
    assert_eq!(
        (status, other_org),
        (StatusCode::NOT_FOUND, json!({ "detail": "The requested resource does not exist" }))
    );
}

#[tokio::test]
async fn the_latest_event_has_a_stack_trace_and_the_fixture_trace() {
    let standin = standin().await;
    let (_, event) = get(&standin, "/api/0/organizations/acme/issues/WEB-1/events/latest/").await;
    assert_eq!(event["contexts"]["trace"]["trace_id"], "a1b2c3d4e5f60718293a4b5c6d7e8f90");
    let kinds: Vec<&str> = event["entries"].as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["exception", "breadcrumbs", "request"]);
    let frames = event["entries"][0]["data"]["values"][0]["stacktrace"]["frames"].as_array().unwrap();
    assert!(frames.len() >= 3 && frames.iter().any(|f| f["inApp"] == true));
    let (_, trace) = get(&standin, "/api/0/organizations/acme/trace/a1b2c3d4e5f60718293a4b5c6d7e8f90/").await;
    assert_eq!(trace[0]["errors"][0]["issue_short_id"], "WEB-1");
}

#[tokio::test]
async fn an_issue_update_and_a_note_are_read_back() {
    let standin = standin().await;
    let path = "/api/0/organizations/acme/issues/WEB-1/";
    let body = json!({ "status": "ignored", "substatus": "archived_until_condition_met", "ignoreDuration": 30, "assignedTo": "#frontend" });
    let (status, updated) = send(&standin, reqwest::Method::PUT, path, body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["status"], "ignored");
    let (_, read) = get(&standin, path).await;
    assert_eq!(
        (read["status"].as_str(), read["substatus"].as_str()),
        (Some("ignored"), Some("archived_until_condition_met"))
    );
    assert_eq!(read["statusDetails"]["ignoreDuration"], 30);
    assert_eq!(read["assignedTo"], json!({ "type": "team", "id": "4001", "name": "frontend" }));

    let notes = "/api/0/organizations/acme/issues/3001/notes/";
    let (status, note) = send(&standin, reqwest::Method::POST, notes, json!({ "text": "Looking into it" })).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(note["user"]["name"], "Ada Lovelace");
    let (_, listed) = get(&standin, notes).await;
    assert_eq!(listed[0]["data"]["text"], "Looking into it");
    assert_eq!(get(&standin, path).await.1["numComments"], 2);

    let (status, refused) = send(&standin, reqwest::Method::PUT, path, json!({ "status": "sleeping" })).await;
    assert_eq!(
        (status, refused),
        (StatusCode::BAD_REQUEST, json!({ "detail": "\"sleeping\" is not a valid choice." }))
    );
}

#[tokio::test]
async fn autofix_starts_empty_and_completes_on_the_third_read() {
    let standin = standin().await;
    let path = "/api/0/organizations/acme/issues/WEB-1/autofix/";
    assert_eq!(get(&standin, path).await.1, json!({ "autofix": null }));
    let (status, started) = send(&standin, reqwest::Method::POST, path, json!({ "instruction": "" })).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let run_id = started["run_id"].as_u64().unwrap();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let (_, state) = get(&standin, path).await;
        assert_eq!(state["autofix"]["run_id"], run_id);
        statuses.push(state["autofix"]["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(statuses, ["processing", "processing", "completed", "completed"]);
    let (_, done) = get(&standin, path).await;
    let keys: Vec<&str> = done["autofix"]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["artifacts"].as_array().unwrap())
        .map(|a| a["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["root_cause", "solution", "code_changes"]);
    assert!(
        done["autofix"]["repo_pr_states"]["acme/web"]["pr_url"]
            .as_str()
            .unwrap()
            .starts_with("https://github.com/acme/web/pull/")
    );
}

#[tokio::test]
async fn error_case_organizations_misbehave_as_documented() {
    let standin = standin().await;
    let (status, body) = get(&standin, "/api/0/organizations/ghost/").await;
    assert_eq!((status, body), (StatusCode::NOT_FOUND, json!({ "detail": "The requested resource does not exist" })));
    let (status, body) = get(&standin, "/api/0/organizations/broken/issues/").await;
    assert_eq!((status, body["detail"].as_str()), (StatusCode::INTERNAL_SERVER_ERROR, Some("Internal Error")));
    let (status, body) = get(&standin, "/api/0/projects/acme/secret/").await;
    assert_eq!(
        (status, body),
        (StatusCode::FORBIDDEN, json!({ "detail": "You do not have permission to perform this action." }))
    );

    let html = request(&standin, reqwest::Method::GET, "/api/0/organizations/htmlco/").send().await.unwrap();
    assert_eq!(html.status(), StatusCode::OK);
    assert!(html.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(html.text().await.unwrap().contains("<html>"));

    let (status, _) = get(&standin, "/api/0/organizations/hugeco/").await;
    assert_eq!(status, StatusCode::OK);
    let huge = request(&standin, reqwest::Method::GET, "/api/0/organizations/hugeco/issues/").send().await.unwrap();
    assert!(huge.bytes().await.unwrap().len() >= 10 * 1024 * 1024);
}

#[tokio::test]
async fn slowpoke_answers_correctly_three_seconds_late() {
    let standin = standin().await;
    let started = Instant::now();
    let (status, org) = get(&standin, "/api/0/organizations/slowpoke/").await;
    assert!(started.elapsed() >= Duration::from_secs(3));
    assert_eq!((status, org["slug"].as_str()), (StatusCode::OK, Some("slowpoke")));
}

#[tokio::test]
async fn unknown_endpoints_answer_404_naming_the_path() {
    let standin = standin().await;
    let (status, body) = get(&standin, "/api/0/organizations/acme/widgets/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["detail"], "The Sentry stand-in has no endpoint GET /api/0/organizations/acme/widgets/");
}

#[tokio::test]
async fn every_request_is_recorded_with_method_path_and_body() {
    let standin = standin().await;
    get(&standin, "/api/0/organizations/acme/issues/?query=is%3Aunresolved&limit=1").await;
    send(&standin, reqwest::Method::POST, "/api/0/organizations/acme/teams/", json!({ "name": "Mobile" })).await;
    let recorded = standin.requests();
    assert_eq!(recorded.len(), 2);
    assert_eq!(
        (recorded[0].method.as_str(), recorded[0].path.as_str()),
        ("GET", "/api/0/organizations/acme/issues/?query=is%3Aunresolved&limit=1")
    );
    assert_eq!(recorded[0].body, "");
    assert_eq!(recorded[1].method, "POST");
    assert_eq!(recorded[1].body, r#"{"name":"Mobile"}"#);
}

#[tokio::test]
async fn issue_lists_page_with_a_sentry_link_header() {
    let standin = standin().await;
    let response = request(&standin, reqwest::Method::GET, "/api/0/organizations/acme/issues/?query=&limit=2")
        .send()
        .await
        .unwrap();
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    let page: Value = response.json().await.unwrap();
    assert_eq!(page.as_array().unwrap().len(), 2);
    assert!(link.contains(r#"rel="next"; results="true"; cursor="0:2:0""#), "{link}");
    let (_, rest) = get(&standin, "/api/0/organizations/acme/issues/?query=&limit=2&cursor=0:2:0").await;
    assert_eq!(rest.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn events_search_aggregates_errors_by_issue() {
    let standin = standin().await;
    let path =
        "/api/0/organizations/acme/events/?dataset=errors&field=issue&field=count()&sort=-count()&query=level:error";
    let (status, result) = get(&standin, path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result["meta"]["fields"]["count()"], "integer");
    let rows = result["data"].as_array().unwrap();
    assert_eq!(rows.iter().map(|r| r["count()"].as_u64().unwrap()).sum::<u64>(), 4);
    let path = "/api/0/organizations/acme/events/?dataset=spans&field=span.op&field=count()&query=trace:a1b2c3d4e5f60718293a4b5c6d7e8f90&sort=-count()";
    let (_, spans) = get(&standin, path).await;
    assert_eq!(spans["data"][0], json!({ "span.op": "http.client", "count()": 4 }));
}

#[tokio::test]
async fn created_projects_teams_keys_and_uptime_monitors_are_read_back() {
    let standin = standin().await;
    let (status, team) =
        send(&standin, reqwest::Method::POST, "/api/0/organizations/acme/teams/", json!({ "name": "Mobile" })).await;
    assert_eq!((status, team["slug"].as_str()), (StatusCode::CREATED, Some("mobile")));
    let body = json!({ "name": "iOS App", "platform": "apple-ios" });
    let (status, project) = send(&standin, reqwest::Method::POST, "/api/0/teams/acme/mobile/projects/", body).await;
    assert_eq!((status, project["slug"].as_str()), (StatusCode::CREATED, Some("ios-app")));
    let (_, keys) = get(&standin, "/api/0/projects/acme/ios-app/keys/").await;
    assert_eq!(keys[0]["name"], "Default");
    let dsn = keys[0]["dsn"]["public"].as_str().unwrap();
    assert!(dsn.ends_with(&format!("@{}/{}", standin.addr(), project["id"].as_str().unwrap())), "{dsn}");

    let monitor = json!({ "name": "API health", "url": "https://api.acme.example.com/health", "intervalSeconds": 300 });
    let (status, created) = send(&standin, reqwest::Method::POST, "/api/0/projects/acme/api/uptime/", monitor).await;
    assert_eq!(status, StatusCode::CREATED);
    let path = format!("/api/0/projects/acme/api/uptime/{}/", created["id"].as_str().unwrap());
    send(&standin, reqwest::Method::PUT, &path, json!({ "status": "disabled" })).await;
    assert_eq!(get(&standin, &path).await.1["status"], "disabled");
    let (status, _) = send(&standin, reqwest::Method::DELETE, &path, Value::Null).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(get(&standin, &path).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn documentation_pages_and_search_need_no_token() {
    let standin = standin().await;
    let page = reqwest::get(format!("{}/platforms/javascript.md", standin.base_url())).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().starts_with("# JavaScript"));
    let missing = reqwest::get(format!("{}/platforms/cobol.md", standin.base_url())).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let hits: Value = reqwest::Client::new()
        .post(format!("{}/api/search", standin.base_url()))
        .json(&json!({ "query": "install python sdk", "maxResults": 1 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(hits["results"].as_array().unwrap().len(), 1);
    assert_eq!(hits["results"][0]["id"], "/platforms/python.md");
}
