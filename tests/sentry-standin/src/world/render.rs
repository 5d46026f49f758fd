//! Entities in Sentry's JSON shapes, with the links (permalinks, DSNs, region URL) pointing at
//! the stand-in itself.

use serde_json::{Value, json};

use super::model::{Activity, ClientKey, Issue, Member, Organization, Project, Team, UptimeMonitor};
use super::{Store, World};
use crate::clock;

const ORG_FEATURES: [&str; 6] =
    ["performance-view", "session-replay", "profiling", "uptime", "crons", "gen-ai-features"];

/// An organization, with `links.regionUrl` pointing at the stand-in (or empty when self-hosted).
pub(crate) fn organization(world: &World, org: &Organization) -> Value {
    json!({
        "id": org.id,
        "slug": org.slug,
        "name": org.name,
        "dateCreated": org.date_created,
        "status": { "id": "active", "name": "active" },
        "avatar": { "avatarType": "letter_avatar", "avatarUuid": null, "avatarUrl": null },
        "isEarlyAdopter": false,
        "require2FA": false,
        "hasAuthProvider": false,
        "allowMemberInvite": true,
        "allowMemberProjectCreation": true,
        "features": ORG_FEATURES,
        "links": {
            "organizationUrl": format!("{}/organizations/{}/", world.base_url, org.slug),
            "regionUrl": world.region_url,
        },
        "access": ["org:read", "project:read", "project:write", "team:read", "team:write", "event:read", "event:write"],
        "role": "owner",
        "orgRole": "owner",
        "isDefault": false,
        "defaultRole": "member",
        "openMembership": true,
    })
}

/// The authenticated user, as `/api/0/auth/` answers.
pub(crate) fn user(member: &Member) -> Value {
    json!({
        "id": member.id,
        "name": member.name,
        "username": member.username,
        "email": member.email,
        "avatarUrl": null,
        "isActive": true,
        "hasPasswordAuth": true,
        "isManaged": false,
        "dateJoined": "2023-02-14T09:29:00Z",
        "lastLogin": "2026-08-17T07:55:00Z",
        "lastActive": "2026-08-17T09:50:00Z",
        "has2fa": false,
        "isSuperuser": false,
        "isStaff": false,
        "experiments": {},
        "emails": [{ "id": member.id, "email": member.email, "is_verified": true }],
        "avatar": { "avatarType": "letter_avatar", "avatarUuid": null },
        "identities": [],
        "options": { "timezone": "UTC", "language": "en", "stacktraceOrder": -1, "theme": "system" },
        "flags": { "newsletter_consent_prompt": false },
    })
}

/// A user as it appears inside other objects (activity authors, assignees).
pub(crate) fn user_ref(member: &Member) -> Value {
    json!({
        "id": member.id,
        "name": member.name,
        "username": member.username,
        "email": member.email,
        "avatarUrl": null,
        "type": "user",
    })
}

/// An actor reference (`user:<id>` or `team:<id>`) as Sentry's assignee object; `null` if unknown.
pub(crate) fn actor(world: &World, store: &Store, reference: &str) -> Value {
    match reference.split_once(':') {
        Some(("user", id)) => world
            .member(id)
            .map_or(Value::Null, |m| json!({ "type": "user", "id": m.id, "name": m.name, "email": m.email })),
        Some(("team", id)) => {
            store.team_by_id(id).map_or(Value::Null, |t| json!({ "type": "team", "id": t.id, "name": t.slug }))
        }
        _ => Value::Null,
    }
}

pub(crate) fn team_ref(team: &Team) -> Value {
    json!({ "id": team.id, "slug": team.slug, "name": team.name })
}

pub(crate) fn team(store: &Store, team: &Team) -> Value {
    let projects: Vec<Value> =
        store.projects.iter().filter(|p| !p.forbidden && p.teams.contains(&team.id)).map(project_ref).collect();
    json!({
        "id": team.id,
        "slug": team.slug,
        "name": team.name,
        "dateCreated": team.date_created,
        "isMember": team.member_ids.iter().any(|id| id == super::ME),
        "teamRole": "admin",
        "flags": { "idp:provisioned": false },
        "access": ["team:read", "team:write", "project:read", "project:write", "event:read", "event:write"],
        "hasAccess": true,
        "isPending": false,
        "memberCount": team.member_ids.len(),
        "avatar": { "avatarType": "letter_avatar", "avatarUuid": null },
        "externalTeams": [],
        "projects": projects,
    })
}

/// A project as embedded in issues and releases.
pub(crate) fn project_ref(project: &Project) -> Value {
    json!({ "id": project.id, "slug": project.slug, "name": project.name, "platform": project.platform })
}

pub(crate) fn project(world: &World, store: &Store, project: &Project) -> Value {
    let teams: Vec<Value> = project.teams.iter().filter_map(|id| store.team_by_id(id)).map(team_ref).collect();
    let org = world.org(&project.org).ok();
    json!({
        "id": project.id,
        "slug": project.slug,
        "name": project.name,
        "platform": project.platform,
        "platforms": project.platform.iter().collect::<Vec<_>>(),
        "dateCreated": project.date_created,
        "firstEvent": project.first_event,
        "firstTransactionEvent": project.first_transaction_event,
        "isBookmarked": false,
        "isMember": true,
        "hasAccess": true,
        "hasMinifiedStackTrace": false,
        "hasMonitors": project.slug == "api",
        "hasProfiles": project.has_profiles,
        "hasReplays": project.has_replays,
        "hasLogs": project.has_logs,
        "hasFeedbacks": false,
        "hasSessions": true,
        "isInternal": false,
        "isPublic": false,
        "status": "active",
        "color": project.color,
        "avatar": { "avatarType": "letter_avatar", "avatarUuid": null },
        "features": ["releases", "alert-filters", "similarity-view", "servicehooks"],
        "environments": ["production", "staging"],
        "team": teams.first(),
        "teams": teams,
        "organization": org.map(|o| json!({ "id": o.id, "slug": o.slug, "name": o.name })),
    })
}

/// A client key, its DSNs pointing at the stand-in's host.
pub(crate) fn key(world: &World, key: &ClientKey) -> Value {
    let (scheme, host, base, pid) = ("http", world.host(), &world.base_url, &key.project_id);
    let (public, secret) = (&key.id, &key.secret);
    json!({
        "id": public,
        "name": key.name,
        "label": key.name,
        "public": public,
        "secret": secret,
        "projectId": pid.parse::<u64>().unwrap_or_default(),
        "isActive": key.is_active,
        "rateLimit": key.rate_limit.map(|r| json!({ "window": r.window, "count": r.count })),
        "dsn": {
            "public": format!("{scheme}://{public}@{host}/{pid}"),
            "secret": format!("{scheme}://{public}:{secret}@{host}/{pid}"),
            "csp": format!("{base}/api/{pid}/csp-report/?sentry_key={public}"),
            "security": format!("{base}/api/{pid}/security/?sentry_key={public}"),
            "minidump": format!("{base}/api/{pid}/minidump/?sentry_key={public}"),
            "nel": format!("{base}/api/{pid}/nel/?sentry_key={public}"),
            "unreal": format!("{base}/api/{pid}/unreal/{public}/"),
            "cdn": format!("{base}/js-sdk-loader/{public}.min.js"),
            "crons": format!("{base}/api/{pid}/cron/___MONITOR_SLUG___/{public}/"),
            "otlp_traces": format!("{base}/api/{pid}/integration/otlp/v1/traces"),
            "otlp_logs": format!("{base}/api/{pid}/integration/otlp/v1/logs"),
        },
        "browserSdkVersion": key.browser_sdk_version,
        "browserSdk": { "choices": [["latest", "latest"], ["9.x", "9.x"], ["8.x", "8.x"], ["7.x", "7.x"]] },
        "dateCreated": key.date_created,
        "dynamicSdkLoaderOptions": {
            "hasReplay": key.loader.has_replay,
            "hasPerformance": key.loader.has_performance,
            "hasDebug": key.loader.has_debug,
            "hasFeedback": key.loader.has_feedback,
            "hasLogsAndMetrics": key.loader.has_logs_and_metrics,
        },
        "useCase": "user",
    })
}

/// An issue as the list endpoint shows it; `detailed` adds what the detail endpoint shows.
pub(crate) fn issue(world: &World, store: &Store, issue: &Issue, detailed: bool) -> Value {
    let project = store.project_by_id(&issue.project_id);
    let org = project.map_or("", |p| p.org.as_str());
    let notes = store.activity.iter().filter(|a| a.issue_id == issue.id && a.kind == "note").count();
    let mut body = issue.extra.clone();
    let fields = json!({
        "id": issue.id,
        "shortId": issue.short_id,
        "shareId": null,
        "title": issue.title,
        "culprit": issue.culprit,
        "permalink": format!("{}/organizations/{org}/issues/{}/", world.base_url, issue.id),
        "level": issue.level,
        "status": issue.status,
        "substatus": issue.substatus,
        "statusDetails": issue.status_details,
        "isPublic": false,
        "project": project.map(project_ref),
        "numComments": notes,
        "assignedTo": issue.assigned_to.as_deref().map_or(Value::Null, |a| actor(world, store, a)),
        "isBookmarked": false,
        "isSubscribed": false,
        "subscriptionDetails": null,
        "hasSeen": false,
        "annotations": [],
        "count": issue.count.to_string(),
        "userCount": issue.user_count,
        "firstSeen": issue.first_seen,
        "lastSeen": issue.last_seen,
        "stats": { "24h": hourly_stats(issue) },
    });
    if let Value::Object(fields) = fields {
        body.extend(fields);
    }
    if detailed {
        body.extend(issue_details(world, store, issue));
    }
    Value::Object(body)
}

fn issue_details(world: &World, store: &Store, issue: &Issue) -> serde_json::Map<String, Value> {
    let tags: Vec<Value> = issue
        .tag_values
        .iter()
        .map(|(key, values)| {
            let total: u64 = values.iter().map(|v| v.count).sum();
            json!({ "key": key, "name": tag_name(key), "totalValues": total })
        })
        .collect();
    let activity: Vec<Value> = store.activity_of(&issue.id).into_iter().map(|a| self::activity(world, a)).collect();
    let reports = world.docs.issue_extras.get(&issue.id).map_or(0, |extras| extras.user_reports.len());
    let release = |version: &Option<String>| {
        version.as_deref().map(|v| json!({ "version": v, "shortVersion": v.split_once('@').map_or(v, |(_, s)| s) }))
    };
    let mut details = serde_json::Map::new();
    details.insert("tags".into(), tags.into());
    details.insert("activity".into(), activity.into());
    details.insert("seenBy".into(), json!([]));
    details.insert("participants".into(), json!([]));
    details.insert("pluginActions".into(), json!([]));
    details.insert("pluginIssues".into(), json!([]));
    details.insert("pluginContexts".into(), json!([]));
    details.insert("userReportCount".into(), reports.into());
    details.insert("firstRelease".into(), release(&issue.first_release).into());
    details.insert("lastRelease".into(), release(&issue.last_release).into());
    details
}

/// Sentry's display name of a tag key (`browser.name` → `Browser.Name`).
pub(crate) fn tag_name(key: &str) -> String {
    match key {
        "os" => "OS".into(),
        "url" => "URL".into(),
        "server_name" => "Server".into(),
        _ => key
            .split('.')
            .map(|part| {
                let mut chars = part.chars();
                chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
            })
            .collect::<Vec<_>>()
            .join("."),
    }
}

/// 24 hourly `[timestamp, count]` buckets ending at the issue's last sighting.
fn hourly_stats(issue: &Issue) -> Vec<Value> {
    let end = clock::parse_iso(&issue.last_seen).unwrap_or_default();
    let end_hour = (end / 3600.0).floor() as i64 * 3600;
    let per_hour = (issue.count / (14 * 24)).max(1);
    (0..24i64)
        .map(|i| {
            let ts = end_hour - (23 - i) * 3600;
            let wobble = (issue.count + i as u64 * 7) % 5;
            json!([ts, per_hour + wobble])
        })
        .collect()
}

/// One activity entry (or note).
pub(crate) fn activity(world: &World, activity: &Activity) -> Value {
    let user = activity.user_id.as_deref().and_then(|id| world.member(id)).map_or(Value::Null, user_ref);
    json!({
        "id": activity.id,
        "type": activity.kind,
        "data": activity.data,
        "dateCreated": activity.date_created,
        "user": user,
        "sentry_app": null,
    })
}

pub(crate) fn uptime(world: &World, store: &Store, monitor: &UptimeMonitor) -> Value {
    let project_slug = store.project_by_id(&monitor.project_id).map(|p| p.slug.clone());
    json!({
        "id": monitor.id,
        "projectSlug": project_slug,
        "environment": monitor.environment,
        "name": monitor.name,
        "status": monitor.status,
        "uptimeStatus": monitor.uptime_status,
        "mode": 1,
        "url": monitor.url,
        "method": monitor.method,
        "body": monitor.body,
        "headers": monitor.headers,
        "intervalSeconds": monitor.interval_seconds,
        "timeoutMs": monitor.timeout_ms,
        "owner": monitor.owner.as_deref().map_or(Value::Null, |o| actor(world, store, o)),
        "traceSampling": monitor.trace_sampling,
        "responseCaptureEnabled": monitor.response_capture_enabled,
        "recoveryThreshold": monitor.recovery_threshold,
        "downtimeThreshold": monitor.downtime_threshold,
        "assertion": null,
        "dateCreated": monitor.date_created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_names_follow_sentrys_capitalisation() {
        assert_eq!(tag_name("browser.name"), "Browser.Name");
        assert_eq!(tag_name("os"), "OS");
        assert_eq!(tag_name("environment"), "Environment");
    }
}
