//! Shared steps of the issue tools: which issue an `issueId` / `issueUrl`
//! names (in which organization), and whether it lies inside the agent's
//! project constraint. An issue outside the constraint is an input error.

use crate::api::{Api, Query, api_path};
use crate::args::Args;
use crate::context::{Ctx, ORG};
use crate::models::Issue;
use crate::reply::{ToolError, input};
use crate::urls::{self, IssueArgs, IssueRef};

/// Resolves `issueId` (with `organizationSlug`) or `issueUrl` for this agent.
pub fn target(ctx: &Ctx, args: &Args) -> Result<IssueRef, ToolError> {
    let issue_args = IssueArgs {
        issue_id: args.str("issueId"),
        issue_url: args.str("issueUrl"),
        org: args.str(ORG),
        bound_org: ctx.bound.org.as_deref(),
    };
    urls::resolve_issue(issue_args, &ctx.config.host).or_else(input)
}

/// `GET /organizations/{org}/issues/{id}/`, refused when the issue lies
/// outside the agent's project.
pub fn fetch(ctx: &Ctx, api: &Api<'_>, org: &str, issue_id: &str) -> Result<Issue, ToolError> {
    let issue: Issue = api.get(&api_path(&["organizations", org, "issues", issue_id]), &Query::new())?;
    check_project(ctx, &issue)?;
    Ok(issue)
}

/// Under a project constraint, fetches the issue to check its project; otherwise does nothing.
pub fn ensure_in_scope(ctx: &Ctx, api: &Api<'_>, org: &str, issue_id: &str) -> Result<(), ToolError> {
    if ctx.bound.project.is_some() {
        fetch(ctx, api, org, issue_id)?;
    }
    Ok(())
}

/// An input error when `issue` belongs to another project than the bound one.
pub fn check_project(ctx: &Ctx, issue: &Issue) -> Result<(), ToolError> {
    if let (Some(bound), Some(project)) = (&ctx.bound.project, &issue.project)
        && &project.slug != bound
        && project.id.0 != *bound
    {
        return input(format!(
            "issue {} belongs to project {:?}, but this agent is bound to project {bound:?}",
            issue.label(),
            project.slug
        ));
    }
    Ok(())
}

/// The event named by an `eventId` argument: `latest` (default), `oldest`,
/// `recommended`, or 32 hex digits.
pub fn event_arg(args: &Args) -> Result<Option<String>, ToolError> {
    match args.str("eventId") {
        None => Ok(None),
        Some(e) if matches!(e, "latest" | "oldest" | "recommended") => Ok(Some(e.to_string())),
        Some(e) => urls::check_event_id(e).map(Some).or_else(input),
    }
}
