//! `find_dashboards`: an organization's dashboards
//! (`GET /api/0/organizations/{org}/dashboards/`), with their ids, titles,
//! widget counts and creators. [`Dashboard`] is shared with
//! `get_dashboard_details`.

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{Scalar, User};
use crate::reply::{Reply, ToolError};

/// A dashboard as the list and the detail endpoints return it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Dashboard {
    /// Numeric id (a string in Sentry's answers).
    pub id: Scalar,
    /// Its title.
    pub title: String,
    /// When it was made.
    pub date_created: Option<String>,
    /// Who made it.
    pub created_by: Option<User>,
    /// Display types of its widgets (list endpoint only).
    pub widget_display: Vec<String>,
}

/// A user's name, else email.
pub fn person(user: &User) -> String {
    user.name.clone().or_else(|| user.email.clone()).unwrap_or_else(|| "unknown".into())
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let title = args.str("titleQuery");
    let query = Query::new()
        .opt("query", title)
        .opt("sort", args.str("sort"))
        .opt("cursor", args.str("cursor"))
        .push("per_page", args.int("limit").unwrap_or(25).clamp(1, 100));
    let page = ctx
        .org_api(org, args.region())
        .get_page::<Vec<Dashboard>>(&api_path(&["organizations", org, "dashboards"]), &query)?;
    let mut md = Md::titled(&match title {
        Some(t) => format!("Dashboards matching {t:?} in {org}"),
        None => format!("Dashboards in {org}"),
    });
    if page.items.is_empty() {
        md.para("No dashboard found.");
        return Ok(Reply::text(md.finish()));
    }
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|d| {
            vec![
                d.id.to_string(),
                d.title.clone(),
                d.widget_display.len().to_string(),
                d.created_by.as_ref().map(person).unwrap_or_else(|| "-".into()),
                d.date_created.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    md.table(&["id", "title", "widgets", "created by", "created"], &rows);
    if let Some(cursor) = &page.next_cursor {
        md.para(&format!("More dashboards exist; pass `cursor: \"{cursor}\"` for the next page."));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[("get_dashboard_details", "see a dashboard's widgets and their queries (by id or title)")],
    ));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn dashboards_are_listed_with_widget_counts_and_a_cursor_hint() {
        let io = FakeIo::default().route_with_headers(
            "GET https://us.sentry.io/api/0/organizations/acme/dashboards/?query=front&per_page=25",
            &[("link", r#"<x>; rel="next"; results="true"; cursor="0:25:0""#)],
            r#"[{"id":"6001","title":"Frontend Health","dateCreated":"2026-03-04T10:11:12Z",
                "createdBy":{"name":"Grace Hopper"},"widgetDisplay":["bar","line","table"]}]"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let text =
            run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "titleQuery": "front"}))).unwrap().text;
        assert!(text.starts_with("# Dashboards matching \"front\" in acme\n"), "{text}");
        assert!(text.contains("| 6001 | Frontend Health | 3 | Grace Hopper | 2026-03-04T10:11:12Z |"), "{text}");
        assert!(text.contains("`cursor: \"0:25:0\"`"), "{text}");
    }
}
