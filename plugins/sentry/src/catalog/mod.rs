//! The tool registry: one [`ToolSpec`] per tool of the Sentry tool set
//! (name, title, description, parameters, behaviour, skills, surface and
//! handler), and which of them an agent has. The specs live in the files
//! below, grouped by subject; a spec whose `handler` is `None` is declared
//! but not offered anywhere.

mod admin;
mod core;
mod docs;
mod explore;
mod issues;
mod monitoring;
mod params;

use crate::args::Args;
use crate::context::Ctx;
use crate::reply::{Reply, ToolError};
use crate::skills::{Skill, SkillSet};
use crate::warren::plugin::types::ToolAnnotations;

/// Runs a tool with checked arguments.
pub type Handler = fn(&Ctx, &Args) -> Result<Reply, ToolError>;

/// A JSON type a parameter accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A string.
    Str,
    /// A whole number.
    Int,
    /// Any number.
    Num,
    /// `true` or `false`.
    Bool,
    /// A JSON object.
    Obj,
    /// An array of strings.
    Strs,
    /// An array of `[name, value]` string pairs.
    Pairs,
    /// `null` (same as leaving the parameter out).
    Null,
}

/// One tool parameter.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name, as the caller spells it.
    pub name: &'static str,
    /// The JSON types it accepts.
    pub types: &'static [Ty],
    /// Whether the caller must give it.
    pub required: bool,
    /// What it means, for the model.
    pub description: &'static str,
    /// The allowed values, for enumerations (empty otherwise).
    pub values: &'static [&'static str],
}

impl Param {
    /// A required parameter.
    pub const fn req(name: &'static str, types: &'static [Ty], description: &'static str) -> Param {
        Param { name, types, required: true, description, values: &[] }
    }

    /// An optional parameter.
    pub const fn opt(name: &'static str, types: &'static [Ty], description: &'static str) -> Param {
        Param { name, types, required: false, description, values: &[] }
    }

    /// The same parameter restricted to `values`.
    pub const fn one_of(self, values: &'static [&'static str]) -> Param {
        Param { values, ..self }
    }
}

/// What a tool does to the world; sets its MCP annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Reads only.
    ReadOnly,
    /// Creates or changes something.
    Mutating,
    /// Changes or deletes something in a way that loses information.
    Destructive,
}

/// Where a tool is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// In `tools/list`, and in the catalog.
    Direct,
    /// Only through `search_sentry_tools` and `execute_sentry_tool`.
    Catalog,
}

/// When a constraint makes a tool pointless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hide {
    /// Never hidden.
    Never,
    /// Hidden when the agent is bound to an organization.
    UnderOrg,
    /// Hidden when the agent is bound to a project.
    UnderProject,
}

/// One tool.
pub struct ToolSpec {
    /// The tool's name.
    pub name: &'static str,
    /// A short human title.
    pub title: &'static str,
    /// What it does, for the model (our words).
    pub description: &'static str,
    /// Its parameters, in schema order.
    pub params: &'static [Param],
    /// What it does to the world.
    pub kind: Kind,
    /// The skills that enable it (any one suffices).
    pub skills: &'static [Skill],
    /// Where it is offered.
    pub surface: Surface,
    /// When a constraint hides it.
    pub hide: Hide,
    /// Its handler; `None` while it is not written (then it is not offered).
    pub handler: Option<Handler>,
}

impl ToolSpec {
    /// MCP annotations implied by the kind; every Sentry tool is open-world.
    pub fn annotations(&self) -> ToolAnnotations {
        let read_only = self.kind == Kind::ReadOnly;
        ToolAnnotations {
            read_only: Some(read_only),
            destructive: Some(self.kind == Kind::Destructive),
            idempotent: Some(read_only),
            open_world: Some(true),
        }
    }

    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Whether this agent has the tool: written, granted, not hidden by a constraint.
    pub fn is_available(&self, ctx: &Ctx) -> bool {
        let hidden = match self.hide {
            Hide::Never => false,
            Hide::UnderOrg => ctx.bound.org.is_some(),
            Hide::UnderProject => ctx.bound.project.is_some(),
        };
        self.handler.is_some() && SkillSet::of(self.skills).intersects(ctx.skills) && !hidden
    }

    /// Whether it is one of the two catalog tools themselves.
    pub fn is_catalog_tool(&self) -> bool {
        matches!(self.name, "search_sentry_tools" | "execute_sentry_tool")
    }
}

/// Every declared tool, written or not.
pub fn all() -> impl Iterator<Item = &'static ToolSpec> {
    [core::SPECS, issues::SPECS, explore::SPECS, monitoring::SPECS, admin::SPECS, docs::SPECS].into_iter().flatten()
}

/// The declared tool called `name`.
pub fn find(name: &str) -> Option<&'static ToolSpec> {
    all().find(|s| s.name == name)
}

/// The tool called `name`, if this agent has it.
pub fn available(ctx: &Ctx, name: &str) -> Option<&'static ToolSpec> {
    find(name).filter(|s| s.is_available(ctx))
}

/// The tools in this agent's `tools/list`.
pub fn direct(ctx: &Ctx) -> impl Iterator<Item = &'static ToolSpec> + '_ {
    all().filter(|s| s.surface == Surface::Direct && s.is_available(ctx))
}

/// The tools `search_sentry_tools` finds and `execute_sentry_tool` runs.
pub fn searchable(ctx: &Ctx) -> impl Iterator<Item = &'static ToolSpec> + '_ {
    all().filter(|s| !s.is_catalog_tool() && s.is_available(ctx))
}

/// The "Next steps" entries this agent can follow: unavailable tools are
/// dropped, and catalog-only ones say to go through `execute_sentry_tool`.
pub fn next_steps(ctx: &Ctx, steps: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    steps
        .iter()
        .filter_map(|(name, why)| {
            let spec = available(ctx, name)?;
            Some(match spec.surface {
                Surface::Direct => (spec.name, why.to_string()),
                Surface::Catalog => (spec.name, format!("{why} (through `execute_sentry_tool`)")),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_declares_the_54_tools_once_each() {
        let names: Vec<&str> = all().map(|s| s.name).collect();
        assert_eq!(names.len(), 54);
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 54, "duplicate tool names");
    }

    #[test]
    fn every_spec_is_complete() {
        for spec in all() {
            assert!(
                !spec.title.is_empty() && spec.description.len() > 40,
                "{} needs a title and description",
                spec.name
            );
            assert!(!spec.skills.is_empty(), "{} has no skill", spec.name);
            for p in spec.params {
                assert!(!p.types.is_empty() && !p.description.is_empty(), "{}.{} is incomplete", spec.name, p.name);
            }
        }
    }

    #[test]
    fn direct_surface_matches_the_reference() {
        let direct: Vec<&str> = all().filter(|s| s.surface == Surface::Direct).map(|s| s.name).collect();
        assert_eq!(
            direct,
            [
                "find_organizations",
                "find_projects",
                "search_sentry_tools",
                "execute_sentry_tool",
                "update_issue",
                "analyze_issue_with_seer",
                "search_issues",
                "get_sentry_resource",
                "search_events",
            ]
        );
    }

    #[test]
    fn annotations_follow_the_kind() {
        let whoami = find("whoami").unwrap().annotations();
        assert_eq!(
            (whoami.read_only, whoami.destructive, whoami.idempotent, whoami.open_world),
            (Some(true), Some(false), Some(true), Some(true))
        );
        let delete = find("delete_uptime_monitor").unwrap().annotations();
        assert_eq!((delete.read_only, delete.destructive), (Some(false), Some(true)));
        let note = find("add_issue_note").unwrap().annotations();
        assert_eq!((note.read_only, note.destructive, note.idempotent), (Some(false), Some(false), Some(false)));
    }
}
