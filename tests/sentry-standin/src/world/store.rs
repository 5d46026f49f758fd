//! The entities clients can change, and how requests find them: by slug or numeric id, inside
//! the organization named in the path, with Sentry's 404 and 403 answers.

use std::collections::HashMap;

use serde_json::Value;

use super::model::{Activity, ClientKey, Issue, Project, Team, UptimeMonitor};
use super::onboarding::OnboardingRun;
use super::seer::AutofixRun;
use crate::clock;
use crate::reply::ApiError;

/// A repository-to-project code mapping created through `code-mappings/bulk/`.
#[derive(Debug, Clone)]
pub(crate) struct CodeMapping {
    pub org: String,
    pub project: String,
    pub repository: String,
    pub stack_root: String,
    pub source_root: String,
}

/// Mutable state, changed by POST/PUT/DELETE requests and kept for the server's lifetime.
pub(crate) struct Store {
    pub projects: Vec<Project>,
    pub teams: Vec<Team>,
    pub keys: Vec<ClientKey>,
    pub issues: Vec<Issue>,
    /// Every issue's activity, oldest first.
    pub activity: Vec<Activity>,
    pub uptime: Vec<UptimeMonitor>,
    /// Issue id → its latest Seer run.
    pub autofix: HashMap<String, AutofixRun>,
    pub onboarding: Vec<OnboardingRun>,
    pub code_mappings: Vec<CodeMapping>,
    next_id: u64,
}

impl Store {
    pub(crate) fn new(
        projects: Vec<Project>,
        teams: Vec<Team>,
        keys: Vec<ClientKey>,
        issues: Vec<Issue>,
        activity: Vec<Activity>,
        uptime: Vec<UptimeMonitor>,
    ) -> Self {
        Self {
            projects,
            teams,
            keys,
            issues,
            activity,
            uptime,
            autofix: HashMap::new(),
            onboarding: Vec::new(),
            code_mappings: Vec::new(),
            next_id: 100_000,
        }
    }

    /// A fresh numeric id (as a string, like Sentry's ids).
    pub(crate) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The project `key` (slug or numeric id) of `org`: 404 if unknown, 403 if forbidden.
    pub(crate) fn project(&self, org: &str, key: &str) -> Result<&Project, ApiError> {
        self.project_index(org, key).map(|index| &self.projects[index])
    }

    pub(crate) fn project_index(&self, org: &str, key: &str) -> Result<usize, ApiError> {
        let index = self
            .projects
            .iter()
            .position(|p| p.org == org && (p.slug == key || p.id == key))
            .ok_or_else(ApiError::not_found)?;
        if self.projects[index].forbidden { Err(ApiError::forbidden()) } else { Ok(index) }
    }

    pub(crate) fn project_by_id(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// The projects of `org` the token may see.
    pub(crate) fn visible_projects<'a>(&'a self, org: &'a str) -> impl Iterator<Item = &'a Project> + 'a {
        self.projects.iter().filter(move |p| p.org == org && !p.forbidden)
    }

    /// The team `key` (slug or numeric id) of `org`, or 404.
    pub(crate) fn team(&self, org: &str, key: &str) -> Result<&Team, ApiError> {
        self.teams.iter().find(|t| t.org == org && (t.slug == key || t.id == key)).ok_or_else(ApiError::not_found)
    }

    pub(crate) fn team_by_id(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// The issue `key` (numeric id or short id, any case) of `org`, or 404.
    pub(crate) fn issue(&self, org: &str, key: &str) -> Result<&Issue, ApiError> {
        self.issue_index(org, key).map(|index| &self.issues[index])
    }

    pub(crate) fn issue_index(&self, org: &str, key: &str) -> Result<usize, ApiError> {
        let index = self
            .issues
            .iter()
            .position(|i| {
                (i.id == key || i.short_id.eq_ignore_ascii_case(key)) && self.org_of(&i.project_id) == Some(org)
            })
            .ok_or_else(ApiError::not_found)?;
        let project = &self.issues[index].project_id;
        if self.project_by_id(project).is_some_and(|p| p.forbidden) { Err(ApiError::forbidden()) } else { Ok(index) }
    }

    /// The issues of `org` in visible projects.
    pub(crate) fn issues_in<'a>(&'a self, org: &'a str) -> impl Iterator<Item = &'a Issue> + 'a {
        self.issues
            .iter()
            .filter(move |i| self.project_by_id(&i.project_id).is_some_and(|p| p.org == org && !p.forbidden))
    }

    /// The organization slug a project belongs to.
    pub(crate) fn org_of(&self, project_id: &str) -> Option<&str> {
        self.project_by_id(project_id).map(|p| p.org.as_str())
    }

    /// Appends an activity entry to an issue and returns it.
    pub(crate) fn record_activity(
        &mut self,
        issue_id: &str,
        kind: &str,
        user_id: Option<&str>,
        data: Value,
    ) -> Activity {
        let activity = Activity {
            id: self.next_id().to_string(),
            issue_id: issue_id.to_owned(),
            kind: kind.to_owned(),
            date_created: clock::now_iso(),
            user_id: user_id.map(str::to_owned),
            data,
        };
        self.activity.push(activity.clone());
        activity
    }

    /// An issue's activity, newest first.
    pub(crate) fn activity_of(&self, issue_id: &str) -> Vec<&Activity> {
        self.activity.iter().rev().filter(|a| a.issue_id == issue_id).collect()
    }
}
