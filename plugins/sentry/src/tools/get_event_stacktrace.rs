//! `get_event_stacktrace`: the full stack trace of one of an issue's events
//! (latest by default): every frame, most recent first, with source context
//! for the application's frames; for each chained exception, or for one
//! thread when `thread` names it.

use std::fmt::Write;

use serde_json::Value;

use crate::api::{Query, api_path};
use crate::args::Args;
use crate::catalog;
use crate::context::Ctx;
use crate::event::{Event, Frame, Stacktrace, Thread, ThreadsEntry};
use crate::issue_scope;
use crate::md::{Md, one_line, truncate};
use crate::reply::{Reply, ToolError};

/// At most this many frames per stack.
const MAX_FRAMES: usize = 150;

/// Runs the tool.
pub fn run(ctx: &Ctx, args: &Args) -> Result<Reply, ToolError> {
    let target = issue_scope::target(ctx, args)?;
    let event_id = issue_scope::event_arg(args)?.or(target.event_id.clone()).unwrap_or_else(|| "latest".into());
    let org = target.org.as_str();
    let api = ctx.org_api(org, args.region());
    let issue = issue_scope::fetch(ctx, &api, org, &target.issue_id)?;
    let path = api_path(&["organizations", org, "issues", &target.issue_id, "events", &event_id]);
    let event: Event = api.get(&path, &Query::new())?;
    let threads = event.entry::<ThreadsEntry>("threads").map(|t| t.values).unwrap_or_default();
    let mut md = Md::titled(&format!("Stack trace of issue {} in {org}", issue.label()));
    md.field("Event", event.id());
    md.field_opt("Occurred", event.date_created.as_deref());
    md.field_opt("Platform", event.platform.as_deref());
    md.para("Most recent call first; `[app]` marks the application's own frames.");
    match args.json("thread").filter(|v| !v.is_null()) {
        Some(wanted) => {
            let thread = threads.iter().find(|t| thread_matches(t, wanted)).ok_or_else(|| {
                let names: Vec<String> = threads.iter().map(thread_name).collect();
                let known = if names.is_empty() { "none".to_string() } else { names.join(", ") };
                ToolError::Input(format!("event {} has no thread {wanted}; its threads: {known}", event.id()))
            })?;
            write_thread(&mut md, thread);
        }
        None => write_exceptions(&mut md, &event, &threads),
    }
    if args.json("thread").is_none() && threads.len() > 1 {
        let names: Vec<String> = threads.iter().map(thread_name).collect();
        md.para(&format!("Other threads: {}. Pass `thread` to see one.", names.join(", ")));
    }
    md.next_steps(&catalog::next_steps(
        ctx,
        &[
            ("get_issue_breadcrumbs", "see what happened before the error"),
            ("analyze_issue_with_seer", "ask Seer for the root cause and a fix"),
        ],
    ));
    Ok(Reply::text(md.finish()))
}

fn write_exceptions(md: &mut Md, event: &Event, threads: &[Thread]) {
    let exceptions = event.exceptions();
    for exc in &exceptions {
        let kind = exc.kind.as_deref().unwrap_or("Exception");
        let heading = match exc.value.as_deref().filter(|v| !v.is_empty()) {
            Some(v) => format!("{kind}: {}", truncate(&one_line(v), 200)),
            None => kind.to_string(),
        };
        md.section(&heading);
        match exc.stacktrace.as_ref().filter(|s| !s.frames.is_empty()) {
            Some(trace) => md.code("", &full_stack(trace)),
            None => md.para("No stack trace was captured for this exception."),
        };
    }
    if exceptions.is_empty() {
        match event.crashed_thread().or_else(|| threads.first().cloned()) {
            Some(thread) => write_thread(md, &thread),
            None => {
                md.para("This event has no stack trace.");
            }
        }
    }
}

fn write_thread(md: &mut Md, thread: &Thread) {
    let mut heading = format!("Thread {}", thread_name(thread));
    if thread.crashed == Some(true) {
        heading.push_str(" (crashed)");
    }
    md.section(&heading);
    match thread.stacktrace.as_ref().filter(|s| !s.frames.is_empty()) {
        Some(trace) => md.code("", &full_stack(trace)),
        None => md.para("This thread has no stack trace."),
    };
}

fn thread_name(t: &Thread) -> String {
    match (&t.name, &t.id) {
        (Some(n), Some(id)) => format!("{n} ({id})"),
        (Some(n), None) => n.clone(),
        (None, Some(id)) => id.0.clone(),
        (None, None) => "?".into(),
    }
}

fn thread_matches(t: &Thread, wanted: &Value) -> bool {
    let text = match wanted {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    t.id.as_ref().is_some_and(|id| id.0 == text) || t.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&text))
}

/// Every frame, most recent first, with source context around app frames.
pub fn full_stack(trace: &Stacktrace) -> String {
    let mut out = String::new();
    let total = trace.frames.len();
    for frame in trace.frames.iter().rev().take(MAX_FRAMES) {
        write_frame(&mut out, frame);
    }
    if total > MAX_FRAMES {
        let _ = writeln!(out, "   ... {} older frames", total - MAX_FRAMES);
    }
    out
}

fn write_frame(out: &mut String, frame: &Frame) {
    let in_app = frame.in_app == Some(true);
    let function = frame.function.as_deref().filter(|f| !f.is_empty()).unwrap_or("<anonymous>");
    let file = frame.filename.as_deref().or(frame.abs_path.as_deref()).or(frame.module.as_deref()).unwrap_or("?");
    let location = match (frame.line_no, frame.col_no) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(l), None) => format!("{file}:{l}"),
        _ => file.to_string(),
    };
    let _ = writeln!(out, "at {function} ({location}){}", if in_app { " [app]" } else { "" });
    let Some(line) = frame.line_no.filter(|_| in_app) else { return };
    for (n, text) in frame.context.iter().filter(|(n, _)| n.abs_diff(line) <= 3) {
        let mark = if *n == line { '>' } else { ' ' };
        let _ = writeln!(out, "    {mark} {n:>5} | {}", text.as_deref().unwrap_or("").trim_end());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::io::testing::FakeIo;

    const BASE: &str = "GET https://us.sentry.io/api/0/organizations/acme/issues/API-1/";
    const EVENT: &str = r##"{"id":"7d1f","platform":"python","entries":[
        {"type":"exception","data":{"values":[{"type":"ZeroDivisionError","value":"division by zero","stacktrace":{"frames":[
            {"function":"inner","filename":"django/handlers.py","lineNo":55,"inApp":false},
            {"function":"compute_discount","filename":"app/orders/pricing.py","lineNo":88,"inApp":true,
             "context":[[87,"# spread"],[88,"rate = discount.amount / order.item_count"]]}]}}]}},
        {"type":"threads","data":{"values":[
            {"id":1,"name":"MainThread","crashed":true,"stacktrace":{"frames":[{"function":"main","filename":"run.py","lineNo":1}]}},
            {"id":2,"name":"worker","stacktrace":{"frames":[{"function":"poll","filename":"queue.py","lineNo":9}]}}]}}]}"##;

    fn ctx() -> Ctx {
        let io = FakeIo::default()
            .route(BASE, 200, r#"{"id":"3003","shortId":"API-1","title":"ZeroDivisionError","project":{"slug":"api"}}"#)
            .route(&format!("{BASE}events/latest/"), 200, EVENT);
        Ctx::test(io, &[("organizationSlug", "acme"), ("regionUrl", "us.sentry.io")], &[], &[])
    }

    #[test]
    fn every_frame_shows_most_recent_first_with_app_context() {
        let text = run(&ctx(), &Args::from_json(json!({"organizationSlug": "acme", "issueId": "API-1"}))).unwrap().text;
        let expected = "at compute_discount (app/orders/pricing.py:88) [app]\n         87 | # spread\n    >    88 | rate = discount.amount / order.item_count\nat inner (django/handlers.py:55)\n";
        assert!(text.contains(expected), "{text}");
        assert!(text.contains("## ZeroDivisionError: division by zero"), "{text}");
        assert!(text.contains("Other threads: MainThread (1), worker (2)."), "{text}");
    }

    #[test]
    fn a_thread_is_chosen_by_name_or_id() {
        let args = json!({"organizationSlug": "acme", "issueId": "API-1", "thread": "worker"});
        let text = run(&ctx(), &Args::from_json(args)).unwrap().text;
        assert!(text.contains("## Thread worker (2)") && text.contains("at poll (queue.py:9)"), "{text}");
        let err = run(&ctx(), &Args::from_json(json!({"organizationSlug": "acme", "issueId": "API-1", "thread": 7})))
            .unwrap_err();
        assert_eq!(err, ToolError::Input("event 7d1f has no thread 7; its threads: MainThread (1), worker (2)".into()));
    }
}
