//! Dates without a clock or a date crate: Sentry's ISO 8601 and HTTP dates to
//! Unix seconds and back (proleptic Gregorian, UTC; Howard Hinnant's
//! civil-date algorithms).

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-08-17`, `2026-08-17T03:00:00Z`, `…T03:00:00.123+00:00` in Unix seconds (UTC).
pub fn unix_from_iso(text: &str) -> Option<i64> {
    let (date, time) = text.trim().split_once('T').unwrap_or((text.trim(), "00:00:00"));
    let d: Vec<i64> = date.split('-').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let time = time.trim_end_matches('Z').trim_end_matches("+00:00");
    let t: Vec<f64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let valid = d.len() == 3 && (1..=12).contains(&d[1]) && (1..=31).contains(&d[2]) && (2..=3).contains(&t.len());
    valid.then(|| {
        days_from_civil(d[0], d[1], d[2]) * 86_400
            + t[0] as i64 * 3600
            + t[1] as i64 * 60
            + *t.get(2).unwrap_or(&0.0) as i64
    })
}

/// An HTTP `Date` (`Mon, 23 Nov 2026 21:27:54 GMT`) in Unix seconds.
pub fn unix_from_http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, _] = parts.as_slice() else { return None };
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    unix_from_iso(&format!("{year}-{month:02}-{day}T{time}Z"))
}

/// Unix seconds as `2026-08-17T03:00:00Z`.
pub fn iso_from_unix(secs: i64) -> String {
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// `2026-08-17T10:00:10Z` for milliseconds since the Unix epoch.
pub fn iso_time(ms: f64) -> String {
    iso_from_unix((ms / 1000.0).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(unix_from_iso("2026-08-17T03:00:00Z"), Some(1_786_935_600));
        assert_eq!(unix_from_iso("2026-08-17"), Some(1_786_924_800));
        assert_eq!(unix_from_http_date("Mon, 17 Aug 2026 03:00:00 GMT"), Some(1_786_935_600));
        assert_eq!(iso_from_unix(1_786_935_600), "2026-08-17T03:00:00Z");
        assert_eq!(unix_from_iso("yesterday"), None);
        assert_eq!(iso_time(1_786_960_810_000.0), "2026-08-17T10:00:10Z");
        assert_eq!(iso_time(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(951_782_400_000.0), "2000-02-29T00:00:00Z");
    }
}
