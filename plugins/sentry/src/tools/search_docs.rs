//! `search_docs`: searches Sentry's documentation through the docs search
//! service (`POST {docs_search_url}/api/search`, no credential) and lists
//! the matching pages with snippets and their paths for `get_doc`.

use serde::{Deserialize, Serialize};

use crate::api::Api;
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::md::{Md, truncate};
use crate::models::lenient;
use crate::reply::{Reply, ToolError, input};

/// The search request.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    query: &'a str,
    max_results: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    guide: Option<&'a str>,
}

/// The search answer.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Answer {
    results: Vec<Hit>,
}

/// One matching page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Hit {
    id: String,
    #[serde(deserialize_with = "lenient")]
    url: Option<String>,
    #[serde(deserialize_with = "lenient")]
    snippet: Option<String>,
    #[serde(deserialize_with = "lenient")]
    relevance: Option<f64>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let query = args.require_str("query")?;
    if query.chars().count() < 2 {
        return input("query is too short; describe what you are looking for in a few words");
    }
    let max_results = args.int("maxResults").unwrap_or(3).clamp(1, 10);
    let guide = args.str("guide");
    let api = Api::public(ctx.io(), &ctx.config.docs_search_url);
    let answer: Answer = api.post("/api/search", &Request { query, max_results, guide })?;
    let mut md = Md::titled(&format!("Sentry docs matching {query:?}"));
    md.field_opt("Guide", guide);
    if answer.results.is_empty() {
        md.para("No page matched; try other words or drop the guide.");
    }
    for (n, hit) in answer.results.iter().take(max_results as usize).enumerate() {
        let path = hit.id.trim_end_matches(".md");
        md.section(&format!("{}. {path}", n + 1));
        md.field_opt("URL", hit.url.as_deref());
        md.field_opt("Relevance", hit.relevance.map(|r| format!("{r:.2}")));
        if let Some(snippet) = hit.snippet.as_deref().filter(|s| !s.trim().is_empty()) {
            md.para(&truncate(snippet.trim(), 1500));
        }
    }
    md.next_steps(&catalog::next_steps(ctx, &[("get_doc", "read a whole page by its path")]));
    Ok(Reply::text(md.finish()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    #[test]
    fn results_are_listed_with_paths_for_get_doc() {
        let io = std::rc::Rc::new(FakeIo::default().route(
            "POST https://mcp.sentry.dev/api/search",
            200,
            r#"{"results":[{"id":"/platforms/python.md","url":"https://docs.sentry.io/platforms/python",
                "snippet":"Install the SDK","relevance":1.0}]}"#,
        ));
        let ctx = Ctx::test(io.clone(), &[], &[("skills", "all")], &[]);
        let text = run(&ctx, &Args::from_json(json!({"query": "python setup", "guide": "python"}))).unwrap().text;
        assert!(text.starts_with("# Sentry docs matching \"python setup\"\n\n**Guide**: python\n"), "{text}");
        assert!(text.contains("## 1. /platforms/python\n\n**URL**: https://docs.sentry.io/platforms/python\n"));
        assert_eq!(
            io.bodies.borrow()[0].as_deref(),
            Some(r#"{"query":"python setup","maxResults":3,"guide":"python"}"#)
        );
        assert_eq!(io.credentials.borrow().as_slice(), &[None]);
    }
}
