//! `get_snapshot`: one preprod UI snapshot run and how its screenshots
//! compare with its base (`GET /api/0/organizations/{org}/preprodartifacts/snapshots/{id}/`).
//! The snapshot model and its rendering are shared with `get_latest_base_snapshot`.

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};

/// A snapshot run.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    /// Numeric id.
    pub id: Scalar,
    /// `processed`, `processing`, ...
    #[serde(deserialize_with = "lenient")]
    pub state: Option<String>,
    /// `solo` (a base) or `diff`.
    #[serde(deserialize_with = "lenient")]
    pub comparison_type: Option<String>,
    /// The project's numeric id.
    pub project_id: Scalar,
    /// The app.
    #[serde(deserialize_with = "lenient")]
    pub app_info: Option<AppInfo>,
    /// Branch and commit.
    #[serde(deserialize_with = "lenient")]
    pub vcs_info: Option<VcsInfo>,
    /// When it was uploaded.
    #[serde(deserialize_with = "lenient")]
    pub date_added: Option<String>,
    /// The base it was compared with.
    pub base_snapshot_id: Scalar,
    /// Every screenshot of the run.
    #[serde(deserialize_with = "lenient_list")]
    pub images: Vec<Image>,
    /// Changed screenshots.
    #[serde(deserialize_with = "lenient_list")]
    pub changed: Vec<Pair>,
    /// New screenshots.
    #[serde(deserialize_with = "lenient_list")]
    pub added: Vec<Image>,
    /// Screenshots gone since the base.
    #[serde(deserialize_with = "lenient_list")]
    pub removed: Vec<Image>,
    /// Screenshots that did not change.
    #[serde(deserialize_with = "lenient_list")]
    pub unchanged: Vec<Pair>,
    /// Screenshots that failed to compare.
    #[serde(deserialize_with = "lenient_list")]
    pub errored: Vec<Pair>,
    /// Review state.
    #[serde(deserialize_with = "lenient")]
    pub approval_info: Option<Approval>,
}

/// The app a snapshot belongs to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppInfo {
    /// E.g. `com.acme.web`.
    pub app_id: String,
    /// Display name.
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
    /// App version.
    #[serde(deserialize_with = "lenient")]
    pub version: Option<String>,
}

/// Where the snapshot's code came from.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VcsInfo {
    /// Repository.
    #[serde(deserialize_with = "lenient")]
    pub repo_name: Option<String>,
    /// Branch.
    #[serde(deserialize_with = "lenient")]
    pub head_ref: Option<String>,
    /// Commit.
    #[serde(deserialize_with = "lenient")]
    pub head_sha: Option<String>,
    /// Base branch.
    #[serde(deserialize_with = "lenient")]
    pub base_ref: Option<String>,
    /// Pull request number.
    #[serde(deserialize_with = "lenient")]
    pub pr_number: Option<i64>,
}

/// One screenshot.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Image {
    /// Its identifier (file name).
    pub image_file_name: String,
    /// Human name.
    #[serde(deserialize_with = "lenient")]
    pub display_name: Option<String>,
    /// Group.
    #[serde(deserialize_with = "lenient")]
    pub group: Option<String>,
    /// Width in pixels.
    pub width: Option<i64>,
    /// Height in pixels.
    pub height: Option<i64>,
    /// Where its bytes are.
    #[serde(deserialize_with = "lenient")]
    pub image_url: Option<String>,
}

/// A head screenshot with its base.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Pair {
    /// This run's screenshot.
    #[serde(deserialize_with = "lenient")]
    pub head_image: Option<Image>,
    /// The base's screenshot.
    #[serde(deserialize_with = "lenient")]
    pub base_image: Option<Image>,
    /// Share of pixels that differ (0 to 1).
    pub diff: Option<f64>,
}

/// Review state of a snapshot.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Approval {
    /// `pending`, `approved`, ...
    pub status: String,
}

impl Image {
    /// `Checkout page (checkout-page.png, 1280×800)`.
    pub fn label(&self) -> String {
        let size = match (self.width, self.height) {
            (Some(w), Some(h)) => format!(", {w}×{h}"),
            _ => String::new(),
        };
        let name = self.display_name.as_deref().unwrap_or(&self.image_file_name);
        format!("{name} (`{}`{size})", self.image_file_name)
    }
}

impl Pair {
    fn label(&self) -> String {
        let image = self.head_image.as_ref().or(self.base_image.as_ref());
        let diff = self.diff.map(|d| format!(", {:.1}% of pixels differ", d * 100.0)).unwrap_or_default();
        format!("{}{diff}", image.map(Image::label).unwrap_or_else(|| "?".into()))
    }
}

/// Checks a snapshot id: digits only.
pub fn check_id(id: &str) -> Result<&str, ToolError> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return input(format!("snapshotId {id:?} must be a numeric snapshot id, e.g. `13002`"));
    }
    Ok(id)
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let id = check_id(args.require_str("snapshotId")?)?;
    let api = ctx.org_api(org, args.region());
    let snapshot: Snapshot =
        api.get(&api_path(&["organizations", org, "preprodartifacts", "snapshots", id]), &Query::new())?;
    let title = format!("Snapshot {} in {org}", snapshot.id);
    Ok(Reply::text(render(ctx, &title, &snapshot, args.bool("showUnmodified").unwrap_or(false))))
}

/// Renders a snapshot: app, branch, then the comparison lists.
pub fn render(ctx: &Ctx, title: &str, s: &Snapshot, show_unmodified: bool) -> String {
    let mut md = Md::titled(title);
    md.field("ID", &s.id);
    if let Some(app) = &s.app_info {
        md.field("App", format!("{} (`{}`)", app.name.as_deref().unwrap_or(&app.app_id), app.app_id));
        md.field_opt("Version", app.version.as_deref());
    }
    md.field_opt("State", s.state.as_deref());
    md.field_opt("Comparison", s.comparison_type.as_deref());
    md.field_opt("Project id", Some(&s.project_id));
    if let Some(v) = &s.vcs_info {
        md.field_opt("Repository", v.repo_name.as_deref());
        md.field_opt("Branch", v.head_ref.as_deref());
        md.field_opt("Commit", v.head_sha.as_deref());
        md.field_opt("Base branch", v.base_ref.as_deref());
        md.field_opt("Pull request", v.pr_number.map(|n| format!("#{n}")));
    }
    md.field_opt("Base snapshot", Some(&s.base_snapshot_id));
    md.field_opt("Uploaded", s.date_added.as_deref());
    md.field_opt("Review", s.approval_info.as_ref().map(|a| a.status.as_str()));
    md.field("Images", s.images.len());
    if s.comparison_type.as_deref() == Some("solo") || s.base_snapshot_id.0.is_empty() {
        md.section("Images");
        for image in &s.images {
            md.bullet(image.label());
        }
    } else {
        pairs(&mut md, "Changed", &s.changed);
        images(&mut md, "Added", &s.added);
        images(&mut md, "Removed", &s.removed);
        pairs(&mut md, "Errored", &s.errored);
        if show_unmodified {
            pairs(&mut md, "Unchanged", &s.unchanged);
        } else if !s.unchanged.is_empty() {
            md.para(&format!(
                "{} unchanged images not listed; pass `showUnmodified: true` to see them.",
                s.unchanged.len()
            ));
        }
    }
    md.next_steps(&catalog::next_steps(ctx, &[("get_snapshot_image", "look at one screenshot (by its file name)")]));
    md.finish()
}

fn pairs(md: &mut Md, heading: &str, items: &[Pair]) {
    md.section(&format!("{heading} ({})", items.len()));
    if items.is_empty() {
        md.para("None.");
    }
    for p in items {
        md.bullet(p.label());
    }
}

fn images(md: &mut Md, heading: &str, items: &[Image]) {
    md.section(&format!("{heading} ({})", items.len()));
    if items.is_empty() {
        md.para("None.");
    }
    for i in items {
        md.bullet(i.label());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn a_diff_snapshot_lists_changed_and_added_images() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/organizations/acme/preprodartifacts/snapshots/13002/",
            200,
            r#"{"id":"13002","comparison_type":"diff","base_snapshot_id":"13001","app_info":{"app_id":"com.acme.web","name":"Acme Web"},
               "vcs_info":{"head_ref":"feature/x","pr_number":214},
               "changed":[{"head_image":{"image_file_name":"checkout-page.png","display_name":"Checkout page","width":1280,"height":800},"diff":0.0731}],
               "added":[{"image_file_name":"summary.png"}],
               "unchanged":[{"head_image":{"image_file_name":"login.png"}}]}"#,
        );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let text =
            run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "snapshotId": "13002"}))).unwrap().text;
        assert!(
            text.starts_with("# Snapshot 13002 in acme\n\n**ID**: 13002\n**App**: Acme Web (`com.acme.web`)\n"),
            "{text}"
        );
        assert!(
            text.contains("## Changed (1)\n\n- Checkout page (`checkout-page.png`, 1280×800), 7.3% of pixels differ\n")
        );
        assert!(text.contains("## Added (1)\n\n- summary.png (`summary.png`)\n"), "{text}");
        assert!(text.contains("1 unchanged images not listed"), "{text}");
    }

    #[test]
    fn a_non_numeric_id_is_an_input_error() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let err = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "snapshotId": "abc"}))).unwrap_err();
        assert_eq!(err.to_string(), "**Input error**: snapshotId \"abc\" must be a numeric snapshot id, e.g. `13002`");
    }
}
