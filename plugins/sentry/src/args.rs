//! Tool arguments: checked against the spec (known names, JSON types, enum
//! values, required ones), with the agent's constraint values filled in and a
//! `regionUrl` checked, then read by handlers through typed accessors.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::catalog::{Param, ToolSpec, Ty};
use crate::context::{Bound, Config, ORG, REGION};
use crate::reply::{ToolError, input};
use crate::schema::{bound_value, visible_params};
use crate::urls;

/// Checked arguments of one call.
#[derive(Debug, Clone, Default)]
pub struct Args {
    values: Map<String, Value>,
}

impl Args {
    /// Checks `raw` (a JSON object) against `spec` for an agent bound to `bound`.
    pub fn check(spec: &ToolSpec, raw: Value, bound: &Bound, config: &Config) -> Result<Args, ToolError> {
        let Value::Object(given) = raw else {
            return input(format!("the arguments of `{}` must be a JSON object, e.g. {{}}", spec.name));
        };
        let mut values = Map::new();
        for (name, value) in given {
            let Some(param) = spec.param(&name) else {
                return input(unknown_param(spec, &name, bound));
            };
            if let Some(fixed) = bound_value(&name, bound) {
                check_bound(param, &value, fixed, config)?;
                continue;
            }
            if value.is_null() && !param.types.contains(&Ty::Null) {
                continue;
            }
            check_type(spec, param, &value)?;
            values.insert(name, value);
        }
        for param in spec.params {
            if let Some(fixed) = bound_value(param.name, bound) {
                values.insert(param.name.into(), Value::from(fixed));
            }
        }
        for param in spec.params.iter().filter(|p| p.required) {
            let present = match values.get(param.name) {
                None | Some(Value::Null) => false,
                Some(Value::String(s)) => !s.trim().is_empty(),
                Some(_) => true,
            };
            if !present {
                return input(format!(
                    "`{}` needs `{}` ({}): {}",
                    spec.name,
                    param.name,
                    type_names(param.types),
                    param.description
                ));
            }
        }
        if let Some(Value::String(region)) = values.get(REGION) {
            let checked = urls::check_region_url(region, &config.host, config.insecure_http()).or_else(input)?;
            values.insert(REGION.into(), Value::from(checked));
        }
        Ok(Args { values })
    }

    /// Arguments built from a JSON object without checks, for handler tests.
    #[cfg(test)]
    pub fn from_json(value: Value) -> Args {
        match value {
            Value::Object(values) => Args { values },
            _ => Args::default(),
        }
    }

    /// A string argument, trimmed; `None` when absent, null or blank.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    }

    /// A required string argument (the check guarantees it for required params).
    pub fn require_str(&self, name: &str) -> Result<&str, ToolError> {
        self.str(name).ok_or_else(|| ToolError::Input(format!("`{name}` is required")))
    }

    /// `organizationSlug`, which many tools require.
    pub fn org(&self) -> Result<&str, ToolError> {
        self.require_str(ORG)
    }

    /// The checked `regionUrl` (`scheme://host`), if given or bound.
    pub fn region(&self) -> Option<&str> {
        self.str(REGION)
    }

    /// A whole-number argument.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.values.get(name).and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
    }

    /// A number argument.
    #[allow(dead_code, reason = "part of the framework for the tools still to be written")]
    pub fn num(&self, name: &str) -> Option<f64> {
        self.values.get(name).and_then(Value::as_f64)
    }

    /// A boolean argument.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.values.get(name).and_then(Value::as_bool)
    }

    /// A string-or-list argument as a list (empty when absent).
    pub fn strings(&self, name: &str) -> Vec<String> {
        match self.values.get(name) {
            Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the caller passed an explicit `null` (for "clear this field").
    #[allow(dead_code, reason = "part of the framework for the tools still to be written")]
    pub fn is_null(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(Value::Null))
    }

    /// An argument as raw JSON (objects such as `execute_sentry_tool`'s `arguments`).
    pub fn json(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// All arguments decoded into a handler's own struct.
    #[allow(dead_code, reason = "part of the framework for the tools still to be written")]
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ToolError> {
        serde_json::from_value(Value::Object(self.values.clone()))
            .map_err(|e| ToolError::Input(format!("the arguments do not fit: {e}")))
    }
}

fn unknown_param(spec: &ToolSpec, name: &str, bound: &Bound) -> String {
    let known: Vec<String> = visible_params(spec, bound).map(|p| format!("`{}`", p.name)).collect();
    let takes = if known.is_empty() { "no arguments".to_string() } else { known.join(", ") };
    format!("`{}` has no parameter `{name}`; it takes {takes}", spec.name)
}

/// A caller may repeat a constraint's value, but not change it.
fn check_bound(param: &Param, value: &Value, fixed: &str, config: &Config) -> Result<(), ToolError> {
    let same = match value {
        Value::Null => true,
        Value::String(s) if param.name == REGION => {
            urls::check_region_url(s, &config.host, config.insecure_http()).is_ok_and(|r| r == fixed)
        }
        Value::String(s) => s.trim() == fixed,
        _ => false,
    };
    if same {
        return Ok(());
    }
    let what = match param.name {
        ORG => "organization",
        REGION => "region",
        _ => "project",
    };
    input(format!("this agent is bound to {what} {fixed:?}, so `{}` cannot be {value}; leave it out", param.name))
}

fn check_type(spec: &ToolSpec, param: &Param, value: &Value) -> Result<(), ToolError> {
    if !param.types.iter().any(|ty| matches(*ty, value)) {
        return input(format!(
            "`{}` of `{}` must be {}, not {}",
            param.name,
            spec.name,
            type_names(param.types),
            describe(value)
        ));
    }
    if let (false, Value::String(s)) = (param.values.is_empty(), value)
        && !param.values.contains(&s.as_str())
    {
        return input(format!("`{}` must be one of {}; got {s:?}", param.name, param.values.join(", ")));
    }
    Ok(())
}

fn matches(ty: Ty, value: &Value) -> bool {
    match ty {
        Ty::Str => value.is_string(),
        Ty::Int => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
        Ty::Num => value.is_number(),
        Ty::Bool => value.is_boolean(),
        Ty::Obj => value.is_object(),
        Ty::Strs => value.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        Ty::Pairs => value.as_array().is_some_and(|a| {
            a.iter().all(|p| p.as_array().is_some_and(|kv| kv.len() == 2 && kv.iter().all(Value::is_string)))
        }),
        Ty::Null => value.is_null(),
    }
}

fn type_names(types: &[Ty]) -> String {
    let names: Vec<&str> = types
        .iter()
        .map(|t| match t {
            Ty::Str => "a string",
            Ty::Int => "a whole number",
            Ty::Num => "a number",
            Ty::Bool => "true or false",
            Ty::Obj => "a JSON object",
            Ty::Strs => "a list of strings",
            Ty::Pairs => "a list of [name, value] pairs",
            Ty::Null => "null",
        })
        .collect();
    names.join(" or ")
}

fn describe(value: &Value) -> String {
    let text = crate::md::truncate(&value.to_string(), 40);
    let kind = match value {
        Value::Null => return "null".into(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    format!("{kind} ({text})")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalog::find;

    fn config() -> Config {
        Config::parse(&[]).unwrap()
    }

    fn acme() -> Bound {
        Bound { org: Some("acme".into()), ..Bound::default() }
    }

    fn check(tool: &str, raw: Value, bound: &Bound) -> Result<Args, ToolError> {
        Args::check(find(tool).unwrap(), raw, bound, &config())
    }

    fn input_error(r: Result<Args, ToolError>) -> String {
        match r {
            Err(ToolError::Input(m)) => m,
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn missing_required_parameter_is_named_with_its_description() {
        let err = input_error(check("find_projects", json!({}), &Bound::default()));
        assert_eq!(
            err,
            "`find_projects` needs `organizationSlug` (a string): The organization's slug, e.g. `acme`; `find_organizations` lists the ones you can see."
        );
    }

    #[test]
    fn wrong_types_enums_and_unknown_names_are_refused() {
        let err = input_error(check("search_sentry_tools", json!({"query": "x", "limit": "5"}), &Bound::default()));
        assert_eq!(err, "`limit` of `search_sentry_tools` must be a whole number or null, not a string (\"5\")");
        let err =
            input_error(check("find_alert_rules", json!({"organizationSlug": "a", "kind": "any"}), &Bound::default()));
        assert_eq!(err, "`kind` must be one of all, issue, metric; got \"any\"");
        let err = input_error(check("find_teams", json!({"organization": "acme"}), &acme()));
        assert_eq!(err, "`find_teams` has no parameter `organization`; it takes `regionUrl`, `query`");
    }

    #[test]
    fn constraint_values_are_injected_and_cannot_be_changed() {
        let args = check("find_teams", json!({}), &acme()).unwrap();
        assert_eq!(args.org().unwrap(), "acme");
        assert!(check("find_teams", json!({"organizationSlug": "acme"}), &acme()).is_ok());
        let err = input_error(check("find_teams", json!({"organizationSlug": "globex"}), &acme()));
        assert_eq!(
            err,
            "this agent is bound to organization \"acme\", so `organizationSlug` cannot be \"globex\"; leave it out"
        );
    }

    #[test]
    fn project_constraint_fills_project_slug_or_id_too() {
        let bound = Bound { project: Some("web".into()), ..acme() };
        let args = check("search_issues", json!({}), &bound).unwrap();
        assert_eq!(args.str("projectSlugOrId"), Some("web"));
        let err = input_error(check("search_issues", json!({"projectSlugOrId": "api"}), &bound));
        assert!(err.starts_with("this agent is bound to project \"web\""), "{err}");
    }

    #[test]
    fn region_url_argument_is_checked_and_normalized() {
        let args = check(
            "find_teams",
            json!({"organizationSlug": "a", "regionUrl": "https://us.sentry.io/"}),
            &Bound::default(),
        )
        .unwrap();
        assert_eq!(args.region(), Some("https://us.sentry.io"));
        let err = input_error(check(
            "find_teams",
            json!({"organizationSlug": "a", "regionUrl": "https://evil.test"}),
            &Bound::default(),
        ));
        assert!(err.starts_with("regionUrl \"https://evil.test\" is not allowed"), "{err}");
    }

    #[test]
    fn null_means_absent_unless_the_parameter_takes_null() {
        let args = check("find_projects", json!({"organizationSlug": "a", "query": null}), &Bound::default()).unwrap();
        assert_eq!(args.str("query"), None);
        assert!(args.is_null("query"));
        let args = check("get_issue_details", json!({"issueUrl": "u", "eventId": null}), &Bound::default()).unwrap();
        assert!(!args.is_null("eventId"));
    }
}
