//! Agents are isolated: by tenant, by constraints, and from each other's failures.

use std::sync::Arc;

use crate::common::{key, open, text};

#[tokio::test]
async fn tenant_a_never_sees_tenant_b_notes_in_the_same_context() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let a = key(&rt, "alice", "notes", &[("notebook", "shared")]).await;
    let b = key(&rt, "bob", "notes", &[("notebook", "shared")]).await;
    assert_ne!(a.id(), b.id());
    text(&rt, &a, "add_note", r#"{"title":"alice secret","body":"only mine"}"#).await;
    assert_eq!(text(&rt, &b, "list_notes", "{}").await, "No notes yet. Add one with `add_note`.");
    assert_eq!(text(&rt, &b, "search_notes", r#"{"query":"secret"}"#).await, "No notes match \"secret\".");
    let b_get =
        rt.call(&b, &Default::default(), "get_note", r#"{"id":1}"#, Arc::new(warren::Unobserved)).await.unwrap();
    assert!(b_get.is_error && b_get.text().starts_with("no note #1"), "{b_get:?}");
    rt.shutdown().await;
}

#[tokio::test]
async fn two_tenants_and_two_notebooks_are_four_agents() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    for tenant in ["alice", "bob"] {
        for book in ["work", "home"] {
            let k = key(&rt, tenant, "notes", &[("notebook", book)]).await;
            text(&rt, &k, "add_note", &format!(r#"{{"title":"{tenant} {book}","body":"x"}}"#)).await;
        }
    }
    assert_eq!(rt.live_agents(), 4);
    let agents = rt.agents().unwrap();
    assert_eq!(agents.len(), 4);
    assert!(agents.iter().all(|a| a.usage.keys == 1));
    rt.shutdown().await;
}

#[tokio::test]
async fn constraints_are_checked_before_an_agent_is_bound() {
    let dir = tempfile::tempdir().unwrap();
    let rt = open(dir.path()).await;
    let tenant = warren::TenantId::new("t1").unwrap();
    let caller = warren::Caller::default();
    let c = |pairs: &[(&str, &str)]| warren::Constraints::from_pairs(pairs.iter().copied()).unwrap();

    let err = rt.verify(&tenant, "notes", c(&[("folder", "x")]), &caller).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "constraints for plugin \"notes\": \"folder\" is not a constraint of this plugin; it declares [\"notebook\"]"
    );
    let err = rt.verify(&tenant, "notes", c(&[("notebook", "a b")]), &caller).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin \"notes\" refused the constraints (400): notebook \"a b\" is not a valid notebook name: use 1-64 letters, digits, '-' or '_'"
    );
    let err = rt.verify(&tenant, "testbed", c(&[("room", "forbidden")]), &caller).await.unwrap_err();
    assert!(matches!(err, warren::CallError::Verify { status: warren::VerifyStatus::Forbidden, .. }), "{err}");
    let bad = warren::Constraints::from_pairs([("notebook", "../etc")]).unwrap_err();
    assert_eq!(bad.to_string(), "constraint \"notebook\": the value may not contain '/', '\\' or control characters");
    assert_eq!(rt.live_agents(), 0, "verification binds no agent");
    rt.shutdown().await;
}
