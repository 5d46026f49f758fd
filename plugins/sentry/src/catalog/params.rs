//! Parameters and skill lists that many tools share, so each spec names
//! them instead of repeating their text.

use super::{Param, Ty};
use crate::skills::Skill;

/// A string.
pub const STR: &[Ty] = &[Ty::Str];
/// A string or null.
pub const STR_NULL: &[Ty] = &[Ty::Str, Ty::Null];
/// A whole number.
pub const INT: &[Ty] = &[Ty::Int];
/// A whole number or null.
pub const INT_NULL: &[Ty] = &[Ty::Int, Ty::Null];
/// A number.
pub const NUM: &[Ty] = &[Ty::Num];
/// A boolean.
pub const BOOL: &[Ty] = &[Ty::Bool];
/// A list of strings.
pub const STRS: &[Ty] = &[Ty::Strs];
/// A string or a list of strings.
pub const STR_OR_STRS: &[Ty] = &[Ty::Str, Ty::Strs];

/// `organizationSlug`, required.
pub const ORG: Param = Param::req(
    "organizationSlug",
    STR,
    "The organization's slug, e.g. `acme`; `find_organizations` lists the ones you can see.",
);
/// `organizationSlug`, optional (an issue link can name the organization instead).
pub const ORG_OPT: Param = Param::opt(
    "organizationSlug",
    STR,
    "The organization's slug, e.g. `acme`. Needed with `issueId`; an `issueUrl` names it already.",
);
/// `organizationSlug`, optional or null.
pub const ORG_OPT_NULL: Param = Param { types: STR_NULL, ..ORG_OPT };
/// `regionUrl`, optional.
pub const REGION: Param = Param::opt(
    "regionUrl",
    STR_NULL,
    "The organization's API region, e.g. `https://us.sentry.io`, as `find_organizations` shows it. Leave it out to \
     have it looked up.",
);
/// `regionUrl`, optional string (never null).
pub const REGION_STR: Param = Param { types: STR, ..REGION };
/// `projectSlug`, required.
pub const PROJECT: Param =
    Param::req("projectSlug", STR, "The project's slug, e.g. `web`; `find_projects` lists them.");
/// `projectSlug`, optional or null.
pub const PROJECT_OPT: Param =
    Param::opt("projectSlug", STR_NULL, "Only this project, by slug (e.g. `web`). Leave it out for every project.");
/// `projectSlug`, optional string.
pub const PROJECT_OPT_STR: Param = Param { types: STR, ..PROJECT_OPT };
/// `projectSlugOrId`, optional or null.
pub const PROJECT_OR_ID: Param = Param::opt(
    "projectSlugOrId",
    STR_NULL,
    "Only this project, by slug (e.g. `web`) or numeric id. Leave it out for every project.",
);
/// `issueId`, optional (or `issueUrl`).
pub const ISSUE_ID: Param = Param::opt(
    "issueId",
    STR,
    "The issue's short id (e.g. `WEB-1`) or numeric id; give this with `organizationSlug`, or give `issueUrl`.",
);
/// `issueUrl`, optional (or `issueId`).
pub const ISSUE_URL: Param = Param::opt(
    "issueUrl",
    STR,
    "The issue's Sentry link, e.g. `https://acme.sentry.io/issues/3001/`; use instead of `issueId`.",
);
/// `issueId`, required.
pub const ISSUE_ID_REQ: Param = Param::req("issueId", STR, "The issue's short id (e.g. `WEB-1`) or numeric id.");
/// `eventId`, optional.
pub const EVENT_ID: Param =
    Param::opt("eventId", STR, "A specific event (32 hex digits). Leave it out for the latest event.");
/// `cursor`, optional.
pub const CURSOR: Param = Param::opt("cursor", STR_NULL, "The cursor from a previous answer, to fetch the next page.");
/// `limit`, optional.
pub const LIMIT: Param = Param::opt("limit", INT, "At most this many results.");
/// `period`, optional relative window.
pub const PERIOD: Param = Param::opt("period", STR, "A relative time window such as `24h`, `7d` or `14d`.");
/// `start`, optional absolute time.
pub const START: Param = Param::opt("start", STR, "Start of an absolute window (ISO 8601); use with `end`.");
/// `end`, optional absolute time.
pub const END: Param = Param::opt("end", STR, "End of an absolute window (ISO 8601); use with `start`.");
/// `environment`, optional string.
pub const ENVIRONMENT: Param = Param::opt("environment", STR, "Only this environment, e.g. `production`.");
/// `includeExplanation`, optional.
pub const EXPLAIN: Param = Param::opt("includeExplanation", BOOL, "Also explain how the query was understood.");
/// `teamSlug`, required.
pub const TEAM: Param = Param::req("teamSlug", STR, "The team's slug, e.g. `frontend`; `find_teams` lists them.");
/// `uptimeMonitorId`, required.
pub const UPTIME_ID: Param =
    Param::req("uptimeMonitorId", STR, "The uptime monitor's id; `find_uptime_monitors` lists them.");

/// Every skill.
pub const ALL_SKILLS: &[Skill] = &[Skill::Inspect, Skill::Seer, Skill::Docs, Skill::Triage, Skill::ProjectManagement];
/// Inspection tools that triage and Seer work also need.
pub const INSPECT_TRIAGE_SEER: &[Skill] = &[Skill::Inspect, Skill::Triage, Skill::Seer];
/// Inspect and triage.
pub const INSPECT_TRIAGE: &[Skill] = &[Skill::Inspect, Skill::Triage];
/// Inspect only.
pub const INSPECT: &[Skill] = &[Skill::Inspect];
/// Inspect and docs.
pub const INSPECT_DOCS: &[Skill] = &[Skill::Inspect, Skill::Docs];
/// Triage only.
pub const TRIAGE: &[Skill] = &[Skill::Triage];
/// Seer only.
pub const SEER: &[Skill] = &[Skill::Seer];
/// Project management only.
pub const PROJECT_MANAGEMENT: &[Skill] = &[Skill::ProjectManagement];
