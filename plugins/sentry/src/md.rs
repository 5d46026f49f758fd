//! A small markdown builder for tool output: a `#` title, `**Label**: value`
//! lines, `##` sections, bullets, code blocks, tables and a closing
//! "Next steps" list naming the tools to call.

use std::fmt::Write;

/// Markdown being written.
#[derive(Debug, Default)]
pub struct Md {
    out: String,
}

impl Md {
    /// Starts a document with a `#` title.
    pub fn titled(title: &str) -> Md {
        let mut md = Md::default();
        let _ = writeln!(md.out, "# {}\n", one_line(title));
        md
    }

    /// A `**label**: value` line.
    pub fn field(&mut self, label: &str, value: impl std::fmt::Display) -> &mut Self {
        let _ = writeln!(self.out, "**{label}**: {value}");
        self
    }

    /// `**Found**: N`, noting when Sentry has more pages.
    pub fn found(&mut self, count: usize, more: bool) -> &mut Self {
        self.field("Found", format!("{count}{}", if more { " (more exist)" } else { "" }))
    }

    /// The search tools' answer to `includeExplanation`: without a language
    /// model the query is used as Sentry search syntax, as given.
    pub fn query_explanation(&mut self, requested: Option<bool>) -> &mut Self {
        if requested == Some(true) {
            self.field(
                "Explanation",
                "no language model is available to this server, so the query was used as Sentry search syntax \
                 exactly as given",
            );
        }
        self
    }

    /// A field line when `value` is present and not empty.
    pub fn field_opt<T: std::fmt::Display>(&mut self, label: &str, value: Option<T>) -> &mut Self {
        if let Some(v) = value {
            let text = v.to_string();
            if !text.trim().is_empty() {
                self.field(label, text);
            }
        }
        self
    }

    /// A `##` section heading.
    pub fn section(&mut self, heading: &str) -> &mut Self {
        self.gap();
        let _ = writeln!(self.out, "## {}\n", one_line(heading));
        self
    }

    /// A `###` subsection heading.
    pub fn subsection(&mut self, heading: &str) -> &mut Self {
        self.gap();
        let _ = writeln!(self.out, "### {}\n", one_line(heading));
        self
    }

    /// A paragraph.
    pub fn para(&mut self, text: &str) -> &mut Self {
        self.gap();
        let _ = writeln!(self.out, "{}\n", text.trim_end());
        self
    }

    /// A bullet line.
    pub fn bullet(&mut self, text: impl std::fmt::Display) -> &mut Self {
        let _ = writeln!(self.out, "- {text}");
        self
    }

    /// A fenced code block; `lang` may be empty.
    pub fn code(&mut self, lang: &str, text: &str) -> &mut Self {
        self.gap();
        let fence = if text.contains("```") { "````" } else { "```" };
        let _ = writeln!(self.out, "{fence}{lang}\n{}\n{fence}\n", text.trim_end_matches('\n'));
        self
    }

    /// A table; cells are kept on one line with `|` escaped.
    pub fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) -> &mut Self {
        self.gap();
        let _ = writeln!(self.out, "| {} |", headers.join(" | "));
        let _ = writeln!(self.out, "|{}", "---|".repeat(headers.len()));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            let _ = writeln!(self.out, "| {} |", cells.join(" | "));
        }
        self.out.push('\n');
        self
    }

    /// The closing "Next steps" section: each entry names a tool and why to call it.
    pub fn next_steps<T: AsRef<str>, W: AsRef<str>>(&mut self, steps: &[(T, W)]) -> &mut Self {
        if steps.is_empty() {
            return self;
        }
        self.section("Next steps");
        for (tool, why) in steps {
            let _ = writeln!(self.out, "- `{}`: {}", tool.as_ref(), why.as_ref());
        }
        self
    }

    /// Raw markdown, appended as is.
    pub fn raw(&mut self, text: &str) -> &mut Self {
        self.out.push_str(text);
        self
    }

    /// The finished text.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.out).trim_end().to_string() + "\n"
    }

    /// Ensures a blank line before a block.
    fn gap(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }
}

/// Text squeezed onto one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table cell: one line, `|` escaped.
pub fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// `text` cut to `max` characters, with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_reads_as_title_fields_sections_and_next_steps() {
        let text = Md::titled("Issue WEB-1 in **acme**")
            .field("Status", "unresolved")
            .field_opt("Culprit", Some(""))
            .field_opt("Level", Some("error"))
            .section("Stack trace")
            .code("", "at main (app.js:1)")
            .next_steps(&[("get_issue_details", "see the latest event")])
            .finish();
        assert_eq!(
            text,
            "# Issue WEB-1 in **acme**\n\n**Status**: unresolved\n**Level**: error\n\n## Stack trace\n\n```\nat main (app.js:1)\n```\n\n## Next steps\n\n- `get_issue_details`: see the latest event\n"
        );
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        let text = Md::default().table(&["key", "value"], &[vec!["a|b".into(), "x\ny".into()]]).finish();
        assert_eq!(text, "| key | value |\n|---|---|\n| a\\|b | x y |\n");
    }

    #[test]
    fn truncate_counts_characters() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hi", 5), "hi");
    }
}
