//! Tool definitions as MCP sees them: each spec's JSON input schema, with
//! the parameters a constraint fills (organization, project, region) taken
//! out, since the agent supplies those itself.

use serde_json::{Map, Value, json};

use crate::catalog::{Param, ToolSpec, Ty};
use crate::context::{Bound, ORG, PROJECT, REGION};
use crate::warren::plugin::types::Tool;

/// The constraint value that fills parameter `name` for this agent, if any.
pub fn bound_value<'a>(name: &str, bound: &'a Bound) -> Option<&'a str> {
    match name {
        ORG => bound.org.as_deref(),
        PROJECT | "projectSlugOrId" => bound.project.as_deref(),
        REGION => bound.region_url.as_deref(),
        _ => None,
    }
}

/// The parameters a caller of this agent sees (those no constraint fills).
pub fn visible_params<'a>(spec: &'a ToolSpec, bound: &'a Bound) -> impl Iterator<Item = &'a Param> + 'a {
    spec.params.iter().filter(move |p| bound_value(p.name, bound).is_none())
}

/// The JSON Schema of a spec's arguments for this agent.
pub fn input_schema(spec: &ToolSpec, bound: &Bound) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for param in visible_params(spec, bound) {
        properties.insert(param.name.into(), param_schema(param));
        if param.required {
            required.push(Value::from(param.name));
        }
    }
    let mut schema = json!({"type": "object", "properties": properties, "additionalProperties": false});
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    schema
}

/// One parameter's schema: its type(s), enum values and description.
fn param_schema(param: &Param) -> Value {
    let mut names: Vec<&str> = Vec::new();
    let mut items = None;
    for ty in param.types {
        let name = match ty {
            Ty::Str => "string",
            Ty::Int => "integer",
            Ty::Num => "number",
            Ty::Bool => "boolean",
            Ty::Obj => "object",
            Ty::Null => "null",
            Ty::Strs => {
                items = Some(json!({"type": "string"}));
                "array"
            }
            Ty::Pairs => {
                items = Some(json!({"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}));
                "array"
            }
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), if names.len() == 1 { json!(names[0]) } else { json!(names) });
    if let Some(items) = items {
        schema.insert("items".into(), items);
    }
    if !param.values.is_empty() {
        schema.insert("enum".into(), json!(param.values));
    }
    schema.insert("description".into(), json!(param.description));
    Value::Object(schema)
}

/// A spec as an MCP tool definition for this agent.
pub fn tool_definition(spec: &ToolSpec, bound: &Bound) -> Tool {
    Tool {
        name: spec.name.into(),
        title: Some(spec.title.into()),
        description: spec.description.into(),
        input_schema: input_schema(spec, bound).to_string(),
        output_schema: None,
        annotations: spec.annotations(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::find;

    fn bound(org: Option<&str>, project: Option<&str>) -> Bound {
        Bound { org: org.map(Into::into), project: project.map(Into::into), region_url: None }
    }

    #[test]
    fn unbound_schema_lists_every_parameter_and_the_required_ones() {
        let schema = input_schema(find("find_projects").unwrap(), &Bound::default());
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["organizationSlug"],
                "properties": {
                    "organizationSlug": {"type": "string", "description": crate::catalog::find("find_projects").unwrap().params[0].description},
                    "regionUrl": {"type": ["string", "null"], "description": crate::catalog::find("find_projects").unwrap().params[1].description},
                    "query": {"type": ["string", "null"], "description": "Only projects whose name or slug contains this text."}
                }
            })
        );
    }

    #[test]
    fn an_org_constraint_removes_organization_slug_from_properties_and_required() {
        let schema = input_schema(find("find_releases").unwrap(), &bound(Some("acme"), None));
        assert!(schema["properties"].get("organizationSlug").is_none());
        assert!(schema["properties"].get("projectSlug").is_some());
        assert!(schema.get("required").is_none());
    }

    #[test]
    fn a_project_constraint_removes_project_slug_and_project_slug_or_id() {
        let b = bound(Some("acme"), Some("web"));
        let dsns = input_schema(find("find_dsns").unwrap(), &b);
        assert_eq!(dsns["properties"].as_object().unwrap().keys().collect::<Vec<_>>(), ["regionUrl"]);
        let issues = input_schema(find("search_issues").unwrap(), &b);
        assert!(issues["properties"].get("projectSlugOrId").is_none());
    }

    #[test]
    fn a_bound_region_removes_region_url() {
        let b = Bound { region_url: Some("https://us.sentry.io".into()), ..bound(Some("acme"), None) };
        let schema = input_schema(find("find_teams").unwrap(), &b);
        assert_eq!(schema["properties"].as_object().unwrap().keys().collect::<Vec<_>>(), ["query"]);
    }

    #[test]
    fn enums_arrays_and_pairs_have_their_json_shapes() {
        let spec = find("update_uptime_monitor").unwrap();
        let schema = input_schema(spec, &Bound::default());
        assert_eq!(schema["properties"]["method"]["enum"][0], "GET");
        assert_eq!(schema["properties"]["headers"]["items"]["maxItems"], 2);
        let events = input_schema(find("search_events").unwrap(), &Bound::default());
        assert_eq!(events["properties"]["environment"]["type"], json!(["string", "array"]));
        assert_eq!(events["properties"]["fields"]["items"]["type"], "string");
    }
}
