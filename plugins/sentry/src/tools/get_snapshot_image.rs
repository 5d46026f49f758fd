//! `get_snapshot_image`: one screenshot of a UI snapshot run, returned as an
//! MCP image block. Reads the image's details
//! (`GET /api/0/organizations/{org}/preprodartifacts/snapshots/{id}/images/{image}/`),
//! then the bytes at the image URL it names (a path on the same Sentry, or
//! an absolute URL the plugin may reach).

use serde::Deserialize;

use crate::api::{Api, Query, api_path, header};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::lenient;
use crate::reply::{Reply, ToolError, input};
use crate::tools::get_snapshot::{Image, check_id};
use crate::warren::plugin::http::Method;

/// An image's comparison details.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Details {
    #[serde(deserialize_with = "lenient")]
    comparison_status: Option<String>,
    #[serde(deserialize_with = "lenient")]
    head_image: Option<Image>,
    #[serde(deserialize_with = "lenient")]
    base_image: Option<Image>,
    diff_percentage: Option<f64>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let id = check_id(args.require_str("snapshotId")?)?;
    let image = args.require_str("imageIdentifier")?;
    let full = args.str("imageResolution") == Some("full");
    let api = ctx.org_api(org, args.region());
    let path = api_path(&["organizations", org, "preprodartifacts", "snapshots", id, "images", image]);
    let details: Details = match api.get(&path, &Query::new()) {
        Ok(d) => d,
        Err(e) if e.status() == Some(404) => {
            return input(format!(
                "snapshot {id} of {org:?} has no image {image:?}; `get_snapshot` lists the image file names"
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let Some(shown) = details.head_image.as_ref().or(details.base_image.as_ref()) else {
        return input(format!("image {image:?} of snapshot {id} has no screenshot to show"));
    };
    let Some(url) = shown.image_url.as_deref() else {
        return Err(ToolError::Failed(format!("Sentry gave no file for image {image:?} of snapshot {id}")));
    };
    let (bytes, mime) = download(ctx, &api, url)?;
    let mut md = Md::titled(&format!("Image {image} of snapshot {id} in {org}"));
    md.field("Image", shown.label());
    md.field_opt("Group", shown.group.as_deref());
    md.field_opt("Comparison", details.comparison_status.as_deref());
    md.field_opt("Difference", details.diff_percentage.map(|d| format!("{:.1}% of pixels", d * 100.0)));
    md.field("Resolution", if full { "full" } else { "preview" });
    md.field("Format", format!("{mime}, {} bytes", bytes.len()));
    md.next_steps(&catalog::next_steps(ctx, &[("get_snapshot", "see the other images of this run")]));
    Ok(Reply::text(md.finish()).with_image(bytes, &mime))
}

/// Reads the image bytes; a relative URL is read from the API's host.
fn download(ctx: &Ctx, api: &Api<'_>, url: &str) -> Result<(Vec<u8>, String), ToolError> {
    let (base, path) = match url.find("://") {
        Some(at) => {
            let path_at = url[at + 3..].find('/').map(|p| at + 3 + p).unwrap_or(url.len());
            (url[..path_at].to_string(), url[path_at..].to_string())
        }
        None if url.starts_with('/') => (api.base().to_string(), url.to_string()),
        None => return Err(ToolError::Failed(format!("Sentry gave an unusable image URL {url:?}"))),
    };
    let client = Api::sentry(ctx.io(), &base).with_timeout(Some(ctx.config.request_timeout_ms));
    let response = client.send(Method::Get, &path, &Query::new(), None)?;
    let mime = header(&response, "content-type").unwrap_or("image/png").split(';').next().unwrap_or_default();
    let mime = mime.trim().to_string();
    if !mime.starts_with("image/") {
        return Err(ToolError::Failed(format!("the image URL answered {mime:?}, not an image")));
    }
    Ok((response.body, mime))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn the_screenshot_comes_back_as_an_image_block() {
        let base = "https://us.sentry.io/api/0/organizations/acme/preprodartifacts/snapshots/13002/images/login.png/";
        let io = FakeIo::default()
            .route_with_headers(&format!("GET {base}file/?variant=head"), &[("content-type", "image/png")], "PNG")
            .route(
                &format!("GET {base}"),
                200,
                r#"{"comparison_status":"unchanged","head_image":{"image_file_name":"login.png","display_name":"Login",
                       "image_url":"/api/0/organizations/acme/preprodartifacts/snapshots/13002/images/login.png/file/?variant=head"}}"#,
            );
        let ctx = Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[]);
        let args =
            Args::from_json(json!({"organizationSlug": "acme", "snapshotId": "13002", "imageIdentifier": "login.png"}));
        let reply = run(&ctx, &args).unwrap();
        assert!(
            reply.text.starts_with("# Image login.png of snapshot 13002 in acme\n\n**Image**: Login (`login.png`)\n")
        );
        assert_eq!(reply.images, vec![(b"PNG".to_vec(), "image/png".to_string())]);
    }
}
