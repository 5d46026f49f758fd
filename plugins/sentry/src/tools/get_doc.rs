//! `get_doc`: one page of Sentry's documentation as markdown, read from
//! `{docs_url}{path}.md` without any credential. Only paths on the docs
//! site (or links to docs.sentry.io / develop.sentry.io) are accepted.

use crate::api::{Api, Query};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::Md;
use crate::reply::{Reply, ToolError, input};

/// Longest page text returned, in characters.
const MAX_CHARS: usize = 60_000;

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let path = doc_path(args.require_str("path")?).or_else(input)?;
    let api = Api::public(ctx.io(), &ctx.config.docs_url);
    let text = match api.get_text(&format!("{path}.md"), &Query::new()) {
        Ok(text) => text,
        Err(e) if e.status() == Some(404) => {
            return input(format!(
                "the docs have no page {path:?}; use `search_docs` to find the right path (paths look like \
                 `/platforms/python/`)"
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let mut md = Md::titled(&format!("Sentry docs: {path}"));
    md.field("Source", format!("{}{path}", ctx.config.docs_url));
    md.section("Page");
    let body = crate::md::truncate(text.trim(), MAX_CHARS);
    md.raw(&body);
    md.raw("\n");
    md.next_steps(&catalog::next_steps(ctx, &[("search_docs", "find related pages")]));
    Ok(Reply::text(md.finish()))
}

/// The page path (`/platforms/python`) from a path or a docs link; anything
/// else is refused.
pub fn doc_path(given: &str) -> Result<String, String> {
    let mut path = given.trim();
    for prefix in ["https://docs.sentry.io", "https://develop.sentry.io", "http://docs.sentry.io"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            path = rest;
        }
    }
    if !path.starts_with('/') || path.contains("://") {
        return Err(format!("path {given:?} must be a path on docs.sentry.io such as `/platforms/python/`"));
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches(".md").trim_end_matches('/');
    let ok = path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c));
    if !ok || path.split('/').any(|s| s == ".." || s == ".") || path.is_empty() {
        return Err(format!("path {given:?} is not a docs page path; use one `search_docs` returns"));
    }
    Ok(path.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn paths_and_docs_links_become_page_paths() {
        assert_eq!(doc_path("/platforms/python/").unwrap(), "/platforms/python");
        assert_eq!(doc_path("https://docs.sentry.io/product/issues.md").unwrap(), "/product/issues");
        assert!(doc_path("https://evil.test/x").is_err());
        assert!(doc_path("/platforms/../../etc").is_err());
    }

    #[test]
    fn a_page_is_read_without_a_credential() {
        let io = std::rc::Rc::new(FakeIo::default().route(
            "GET https://docs.sentry.io/platforms/python.md",
            200,
            "# Python\n\nInstall sentry-sdk.",
        ));
        let ctx = Ctx::test(io.clone(), &[], &[("skills", "all")], &[]);
        let text = run(&ctx, &Args::from_json(json!({"path": "/platforms/python/"}))).unwrap().text;
        assert!(text.starts_with("# Sentry docs: /platforms/python\n"), "{text}");
        assert!(text.contains("# Python\n\nInstall sentry-sdk."), "{text}");
        assert_eq!(io.credentials.borrow().as_slice(), &[None]);
    }
}
