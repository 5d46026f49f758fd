//! Sentry's search syntax, the part the stand-in understands: `key:value`, `!key:value`,
//! `key:[a,b]`, `key:*glob*`, `key:>10`, `has:key`, quoted values and free text.
//! Boolean operators and parentheses are skipped (every term must match).

/// One term of a search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    /// `has:key` / `!has:key`.
    Has { key: String, negated: bool },
    /// `key:value` / `!key:value`; `value` may be a list, a glob or a comparison.
    Field { key: String, value: String, negated: bool },
    /// Anything else: matched as a case-insensitive substring.
    Text(String),
}

/// Splits a query into terms.
pub(crate) fn parse(query: &str) -> Vec<Term> {
    tokens(query).into_iter().filter_map(|token| term(&token)).collect()
}

fn tokens(query: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

fn term(token: &str) -> Option<Term> {
    let token = token.trim_matches(|c| c == '(' || c == ')');
    if token.is_empty() || token.eq_ignore_ascii_case("AND") || token.eq_ignore_ascii_case("OR") {
        return None;
    }
    let (negated, body) = match token.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    match body.split_once(':') {
        Some((key, value)) if is_key(key) => {
            if key == "has" {
                Some(Term::Has { key: value.to_owned(), negated })
            } else {
                Some(Term::Field { key: key.to_owned(), value: value.to_owned(), negated })
            }
        }
        _ => Some(Term::Text(token.to_owned())),
    }
}

fn is_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || "._-[],()".contains(c))
}

/// Whether `actual` satisfies a value pattern: a `[a,b]` list, a `*` glob, a comparison
/// (`>10`, `<=2026-08-17`, `>100ms`) or a case-insensitive equality.
pub(crate) fn value_matches(pattern: &str, actual: &str) -> bool {
    if let Some(list) = pattern.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
        return list.split(',').any(|item| value_matches(item.trim(), actual));
    }
    for op in [">=", "<=", ">", "<"] {
        if let Some(bound) = pattern.strip_prefix(op) {
            return compare(op, bound, actual);
        }
    }
    if pattern.contains('*') {
        return glob(&pattern.to_lowercase(), &actual.to_lowercase());
    }
    pattern.eq_ignore_ascii_case(actual)
}

fn compare(op: &str, bound: &str, actual: &str) -> bool {
    let ordering = match (number(bound), number(actual)) {
        (Some(bound), Some(actual)) => actual.partial_cmp(&bound),
        _ => Some(actual.cmp(bound)),
    };
    let Some(ordering) = ordering else { return false };
    match op {
        ">=" => ordering.is_ge(),
        "<=" => ordering.is_le(),
        ">" => ordering.is_gt(),
        _ => ordering.is_lt(),
    }
}

/// A number, with Sentry's duration units folded into milliseconds.
fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    for (unit, factor) in [("ms", 1.0), ("s", 1000.0), ("m", 60_000.0), ("h", 3_600_000.0)] {
        if let Some(value) = text.strip_suffix(unit).and_then(|v| v.parse::<f64>().ok()) {
            return Some(value * factor);
        }
    }
    text.parse().ok()
}

fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_cover_fields_negation_has_and_text() {
        let terms = parse(r#"is:unresolved !level:info has:user transaction:"POST /api/orders/" TypeError"#);
        assert_eq!(
            terms,
            [
                Term::Field { key: "is".into(), value: "unresolved".into(), negated: false },
                Term::Field { key: "level".into(), value: "info".into(), negated: true },
                Term::Has { key: "user".into(), negated: false },
                Term::Field { key: "transaction".into(), value: "POST /api/orders/".into(), negated: false },
                Term::Text("TypeError".into()),
            ]
        );
    }

    #[test]
    fn values_match_lists_globs_and_comparisons() {
        assert!(value_matches("[3001,3003]", "3003"));
        assert!(value_matches("*checkout*", "https://acme.example.com/checkout"));
        assert!(!value_matches("*cart", "checkout"));
        assert!(value_matches(">100ms", "477.0"));
        assert!(value_matches("<1s", "186"));
        assert!(value_matches("Error", "error"));
    }
}
