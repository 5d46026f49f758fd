//! Specs of the monitoring tools: alert rules, dashboards, cron and uptime
//! monitors, and releases.

use super::params::*;
use super::{Hide, Kind, Param, Surface, ToolSpec};
use crate::tools;

/// `kind` of alert rules.
const ALERT_KIND: Param =
    Param::opt("kind", STR, "Which alerts: issue alerts, metric alerts, or both (default `all`).")
        .one_of(&["all", "issue", "metric"]);
/// Optional string filters of the monitor lists.
const ENV_NULL: Param = Param::opt("environment", STR_NULL, "Only this environment, e.g. `production`.");

/// The tools in this file.
pub const SPECS: &[ToolSpec] = &[
    ToolSpec {
        name: "find_alert_rules",
        title: "Find alert rules",
        description: "Lists an organization's alert rules (issue alerts and metric alerts), optionally for one \
                      project or matching a name, with their status and what they notify.",
        params: &[
            ORG,
            REGION,
            ALERT_KIND,
            PROJECT_OPT,
            Param::opt("query", STR_NULL, "Only rules whose name contains this text."),
            CURSOR,
            LIMIT,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::find_alert_rules::run),
    },
    ToolSpec {
        name: "get_alert_rule",
        title: "Get an alert rule",
        description: "Shows one alert rule in full: its conditions, filters, thresholds, actions and when it last \
                      fired. Find it by id or by name.",
        params: &[
            ORG,
            REGION,
            ALERT_KIND,
            PROJECT_OPT,
            Param::req("ruleIdOrName", STR, "The rule's numeric id or its exact name."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_alert_rule::run),
    },
    ToolSpec {
        name: "find_dashboards",
        title: "Find dashboards",
        description: "Lists an organization's dashboards with their ids, titles and widget counts, optionally \
                      filtered by title.",
        params: &[
            ORG,
            REGION,
            Param::opt("titleQuery", STR_NULL, "Only dashboards whose title contains this text."),
            Param::opt("sort", STR, "Order of the results.").one_of(&[
                "title",
                "-title",
                "dateCreated",
                "-dateCreated",
            ]),
            CURSOR,
            LIMIT,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::find_dashboards::run),
    },
    ToolSpec {
        name: "get_dashboard_details",
        title: "Get a dashboard",
        description: "Shows one dashboard: its widgets with their queries, display types and filters. Find it by \
                      id or title.",
        params: &[ORG, REGION, Param::req("dashboardIdOrTitle", STR, "The dashboard's numeric id or its title.")],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_dashboard_details::run),
    },
    ToolSpec {
        name: "find_monitors",
        title: "Find cron monitors",
        description: "Lists an organization's cron monitors with their schedules, status and last check-in, \
                      optionally for one project, environment or owner.",
        params: &[
            ORG,
            REGION,
            PROJECT_OPT,
            ENV_NULL,
            Param::opt("owner", STR_NULL, "Only monitors owned by this user or team (`user:ID`, `team:SLUG`, `me`)."),
            Param::opt("query", STR_NULL, "Only monitors whose name or slug contains this text."),
            LIMIT,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::find_monitors::run),
    },
    ToolSpec {
        name: "get_monitor_details",
        title: "Get a cron monitor",
        description: "Shows one cron monitor: its schedule and thresholds, status per environment, recent \
                      check-ins and, optionally, check-in statistics over time.",
        params: &[
            ORG,
            REGION,
            PROJECT_OR_ID,
            Param::req("monitorSlug", STR, "The monitor's slug; `find_monitors` lists them."),
            ENV_NULL,
            Param::opt("period", STR_NULL, "A relative window such as `24h` or `7d`."),
            Param::opt("start", STR_NULL, "Start of an absolute window (ISO 8601)."),
            Param::opt("end", STR_NULL, "End of an absolute window (ISO 8601)."),
            Param::opt("checkInLimit", INT, "At most this many recent check-ins (default 10)."),
            Param::opt("includeStats", BOOL, "Also show check-in statistics over time."),
            Param::opt("rollupSeconds", INT_NULL, "Bucket size of the statistics, in seconds."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_monitor_details::run),
    },
    ToolSpec {
        name: "find_uptime_monitors",
        title: "Find uptime monitors",
        description: "Lists an organization's uptime monitors (periodic HTTP checks) with their URLs, intervals and \
                      current status.",
        params: &[
            ORG,
            REGION,
            PROJECT_OPT_STR,
            ENVIRONMENT,
            Param::opt("owner", STR, "Only monitors owned by this user or team."),
            Param::opt("query", STR, "Only monitors whose name or URL contains this text."),
            LIMIT,
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::find_uptime_monitors::run),
    },
    ToolSpec {
        name: "get_uptime_monitor_details",
        title: "Get an uptime monitor",
        description: "Shows one uptime monitor: its request, thresholds and status, with its recent checks and \
                      their outcomes.",
        params: &[
            ORG,
            REGION,
            PROJECT,
            UPTIME_ID,
            PERIOD,
            START,
            END,
            Param::opt("checkLimit", INT, "At most this many recent checks (default 10)."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_uptime_monitor_details::run),
    },
    ToolSpec {
        name: "find_releases",
        title: "Find releases",
        description: "Lists an organization's (or a project's) releases, newest first, with their dates, new \
                      issue counts and last deploy.",
        params: &[ORG, REGION, PROJECT_OPT, Param::opt("query", STR_NULL, "Only versions containing this text.")],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::find_releases::run),
    },
    ToolSpec {
        name: "get_release_details",
        title: "Get a release",
        description: "Shows one release: when it was created and released, its projects, new issues, and \
                      optionally its deploys, commits and health (crash-free sessions and users).",
        params: &[
            ORG,
            REGION,
            Param::req("releaseVersion", STR, "The release's full version, e.g. `web@1.3.0`."),
            PROJECT_OR_ID,
            Param::opt("includeHealth", BOOL, "Also show session health."),
            Param::opt("includeDeploys", BOOL, "Also list deploys."),
            Param::opt("includeCommits", BOOL, "Also list commits."),
            Param::opt("limit", INT, "At most this many deploys and commits each."),
        ],
        kind: Kind::ReadOnly,
        skills: INSPECT,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::get_release_details::run),
    },
];
