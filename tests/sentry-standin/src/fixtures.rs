//! The fixture files under `fixtures/`, compiled into the binary so the stand-in needs no
//! working directory. Their shapes are described in `world/model.rs` and the README.

pub(crate) const ORGANIZATIONS: &str = include_str!("../fixtures/organizations.json");
pub(crate) const MEMBERS: &str = include_str!("../fixtures/members.json");
pub(crate) const TEAMS: &str = include_str!("../fixtures/teams.json");
pub(crate) const PROJECTS: &str = include_str!("../fixtures/projects.json");
pub(crate) const KEYS: &str = include_str!("../fixtures/keys.json");
pub(crate) const ISSUES: &str = include_str!("../fixtures/issues.json");
pub(crate) const ISSUE_EXTRAS: &str = include_str!("../fixtures/issue_extras.json");
pub(crate) const ATTACHMENTS: &str = include_str!("../fixtures/attachments.json");
pub(crate) const TRACE: &str = include_str!("../fixtures/trace.json");
pub(crate) const DATASETS: &str = include_str!("../fixtures/datasets.json");
pub(crate) const REPLAYS: &str = include_str!("../fixtures/replays.json");
pub(crate) const RELEASES: &str = include_str!("../fixtures/releases.json");
pub(crate) const MONITORS: &str = include_str!("../fixtures/monitors.json");
pub(crate) const UPTIME: &str = include_str!("../fixtures/uptime.json");
pub(crate) const DASHBOARDS: &str = include_str!("../fixtures/dashboards.json");
pub(crate) const ALERTS: &str = include_str!("../fixtures/alerts.json");
pub(crate) const PROFILING: &str = include_str!("../fixtures/profiling.json");
pub(crate) const AI_CONVERSATIONS: &str = include_str!("../fixtures/ai_conversations.json");
pub(crate) const SNAPSHOTS: &str = include_str!("../fixtures/snapshots.json");
pub(crate) const TAGS: &str = include_str!("../fixtures/tags.json");
pub(crate) const TRACE_ITEM_ATTRIBUTES: &str = include_str!("../fixtures/trace_item_attributes.json");
pub(crate) const REPOS: &str = include_str!("../fixtures/repos.json");
pub(crate) const AUTOFIX: &str = include_str!("../fixtures/autofix.json");
pub(crate) const DOCS_INDEX: &str = include_str!("../fixtures/docs.json");

/// Issue id → the file of its events, newest first.
pub(crate) const EVENTS: [(&str, &str); 4] = [
    ("3001", include_str!("../fixtures/events/WEB-1.json")),
    ("3002", include_str!("../fixtures/events/WEB-2.json")),
    ("3003", include_str!("../fixtures/events/API-1.json")),
    ("3101", include_str!("../fixtures/events/PORTAL-1.json")),
];

/// Documentation pages served at `/{path}` (outside `/api/0/`).
pub(crate) const DOC_PAGES: [(&str, &str); 3] = [
    ("/platforms/javascript.md", include_str!("../fixtures/docs/platforms/javascript.md")),
    ("/platforms/python.md", include_str!("../fixtures/docs/platforms/python.md")),
    ("/product/issues.md", include_str!("../fixtures/docs/product/issues.md")),
];

/// Snapshot images by variant (`head`, `base`, `diff`).
pub(crate) const IMAGES: [(&str, &[u8]); 3] = [
    ("head", include_bytes!("../fixtures/images/head.png")),
    ("base", include_bytes!("../fixtures/images/base.png")),
    ("diff", include_bytes!("../fixtures/images/diff.png")),
];
