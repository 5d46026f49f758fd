//! Tool handlers, one module per tool, named after the tool. Each exposes
//! `pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError>`, which
//! the tool's spec in `catalog/` names as its handler.

pub mod add_issue_note;
pub mod add_team_to_project;
pub mod analyze_issue_with_seer;
pub mod create_dsn;
pub mod create_project;
pub mod create_team;
pub mod create_uptime_monitor;
pub mod delete_uptime_monitor;
pub mod execute_sentry_tool;
pub mod find_dsns;
pub mod find_monitors;
pub mod find_organizations;
pub mod find_projects;
pub mod find_teams;
pub mod find_uptime_monitors;
pub mod get_event_attachment;
pub mod get_event_stacktrace;
pub mod get_issue_activity;
pub mod get_issue_breadcrumbs;
pub mod get_issue_details;
pub mod get_issue_tag_values;
pub mod get_issue_user_reports;
pub mod get_monitor_details;
pub mod get_sentry_resource;
pub mod get_span_details;
pub mod get_trace_details;
pub mod get_uptime_monitor_details;
pub mod onboarding_status_update;
pub mod remove_team_from_project;
pub mod search_events;
pub mod search_issue_events;
pub mod search_issues;
pub mod search_sentry_tools;
pub mod update_dsn;
pub mod update_issue;
pub mod update_project;
pub mod update_uptime_monitor;
pub mod whoami;
