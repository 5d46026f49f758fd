//! Specs of the tools every skill gets: who am I, organizations, projects,
//! teams, the catalog tools themselves and onboarding progress.

use super::params::*;
use super::{Hide, Kind, Param, Surface, ToolSpec, Ty};
use crate::skills::Skill;
use crate::tools;

/// The tools in this file.
pub const SPECS: &[ToolSpec] = &[
    ToolSpec {
        name: "whoami",
        title: "Who am I",
        description: "Shows which Sentry user the current access token belongs to: name, email and user id. Use it \
                      to check the connection or to find your own user for assignments and searches such as \
                      `assigned:me`.",
        params: &[],
        kind: Kind::ReadOnly,
        skills: ALL_SKILLS,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::whoami::run),
    },
    ToolSpec {
        name: "find_organizations",
        title: "Find organizations",
        description: "Lists the Sentry organizations this token can access, with each one's slug and API region \
                      URL. Start here when you do not know the organization slug; pass the slug (and regionUrl) to \
                      the other tools.",
        params: &[Param::opt("query", STR_NULL, "Only organizations whose name or slug contains this text.")],
        kind: Kind::ReadOnly,
        skills: ALL_SKILLS,
        surface: Surface::Direct,
        hide: Hide::UnderOrg,
        handler: Some(tools::find_organizations::run),
    },
    ToolSpec {
        name: "find_projects",
        title: "Find projects",
        description: "Lists the projects of a Sentry organization with their slugs, ids and platforms. Use it to \
                      find the project slug other tools ask for.",
        params: &[ORG, REGION, Param::opt("query", STR_NULL, "Only projects whose name or slug contains this text.")],
        kind: Kind::ReadOnly,
        skills: ALL_SKILLS,
        surface: Surface::Direct,
        hide: Hide::UnderProject,
        handler: Some(tools::find_projects::run),
    },
    ToolSpec {
        name: "find_teams",
        title: "Find teams",
        description: "Lists the teams of a Sentry organization with their slugs and member counts. Use it to find \
                      a team slug for assigning issues or granting a team access to a project.",
        params: &[ORG, REGION, Param::opt("query", STR_NULL, "Only teams whose name or slug contains this text.")],
        kind: Kind::ReadOnly,
        skills: &[Skill::Inspect, Skill::Triage, Skill::ProjectManagement],
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::find_teams::run),
    },
    ToolSpec {
        name: "search_sentry_tools",
        title: "Search Sentry tools",
        description: "Finds more Sentry tools by keyword (e.g. `releases`, `dsn`, `breadcrumbs`, `monitor`) and \
                      shows each match's parameters. Run a match with `execute_sentry_tool`. Only tools you may \
                      use are found.",
        params: &[
            Param::req("query", STR, "Keywords describing what you want to do, e.g. `issue activity` or `create dsn`."),
            Param::opt("limit", INT_NULL, "At most this many tools (default 8, at most 25)."),
        ],
        kind: Kind::ReadOnly,
        skills: ALL_SKILLS,
        surface: Surface::Direct,
        hide: Hide::Never,
        handler: Some(tools::search_sentry_tools::run),
    },
    ToolSpec {
        name: "execute_sentry_tool",
        title: "Run a Sentry tool",
        description: "Runs a Sentry tool found with `search_sentry_tools`, by name, with its arguments as an \
                      object. The arguments are checked exactly as for a direct call. Some tools change data in \
                      Sentry.",
        params: &[
            Param::req("name", STR, "The tool's name as `search_sentry_tools` shows it, e.g. `find_releases`."),
            Param::opt(
                "arguments",
                &[Ty::Obj],
                "The tool's arguments as a JSON object, e.g. {\"projectSlug\": \"web\"}.",
            ),
        ],
        kind: Kind::Destructive,
        skills: ALL_SKILLS,
        surface: Surface::Direct,
        hide: Hide::Never,
        handler: Some(tools::execute_sentry_tool::run),
    },
    ToolSpec {
        name: "onboarding_status_update",
        title: "Report onboarding progress",
        description: "Reports the progress of an agent-guided Sentry setup back to Sentry's onboarding screen: \
                      which stage the run is in, its status, and the projects or issues it produced.",
        params: &[
            ORG,
            REGION,
            Param::req("runToken", STR, "The onboarding run's token, as Sentry's onboarding screen gave it."),
            Param::req("stage", STR, "The onboarding stage this update is about.").one_of(&[
                "connect_mcp",
                "analyze_project",
                "create_project",
                "instrument_app",
                "plan_test_error",
                "send_verification_error",
                "receive_verification_error",
                "prepare_production",
                "check_stack_trace_quality",
            ]),
            Param::req("status", STR, "The stage's new status.").one_of(&[
                "active",
                "waiting",
                "completed",
                "skipped",
                "failed",
            ]),
            Param::opt("runStatus", STR, "Ends the whole run as completed or failed.").one_of(&["completed", "failed"]),
            Param::opt("eventNote", STR, "A short note shown with the stage, e.g. what the user must do next."),
            Param::opt("projectSlugs", STRS, "Projects created or chosen (with stage `create_project`)."),
            Param::opt("issueIds", STRS, "Issues seen from the test error (with stage `receive_verification_error`)."),
        ],
        kind: Kind::Mutating,
        skills: ALL_SKILLS,
        surface: Surface::Catalog,
        hide: Hide::Never,
        handler: Some(tools::onboarding_status_update::run),
    },
];
