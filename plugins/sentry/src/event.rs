//! A Sentry event (`.../issues/{id}/events/{eventId}/`) and its markdown
//! sections: exceptions with a compact stack trace, threads, message,
//! request, user, tags and contexts. Entries are decoded lazily by type with
//! [`Event::entry`], so a tool can read an entry kind this file does not know
//! (e.g. breadcrumbs) with its own struct.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::md::{Md, one_line, truncate};
use crate::models::{ReleaseRef, Scalar, lenient, lenient_list};

/// An event with the fields the issue tools read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Event {
    /// The event id (32 hex digits).
    #[serde(deserialize_with = "lenient")]
    pub id: Option<String>,
    /// The same id under its other name.
    #[serde(rename = "eventID", deserialize_with = "lenient")]
    pub event_id: Option<String>,
    /// Title, usually `Type: message`.
    #[serde(deserialize_with = "lenient")]
    pub title: Option<String>,
    /// The log message, when there is one.
    #[serde(deserialize_with = "lenient")]
    pub message: Option<String>,
    /// Platform, e.g. `python`.
    #[serde(deserialize_with = "lenient")]
    pub platform: Option<String>,
    /// When it happened.
    #[serde(rename = "dateCreated", deserialize_with = "lenient")]
    pub date_created: Option<String>,
    /// The interfaces: exception, threads, request, breadcrumbs, message, ...
    #[serde(deserialize_with = "lenient_list")]
    pub entries: Vec<Entry>,
    /// Tags as key/value pairs.
    #[serde(deserialize_with = "lenient_list")]
    pub tags: Vec<Tag>,
    /// Contexts by name (`trace`, `browser`, `os`, `runtime`, ...).
    #[serde(deserialize_with = "lenient")]
    pub contexts: Option<BTreeMap<String, Value>>,
    /// The affected user.
    #[serde(deserialize_with = "lenient")]
    pub user: Option<EventUser>,
    /// The release it came from.
    #[serde(deserialize_with = "lenient")]
    pub release: Option<ReleaseRef>,
    /// The SDK that sent it.
    #[serde(deserialize_with = "lenient")]
    pub sdk: Option<Sdk>,
}

/// One interface of an event, decoded on demand.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Entry {
    /// `exception`, `threads`, `request`, `breadcrumbs`, `message`, ...
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The interface's data.
    #[serde(default)]
    pub data: Value,
}

/// A tag.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Tag {
    /// E.g. `browser`.
    pub key: String,
    /// E.g. `Chrome 127.0.0`.
    pub value: Scalar,
}

/// The SDK that sent an event.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Sdk {
    /// E.g. `sentry.python`.
    pub name: String,
    /// E.g. `2.10.0`.
    pub version: String,
}

/// The user an event happened to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EventUser {
    /// The app's user id.
    #[serde(deserialize_with = "lenient")]
    pub id: Option<Scalar>,
    /// Email.
    #[serde(deserialize_with = "lenient")]
    pub email: Option<String>,
    /// Username.
    #[serde(deserialize_with = "lenient")]
    pub username: Option<String>,
    /// Name.
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
    /// IP address.
    #[serde(deserialize_with = "lenient")]
    pub ip_address: Option<String>,
    /// Location (`city`, `region`, `country_code`).
    #[serde(deserialize_with = "lenient")]
    pub geo: Option<BTreeMap<String, Value>>,
}

/// The `exception` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExceptionEntry {
    /// Chained exceptions, the outermost (the one raised last) at the end.
    #[serde(deserialize_with = "lenient_list")]
    pub values: Vec<Exception>,
}

/// One exception.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Exception {
    /// The exception type, e.g. `TypeError`.
    #[serde(rename = "type", deserialize_with = "lenient")]
    pub kind: Option<String>,
    /// Its message.
    #[serde(deserialize_with = "lenient")]
    pub value: Option<String>,
    /// The module defining the type.
    #[serde(deserialize_with = "lenient")]
    pub module: Option<String>,
    /// How it was captured.
    #[serde(deserialize_with = "lenient")]
    pub mechanism: Option<Mechanism>,
    /// Its stack trace.
    #[serde(deserialize_with = "lenient")]
    pub stacktrace: Option<Stacktrace>,
}

/// How an exception was captured.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Mechanism {
    /// E.g. `onunhandledrejection`, `django`.
    #[serde(rename = "type", deserialize_with = "lenient")]
    pub kind: Option<String>,
    /// Whether the app handled it.
    #[serde(deserialize_with = "lenient")]
    pub handled: Option<bool>,
}

/// A stack trace; frames run from the outermost call to the crashing one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Stacktrace {
    /// The frames, oldest call first.
    #[serde(deserialize_with = "lenient_list")]
    pub frames: Vec<Frame>,
}

/// One stack frame.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Frame {
    /// Relative file name.
    #[serde(deserialize_with = "lenient")]
    pub filename: Option<String>,
    /// Absolute path or URL.
    #[serde(rename = "absPath", deserialize_with = "lenient")]
    pub abs_path: Option<String>,
    /// Module or package path.
    #[serde(deserialize_with = "lenient")]
    pub module: Option<String>,
    /// Function name.
    #[serde(deserialize_with = "lenient")]
    pub function: Option<String>,
    /// Line number.
    #[serde(rename = "lineNo", deserialize_with = "lenient")]
    pub line_no: Option<u64>,
    /// Column number.
    #[serde(rename = "colNo", deserialize_with = "lenient")]
    pub col_no: Option<u64>,
    /// Whether the frame is the app's own code.
    #[serde(rename = "inApp", deserialize_with = "lenient")]
    pub in_app: Option<bool>,
    /// Source lines around it as `[line, text]`.
    #[serde(deserialize_with = "lenient_list")]
    pub context: Vec<(u64, Option<String>)>,
}

/// The `threads` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ThreadsEntry {
    /// The threads.
    #[serde(deserialize_with = "lenient_list")]
    pub values: Vec<Thread>,
}

/// One thread.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Thread {
    /// Thread id.
    #[serde(deserialize_with = "lenient")]
    pub id: Option<Scalar>,
    /// Thread name.
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
    /// Whether it crashed.
    #[serde(deserialize_with = "lenient")]
    pub crashed: Option<bool>,
    /// Whether it was the current thread.
    #[serde(deserialize_with = "lenient")]
    pub current: Option<bool>,
    /// Its stack trace.
    #[serde(deserialize_with = "lenient")]
    pub stacktrace: Option<Stacktrace>,
}

/// The `message` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MessageEntry {
    /// The message with parameters filled in.
    #[serde(deserialize_with = "lenient")]
    pub formatted: Option<String>,
    /// The message template.
    #[serde(deserialize_with = "lenient")]
    pub message: Option<String>,
}

/// The `request` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RequestEntry {
    /// HTTP method.
    #[serde(deserialize_with = "lenient")]
    pub method: Option<String>,
    /// URL without the query string.
    #[serde(deserialize_with = "lenient")]
    pub url: Option<String>,
    /// Query as `[name, value]` pairs (or a string).
    #[serde(deserialize_with = "lenient")]
    pub query: Option<Value>,
    /// Request body.
    #[serde(deserialize_with = "lenient")]
    pub data: Option<Value>,
    /// Headers as `[name, value]` pairs.
    #[serde(deserialize_with = "lenient_list")]
    pub headers: Vec<(String, Option<String>)>,
}

impl Event {
    /// The event id.
    pub fn id(&self) -> &str {
        self.event_id.as_deref().or(self.id.as_deref()).unwrap_or_default()
    }

    /// The first entry of `kind`, decoded as `T`.
    pub fn entry<T: DeserializeOwned>(&self, kind: &str) -> Option<T> {
        let entry = self.entries.iter().find(|e| e.kind == kind)?;
        serde_json::from_value(entry.data.clone()).ok()
    }

    /// The value of tag `key`.
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.iter().find(|t| t.key == key).map(|t| t.value.0.as_str())
    }

    /// The trace id from the `trace` context.
    pub fn trace_id(&self) -> Option<&str> {
        self.contexts.as_ref()?.get("trace")?.get("trace_id")?.as_str()
    }

    /// The exception entry's exceptions, the raised one first.
    pub fn exceptions(&self) -> Vec<Exception> {
        let mut values = self.entry::<ExceptionEntry>("exception").map(|e| e.values).unwrap_or_default();
        values.reverse();
        values
    }

    /// The thread that crashed (or the current one) with a stack trace.
    pub fn crashed_thread(&self) -> Option<Thread> {
        let threads = self.entry::<ThreadsEntry>("threads")?.values;
        let with_stack = |t: &&Thread| t.stacktrace.as_ref().is_some_and(|s| !s.frames.is_empty());
        let pick = threads
            .iter()
            .filter(with_stack)
            .find(|t| t.crashed == Some(true))
            .or_else(|| threads.iter().filter(with_stack).find(|t| t.current == Some(true)));
        pick.cloned()
    }
}

/// How much of a stack trace to show.
#[derive(Debug, Clone, Copy)]
pub struct TraceStyle {
    /// At most this many frame lines.
    pub max_frames: usize,
    /// Source context for at most this many frames.
    pub context_frames: usize,
    /// Lines of context on each side of the frame's line.
    pub context_radius: u64,
}

impl TraceStyle {
    /// The compact style of issue details.
    pub const COMPACT: TraceStyle = TraceStyle { max_frames: 15, context_frames: 3, context_radius: 2 };
}

/// A stack trace as text, most recent call first: app frames marked `[app]`
/// with source context, runs of library frames folded into one line.
pub fn stack_text(trace: &Stacktrace, style: TraceStyle) -> String {
    let frames: Vec<&Frame> = trace.frames.iter().rev().collect();
    let any_in_app = frames.iter().any(|f| f.in_app == Some(true));
    let mut out = String::new();
    let (mut shown, mut with_context, mut folded) = (0, 0, 0);
    for (i, frame) in frames.iter().enumerate() {
        let in_app = frame.in_app == Some(true);
        let keep = i == 0 || in_app || !any_in_app;
        if !keep || shown >= style.max_frames {
            folded += 1;
            continue;
        }
        flush_folded(&mut out, &mut folded);
        let _ = writeln!(
            out,
            "at {} ({}){}",
            frame_function(frame),
            frame_location(frame),
            if in_app { " [app]" } else { "" }
        );
        shown += 1;
        if (in_app || !any_in_app) && with_context < style.context_frames && frame_context(&mut out, frame, style) {
            with_context += 1;
        }
    }
    flush_folded(&mut out, &mut folded);
    out
}

fn flush_folded(out: &mut String, folded: &mut usize) {
    if *folded > 0 {
        let _ = writeln!(out, "   ... {} more frame{}", folded, if *folded == 1 { "" } else { "s" });
        *folded = 0;
    }
}

fn frame_function(frame: &Frame) -> &str {
    frame.function.as_deref().filter(|f| !f.is_empty()).unwrap_or("<anonymous>")
}

fn frame_location(frame: &Frame) -> String {
    let file = frame.filename.as_deref().or(frame.abs_path.as_deref()).or(frame.module.as_deref()).unwrap_or("?");
    match (frame.line_no, frame.col_no) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(l), None) => format!("{file}:{l}"),
        _ => file.to_string(),
    }
}

/// Writes the source lines around the frame's line; false when there are none.
fn frame_context(out: &mut String, frame: &Frame, style: TraceStyle) -> bool {
    let Some(line) = frame.line_no else { return false };
    let near: Vec<&(u64, Option<String>)> =
        frame.context.iter().filter(|(n, _)| n.abs_diff(line) <= style.context_radius).collect();
    if near.is_empty() {
        return false;
    }
    for (n, text) in near {
        let mark = if *n == line { '>' } else { ' ' };
        let _ = writeln!(out, "    {mark} {n:>5} | {}", text.as_deref().unwrap_or("").trim_end());
    }
    true
}

/// The exception section: type and message, mechanism, compact stack trace.
pub fn write_exception(md: &mut Md, exc: &Exception, style: TraceStyle) {
    let kind = exc.kind.as_deref().unwrap_or("Exception");
    let heading = match exc.value.as_deref().filter(|v| !v.is_empty()) {
        Some(v) => format!("{kind}: {}", truncate(&one_line(v), 200)),
        None => kind.to_string(),
    };
    md.subsection(&heading);
    if let Some(m) = &exc.mechanism {
        let handled = match m.handled {
            Some(true) => " (handled)",
            Some(false) => " (unhandled)",
            None => "",
        };
        md.field("Mechanism", format!("{}{handled}", m.kind.as_deref().unwrap_or("unknown")));
    }
    match exc.stacktrace.as_ref().filter(|s| !s.frames.is_empty()) {
        Some(trace) => {
            md.para("Most recent call first; `[app]` marks the application's own frames.");
            md.code("", &stack_text(trace, style));
        }
        None => {
            md.para("No stack trace was captured.");
        }
    }
}

/// The request section.
pub fn write_request(md: &mut Md, req: &RequestEntry) {
    md.section("Request");
    let line = [req.method.as_deref(), req.url.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    md.field_opt("URL", Some(line));
    match &req.query {
        Some(Value::Array(pairs)) if !pairs.is_empty() => {
            let text: Vec<String> = pairs.iter().filter_map(pair_text).collect();
            md.field("Query", format!("`{}`", text.join("&")));
        }
        Some(Value::String(q)) if !q.is_empty() => {
            md.field("Query", format!("`{q}`"));
        }
        _ => {}
    }
    let headers: Vec<String> = req
        .headers
        .iter()
        .take(12)
        .map(|(k, v)| format!("{k}: {}", truncate(v.as_deref().unwrap_or(""), 160)))
        .collect();
    if !headers.is_empty() {
        md.code("", &headers.join("\n"));
    }
    if let Some(data) = req.data.as_ref().filter(|d| !d.is_null()) {
        md.field("Body", format!("`{}`", truncate(&one_line(&data.to_string()), 300)));
    }
}

fn pair_text(pair: &Value) -> Option<String> {
    let kv = pair.as_array()?;
    Some(format!("{}={}", kv.first()?.as_str()?, kv.get(1).and_then(Value::as_str).unwrap_or("")))
}

/// The user section.
pub fn write_user(md: &mut Md, user: &EventUser) {
    md.section("User");
    md.field_opt("ID", user.id.as_ref());
    md.field_opt("Name", user.name.as_deref());
    md.field_opt("Username", user.username.as_deref());
    md.field_opt("Email", user.email.as_deref());
    md.field_opt("IP address", user.ip_address.as_deref());
    if let Some(geo) = &user.geo {
        let place: Vec<&str> =
            ["city", "region", "country_code"].iter().filter_map(|k| geo.get(*k)?.as_str()).collect();
        md.field_opt("Location", Some(place.join(", ")));
    }
}

/// The tags section, as a table.
pub fn write_tags(md: &mut Md, tags: &[Tag]) {
    if tags.is_empty() {
        return;
    }
    md.section("Tags");
    let rows: Vec<Vec<String>> = tags.iter().map(|t| vec![format!("`{}`", t.key), truncate(&t.value.0, 120)]).collect();
    md.table(&["tag", "value"], &rows);
}

/// The contexts section: one line per context with its scalar fields.
pub fn write_contexts(md: &mut Md, contexts: &BTreeMap<String, Value>) {
    let lines: Vec<String> = contexts
        .iter()
        .filter_map(|(name, value)| {
            let fields: Vec<String> = value
                .as_object()?
                .iter()
                .filter(|(k, v)| k.as_str() != "type" && !v.is_null())
                .map(|(k, v)| format!("{k}={}", scalar_text(v)))
                .collect();
            (!fields.is_empty()).then(|| format!("**{name}**: {}", truncate(&fields.join(", "), 300)))
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    md.section("Contexts");
    for line in lines {
        md.bullet(line);
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => one_line(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(function: &str, file: &str, line: u64, in_app: bool) -> Frame {
        Frame {
            function: Some(function.into()),
            filename: Some(file.into()),
            line_no: Some(line),
            in_app: Some(in_app),
            context: vec![
                (line - 1, Some("before".into())),
                (line, Some("boom()".into())),
                (line + 1, Some("after".into())),
            ],
            ..Frame::default()
        }
    }

    #[test]
    fn stack_text_is_most_recent_first_with_app_frames_marked_and_library_runs_folded() {
        let trace = Stacktrace {
            frames: vec![
                frame("dispatch", "lib/a.js", 10, false),
                frame("handle", "app/h.ts", 20, true),
                frame("wrap", "lib/b.js", 30, false),
                frame("wrap2", "lib/c.js", 40, false),
                frame("submit", "app/s.ts", 50, true),
            ],
        };
        let expected = [
            "at submit (app/s.ts:50) [app]",
            "         49 | before",
            "    >    50 | boom()",
            "         51 | after",
            "   ... 2 more frames",
            "at handle (app/h.ts:20) [app]",
            "         19 | before",
            "    >    20 | boom()",
            "         21 | after",
            "   ... 1 more frame",
        ];
        assert_eq!(stack_text(&trace, TraceStyle::COMPACT), expected.join("\n") + "\n");
    }

    #[test]
    fn without_app_frames_every_frame_shows() {
        let trace = Stacktrace { frames: vec![frame("a", "x.c", 5, false), frame("b", "y.c", 6, false)] };
        let text = stack_text(&trace, TraceStyle { max_frames: 10, context_frames: 0, context_radius: 0 });
        assert_eq!(text, "at b (y.c:6)\nat a (x.c:5)\n");
    }

    #[test]
    fn entries_decode_by_kind_and_exceptions_put_the_raised_one_first() {
        let event: Event = serde_json::from_str(
            r#"{"id": "abc", "entries": [
                {"type": "exception", "data": {"values": [{"type": "KeyError"}, {"type": "ValueError", "value": "bad"}]}},
                {"type": "request", "data": {"method": "POST", "url": "https://x.test/a", "headers": [["Accept", "*/*"]]}}
              ],
              "contexts": {"trace": {"trace_id": "t1", "span_id": "s1"}},
              "tags": [{"key": "level", "value": "error"}]}"#,
        )
        .unwrap();
        let kinds: Vec<String> = event.exceptions().into_iter().filter_map(|e| e.kind).collect();
        assert_eq!(kinds, ["ValueError", "KeyError"]);
        assert_eq!(event.entry::<RequestEntry>("request").unwrap().headers[0].0, "Accept");
        assert_eq!(event.trace_id(), Some("t1"));
        assert_eq!(event.tag("level"), Some("error"));
        assert_eq!(event.id(), "abc");
    }
}
