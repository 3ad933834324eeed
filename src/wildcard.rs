//! IAM's wildcard matching: `*` matches any run of characters (including `/`
//! and `:`), `?` matches exactly one character. Nothing else is special.
//!
//! Action names are matched case-insensitively, ARNs case-sensitively, as
//! IAM does.

/// Whether `value` matches `pattern`, case-sensitively (for ARNs).
pub fn is_match(pattern: &str, value: &str) -> bool {
    matches_with(pattern, value, |a, b| a == b)
}

/// Whether `value` matches `pattern`, ignoring ASCII case (for action names
/// and condition keys).
pub fn is_match_ignore_case(pattern: &str, value: &str) -> bool {
    matches_with(pattern, value, |a, b| a.eq_ignore_ascii_case(&b))
}

/// Whether `s` contains a wildcard character.
pub fn has_wildcard(s: &str) -> bool {
    // Bytes, not chars: both are ASCII, and this runs for every action and
    // ARN a policy names.
    s.bytes().any(|b| b == b'*' || b == b'?')
}

/// Linear-time glob matching with single-star backtracking: no input can
/// make it exponential.
fn matches_with(pattern: &str, value: &str, eq: impl Fn(char, char) -> bool) -> bool {
    if pattern.is_ascii() && value.is_ascii() {
        // Action names and most ARNs: no allocation.
        return glob(pattern.as_bytes(), value.as_bytes(), |a, b| {
            eq(a as char, b as char)
        });
    }
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    glob(&p, &v, eq)
}

fn glob<T: Copy + PartialEq + From<u8>>(p: &[T], v: &[T], eq: impl Fn(T, T) -> bool) -> bool {
    let star = T::from(b'*');
    let question = T::from(b'?');
    let (mut pi, mut vi) = (0usize, 0usize);
    let mut last_star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() && (p[pi] == question || (p[pi] != star && eq(p[pi], v[vi]))) {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == star {
            last_star = Some((pi, vi));
            pi += 1;
        } else if let Some((sp, sv)) = last_star {
            pi = sp + 1;
            vi = sv + 1;
            last_star = Some((sp, sv + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == star)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        // (pattern, value, case-sensitive result, case-insensitive result)
        let cases = [
            ("*", "", true, true),
            ("*", "arn:aws:s3:::b/k", true, true),
            ("s3:Get*", "s3:GetObject", true, true),
            ("s3:get*", "s3:GetObject", false, true),
            ("s3:*Object", "s3:PutObject", true, true),
            ("s3:*Object", "s3:PutObjectAcl", false, false),
            ("s3:?etObject", "s3:GetObject", true, true),
            ("s3:?etObject", "s3:etObject", false, false),
            // `*` crosses `/`: the trap the js-publisher recipe explains.
            (
                "arn:aws:s3:::b/jsdev/app*",
                "arn:aws:s3:::b/jsdev/app-other/x.js",
                true,
                true,
            ),
            (
                "arn:aws:s3:::b/js/app.js",
                "arn:aws:s3:::b/js/app.jsx",
                false,
                false,
            ),
            ("a*b*c", "aXXbYYc", true, true),
            ("a*b*c", "aXXbYY", false, false),
            ("", "", true, true),
            ("", "x", false, false),
            ("**", "anything", true, true),
        ];
        for (pattern, value, sensitive, insensitive) in cases {
            assert_eq!(is_match(pattern, value), sensitive, "{pattern} vs {value}");
            assert_eq!(
                is_match_ignore_case(pattern, value),
                insensitive,
                "{pattern} vs {value} (ignore case)"
            );
        }
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = "*a".repeat(200);
        let value = "a".repeat(199);
        assert!(!is_match(&pattern, &value));
    }
}
