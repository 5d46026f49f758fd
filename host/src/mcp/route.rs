//! Routing: `/{plugin}/mcp/{constraint segments…}` (and `/mcp/…` for the
//! default plugin; `sse` in place of `mcp` for the legacy SSE transport) to a
//! plugin name and constraint values in the order the manifest declares
//! them. Segments are validated before anything else runs.

use crate::ids::MAX_CONSTRAINT_LEN;

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The plugin name as written in the URL (not yet checked).
    pub plugin: String,
    /// Decoded constraint segments, in URL order.
    pub segments: Vec<String>,
    /// Which transport the path names.
    pub transport: Transport,
}

/// The transport a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `/…/mcp/…`: Streamable HTTP.
    Streamable,
    /// `/…/sse/…`: the 2024-11-05 HTTP+SSE transport.
    Sse,
}

/// Why a path was refused: an HTTP status and a message for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteError {
    /// 400 or 404.
    pub status: u16,
    /// What is wrong and what to do.
    pub message: String,
}

fn bad(message: String) -> RouteError {
    RouteError { status: 400, message }
}

/// Parses a request path. `default_plugin` serves `/mcp/…`.
pub fn parse(path: &str, default_plugin: Option<&str>) -> Result<Route, RouteError> {
    let raw: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let kind = |t: &str| if t == "sse" { Transport::Sse } else { Transport::Streamable };
    let (plugin, transport, rest) = match raw.as_slice() {
        [t @ ("mcp" | "sse"), rest @ ..] => match default_plugin {
            Some(p) => (p.to_string(), kind(t), rest),
            None => {
                let message = format!("no default plugin is configured; use /{{plugin}}/{t}");
                return Err(RouteError { status: 404, message });
            }
        },
        [plugin, t @ ("mcp" | "sse"), rest @ ..] => (plugin.to_string(), kind(t), rest),
        _ => {
            let message = format!("no MCP endpoint at {path:?}; use /{{plugin}}/mcp");
            return Err(RouteError { status: 404, message });
        }
    };
    // A trailing slash is tolerated; empty segments elsewhere are not.
    let rest = match rest {
        [init @ .., ""] => init,
        all => all,
    };
    let segments = rest.iter().map(|s| segment(s)).collect::<Result<Vec<_>, _>>()?;
    Ok(Route { plugin, segments, transport })
}

/// Decodes and checks one constraint segment.
fn segment(raw: &str) -> Result<String, RouteError> {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err(bad(format!(
            "path segment {raw:?} contains an encoded slash; constraint values cannot contain '/'"
        )));
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| bad(format!("path segment {raw:?} is not valid UTF-8 once decoded")))?
        .into_owned();
    if decoded.is_empty() {
        return Err(bad("the path has an empty segment ('//'); remove it".into()));
    }
    if decoded == "." || decoded == ".." {
        return Err(bad(format!("path segment {decoded:?} is not allowed")));
    }
    if decoded.chars().any(char::is_control) {
        return Err(bad(format!("path segment {raw:?} contains control characters")));
    }
    if decoded.len() > MAX_CONSTRAINT_LEN {
        return Err(bad(format!("a path segment is longer than {MAX_CONSTRAINT_LEN} bytes")));
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_and_segments_are_split_and_decoded() {
        let r = parse("/sentry/mcp/acme/web%20app", None).unwrap();
        let segments = vec!["acme".to_string(), "web app".to_string()];
        assert_eq!(r, Route { plugin: "sentry".into(), segments, transport: Transport::Streamable });
        assert_eq!(parse("/notes/sse/work", None).unwrap().transport, Transport::Sse);
        assert_eq!(parse("/mcp/acme/", Some("sentry")).unwrap().segments, vec!["acme".to_string()]);
    }

    #[test]
    fn dangerous_segments_are_refused_with_400() {
        for path in ["/notes/mcp/..", "/notes/mcp/a%2Fb", "/notes/mcp/a//b", "/notes/mcp/%00"] {
            assert_eq!(parse(path, None).unwrap_err().status, 400, "{path}");
        }
        let long = format!("/notes/mcp/{}", "x".repeat(201));
        assert_eq!(parse(&long, None).unwrap_err().status, 400);
    }

    #[test]
    fn other_paths_are_404() {
        assert_eq!(parse("/notes/rpc", None).unwrap_err().status, 404);
        assert_eq!(parse("/mcp", None).unwrap_err().status, 404);
    }
}
