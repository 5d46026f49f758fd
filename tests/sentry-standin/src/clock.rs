//! Wall-clock time as Sentry prints it (`2026-08-17T09:41:12.000Z`), without a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub(crate) fn now_unix() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or_default()
}

/// Now, as an ISO 8601 UTC timestamp with milliseconds.
pub(crate) fn now_iso() -> String {
    iso(now_unix())
}

/// `secs` since the epoch as an ISO 8601 UTC timestamp with milliseconds.
pub(crate) fn iso(secs: f64) -> String {
    let millis_total = (secs * 1000.0).round() as i64;
    let (days, millis_of_day) = (millis_total.div_euclid(86_400_000), millis_total.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let secs_of_day = millis_of_day / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60,
        millis_of_day % 1000
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|+00:00)` into seconds since the epoch.
pub(crate) fn parse_iso(text: &str) -> Option<f64> {
    let text = text.trim();
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (date_parts.next()??, date_parts.next()??, date_parts.next()??);
    let time = time.trim_end_matches('Z').trim_end_matches("+00:00");
    let mut time_parts = time.splitn(3, ':');
    let hours: f64 = time_parts.next()?.parse().ok()?;
    let minutes: f64 = time_parts.next()?.parse().ok()?;
    let seconds: f64 = time_parts.next().unwrap_or("0").parse().ok()?;
    let days = days_from_civil(year, month, day) as f64;
    Some(days * 86_400.0 + hours * 3600.0 + minutes * 60.0 + seconds)
}

// Howard Hinnant's civil-calendar algorithms (public domain), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_parse_round_trip_the_fixture_trace_start() {
        assert_eq!(iso(1_786_959_672.0), "2026-08-17T09:41:12.000Z");
        assert_eq!(parse_iso("2026-08-17T09:41:12.000Z"), Some(1_786_959_672.0));
        assert_eq!(parse_iso("2026-08-17T09:41:12+00:00"), Some(1_786_959_672.0));
    }
}
