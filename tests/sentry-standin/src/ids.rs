//! Made-up identifiers for things created at run time: DSN keys, event-like hex ids.

/// 32 lowercase hex digits derived from `seed` (deterministic, so a run is reproducible).
pub(crate) fn hex32(seed: u64) -> String {
    format!("{:016x}{:016x}", splitmix(seed), splitmix(seed ^ 0x9e37_79b9_7f4a_7c15))
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Lowercase slug of a display name, as Sentry derives project and team slugs.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if (c == '-' || c == '_' || c.is_whitespace()) && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').chars().take(50).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids_are_32_hex_digits_and_stable() {
        assert_eq!(hex32(7).len(), 32);
        assert_eq!(hex32(7), hex32(7));
        assert_ne!(hex32(7), hex32(8));
    }

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slugify("Mobile App (iOS)"), "mobile-app-ios");
        assert_eq!(slugify("  Data  Team "), "data-team");
    }
}
