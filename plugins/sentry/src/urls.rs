//! Sentry URLs: the pieces of an absolute URL, the `regionUrl` rule, the
//! links Sentry's web UI uses (issues, events, traces, replays, monitors,
//! profiles, conversations, snapshots, releases), and issue references
//! (`issueId` / `issueUrl`) checked against the agent's organization.

use percent_encoding::percent_decode_str;

/// The scheme of a URL we accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `https://`.
    Https,
    /// `http://`, only where the operator allows it.
    Http,
}

impl Scheme {
    /// `https` or `http`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

/// An absolute URL split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// The scheme.
    pub scheme: Scheme,
    /// `host[:port]`, lowercased, without user info.
    pub host: String,
    /// The path, starting with `/` (just `/` when empty).
    pub path: String,
    /// The query string without `?`, if any.
    pub query: Option<String>,
}

impl UrlParts {
    /// Splits an `http(s)://` URL; `None` when it is not one.
    pub fn parse(url: &str) -> Option<UrlParts> {
        let url = url.trim();
        let (scheme, rest) = if let Some(rest) = strip_prefix_ci(url, "https://") {
            (Scheme::Https, rest)
        } else {
            (Scheme::Http, strip_prefix_ci(url, "http://")?)
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
        if host.is_empty() || host.contains(char::is_whitespace) {
            return None;
        }
        let tail = &rest[end..];
        let (path, query) = match tail.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (tail, None),
        };
        let path = if path.is_empty() { "/".to_string() } else { path.to_string() };
        Some(UrlParts { scheme, host, path, query })
    }

    /// The decoded path segments, empty ones dropped.
    pub fn segments(&self) -> Vec<String> {
        self.path.split('/').filter(|s| !s.is_empty()).map(decode).collect()
    }

    /// The decoded value of query parameter `name`, if present.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query.as_deref()?.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k) == name).then(|| decode(&v.replace('+', " ")))
        })
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Whether `host` is Sentry's SaaS (`sentry.io` or a subdomain, default port).
pub fn is_sentry_host(host: &str) -> bool {
    host == "sentry.io" || host.ends_with(".sentry.io")
}

/// Checks a region URL (from an argument or an organization's `links.regionUrl`)
/// and returns it as `scheme://host`: https to the configured host or a Sentry
/// host, or http to the configured host when `insecure_http` is on.
pub fn check_region_url(url: &str, configured_host: &str, insecure_http: bool) -> Result<String, String> {
    let fix = "use the regionUrl that find_organizations shows, e.g. https://us.sentry.io";
    let Some(parts) = UrlParts::parse(url) else {
        return Err(format!("regionUrl {url:?} is not an absolute URL; {fix}"));
    };
    if parts.path != "/" || parts.query.is_some() {
        return Err(format!("regionUrl {url:?} must be just scheme and host, without a path; {fix}"));
    }
    let configured = parts.host == configured_host.to_ascii_lowercase();
    let allowed = match parts.scheme {
        Scheme::Https => configured || is_sentry_host(&parts.host),
        Scheme::Http => configured && insecure_http,
    };
    if !allowed {
        let why = match parts.scheme {
            Scheme::Http if configured => "plain http is not enabled for this Sentry".to_string(),
            Scheme::Http => "it is not https".to_string(),
            Scheme::Https => format!("{:?} is neither {configured_host:?} nor a sentry.io region", parts.host),
        };
        return Err(format!("regionUrl {url:?} is not allowed: {why}; {fix}"));
    }
    Ok(format!("{}://{}", parts.scheme.as_str(), parts.host))
}

/// The `regionUrl` constraint's value for a checked region URL: just
/// `host[:port]`, because Warren's constraint values may not contain `/`.
pub fn region_constraint(region_url: &str) -> String {
    region_url.split_once("://").map_or(region_url, |(_, host)| host).to_string()
}

/// Reads a `regionUrl` constraint (`host[:port]`, or a full URL) back into a
/// checked region URL; the scheme follows the region rule (http only to the
/// configured host when `insecure_http` is on).
pub fn region_from_constraint(value: &str, configured_host: &str, insecure_http: bool) -> Result<String, String> {
    if value.contains("://") {
        return check_region_url(value, configured_host, insecure_http);
    }
    let plain = insecure_http && value.eq_ignore_ascii_case(configured_host);
    let scheme = if plain { Scheme::Http } else { Scheme::Https };
    check_region_url(&format!("{}://{value}", scheme.as_str()), configured_host, insecure_http)
}

/// What a Sentry web URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `/issues/{id}/`, optionally `/events/{eventId}/`.
    Issue { issue_id: String, event_id: Option<String> },
    /// `/discover/{project}:{eventId}/` and the like.
    Event { project: String, event_id: String },
    /// `/explore/traces/trace/{id}/` or `/performance/trace/{id}/`; `?node=span-{id}` selects a span.
    Trace { trace_id: String, span_id: Option<String> },
    /// `/explore/replays/{id}/` or `/replays/{id}/`.
    Replay { replay_id: String },
    /// `/crons/{project}/{slug}/` (project optional) or `/alerts/rules/crons/...`.
    Monitor { project: Option<String>, monitor_slug: String },
    /// `/alerts/rules/uptime/{project}/{id}/`.
    UptimeMonitor { project: String, monitor_id: String },
    /// `/explore/profiling/profile/{project}/{profileId}/flamegraph/`.
    Profile { project: String, profile_id: String },
    /// `/explore/profiling/profile/{project}/flamegraph/?profilerId=..&start=..&end=..`.
    ContinuousProfile { project: String, profiler_id: String, start: Option<String>, end: Option<String> },
    /// `/explore/conversations/{id}/`.
    AiConversation { conversation_id: String },
    /// `/preprod/snapshots/{id}/`.
    Snapshot { snapshot_id: String },
    /// `/releases/{version}/`.
    Release { version: String },
}

/// A parsed Sentry web URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentryUrl {
    /// The organization, from `/organizations/{org}/` or an `{org}.sentry.io` host.
    pub org: Option<String>,
    /// What it points at.
    pub resource: Resource,
}

/// Subdomains of sentry.io that are not organizations.
const NOT_ORGS: [&str; 4] = ["www", "us", "de", "api"];

impl SentryUrl {
    /// Parses a Sentry web URL; `configured_host` lets `{org}.{host}` name the org.
    pub fn parse(url: &str, configured_host: &str) -> Result<SentryUrl, String> {
        let parts = UrlParts::parse(url).ok_or_else(|| {
            format!("{url:?} is not a URL; pass a full Sentry link such as https://acme.sentry.io/issues/123/")
        })?;
        let mut segs = parts.segments();
        let org = if segs.first().map(String::as_str) == Some("organizations") && segs.len() >= 2 {
            segs.drain(..2).nth(1)
        } else {
            subdomain_org(&parts.host, configured_host)
        };
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let resource = resource(&segs, &parts).ok_or_else(|| {
            format!(
                "{url:?} is not a Sentry link this tool understands; use an issue, event, trace, replay, monitor, \
                 profile, conversation, snapshot or release link"
            )
        })?;
        Ok(SentryUrl { org, resource })
    }
}

fn subdomain_org(host: &str, configured_host: &str) -> Option<String> {
    let configured = configured_host.to_ascii_lowercase();
    let sub = host.strip_suffix(".sentry.io").or_else(|| host.strip_suffix(&format!(".{configured}")))?;
    (!sub.contains('.') && !NOT_ORGS.contains(&sub)).then(|| sub.to_string())
}

/// Matches the path (after any `/organizations/{org}`) against the known shapes.
fn resource(segs: &[&str], parts: &UrlParts) -> Option<Resource> {
    let segs = segs.strip_prefix(&["explore"]).or_else(|| segs.strip_prefix(&["insights"])).unwrap_or(segs);
    let owned = |s: &str| s.to_string();
    Some(match segs {
        ["issues", "alerts", "rules", "uptime", project, id, ..] | ["alerts", "rules", "uptime", project, id, ..] => {
            Resource::UptimeMonitor { project: owned(project), monitor_id: owned(id) }
        }
        ["issues", id, "events", event, ..] => Resource::Issue { issue_id: owned(id), event_id: Some(owned(event)) },
        ["issues", id, ..] if *id != "alerts" => Resource::Issue { issue_id: owned(id), event_id: None },
        ["traces", "trace", id, ..] | ["performance", "trace", id, ..] | ["trace", id, ..] => Resource::Trace {
            trace_id: owned(id),
            span_id: parts.query_param("node").and_then(|n| n.strip_prefix("span-").map(owned)),
        },
        ["replays", id, ..] if *id != "selectors" => Resource::Replay { replay_id: owned(id) },
        ["alerts", "rules", "crons", project, slug, ..] => {
            Resource::Monitor { project: Some(owned(project)), monitor_slug: owned(slug) }
        }
        ["crons", project, slug, ..] => Resource::Monitor { project: Some(owned(project)), monitor_slug: owned(slug) },
        ["crons", slug] => Resource::Monitor { project: None, monitor_slug: owned(slug) },
        ["profiling", "profile", project, "flamegraph", ..] => Resource::ContinuousProfile {
            project: owned(project),
            profiler_id: parts.query_param("profilerId")?,
            start: parts.query_param("start"),
            end: parts.query_param("end"),
        },
        ["profiling", "profile", project, id, ..] => {
            Resource::Profile { project: owned(project), profile_id: owned(id) }
        }
        ["conversations", id, ..] => Resource::AiConversation { conversation_id: owned(id) },
        ["preprod", "snapshots", id, ..] => Resource::Snapshot { snapshot_id: owned(id) },
        ["releases", version, ..] => Resource::Release { version: owned(version) },
        ["discover", pair, ..] | ["performance", pair, ..] | ["events", pair, ..] => {
            let (project, event) = pair.split_once(':')?;
            Resource::Event { project: owned(project), event_id: owned(event) }
        }
        _ => return None,
    })
}

/// The organization a link (other than an issue link) points into: the
/// link's own org, else `org_arg`; a link into another org than `org_arg`
/// (which holds the bound org under a constraint) is an input error.
pub fn link_org(url_org: Option<String>, org_arg: Option<&str>, what: &str) -> Result<String, String> {
    match (url_org, org_arg) {
        (Some(url), Some(arg)) if url != arg => Err(format!(
            "the {what} link belongs to organization {url:?}, but organizationSlug is {arg:?} (an agent bound to an \
             organization can only read its own)"
        )),
        (Some(url), _) => Ok(url),
        (None, Some(arg)) => Ok(arg.to_string()),
        (None, None) => Err(format!("the {what} link does not name an organization; pass organizationSlug as well")),
    }
}

/// Checks an issue id: numeric (`3001`) or a short id (`WEB-1`, returned uppercased).
pub fn check_issue_id(id: &str) -> Result<String, String> {
    let id = id.trim();
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(id.to_string());
    }
    let short = id.rsplit_once('-').is_some_and(|(project, suffix)| {
        let project_ok = project.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && project.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        project_ok && !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if short {
        Ok(id.to_ascii_uppercase())
    } else {
        Err(format!(
            "issueId {id:?} is not an issue id: use the numeric id (e.g. 3001) or the short id (e.g. WEB-1), or pass issueUrl"
        ))
    }
}

/// Checks an event id: 32 hex digits (dashes allowed), returned lowercased without dashes.
pub fn check_event_id(id: &str) -> Result<String, String> {
    let hex: String = id.trim().chars().filter(|c| *c != '-').collect::<String>().to_ascii_lowercase();
    if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hex)
    } else {
        Err(format!(
            "eventId {id:?} is not an event id: use the 32 hex digits Sentry shows, e.g. 9fac2ceed9344f2bbfdd1fdacb0ed9b1"
        ))
    }
}

/// An issue, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRef {
    /// Its organization.
    pub org: String,
    /// The numeric or short id.
    pub issue_id: String,
    /// An event named by the URL, if any.
    pub event_id: Option<String>,
}

/// What an issue reference is resolved from.
#[derive(Debug, Clone, Copy, Default)]
pub struct IssueArgs<'a> {
    /// The `issueId` argument.
    pub issue_id: Option<&'a str>,
    /// The `issueUrl` argument.
    pub issue_url: Option<&'a str>,
    /// The `organizationSlug` argument (the constraint's value when bound).
    pub org: Option<&'a str>,
    /// The agent's organization constraint.
    pub bound_org: Option<&'a str>,
}

/// Resolves exactly one of `issueId` (with an organization) or `issueUrl`.
pub fn resolve_issue(a: IssueArgs<'_>, configured_host: &str) -> Result<IssueRef, String> {
    match (a.issue_id, a.issue_url) {
        (Some(_), Some(_)) => Err("pass either issueId or issueUrl, not both".into()),
        (None, None) => Err("pass issueUrl, or issueId together with organizationSlug".into()),
        (Some(id), None) if id.trim_start().starts_with("http") => resolve_url(id, a, configured_host),
        (Some(id), None) => {
            let issue_id = check_issue_id(id)?;
            let org = a.org.ok_or("organizationSlug is required with issueId; or pass issueUrl instead")?;
            Ok(IssueRef { org: org.to_string(), issue_id, event_id: None })
        }
        (None, Some(url)) => resolve_url(url, a, configured_host),
    }
}

fn resolve_url(url: &str, a: IssueArgs<'_>, configured_host: &str) -> Result<IssueRef, String> {
    let parsed = SentryUrl::parse(url, configured_host)?;
    let Resource::Issue { issue_id, event_id } = parsed.resource else {
        return Err(format!("{url:?} is not an issue link; issue links look like https://acme.sentry.io/issues/123/"));
    };
    let org = match (parsed.org, a.org) {
        (Some(url_org), _) => url_org,
        (None, Some(arg)) => arg.to_string(),
        (None, None) => {
            return Err(format!("{url:?} does not name an organization; pass organizationSlug as well"));
        }
    };
    if let Some(bound) = a.bound_org.filter(|b| *b != org) {
        return Err(format!(
            "the issue link belongs to organization {org:?}, but this agent is bound to organization {bound:?}"
        ));
    }
    if let Some(arg) = a.org.filter(|o| *o != org) {
        return Err(format!("issueUrl is in organization {org:?} but organizationSlug is {arg:?}; drop one of them"));
    }
    let event_id = event_id.filter(|e| e != "latest").map(|e| check_event_id(&e)).transpose()?;
    Ok(IssueRef { org, issue_id: check_issue_id(&issue_id)?, event_id })
}

/// A link into Sentry's web UI for `org`: `https://{org}.sentry.io{path}` on
/// SaaS, `{scheme}://{host}/organizations/{org}{path}` elsewhere.
pub fn web_url(scheme: Scheme, host: &str, org: &str, path: &str) -> String {
    if is_sentry_host(host) {
        format!("https://{org}.sentry.io{path}")
    } else {
        format!("{}://{host}/organizations/{org}{path}", scheme.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> SentryUrl {
        SentryUrl::parse(url, "sentry.io").unwrap()
    }

    #[test]
    fn issue_links_name_org_and_issue_in_both_url_styles() {
        let sub = parse("https://acme.sentry.io/issues/3001/?project=1");
        assert_eq!(sub.org.as_deref(), Some("acme"));
        assert_eq!(sub.resource, Resource::Issue { issue_id: "3001".into(), event_id: None });
        let path = parse("https://sentry.io/organizations/acme/issues/WEB-1/");
        assert_eq!(path.org.as_deref(), Some("acme"));
        assert_eq!(path.resource, Resource::Issue { issue_id: "WEB-1".into(), event_id: None });
    }

    #[test]
    fn self_hosted_links_take_the_org_from_the_path() {
        let url =
            SentryUrl::parse("http://127.0.0.1:8378/organizations/acme/issues/3003/events/abc/", "127.0.0.1:8378")
                .unwrap();
        assert_eq!(url.org.as_deref(), Some("acme"));
        assert_eq!(url.resource, Resource::Issue { issue_id: "3003".into(), event_id: Some("abc".into()) });
    }

    #[test]
    fn trace_links_in_old_and_new_style_with_span_node() {
        let new = parse("https://acme.sentry.io/explore/traces/trace/a1b2/?node=span-ff01&statsPeriod=14d");
        assert_eq!(new.resource, Resource::Trace { trace_id: "a1b2".into(), span_id: Some("ff01".into()) });
        let old = parse("https://sentry.io/organizations/acme/performance/trace/a1b2/");
        assert_eq!(old.resource, Resource::Trace { trace_id: "a1b2".into(), span_id: None });
    }

    #[test]
    fn replay_monitor_profile_and_other_links() {
        assert_eq!(
            parse("https://acme.sentry.io/explore/replays/r1/").resource,
            Resource::Replay { replay_id: "r1".into() }
        );
        assert_eq!(
            parse("https://acme.sentry.io/crons/web/nightly/").resource,
            Resource::Monitor { project: Some("web".into()), monitor_slug: "nightly".into() }
        );
        assert_eq!(
            parse("https://acme.sentry.io/alerts/rules/crons/web/nightly/details/").resource,
            Resource::Monitor { project: Some("web".into()), monitor_slug: "nightly".into() }
        );
        assert_eq!(
            parse("https://acme.sentry.io/explore/profiling/profile/web/p1/flamegraph/").resource,
            Resource::Profile { project: "web".into(), profile_id: "p1".into() }
        );
        assert_eq!(
            parse("https://acme.sentry.io/explore/profiling/profile/web/flamegraph/?profilerId=x&start=s&end=e")
                .resource,
            Resource::ContinuousProfile {
                project: "web".into(),
                profiler_id: "x".into(),
                start: Some("s".into()),
                end: Some("e".into())
            }
        );
        assert_eq!(
            parse("https://acme.sentry.io/releases/web%401.2.0/").resource,
            Resource::Release { version: "web@1.2.0".into() }
        );
        assert_eq!(
            parse("https://acme.sentry.io/discover/web:abc/").resource,
            Resource::Event { project: "web".into(), event_id: "abc".into() }
        );
    }

    #[test]
    fn unknown_links_say_which_kinds_are_understood() {
        let err = SentryUrl::parse("https://acme.sentry.io/settings/", "sentry.io").unwrap_err();
        assert!(err.contains("is not a Sentry link this tool understands"), "{err}");
        assert!(SentryUrl::parse("not a url", "sentry.io").unwrap_err().contains("is not a URL"));
    }

    #[test]
    fn issue_ids_are_numeric_or_short_ids() {
        assert_eq!(check_issue_id("3001").unwrap(), "3001");
        assert_eq!(check_issue_id("web-1").unwrap(), "WEB-1");
        assert_eq!(check_issue_id("MY-APP-1A2").unwrap(), "MY-APP-1A2");
        assert!(check_issue_id("WEB-").is_err());
        assert_eq!(
            check_issue_id("foo bar").unwrap_err(),
            "issueId \"foo bar\" is not an issue id: use the numeric id (e.g. 3001) or the short id (e.g. WEB-1), or pass issueUrl"
        );
    }

    #[test]
    fn issue_reference_needs_exactly_one_of_id_and_url() {
        let both = IssueArgs {
            issue_id: Some("1"),
            issue_url: Some("https://acme.sentry.io/issues/1/"),
            ..Default::default()
        };
        assert_eq!(resolve_issue(both, "sentry.io").unwrap_err(), "pass either issueId or issueUrl, not both");
        assert!(resolve_issue(IssueArgs::default(), "sentry.io").is_err());
        let no_org = IssueArgs { issue_id: Some("WEB-1"), ..Default::default() };
        assert!(resolve_issue(no_org, "sentry.io").unwrap_err().starts_with("organizationSlug is required"));
        let ok = IssueArgs { issue_id: Some("web-1"), org: Some("acme"), ..Default::default() };
        assert_eq!(
            resolve_issue(ok, "sentry.io").unwrap(),
            IssueRef { org: "acme".into(), issue_id: "WEB-1".into(), event_id: None }
        );
    }

    #[test]
    fn issue_url_of_another_org_is_refused_when_bound() {
        let a = IssueArgs {
            issue_url: Some("https://other.sentry.io/issues/5/"),
            org: Some("acme"),
            bound_org: Some("acme"),
            ..Default::default()
        };
        assert_eq!(
            resolve_issue(a, "sentry.io").unwrap_err(),
            "the issue link belongs to organization \"other\", but this agent is bound to organization \"acme\""
        );
    }

    #[test]
    fn issue_url_resolves_org_issue_and_event() {
        let a = IssueArgs {
            issue_url: Some("https://acme.sentry.io/issues/3001/events/9FAC2CEE-D934-4F2B-BFDD-1FDACB0ED9B1/"),
            ..Default::default()
        };
        assert_eq!(
            resolve_issue(a, "sentry.io").unwrap(),
            IssueRef {
                org: "acme".into(),
                issue_id: "3001".into(),
                event_id: Some("9fac2ceed9344f2bbfdd1fdacb0ed9b1".into())
            }
        );
    }

    #[test]
    fn region_urls_must_be_https_to_known_hosts() {
        assert_eq!(check_region_url("https://us.sentry.io/", "sentry.io", false).unwrap(), "https://us.sentry.io");
        assert_eq!(
            check_region_url("https://sentry.example.com", "sentry.example.com", false).unwrap(),
            "https://sentry.example.com"
        );
        assert!(check_region_url("https://evil.example.com", "sentry.io", false).unwrap_err().contains("is neither"));
        assert!(check_region_url("http://us.sentry.io", "sentry.io", true).unwrap_err().contains("not https"));
        assert!(check_region_url("https://us.sentry.io/api/0/", "sentry.io", false).is_err());
        assert!(check_region_url("https://sentry.io.evil.com", "sentry.io", false).is_err());
    }

    #[test]
    fn plain_http_region_only_to_the_configured_host_when_insecure() {
        assert_eq!(check_region_url("http://127.0.0.1:8378", "127.0.0.1:8378", true).unwrap(), "http://127.0.0.1:8378");
        let err = check_region_url("http://127.0.0.1:8378", "127.0.0.1:8378", false).unwrap_err();
        assert!(err.contains("plain http is not enabled"), "{err}");
    }

    #[test]
    fn region_constraints_hold_the_host_and_read_back_as_urls() {
        assert_eq!(region_constraint("https://us.sentry.io"), "us.sentry.io");
        assert_eq!(region_from_constraint("us.sentry.io", "sentry.io", false).unwrap(), "https://us.sentry.io");
        assert_eq!(region_from_constraint("127.0.0.1:8378", "127.0.0.1:8378", true).unwrap(), "http://127.0.0.1:8378");
        assert_eq!(region_from_constraint("https://de.sentry.io", "sentry.io", false).unwrap(), "https://de.sentry.io");
        assert!(region_from_constraint("evil.test", "sentry.io", false).is_err());
    }

    #[test]
    fn web_urls_follow_saas_and_self_hosted_styles() {
        assert_eq!(
            web_url(Scheme::Https, "sentry.io", "acme", "/issues/WEB-1/"),
            "https://acme.sentry.io/issues/WEB-1/"
        );
        assert_eq!(
            web_url(Scheme::Http, "127.0.0.1:8378", "acme", "/issues/WEB-1/"),
            "http://127.0.0.1:8378/organizations/acme/issues/WEB-1/"
        );
    }
}
