//! `get_event_attachment`: the files attached to an event
//! (`GET /projects/{org}/{project}/events/{eventId}/attachments/`), or one
//! of them with its content (`.../attachments/{id}/?download=1`): text files
//! are shown inline, other files are described with their download link.

use serde::Deserialize;

use crate::api::{Query, api_path, header};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::models::{Scalar, lenient};
use crate::reply::{Reply, ToolError, input};
use crate::urls;
use crate::warren::plugin::http::Method;

/// Text attachments up to this many bytes are shown inline.
const MAX_INLINE: usize = 20_000;

/// Images up to this many bytes are returned as image blocks.
const MAX_IMAGE: usize = 2 * 1024 * 1024;

/// One attachment's metadata.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Attachment {
    id: Scalar,
    name: String,
    #[serde(deserialize_with = "lenient")]
    mimetype: Option<String>,
    #[serde(deserialize_with = "lenient")]
    size: Option<u64>,
    #[serde(rename = "type", deserialize_with = "lenient")]
    kind: Option<String>,
    #[serde(rename = "dateCreated", deserialize_with = "lenient")]
    date_created: Option<String>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let org = args.org()?;
    let project = args.require_str("projectSlug")?;
    let event_id = urls::check_event_id(args.require_str("eventId")?).or_else(input)?;
    let api = ctx.org_api(org, args.region());
    let base = ["projects", org, project, "events", event_id.as_str(), "attachments"];
    let Some(id) = args.str("attachmentId") else {
        let list: Vec<Attachment> = api.get(&api_path(&base), &Query::new())?;
        return Ok(Reply::text(render_list(ctx, org, project, &event_id, &list)));
    };
    let path = api_path(&[&base[..], &[id]].concat());
    let meta: Attachment = api.get(&path, &Query::new())?;
    let response = api.send(Method::Get, &path, &Query::new().push("download", 1), None)?;
    let mime = meta.mimetype.clone().or_else(|| header(&response, "content-type").map(str::to_string));
    let mut md = Md::titled(&format!("Attachment {} of event {event_id} in {org}/{project}", meta.name));
    fields(&mut md, &meta);
    let image = mime.as_deref().filter(|m| m.starts_with("image/") && response.body.len() <= MAX_IMAGE);
    if let Some(image_type) = image {
        md.para("The image follows as an image block.");
        md.next_steps(&catalog::next_steps(ctx, &[("get_issue_details", "see the event the file belongs to")]));
        return Ok(Reply::text(md.finish()).with_image(response.body, image_type));
    }
    let text = std::str::from_utf8(&response.body).ok().filter(|_| is_text(mime.as_deref()));
    match text {
        Some(t) if t.len() <= MAX_INLINE => {
            md.section("Content");
            md.code("", t);
        }
        Some(t) => {
            let cut: String = t.chars().take(MAX_INLINE).collect();
            md.section(&format!("Content (first {MAX_INLINE} of {} bytes)", t.len()));
            md.code("", &cut);
        }
        None => {
            md.para(&format!(
                "This is a binary file ({} bytes), which cannot be shown as text. Download it with \
                 `GET {}{path}?download=1` and the Sentry token.",
                response.body.len(),
                api.base()
            ));
        }
    }
    md.next_steps(&catalog::next_steps(ctx, &[("get_issue_details", "see the event the file belongs to")]));
    Ok(Reply::text(md.finish()))
}

fn render_list(ctx: &Ctx, org: &str, project: &str, event_id: &str, list: &[Attachment]) -> String {
    let mut md = Md::titled(&format!("Attachments of event {event_id} in {org}/{project}"));
    md.field("Attachments", list.len());
    if list.is_empty() {
        md.para("This event has no attachments.");
    } else {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|a| {
                vec![
                    format!("`{}`", a.id),
                    a.name.clone(),
                    a.mimetype.clone().unwrap_or_else(|| "-".into()),
                    a.size.map(|s| format!("{s} B")).unwrap_or_else(|| "-".into()),
                    a.date_created.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        md.table(&["id", "name", "type", "size", "created"], &rows);
    }
    md.next_steps(&catalog::next_steps(ctx, &[("get_event_attachment", "read one file (`attachmentId`)")]));
    md.finish()
}

fn fields(md: &mut Md, a: &Attachment) {
    md.field("ID", &a.id);
    md.field_opt("Type", a.mimetype.as_deref());
    md.field_opt("Size", a.size.map(|s| format!("{s} bytes")));
    md.field_opt("Kind", a.kind.as_deref());
    md.field_opt("Created", a.date_created.as_deref());
}

fn is_text(mime: Option<&str>) -> bool {
    mime.is_some_and(|m| {
        m.starts_with("text/")
            || m.contains("json")
            || m.contains("xml")
            || m.contains("javascript")
            || m.contains("yaml")
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const BASE: &str =
        "GET https://us.sentry.io/api/0/projects/acme/web/events/9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c/attachments/";
    const META: &str = r#"{"id":"9001","name":"debug-log.txt","mimetype":"text/plain","size":12}"#;

    fn ctx(io: FakeIo) -> Ctx {
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[])
    }

    #[test]
    fn attachments_are_listed_then_a_text_one_is_shown() {
        let io = FakeIo::default()
            .route(&format!("{BASE}9001/?download=1"), 200, "line one\nline two")
            .route(&format!("{BASE}9001/"), 200, META)
            .route(BASE, 200, &format!("[{META}]"));
        let ctx = ctx(io);
        let args =
            json!({"organizationSlug": "acme", "projectSlug": "web", "eventId": "9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c"});
        let list = run(&ctx, &Args::from_json(args.clone())).unwrap().text;
        assert!(list.contains("| `9001` | debug-log.txt | text/plain | 12 B | - |"), "{list}");
        let mut one = args;
        one["attachmentId"] = json!("9001");
        let text = run(&ctx, &Args::from_json(one)).unwrap().text;
        assert!(text.starts_with("# Attachment debug-log.txt of event 9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c in acme/web\n"));
        assert!(text.contains("```\nline one\nline two\n```"), "{text}");
    }

    #[test]
    fn an_image_comes_back_as_an_image_block() {
        let io = FakeIo::default().route(&format!("{BASE}9002/?download=1"), 200, "PNGDATA").route(
            &format!("{BASE}9002/"),
            200,
            r#"{"id":"9002","name":"shot.png","mimetype":"image/png","size":7}"#,
        );
        let args = json!({"organizationSlug": "acme", "projectSlug": "web",
            "eventId": "9c4e2a7b1d3f4e6a8b0c2d4e6f8a0b1c", "attachmentId": "9002"});
        let reply = run(&ctx(io), &Args::from_json(args)).unwrap();
        assert!(reply.text.contains("The image follows as an image block."), "{}", reply.text);
        assert_eq!(reply.images, vec![(b"PNGDATA".to_vec(), "image/png".to_string())]);
    }

    #[test]
    fn a_malformed_event_id_is_an_input_error() {
        let args = json!({"organizationSlug": "acme", "projectSlug": "web", "eventId": "nope"});
        let err = run(&ctx(FakeIo::default()), &Args::from_json(args)).unwrap_err();
        assert!(err.to_string().starts_with("**Input error**: eventId \"nope\" is not an event id"), "{err}");
    }
}
