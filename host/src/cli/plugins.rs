//! `warren plugins` (and `warren` with no command): what is loaded, its
//! tools, and how to call them.

use std::process::ExitCode;

use crate::agent::Caller;
use crate::ids::{AgentKey, Constraints, TenantId};
use crate::runtime::Runtime;

/// Prints each plugin with its version, where its code came from, and its tools.
pub async fn run(runtime: &Runtime) -> ExitCode {
    let sources = runtime.compile_sources();
    for plugin in runtime.plugins() {
        let m = &plugin.manifest;
        println!(
            "{} {} ({}; code {:?}) — {}",
            m.name,
            plugin.version,
            plugin.origin,
            sources[m.name.as_str()],
            m.description
        );
        let constraints: Vec<String> =
            m.constraints.iter().map(|c| format!("{}{}", c.name, if c.required { "" } else { "?" })).collect();
        if !constraints.is_empty() {
            println!("  constraints: {}", constraints.join(", "));
        }
        // Tools as a fresh agent of tenant `local` sees them, when it needs no constraints.
        if m.constraints.iter().all(|c| !c.required) {
            let key = AgentKey { tenant: TenantId::local(), plugin: m.name.clone(), constraints: Constraints::none() };
            match runtime.list_tools(&key, &Caller::default()).await {
                Ok(tools) => tools.iter().for_each(|t| println!("  - {}: {}", t.name, t.description)),
                Err(e) => println!("  (tools unavailable: {e})"),
            }
        }
    }
    println!("\ntry: warren call --plugin notes add_note '{{\"title\":\"hello\",\"body\":\"my first note\"}}'");
    println!("     warren call --plugin notes list_notes");
    println!("     warren agents");
    ExitCode::SUCCESS
}
