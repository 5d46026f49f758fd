//! `get_dashboard_details`: one dashboard with its widgets and their queries
//! (`GET /api/0/organizations/{org}/dashboards/{id}/`). A title instead of a
//! numeric id is looked up through the dashboard list first.

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{Scalar, User};
use crate::reply::{Reply, ToolError, input};
use crate::tools::find_dashboards::{Dashboard, person};

/// A dashboard in full.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Details {
    id: Scalar,
    title: String,
    date_created: Option<String>,
    created_by: Option<User>,
    period: Option<String>,
    environment: Vec<String>,
    projects: Vec<Scalar>,
    widgets: Vec<Widget>,
}

/// One widget.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Widget {
    id: Scalar,
    title: String,
    description: Option<String>,
    display_type: Option<String>,
    widget_type: Option<String>,
    limit: Option<i64>,
    queries: Vec<WidgetQuery>,
}

/// One query of a widget.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct WidgetQuery {
    name: Option<String>,
    fields: Vec<String>,
    conditions: Option<String>,
    orderby: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let wanted = args.require_str("dashboardIdOrTitle")?;
    let api = ctx.org_api(org, args.region());
    let id = if wanted.chars().all(|c| c.is_ascii_digit()) {
        wanted.to_string()
    } else {
        let path = api_path(&["organizations", org, "dashboards"]);
        let found: Vec<Dashboard> = api.get(&path, &Query::new().push("query", wanted).push("per_page", 100))?;
        let exact = found.iter().find(|d| d.title.eq_ignore_ascii_case(wanted));
        match (exact, found.as_slice()) {
            (Some(d), _) | (None, [d]) => d.id.0.clone(),
            (None, []) => {
                return input(format!(
                    "no dashboard of {org:?} has a title like {wanted:?}; `find_dashboards` lists them"
                ));
            }
            (None, many) => {
                let titles: Vec<String> = many.iter().map(|d| format!("{:?} ({})", d.title, d.id)).collect();
                return input(format!("{wanted:?} matches several dashboards: {}; pass the id", titles.join(", ")));
            }
        }
    };
    let d: Details = api.get(&api_path(&["organizations", org, "dashboards", &id]), &Query::new())?;
    Ok(Reply::text(render(ctx, org, &d)))
}

fn render(ctx: &Ctx, org: &str, d: &Details) -> String {
    let mut md = Md::titled(&format!("Dashboard {:?} in {org}", d.title));
    md.field("ID", &d.id);
    md.field_opt("Created", d.date_created.as_deref());
    md.field_opt("Created by", d.created_by.as_ref().map(person));
    md.field_opt("Period", d.period.as_deref());
    if !d.environment.is_empty() {
        md.field("Environments", d.environment.join(", "));
    }
    if !d.projects.is_empty() {
        md.field("Project ids", d.projects.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join(", "));
    }
    md.field("Widgets", d.widgets.len());
    md.field("Link", ctx.web_url(org, &format!("/dashboard/{}/", d.id)));
    for w in &d.widgets {
        md.section(&format!("Widget {:?} ({})", w.title, w.id));
        md.field_opt("Display", w.display_type.as_deref());
        md.field_opt("Dataset", w.widget_type.as_deref());
        md.field_opt("Limit", w.limit);
        md.field_opt("Description", w.description.as_deref());
        for q in &w.queries {
            let name = q.name.as_deref().filter(|n| !n.is_empty()).map(|n| format!(" {n:?}")).unwrap_or_default();
            md.bullet(format!(
                "query{name}: fields `{}`; conditions `{}`{}",
                q.fields.join(", "),
                q.conditions.as_deref().unwrap_or(""),
                q.orderby.as_deref().filter(|o| !o.is_empty()).map(|o| format!("; order `{o}`")).unwrap_or_default()
            ));
        }
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("search_events", "run one of these widget queries yourself"),
            ("find_dashboards", "list the other dashboards"),
        ],
    ));
    md.finish()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const BASE: &str = "GET https://us.sentry.io/api/0/organizations/acme/dashboards/";
    const DETAIL: &str = r#"{"id":"6001","title":"Frontend Health","period":"14d","environment":["production"],
        "widgets":[{"id":"60011","title":"Errors by browser","displayType":"bar","widgetType":"error-events","limit":5,
        "queries":[{"name":"","fields":["browser.name","count()"],"conditions":"project:web","orderby":"-count()"}]}]}"#;

    fn ctx(io: FakeIo) -> Ctx {
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[])
    }

    #[test]
    fn a_title_is_looked_up_then_the_widgets_are_shown() {
        let io = FakeIo::default()
            .route(
                &format!("{BASE}?query=frontend%20health&per_page=100"),
                200,
                r#"[{"id":"6001","title":"Frontend Health"}]"#,
            )
            .route(&format!("{BASE}6001/"), 200, DETAIL);
        let args = Args::from_json(json!({"organizationSlug": "acme", "dashboardIdOrTitle": "frontend health"}));
        let text = run(&ctx(io), &args).unwrap().text;
        assert!(text.starts_with("# Dashboard \"Frontend Health\" in acme\n\n**ID**: 6001\n"), "{text}");
        assert!(text.contains("## Widget \"Errors by browser\" (60011)\n\n**Display**: bar\n"), "{text}");
        assert!(text.contains("- query: fields `browser.name, count()`; conditions `project:web`; order `-count()`"));
    }

    #[test]
    fn an_unknown_title_is_an_input_error() {
        let io = FakeIo::default().route(&format!("{BASE}?query=nope&per_page=100"), 200, "[]");
        let args = Args::from_json(json!({"organizationSlug": "acme", "dashboardIdOrTitle": "nope"}));
        let err = run(&ctx(io), &args).unwrap_err().to_string();
        assert!(err.contains("no dashboard of \"acme\" has a title like \"nope\""), "{err}");
    }
}
