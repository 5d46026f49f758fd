//! Skills: the five groups that decide which tools an agent has. The operator
//! configures a default set (`[config.skills]`); a tenant's `skill:NAME`
//! scopes, when it has any, replace that set for the tenant.

use std::fmt;

/// One skill group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skill {
    /// Read issues, events, traces, monitors, releases and the like.
    Inspect,
    /// Seer, Sentry's root-cause analysis.
    Seer,
    /// Change issues: status, assignment, notes.
    Triage,
    /// Create and change projects, teams, DSNs and monitors.
    ProjectManagement,
    /// Sentry's documentation.
    Docs,
}

impl Skill {
    /// Every skill, in the order `all` expands to.
    pub const ALL: [Skill; 5] = [Skill::Inspect, Skill::Seer, Skill::Triage, Skill::ProjectManagement, Skill::Docs];

    /// The name used in config and scopes.
    pub fn name(self) -> &'static str {
        match self {
            Skill::Inspect => "inspect",
            Skill::Seer => "seer",
            Skill::Triage => "triage",
            Skill::ProjectManagement => "project-management",
            Skill::Docs => "docs",
        }
    }

    /// Parses a skill name (case-insensitive, `_` accepted for `-`).
    pub fn parse(name: &str) -> Option<Skill> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        Skill::ALL.into_iter().find(|s| s.name() == name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of skills.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SkillSet(u8);

impl SkillSet {
    /// Every skill.
    pub fn all() -> SkillSet {
        SkillSet::of(&Skill::ALL)
    }

    /// The set holding exactly `skills`.
    pub fn of(skills: &[Skill]) -> SkillSet {
        SkillSet(skills.iter().fold(0, |bits, s| bits | s.bit()))
    }

    /// Whether `skill` is in the set.
    pub fn contains(self, skill: Skill) -> bool {
        self.0 & skill.bit() != 0
    }

    /// The skills of `self` that are not in `other`.
    pub fn without(self, other: SkillSet) -> SkillSet {
        SkillSet(self.0 & !other.0)
    }

    /// Whether the two sets share a skill.
    pub fn intersects(self, other: SkillSet) -> bool {
        self.0 & other.0 != 0
    }

    /// Parses the operator's comma list (`inspect,seer`, or `all`); an
    /// unknown name is an error naming the valid ones.
    pub fn parse_config(list: &str) -> Result<SkillSet, String> {
        let mut set = SkillSet::default();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name.eq_ignore_ascii_case("all") {
                set = SkillSet::all();
                continue;
            }
            match Skill::parse(name) {
                Some(skill) => set.0 |= skill.bit(),
                None => {
                    return Err(format!(
                        "config skills: unknown skill {name:?}; use a comma list of {} or `all`",
                        SkillSet::all()
                    ));
                }
            }
        }
        Ok(set)
    }

    /// The skills a tenant gets: its `skill:NAME` scopes when it has any
    /// (`skill:all` is every skill; unknown names grant nothing), else `configured`.
    pub fn resolve(configured: SkillSet, scopes: &[String]) -> SkillSet {
        let mut granted: Option<SkillSet> = None;
        for scope in scopes {
            let Some(name) = scope.strip_prefix("skill:") else { continue };
            let set = granted.get_or_insert_with(SkillSet::default);
            if name.trim().eq_ignore_ascii_case("all") {
                *set = SkillSet::all();
            } else if let Some(skill) = Skill::parse(name) {
                set.0 |= skill.bit();
            }
        }
        granted.unwrap_or(configured)
    }
}

impl fmt::Display for SkillSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Skill::ALL.into_iter().filter(|s| self.contains(*s)).map(Skill::name).collect();
        f.write_str(&names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_list_parses_names_and_all() {
        assert_eq!(SkillSet::parse_config("inspect, seer").unwrap(), SkillSet::of(&[Skill::Inspect, Skill::Seer]));
        assert_eq!(SkillSet::parse_config("all").unwrap(), SkillSet::all());
        assert_eq!(SkillSet::parse_config("project_management").unwrap(), SkillSet::of(&[Skill::ProjectManagement]));
        assert_eq!(SkillSet::parse_config("").unwrap(), SkillSet::default());
    }

    #[test]
    fn disabled_skills_are_taken_away() {
        let all = SkillSet::all();
        let without = all.without(SkillSet::of(&[Skill::Seer, Skill::Docs]));
        assert!(!without.contains(Skill::Seer) && !without.contains(Skill::Docs) && without.contains(Skill::Triage));
    }

    #[test]
    fn unknown_config_skill_names_the_valid_ones() {
        let err = SkillSet::parse_config("inspect,inspekt").unwrap_err();
        assert_eq!(
            err,
            "config skills: unknown skill \"inspekt\"; use a comma list of inspect, seer, triage, project-management, docs or `all`"
        );
    }

    #[test]
    fn skill_scopes_replace_the_configured_set() {
        let configured = SkillSet::of(&[Skill::Inspect, Skill::Seer]);
        let scopes = vec!["read".to_string(), "skill:triage".to_string()];
        assert_eq!(SkillSet::resolve(configured, &scopes), SkillSet::of(&[Skill::Triage]));
        assert_eq!(SkillSet::resolve(configured, &["skill:all".into()]), SkillSet::all());
    }

    #[test]
    fn without_skill_scopes_the_configured_set_applies() {
        let configured = SkillSet::of(&[Skill::Docs]);
        assert_eq!(SkillSet::resolve(configured, &["admin".into()]), configured);
        assert_eq!(SkillSet::resolve(configured, &["skill:bogus".into()]), SkillSet::default());
    }
}
