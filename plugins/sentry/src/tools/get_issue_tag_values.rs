//! `get_issue_tag_values`: how one issue's events spread over the values of
//! a tag (`GET /organizations/{org}/issues/{id}/tags/{key}/`).

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::issue_scope;
use crate::md::{Md, truncate};
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError};

/// A tag's distribution over an issue's events.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TagDetails {
    #[serde(deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(rename = "totalValues", deserialize_with = "lenient")]
    total_values: Option<u64>,
    #[serde(rename = "uniqueValues", deserialize_with = "lenient")]
    unique_values: Option<u64>,
    #[serde(rename = "topValues", deserialize_with = "lenient_list")]
    top_values: Vec<TagValue>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TagValue {
    value: Scalar,
    #[serde(deserialize_with = "lenient")]
    count: Option<u64>,
    #[serde(rename = "lastSeen", deserialize_with = "lenient")]
    last_seen: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let key = args.require_str("tagKey")?;
    let target = issue_scope::target(ctx, args)?;
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    issue_scope::ensure_in_scope(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "tags", key]);
    let tag: TagDetails = api.get(&path, &Query::new())?;
    Ok(Reply::text(render(ctx, org, &target.issue_id, key, &tag)))
}

fn render(ctx: &Ctx, org: &str, issue: &str, key: &str, tag: &TagDetails) -> String {
    let mut md = Md::titled(&format!("Tag `{key}` of issue {issue} in {org}"));
    md.field_opt("Tag", tag.name.as_deref());
    md.field_opt("Events with the tag", tag.total_values);
    md.field_opt("Distinct values", tag.unique_values);
    if tag.top_values.is_empty() {
        md.para(&format!("No event of this issue has the tag `{key}`; `get_issue_details` shows the tags it has."));
    } else {
        let total = tag.total_values.filter(|t| *t > 0);
        let rows: Vec<Vec<String>> = tag
            .top_values
            .iter()
            .map(|v| {
                let share = match (v.count, total) {
                    (Some(c), Some(t)) => format!("{:.1}%", c as f64 * 100.0 / t as f64),
                    _ => "-".into(),
                };
                let count = v.count.map(|c| c.to_string()).unwrap_or_else(|| "-".into());
                vec![truncate(&v.value.0, 120), count, share, v.last_seen.clone().unwrap_or_else(|| "-".into())]
            })
            .collect();
        md.table(&["value", "events", "share", "last seen"], &rows);
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("search_issue_events", "list the events with one of these values (e.g. `browser:\"Chrome 127.0.0\"`)"),
            ("get_issue_details", "see the issue and its latest event"),
        ],
    ));
    md.finish()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn values_are_shown_with_counts_and_shares() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/issues/WEB-1/tags/browser/",
            200,
            r#"{"key":"browser","name":"Browser","totalValues":1284,"uniqueValues":2,
                "topValues":[{"value":"Chrome 127.0.0","count":801,"lastSeen":"2026-08-17T09:41:14Z"},{"value":"Safari 17.5","count":483}]}"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args = Args::from_json(json!({"organizationSlug": "acme", "issueId": "WEB-1", "tagKey": "browser"}));
        let text = run(&ctx, &args).unwrap().text;
        assert!(text.starts_with("# Tag `browser` of issue WEB-1 in acme\n"), "{text}");
        assert!(text.contains("| Chrome 127.0.0 | 801 | 62.4% | 2026-08-17T09:41:14Z |"), "{text}");
        assert!(text.contains("| Safari 17.5 | 483 | 37.6% | - |"), "{text}");
    }
}
