//! Tool handlers, one module per tool, named after the tool. Each exposes
//! `pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError>`, which
//! the tool's spec in `catalog/` names as its handler.

pub mod execute_sentry_tool;
pub mod find_organizations;
pub mod find_projects;
pub mod find_teams;
pub mod get_issue_details;
pub mod search_sentry_tools;
pub mod whoami;
