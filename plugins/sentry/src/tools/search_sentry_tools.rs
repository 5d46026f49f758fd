//! `search_sentry_tools`: keyword search over the tools this agent may run
//! (granted, written, not hidden), ranked by where the words match: the name
//! counts most, then the title, parameter names and the description.

use std::fmt::Write;

use crate::args::Args;
use crate::catalog::{self, Kind, Surface, ToolSpec};
use crate::context::Ctx;
use crate::md::Md;
use crate::reply::{Reply, ToolError, input};
use crate::schema::visible_params;

const DEFAULT_LIMIT: i64 = 8;
const MAX_LIMIT: i64 = 25;

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let query = args.require_str("query")?;
    let words = words(query);
    if words.is_empty() {
        return input("`query` has no words to search for; try e.g. `releases` or `issue activity`");
    }
    let limit = args.int("limit").unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
    let mut ranked: Vec<(u32, &ToolSpec)> =
        catalog::searchable(ctx).map(|s| (score(s, &words), s)).filter(|(score, _)| *score > 0).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(b.1.name)));
    let mut md = Md::titled(&format!("Sentry tools matching {query:?}"));
    if ranked.is_empty() {
        let names: Vec<String> = catalog::searchable(ctx).map(|s| format!("`{}`", s.name)).collect();
        md.para(&format!("No tool matches. The tools you can use are: {}.", names.join(", ")));
        return Ok(Reply::text(md.finish()));
    }
    md.para("Run one with `execute_sentry_tool` and `{\"name\": ..., \"arguments\": {...}}`.");
    for (_, spec) in ranked.iter().take(limit) {
        md.raw(&describe(ctx, spec));
    }
    if ranked.len() > limit {
        md.para(&format!("{} more match; raise `limit` or use more specific words.", ranked.len() - limit));
    }
    Ok(Reply::text(md.finish()))
}

/// Lowercase words of at least two characters.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 2).map(str::to_lowercase).collect()
}

/// How well `spec` matches `words`; 0 is no match.
fn score(spec: &ToolSpec, words: &[String]) -> u32 {
    let name_words = words_of(spec.name);
    let title = spec.title.to_lowercase();
    let description = spec.description.to_lowercase();
    let params: Vec<String> = spec.params.iter().map(|p| p.name.to_lowercase()).collect();
    words
        .iter()
        .map(|word| {
            let base = stem(word);
            let hits = |text: &str| text.contains(base);
            let mut s = 0;
            if name_words.iter().any(|w| stem(w) == base) {
                s += 10;
            } else if hits(spec.name) {
                s += 6;
            }
            if hits(&title) {
                s += 4;
            }
            if params.iter().any(|p| hits(p)) {
                s += 2;
            }
            if hits(&description) {
                s += 2;
            }
            s
        })
        .sum()
}

fn words_of(name: &str) -> Vec<String> {
    name.split('_').map(str::to_string).collect()
}

/// A crude singular: `releases` and `release` match alike.
fn stem(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(base) if base.len() >= 3 && !base.ends_with('s') => base,
        _ => word,
    }
}

/// One match: name, title, what it does, its parameters.
fn describe(ctx: &Ctx, spec: &ToolSpec) -> String {
    let kind = match spec.kind {
        Kind::ReadOnly => "read-only",
        Kind::Mutating => "changes data",
        Kind::Destructive => "changes or deletes data",
    };
    let direct = if spec.surface == Surface::Direct { "; also callable directly" } else { "" };
    let mut out = format!("## `{}`: {}\n\n{}\n\n_{kind}{direct}_\n\n", spec.name, spec.title, spec.description);
    let params: Vec<String> = visible_params(spec, &ctx.bound)
        .map(|p| {
            let req = if p.required { ", required" } else { "" };
            let values = if p.values.is_empty() || p.values.len() > 12 {
                String::new()
            } else {
                format!(" One of: {}.", p.values.join(", "))
            };
            format!("- `{}` ({}{req}): {}{values}", p.name, type_label(p.types), p.description)
        })
        .collect();
    if params.is_empty() {
        out.push_str("No parameters.\n\n");
    } else {
        let _ = writeln!(out, "Parameters:\n{}\n", params.join("\n"));
    }
    out
}

fn type_label(types: &[catalog::Ty]) -> String {
    use catalog::Ty;
    let names: Vec<&str> = types
        .iter()
        .filter(|t| **t != Ty::Null)
        .map(|t| match t {
            Ty::Str => "string",
            Ty::Int => "integer",
            Ty::Num => "number",
            Ty::Bool => "boolean",
            Ty::Obj => "object",
            Ty::Strs => "list of strings",
            Ty::Pairs => "list of [name, value]",
            Ty::Null => "null",
        })
        .collect();
    names.join(" or ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    fn search(ctx: &Ctx, query: &str) -> String {
        run(ctx, &Args::from_json(json!({"query": query}))).unwrap().text
    }

    #[test]
    fn name_matches_rank_first_and_parameters_are_shown() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let text = search(&ctx, "teams");
        assert!(text.starts_with("# Sentry tools matching \"teams\"\n\nRun one with `execute_sentry_tool`"), "{text}");
        assert!(text.contains("## `find_teams`: Find teams"));
        assert!(text.contains("- `organizationSlug` (string, required): "));
    }

    #[test]
    fn unwritten_ungranted_and_catalog_tools_are_not_found() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[("skills", "all")], &[]);
        let default_skills = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let text = search(&default_skills, "dsn");
        assert!(!text.contains("find_dsns"), "tools of ungranted skills must not be listed: {text}");
        let text = search(&ctx, "search tools");
        assert!(!text.contains("## `search_sentry_tools`"));
        let docs_only = Ctx::test(FakeIo::default(), &[], &[], &["skill:docs"]);
        assert!(!search(&docs_only, "teams").contains("find_teams"));
    }

    #[test]
    fn bound_parameters_are_not_shown() {
        let ctx = Ctx::test(FakeIo::default(), &[("organizationSlug", "acme")], &[], &[]);
        let text = search(&ctx, "issue details");
        assert!(text.contains("## `get_issue_details`"));
        assert!(!text.contains("- `organizationSlug`"), "{text}");
    }

    #[test]
    fn no_match_lists_what_is_available() {
        let ctx = Ctx::test(FakeIo::default(), &[], &[], &[]);
        let text = search(&ctx, "zzzz");
        assert!(text.contains("No tool matches. The tools you can use are: `whoami`, `find_organizations`"), "{text}");
    }

    #[test]
    fn stems_match_singular_and_plural() {
        assert_eq!(stem("releases"), "release");
        assert_eq!(stem("issues"), "issue");
        assert_eq!(stem("dsns"), "dsn");
        assert_eq!(stem("class"), "class");
    }
}
