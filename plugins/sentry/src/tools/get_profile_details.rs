//! `get_profile_details`: one transaction profile
//! (`GET /api/0/projects/{org}/{project}/profiling/profiles/{id}/`) or one
//! continuous-profiling chunk (`GET /api/0/organizations/{org}/profiling/chunks/?profiler_id=…`),
//! summarized as the functions that took the most samples and the hottest
//! call stacks. The sample-format types are Sentry's profile format (stacks
//! list frame indices leaf first).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::{Ctx, ORG};
use crate::md::Md;
use crate::models::{Scalar, lenient, lenient_list};
use crate::reply::{Reply, ToolError, input};
use crate::urls::{self, Resource, SentryUrl};

/// How many functions and stacks are shown.
const TOP: usize = 8;

/// A transaction profile or chunk.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Profile {
    #[serde(deserialize_with = "lenient")]
    platform: Option<String>,
    #[serde(deserialize_with = "lenient")]
    environment: Option<String>,
    #[serde(deserialize_with = "lenient")]
    release: Option<String>,
    #[serde(deserialize_with = "lenient")]
    runtime: Option<NameVersion>,
    #[serde(deserialize_with = "lenient")]
    client_sdk: Option<NameVersion>,
    #[serde(deserialize_with = "lenient")]
    transaction: Option<Transaction>,
    profile: Samples,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Chunk {
    #[serde(deserialize_with = "lenient")]
    chunk: Option<Profile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NameVersion {
    name: String,
    version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Transaction {
    name: String,
    #[serde(deserialize_with = "lenient")]
    trace_id: Option<String>,
}

/// Sentry's sample format.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Samples {
    #[serde(deserialize_with = "lenient_list")]
    frames: Vec<Frame>,
    #[serde(deserialize_with = "lenient_list")]
    samples: Vec<Sample>,
    #[serde(deserialize_with = "lenient_list")]
    stacks: Vec<Vec<usize>>,
}

/// One frame.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Frame {
    /// Function name.
    pub function: String,
    /// File.
    #[serde(deserialize_with = "lenient")]
    pub filename: Option<String>,
    /// Line.
    pub lineno: Option<i64>,
    /// Whether it is the app's own code.
    pub in_app: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Sample {
    stack_id: usize,
    thread_id: Scalar,
}

impl Frame {
    /// `place_order (app/orders/service.py:67)`.
    pub fn label(&self) -> String {
        match (&self.filename, self.lineno) {
            (Some(f), Some(l)) => format!("{} ({f}:{l})", self.function),
            (Some(f), None) => format!("{} ({f})", self.function),
            _ => self.function.clone(),
        }
    }
}

/// What to read.
enum Target {
    Profile { project: String, profile_id: String },
    Chunk { project: Option<String>, profiler_id: String, start: Option<String>, end: Option<String> },
}

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let (org, target) = target(ctx, args)?;
    let api = ctx.org_api(&org, args.region());
    let focus = args.bool("focusOnUserCode").unwrap_or(true);
    let (title, profile) = match &target {
        Target::Profile { project, profile_id } => {
            let path = api_path(&["projects", &org, project, "profiling", "profiles", profile_id]);
            let profile: Profile = match api.get(&path, &Query::new()) {
                Ok(p) => p,
                Err(e) if e.status() == Some(404) => {
                    return input(format!("project {project:?} of {org:?} has no profile {profile_id}"));
                }
                Err(e) => return Err(e.into()),
            };
            (format!("Profile {profile_id} in {org}/{project}"), profile)
        }
        Target::Chunk { project, profiler_id, start, end } => {
            let query = Query::new()
                .push("profiler_id", profiler_id)
                .opt("project", project.as_deref())
                .opt("start", start.as_deref())
                .opt("end", end.as_deref());
            let chunk: Chunk = api.get(&api_path(&["organizations", &org, "profiling", "chunks"]), &query)?;
            let Some(profile) = chunk.chunk else {
                return input(format!(
                    "profiler {profiler_id} recorded nothing in {org:?} in that window; check start and end"
                ));
            };
            (format!("Continuous profile {profiler_id} in {org}"), profile)
        }
    };
    Ok(Reply::text(render(ctx, &title, &profile, focus)))
}

fn target(ctx: &Ctx, args: &Args) -> Result<(String, Target), ToolError> {
    let project_arg = args
        .str("projectSlugOrId")
        .map(str::to_string)
        .or_else(|| args.json("projectSlugOrId").and_then(|v| v.as_i64()).map(|n| n.to_string()));
    if let Some(url) = args.str("profileUrl") {
        let parsed = SentryUrl::parse(url, &ctx.config.host).or_else(input)?;
        let org = urls::link_org(parsed.org, args.str(ORG), "profile").or_else(input)?;
        let target = match parsed.resource {
            Resource::Profile { project, profile_id } => Target::Profile { project, profile_id },
            Resource::ContinuousProfile { project, profiler_id, start, end } => {
                Target::Chunk { project: Some(project), profiler_id, start, end }
            }
            _ => return input(format!("{url:?} is not a profile link")),
        };
        check_project(ctx, &target)?;
        return Ok((org, target));
    }
    let org = args.str(ORG).ok_or(ToolError::Input("pass profileUrl, or organizationSlug with an id".into()))?;
    let target = match (args.str("profileId"), args.str("profilerId")) {
        (Some(id), _) => {
            let project = project_arg
                .or_else(|| ctx.bound.project.clone())
                .ok_or(ToolError::Input("projectSlugOrId is required with profileId".into()))?;
            Target::Profile { project, profile_id: hex_id(id, "profileId")? }
        }
        (None, Some(id)) => Target::Chunk {
            project: project_arg.or_else(|| ctx.bound.project.clone()),
            profiler_id: hex_id(id, "profilerId")?,
            start: args.str("start").map(str::to_string),
            end: args.str("end").map(str::to_string),
        },
        (None, None) => return input("pass profileUrl, profileId (with projectSlugOrId) or profilerId"),
    };
    check_project(ctx, &target)?;
    Ok((org.to_string(), target))
}

fn check_project(ctx: &Ctx, target: &Target) -> Result<(), ToolError> {
    let project = match target {
        Target::Profile { project, .. } => Some(project),
        Target::Chunk { project, .. } => project.as_ref(),
    };
    match (&ctx.bound.project, project) {
        (Some(bound), Some(p)) if p != bound => {
            input(format!("the profile is in project {p:?}, but this agent is bound to project {bound:?}"))
        }
        _ => Ok(()),
    }
}

fn hex_id(id: &str, name: &str) -> Result<String, ToolError> {
    let hex: String = id.chars().filter(|c| *c != '-').collect::<String>().to_ascii_lowercase();
    if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hex)
    } else {
        input(format!("{name} {id:?} is not a profile id: use the 32 hex digits Sentry shows"))
    }
}

fn render(ctx: &Ctx, title: &str, p: &Profile, focus: bool) -> String {
    let mut md = Md::titled(title);
    md.field_opt("Transaction", p.transaction.as_ref().map(|t| t.name.as_str()));
    md.field_opt("Platform", p.platform.as_deref());
    md.field_opt("Runtime", p.runtime.as_ref().map(|r| format!("{} {}", r.name, r.version)));
    md.field_opt("SDK", p.client_sdk.as_ref().map(|r| format!("{} {}", r.name, r.version)));
    md.field_opt("Environment", p.environment.as_deref());
    md.field_opt("Release", p.release.as_deref());
    md.field("Samples", p.profile.samples.len());
    let threads: std::collections::BTreeSet<&str> = p.profile.samples.iter().map(|s| s.thread_id.0.as_str()).collect();
    md.field("Threads", threads.len());
    md.field("Frames shown", if focus { "the app's own code (focusOnUserCode)" } else { "all" });
    let samples = &p.profile;
    let mut per_stack: BTreeMap<usize, usize> = BTreeMap::new();
    for s in &samples.samples {
        *per_stack.entry(s.stack_id).or_default() += 1;
    }
    let total = samples.samples.len().max(1) as f64;
    let frames_of = |stack: usize| -> Vec<&Frame> {
        let ids = samples.stacks.get(stack).map(Vec::as_slice).unwrap_or_default();
        let frames = ids.iter().rev().filter_map(|i| samples.frames.get(*i));
        frames.filter(|f| !focus || f.in_app == Some(true)).collect()
    };
    let mut self_counts: BTreeMap<String, usize> = BTreeMap::new();
    for (stack, n) in &per_stack {
        if let Some(leaf) = frames_of(*stack).last() {
            *self_counts.entry(leaf.label()).or_default() += n;
        }
    }
    let mut functions: Vec<(String, usize)> = self_counts.into_iter().collect();
    functions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    md.section("Hottest functions (self time)");
    let rows: Vec<Vec<String>> = functions
        .iter()
        .take(TOP)
        .map(|(f, n)| vec![f.clone(), n.to_string(), format!("{:.1}%", *n as f64 * 100.0 / total)])
        .collect();
    md.table(&["function", "samples", "share"], &rows);
    let mut stacks: Vec<(usize, usize)> = per_stack.into_iter().collect();
    stacks.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    md.section("Hottest call stacks");
    for (stack, n) in stacks.iter().take(TOP) {
        let path: Vec<String> = frames_of(*stack).iter().map(|f| f.function.clone()).collect();
        if !path.is_empty() {
            md.bullet(format!("{:.1}% ({n} samples): {}", *n as f64 * 100.0 / total, path.join(" → ")));
        }
    }
    let mut steps: Vec<(&'static str, String)> =
        vec![("get_profile", "compare with the transaction's aggregate profile".into())];
    if let Some(trace) = p.transaction.as_ref().and_then(|t| t.trace_id.clone()) {
        steps.insert(0, ("get_trace_details", format!("see trace `{trace}` this profile was taken in")));
    }
    let steps: Vec<(&str, &str)> = steps.iter().map(|(t, w)| (*t, w.as_str())).collect();
    md.next_steps(&catalog::next_steps(ctx, &steps));
    md.finish()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const PROFILE: &str = r#"{"platform":"python","runtime":{"name":"CPython","version":"3.12.4"},
        "transaction":{"name":"POST /api/orders/","trace_id":"a1b2"},
        "profile":{"frames":[{"function":"_get_response","in_app":false},{"function":"create_order","filename":"app/views.py","lineno":42,"in_app":true},
            {"function":"compute_discount","filename":"app/pricing.py","lineno":88,"in_app":true}],
          "stacks":[[2,1,0],[1,0]],
          "samples":[{"stack_id":0,"thread_id":1},{"stack_id":0,"thread_id":1},{"stack_id":0,"thread_id":1},{"stack_id":1,"thread_id":1}]}}"#;

    #[test]
    fn a_profile_link_shows_hot_functions_and_stacks_of_user_code() {
        let io = FakeIo::default().route(
            "GET https://us.sentry.io/api/0/projects/acme/api/profiling/profiles/0a1b2c3d4e5f60718293a4b5c6d7e8f9/",
            200,
            PROFILE,
        );
        let ctx =
            Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[("skills", "all")], &[]);
        let url = "https://acme.sentry.io/explore/profiling/profile/api/0a1b2c3d4e5f60718293a4b5c6d7e8f9/flamegraph/";
        let text = run(&ctx, &Args::from_json(json!({"organizationSlug": "acme", "profileUrl": url}))).unwrap().text;
        assert!(
            text.starts_with(
                "# Profile 0a1b2c3d4e5f60718293a4b5c6d7e8f9 in acme/api\n\n**Transaction**: POST /api/orders/\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "| compute_discount (app/pricing.py:88) | 3 | 75.0% |\n| create_order (app/views.py:42) | 1 | 25.0% |"
            ),
            "{text}"
        );
        assert!(text.contains("- 75.0% (3 samples): create_order → compute_discount\n"), "{text}");
    }

    #[test]
    fn a_profile_of_another_project_is_refused_when_bound() {
        let ctx = Ctx::test(FakeIo::default(), &[("organizationSlug", "acme"), ("projectSlug", "web")], &[], &[]);
        let args = Args::from_json(
            json!({"organizationSlug": "acme", "projectSlugOrId": "api", "profileId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9"}),
        );
        let err = run(&ctx, &args).unwrap_err().to_string();
        assert!(err.contains("bound to project \"web\""), "{err}");
    }
}
