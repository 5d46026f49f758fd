//! The query string as Sentry reads it: repeated keys (`field=a&field=b`), `+` for a space,
//! percent-decoding; plus the request's full path, which paging links need.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use percent_encoding::percent_decode_str;

/// The decoded query pairs of one request, in order, and its path under the server root.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
    path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Inside a nested router the URI has lost its prefix; `OriginalUri` still has it.
        let path = match parts.extensions.get::<OriginalUri>() {
            Some(original) => original.path().to_owned(),
            None => parts.uri.path().to_owned(),
        };
        Ok(Self::parse(&path, parts.uri.query().unwrap_or("")))
    }
}

impl Params {
    pub(crate) fn parse(path: &str, query: &str) -> Self {
        let pairs = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => (decode(key), decode(value)),
                None => (decode(pair), String::new()),
            })
            .collect();
        Self { pairs, path: path.to_owned() }
    }

    /// The first value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The first non-blank value of `key`.
    pub(crate) fn text(&self, key: &str) -> Option<&str> {
        self.get(key).map(str::trim).filter(|value| !value.is_empty())
    }

    /// Every value of `key`, in order.
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    pub(crate) fn number(&self, key: &str) -> Option<usize> {
        self.get(key).and_then(|value| value.trim().parse().ok())
    }

    /// `key=1`, `key=true` or `key=yes`.
    pub(crate) fn flag(&self, key: &str) -> bool {
        matches!(self.get(key).map(str::to_ascii_lowercase).as_deref(), Some("1" | "true" | "yes"))
    }

    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The request path, with the `/api/0` prefix.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }
}

fn decode(raw: &str) -> String {
    percent_decode_str(&raw.replace('+', " ")).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_keep_their_order_and_plus_is_a_space() {
        let params = Params::parse("/api/0/x/", "field=title&field=count%28%29&query=is%3Aunresolved+level%3Aerror");
        assert_eq!(params.all("field"), ["title", "count()"]);
        assert_eq!(params.get("query"), Some("is:unresolved level:error"));
        assert_eq!(params.get("missing"), None);
    }
}
