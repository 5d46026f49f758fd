//! `warren agents`: every agent in the data directory with its state.

use std::process::ExitCode;

use super::fail;
use crate::runtime::Runtime;

/// Prints one line per agent, most recently used first.
pub fn run(runtime: &Runtime) -> ExitCode {
    let agents = match runtime.agents() {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    if agents.is_empty() {
        println!(
            "no agents yet; `warren call --plugin notes add_note '{{\"title\":\"hi\",\"body\":\"first\"}}'` makes one"
        );
        return ExitCode::SUCCESS;
    }
    println!(
        "{:<12}  {:<10}  {:<10}  {:<12}  {:<20}  {:<20}  {:>6}  {:>9}  last used",
        "agent", "state", "plugin", "tenant", "constraints", "version", "keys", "bytes"
    );
    for a in agents {
        println!(
            "{:<12}  {:<10}  {:<10}  {:<12}  {:<20}  {:<20}  {:>6}  {:>9}  {}",
            a.id.short(),
            if a.live { "live" } else { "hibernated" },
            a.key.plugin.as_str(),
            a.key.tenant.as_str(),
            a.key.constraints.to_string(),
            a.plugin_version,
            a.usage.keys,
            a.usage.bytes,
            format_time(a.last_used_ms),
        );
    }
    ExitCode::SUCCESS
}

/// `YYYY-MM-DD HH:MM:SS UTC` from ms since the Unix epoch.
fn format_time(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}
