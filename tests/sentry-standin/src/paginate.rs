//! Sentry's cursor paging: `per_page` (or `limit`) and `cursor=<value>:<offset>:<is_prev>`
//! select a slice, and a `Link` header names the previous and next pages.

use axum::Json;
use axum::http::header::LINK;
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::params::Params;

/// Sentry's ceiling on `per_page`.
const MAX_PER_PAGE: usize = 100;

/// Answers one page of `items` as a JSON array with Sentry's `Link` header.
pub(crate) fn page<T: Serialize>(items: Vec<T>, params: &Params, base_url: &str, default_per_page: usize) -> Response {
    let (offset, per_page) = window(params, default_per_page);
    let total = items.len();
    let slice: Vec<T> = items.into_iter().skip(offset).take(per_page).collect();
    let link = link_header(params, base_url, offset, per_page, total);
    ([(LINK, link)], Json(slice)).into_response()
}

/// The offset and page size a request asks for.
pub(crate) fn window(params: &Params, default_per_page: usize) -> (usize, usize) {
    let per_page = params.number("per_page").or_else(|| params.number("limit")).unwrap_or(default_per_page);
    let offset = params.get("cursor").and_then(cursor_offset).unwrap_or(0);
    (offset, per_page.clamp(1, MAX_PER_PAGE))
}

fn cursor_offset(cursor: &str) -> Option<usize> {
    cursor.split(':').nth(1)?.parse().ok()
}

pub(crate) fn link_header(params: &Params, base_url: &str, offset: usize, per_page: usize, total: usize) -> String {
    let query: String = params
        .pairs()
        .iter()
        .filter(|(key, _)| key != "cursor")
        .map(|(key, value)| format!("{}={}&", encode(key), encode(value)))
        .collect();
    let url = format!("{base_url}{}?{query}", params.path());
    let previous = offset.saturating_sub(per_page);
    let next = offset + per_page;
    format!(
        "<{url}cursor=0:{previous}:1>; rel=\"previous\"; results=\"{}\"; cursor=\"0:{previous}:1\", \
         <{url}cursor=0:{next}:0>; rel=\"next\"; results=\"{}\"; cursor=\"0:{next}:0\"",
        offset > 0,
        next < total
    )
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_names_the_next_page_while_items_remain() {
        let params = Params::parse("/api/0/organizations/acme/issues/", "query=is%3Aunresolved&cursor=0:2:0");
        let link = link_header(&params, "http://127.0.0.1:1", 2, 2, 5);
        assert!(link.contains(r#"rel="next"; results="true"; cursor="0:4:0""#), "{link}");
        assert!(link.contains(r#"rel="previous"; results="true"; cursor="0:0:1""#), "{link}");
        assert!(
            link.starts_with(
                "<http://127.0.0.1:1/api/0/organizations/acme/issues/?query=is%3Aunresolved&cursor=0:0:1>"
            )
        );
        let last = link_header(&params, "http://127.0.0.1:1", 4, 2, 5);
        assert!(last.contains(r#"rel="next"; results="false""#), "{last}");
    }
}
