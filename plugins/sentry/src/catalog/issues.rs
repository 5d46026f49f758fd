//! Specs of the issue tools: details, events, activity, tags, notes, status
//! changes, Seer analysis and the resource-link resolver.

use super::params::*;
use super::{Hide, Kind, Param, Surface, ToolSpec, Ty};
use crate::tools;

/// The tools in this file.
pub const SPECS: &[ToolSpec] = &[
    ToolSpec {
        name: "update_issue",
        title: "Update an issue",
        description: "Changes an issue's status (resolve, resolve in next release, unresolve, ignore with a \
                      condition) or its assignee, and can leave a note saying why. Identify the issue by issueUrl, \
                      or by issueId with organizationSlug.",
        params: &[
            ORG_OPT,
            REGION,
            ISSUE_ID,
            ISSUE_URL,
            Param::opt("status", STR, "The new status.").one_of(&[
                "resolved",
                "resolvedInNextRelease",
                "unresolved",
                "ignored",
            ]),
            Param::opt(
                "assignedTo",
                STR,
                "Assign to a user (`user:ID`, an email or username), a team (`team:SLUG`), or `me`; empty to unassign.",
            ),
            Param::opt("ignoreMode", STR, "With status `ignored`: until when the issue stays ignored.").one_of(&[
                "untilEscalating",
                "forever",
                "forDuration",
                "untilOccurrenceCount",
                "untilUserCount",
            ]),
            Param::opt("ignoreDurationMinutes", INT, "With ignoreMode `forDuration`: minutes to ignore."),
            Param::opt("ignoreCount", INT, "With ignoreMode `untilOccurrenceCount`: occurrences before it returns."),
            Param::opt("ignoreWindowMinutes", INT, "Optional window in minutes for ignoreCount."),
            Param::opt("ignoreUserCount", INT, "With ignoreMode `untilUserCount`: affected users before it returns."),
            Param::opt("ignoreUserWindowMinutes", INT, "Optional window in minutes for ignoreUserCount."),
            Param::opt("reason", STR, "Why; posted as a note on the issue."),
        ],
        kind: Kind::Destructive,
        skills: TRIAGE,
        surface: Surface::Direct,
        hide: Hide::Never,
        handler: Some(tools::update_issue::run),
    },
    ToolSpec {
        name: "analyze_issue_with_seer",
        title: "Analyze an issue with Seer",
        description: "Asks Seer, Sentry's AI debugger, for the root cause of an issue and a proposed fix. Starts an \
                      analysis when none exists and waits for it (up to a few minutes), reporting progress; an \
                      earlier analysis is returned at once.",
        params: &[
            ORG_OPT,
            REGION,
            ISSUE_ID,
            ISSUE_URL,
            Param::opt("instruction", STR, "Extra guidance for Seer, e.g. `focus on the database layer`."),
        ],
        kind: Kind::Mutating,
        skills: SEER,
        surface: Surface::Direct,
        hide: Hide::Never,
        handler: Some(tools::analyze_issue_with_seer::run),
    },
    ToolSpec {
        name: "search_issues",
        title: "Search issues",
        description: "Searches an organization's issues (grouped errors and problems) with Sentry's search syntax, \
                      e.g. `is:unresolved level:error` or `assigned:me`, sorted and limited to a time window. \
                      Returns each issue's short id, title, counts and link.",
        params: &[
            ORG,
            Param::opt("query", STR, "Sentry issue search, e.g. `is:unresolved browser.name:Chrome`."),
            Param::opt("sort", STR, "Order of the results (default `date`, last seen).").one_of(&[
                "date",
                "freq",
                "new",
                "user",
                "recommended",
            ]),
            PROJECT_OR_ID,
            REGION,
            Param::opt("limit", NUM, "At most this many issues (default 10, at most 100)."),
            Param::opt("period", STR, "Only issues seen in this window (default `14d`).")
                .one_of(&["24h", "7d", "14d", "30d", "90d"]),
            EXPLAIN,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE_SEER,
        surface: Surface::Direct,
        hide: Hide::Never,
        handler: Some(tools::search_issues::run),
    },
    ToolSpec {
        name: "get_sentry_resource",
        title: "Open a Sentry link",
        description: "Opens whatever a Sentry link points at (issue, event, trace, replay, monitor, AI \
                      conversation, snapshot) and shows its details. Give the `url`, or a `resourceType` with \
                      `resourceId` and `organizationSlug`.",
        params: &[
            Param::opt("url", STR, "A Sentry link, e.g. `https://acme.sentry.io/issues/3001/`."),
            Param::opt("resourceType", STR, "What `resourceId` names, when no url is given.").one_of(&[
                "issue",
                "event",
                "trace",
                "ai_conversation",
                "replay",
                "monitor",
                "snapshot",
            ]),
            Param::opt("resourceId", STR, "The resource's id, e.g. an issue short id or a trace id."),
            Param::opt("organizationSlug", STR, "The organization, when no url is given."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE_SEER,
        surface: Surface::Direct,
        hide: Hide::Never,
        handler: Some(tools::get_sentry_resource::run),
    },
    ToolSpec {
        name: "add_issue_note",
        title: "Comment on an issue",
        description: "Adds a note (comment) to an issue's activity, e.g. findings or a hand-over. Markdown is \
                      allowed. Identify the issue by issueUrl, or by issueId with organizationSlug.",
        params: &[ORG_OPT, REGION, ISSUE_ID, ISSUE_URL, Param::req("text", STR, "The note, in markdown.")],
        kind: Kind::Mutating,
        skills: TRIAGE,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::add_issue_note::run),
    },
    ToolSpec {
        name: "get_event_attachment",
        title: "Get event attachments",
        description: "Lists the files attached to an event (logs, minidumps, screenshots) or downloads one of them \
                      by id.",
        params: &[
            ORG,
            PROJECT,
            Param::req("eventId", STR, "The event's id (32 hex digits)."),
            Param::opt("attachmentId", STR_NULL, "Download this attachment; leave it out to list them."),
            REGION,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_event_attachment::run),
    },
    ToolSpec {
        name: "get_event_stacktrace",
        title: "Get an event's stack trace",
        description: "Shows the full stack trace of an issue's event (latest by default), frame by frame with \
                      source context, for exceptions or one thread.",
        params: &[
            ORG,
            REGION,
            ISSUE_ID_REQ,
            Param::opt("eventId", STR, "The event (32 hex digits) or `latest` (default)."),
            Param::opt("thread", &[Ty::Int, Ty::Str], "Show this thread (id or name) instead of the exception."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE_SEER,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_event_stacktrace::run),
    },
    ToolSpec {
        name: "get_issue_activity",
        title: "Get issue activity",
        description: "Shows an issue's history: status changes, assignments, regressions, releases and, \
                      optionally, comments, newest first.",
        params: &[
            ORG_OPT,
            REGION,
            ISSUE_ID,
            ISSUE_URL,
            Param::opt("includeComments", BOOL, "Also show the notes left on the issue (default true)."),
            LIMIT,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_issue_activity::run),
    },
    ToolSpec {
        name: "get_issue_breadcrumbs",
        title: "Get issue breadcrumbs",
        description: "Shows the breadcrumbs (the trail of navigation, clicks, requests and logs) leading up to an \
                      issue's event, latest by default.",
        params: &[
            ORG_OPT,
            REGION,
            ISSUE_ID,
            ISSUE_URL,
            Param::opt("eventId", STR, "The event (32 hex digits) or `latest` (default)."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_issue_breadcrumbs::run),
    },
    ToolSpec {
        name: "get_issue_details",
        title: "Get issue details",
        description: "Shows one issue in depth: status, counts, first and last seen, and its latest (or a given) \
                      event with the exception, a compact stack trace, request, user, tags and trace id. Give \
                      issueUrl, or issueId with organizationSlug, or just an eventId.",
        params: &[ORG_OPT, REGION, ISSUE_ID, EVENT_ID, ISSUE_URL],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE_SEER,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_issue_details::run),
    },
    ToolSpec {
        name: "get_issue_tag_values",
        title: "Get issue tag values",
        description: "Shows how an issue's events spread over the values of one tag (e.g. `browser`, `release`, \
                      `url`), with counts, to see who or what is affected.",
        params: &[
            ORG_OPT,
            REGION,
            ISSUE_ID,
            ISSUE_URL,
            Param::req("tagKey", STR, "The tag, e.g. `browser`, `os`, `release`, `environment` or `url`."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_issue_tag_values::run),
    },
    ToolSpec {
        name: "get_issue_user_reports",
        title: "Get user feedback on an issue",
        description: "Lists the feedback users submitted about an issue (name, email, comments), newest first.",
        params: &[ORG_OPT, REGION, ISSUE_ID, ISSUE_URL, CURSOR, LIMIT],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_issue_user_reports::run),
    },
    ToolSpec {
        name: "search_issue_events",
        title: "Search an issue's events",
        description: "Searches the individual events of one issue with Sentry's search syntax (e.g. \
                      `environment:production release:1.2.0`), to compare occurrences.",
        params: &[
            ORG_OPT_NULL,
            ISSUE_ID,
            ISSUE_URL,
            Param::opt("query", STR, "Sentry event search, e.g. `user.email:jane@example.com`."),
            Param::opt("sort", STR, "Order, e.g. `-timestamp` (default, newest first)."),
            Param::opt("period", STR, "Only events in this window, e.g. `24h` or `14d` (default)."),
            PROJECT_OPT,
            REGION,
            Param::opt("limit", NUM, "At most this many events (default 10, at most 100)."),
            EXPLAIN,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT_TRIAGE,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::search_issue_events::run),
    },
];
