//! `get_sentry_resource`: opens whatever a Sentry link (or a resource type
//! and id) points at by handing it to the matching detail tool through the
//! catalog — issues and events to `get_issue_details`, traces and spans to
//! `get_trace_details` / `get_span_details`, and replays, monitors, profiles,
//! AI conversations, snapshots and releases to their tools when this agent
//! has them. The link's organization must match the agent's.

use serde_json::{Map, Value, json};

use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, ORG};
use crate::dispatch;
use crate::reply::{Reply, ToolError, input};
use crate::urls::{Resource, SentryUrl};

/// A detail tool and the arguments it gets.
#[derive(Debug, PartialEq)]
struct Plan {
    tool: &'static str,
    args: Map<String, Value>,
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let plan = plan(ctx, args)?;
    let Some(spec) = catalog::available(ctx, plan.tool) else {
        return input(format!(
            "this link opens with `{}`, which this agent does not have (it is not written yet or not among the \
             granted skills)",
            plan.tool
        ));
    };
    dispatch::run(ctx, spec, Value::Object(plan.args))
}

/// Which tool to call, with which arguments.
fn plan(ctx: &Ctx, args: &Args) -> Result<Plan, ToolError> {
    let arg_org = args.str(ORG);
    let (org, resource) = match (args.str("url"), args.str("resourceType"), args.str("resourceId")) {
        (Some(url), None, None) => {
            let parsed = SentryUrl::parse(url, &ctx.config.host).or_else(input)?;
            let org = match (parsed.org, arg_org) {
                (Some(url_org), Some(arg)) if url_org != arg => {
                    let why = match ctx.bound.org {
                        Some(_) => format!("this agent is bound to organization {arg:?}"),
                        None => format!("organizationSlug is {arg:?}"),
                    };
                    return input(format!("the link belongs to organization {url_org:?}, but {why}"));
                }
                (Some(url_org), _) => url_org,
                (None, Some(arg)) => arg.to_string(),
                (None, None) => return input(format!("{url:?} does not name an organization; pass organizationSlug")),
            };
            (org, parsed.resource)
        }
        (Some(_), _, _) => return input("pass either `url`, or `resourceType` with `resourceId`, not both"),
        (None, Some(kind), Some(id)) => {
            let org = arg_org.ok_or(ToolError::Input("organizationSlug is required with resourceType".into()))?;
            (org.to_string(), typed(kind, id)?)
        }
        (None, Some(_), None) => return input("`resourceType` needs `resourceId`"),
        (None, None, Some(_)) => return input("`resourceId` needs `resourceType`"),
        (None, None, None) => return input("pass a Sentry `url`, or `resourceType` with `resourceId`"),
    };
    Ok(route(&org, resource))
}

/// A resource named by type and id.
fn typed(kind: &str, id: &str) -> Result<Resource, ToolError> {
    let id = id.to_string();
    Ok(match kind {
        "issue" => Resource::Issue { issue_id: id, event_id: None },
        "event" => Resource::Event { project: String::new(), event_id: id },
        "trace" => Resource::Trace { trace_id: id, span_id: None },
        "replay" => Resource::Replay { replay_id: id },
        "monitor" => Resource::Monitor { project: None, monitor_slug: id },
        "ai_conversation" => Resource::AiConversation { conversation_id: id },
        "snapshot" => Resource::Snapshot { snapshot_id: id },
        other => return input(format!("unknown resourceType {other:?}")),
    })
}

fn route(org: &str, resource: Resource) -> Plan {
    let mut args = Map::new();
    args.insert(ORG.into(), json!(org));
    let mut set = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            args.insert(k.into(), json!(v));
        }
    };
    let tool = match resource {
        Resource::Issue { issue_id, event_id } => {
            set("issueId", Some(issue_id));
            set("eventId", event_id);
            "get_issue_details"
        }
        Resource::Event { event_id, .. } => {
            set("eventId", Some(event_id));
            "get_issue_details"
        }
        Resource::Trace { trace_id, span_id: Some(span) } => {
            set("traceId", Some(trace_id));
            set("spanId", Some(span));
            "get_span_details"
        }
        Resource::Trace { trace_id, span_id: None } => {
            set("traceId", Some(trace_id));
            "get_trace_details"
        }
        Resource::Replay { replay_id } => {
            set("replayId", Some(replay_id));
            "get_replay_details"
        }
        Resource::Monitor { project, monitor_slug } => {
            set("monitorSlug", Some(monitor_slug));
            set("projectSlugOrId", project);
            "get_monitor_details"
        }
        Resource::UptimeMonitor { project, monitor_id } => {
            set("projectSlug", Some(project));
            set("uptimeMonitorId", Some(monitor_id));
            "get_uptime_monitor_details"
        }
        Resource::Profile { project, profile_id } => {
            set("projectSlugOrId", Some(project));
            set("profileId", Some(profile_id));
            "get_profile_details"
        }
        Resource::ContinuousProfile { project, profiler_id, start, end } => {
            set("projectSlugOrId", Some(project));
            set("profilerId", Some(profiler_id));
            set("start", start);
            set("end", end);
            "get_profile_details"
        }
        Resource::AiConversation { conversation_id } => {
            set("conversationId", Some(conversation_id));
            "get_ai_conversation_details"
        }
        Resource::Snapshot { snapshot_id } => {
            set("snapshotId", Some(snapshot_id));
            "get_snapshot"
        }
        Resource::Release { version } => {
            set("releaseVersion", Some(version));
            "get_release_details"
        }
    };
    Plan { tool, args }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    fn plan_of(raw: Value, bound: &[(&str, &str)]) -> Result<Plan, ToolError> {
        let ctx = Ctx::test(FakeIo::default(), bound, &[("skills", "all")], &[]);
        let spec = catalog::find("get_sentry_resource").unwrap();
        plan(&ctx, &Args::check(spec, raw, &ctx.bound, &ctx.config)?)
    }

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn links_route_to_their_detail_tools() {
        let p = plan_of(json!({"url": "https://acme.sentry.io/issues/WEB-1/"}), &[]).unwrap();
        assert_eq!(
            p,
            Plan { tool: "get_issue_details", args: args(json!({"organizationSlug": "acme", "issueId": "WEB-1"})) }
        );
        let p =
            plan_of(json!({"url": "https://acme.sentry.io/explore/traces/trace/a1b2/?node=span-ff01"}), &[]).unwrap();
        assert_eq!(
            p,
            Plan {
                tool: "get_span_details",
                args: args(json!({"organizationSlug": "acme", "traceId": "a1b2", "spanId": "ff01"}))
            }
        );
        let p = plan_of(json!({"url": "https://acme.sentry.io/crons/api/nightly-backup/"}), &[]).unwrap();
        assert_eq!(p.tool, "get_monitor_details");
        let p =
            plan_of(json!({"resourceType": "trace", "resourceId": "a1b2", "organizationSlug": "acme"}), &[]).unwrap();
        assert_eq!(
            p,
            Plan { tool: "get_trace_details", args: args(json!({"organizationSlug": "acme", "traceId": "a1b2"})) }
        );
    }

    #[test]
    fn a_link_of_another_org_is_refused_when_bound() {
        let err = plan_of(json!({"url": "https://globex.sentry.io/issues/3101/"}), &[("organizationSlug", "acme")]);
        assert_eq!(
            err.unwrap_err(),
            ToolError::Input(
                "the link belongs to organization \"globex\", but this agent is bound to organization \"acme\"".into()
            )
        );
    }

    #[test]
    fn incomplete_arguments_say_what_is_missing() {
        assert_eq!(
            plan_of(json!({"resourceType": "issue"}), &[]).unwrap_err(),
            ToolError::Input("`resourceType` needs `resourceId`".into())
        );
        assert!(plan_of(json!({}), &[]).is_err());
    }
}
