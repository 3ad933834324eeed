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

/// Whether every string `inner` matches is also matched by `outer`, both
/// being IAM wildcard patterns, case-sensitively (for ARNs). Sound, and
/// exact for the patterns policies use: `inner` is read as text in which
/// its own `*` and `?` are ordinary symbols that only a `*` of `outer` can
/// absorb (`?` of `outer` takes one `?` of `inner`, never a `*`). When it
/// answers `true` the containment holds; a `false` may, for contrived
/// pairs such as `a*` and `a*?`, miss a containment, which callers treat
/// as "not contained": the safe side.
///
/// ```
/// use policy_builder::wildcard::covers;
///
/// assert!(covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/js/*"));
/// assert!(!covers("arn:aws:s3:::b/js/*", "arn:aws:s3:::b/*"));
/// ```
pub fn covers(outer: &str, inner: &str) -> bool {
    covers_with(outer, inner, |a, b| a == b)
}

/// [`covers`], ignoring ASCII case (for action names).
pub fn covers_ignore_case(outer: &str, inner: &str) -> bool {
    covers_with(outer, inner, |a, b| a.eq_ignore_ascii_case(&b))
}

fn covers_with(outer: &str, inner: &str, eq: impl Fn(char, char) -> bool) -> bool {
    let p: Vec<char> = outer.chars().collect();
    let v: Vec<char> = inner.chars().collect();
    // The same single-star backtracking as `glob`, with one change: a
    // literal or `?` of `outer` never consumes a `*` of `inner`, and a
    // literal never consumes a `?`.
    let (mut pi, mut vi) = (0usize, 0usize);
    let mut last_star: Option<(usize, usize)> = None;
    while vi < v.len() {
        let step = pi < p.len()
            && p[pi] != '*'
            && v[vi] != '*'
            && (p[pi] == '?' || (v[vi] != '?' && eq(p[pi], v[vi])));
        if step {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == '*' {
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
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether some string matches both patterns (case-sensitively). Exact,
/// by a walk of the two patterns side by side; patterns so long that the
/// walk would be costly (over 4 million position pairs) are assumed to
/// overlap, the safe answer for callers asking "could this Deny apply?".
pub fn overlaps(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > 1 << 22 {
        return true;
    }
    let mut seen = vec![false; (n + 1) * (m + 1)];
    let mut todo = vec![(0usize, 0usize)];
    while let Some((i, j)) = todo.pop() {
        let k = i * (m + 1) + j;
        if seen[k] {
            continue;
        }
        seen[k] = true;
        if i == n && j == m {
            return true;
        }
        // A star may match nothing.
        if i < n && a[i] == '*' {
            todo.push((i + 1, j));
        }
        if j < m && b[j] == '*' {
            todo.push((i, j + 1));
        }
        // Both read one character: a star stays, anything else moves on.
        if i < n && j < m {
            let compatible =
                a[i] == '*' || b[j] == '*' || a[i] == '?' || b[j] == '?' || a[i] == b[j];
            if compatible {
                let ni = if a[i] == '*' { i } else { i + 1 };
                let nj = if b[j] == '*' { j } else { j + 1 };
                if (ni, nj) != (i, j) {
                    todo.push((ni, nj));
                }
            }
        }
    }
    false
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
    #[rustfmt::skip]
    fn containment() {
        // (name, outer, inner, outer covers inner)
        let cases = [
            ("equal literal", "arn:aws:s3:::b/k", "arn:aws:s3:::b/k", true),
            ("other literal", "arn:aws:s3:::b/k", "arn:aws:s3:::b/j", false),
            ("star covers literal", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", true),
            ("star covers narrower star", "arn:aws:s3:::b/*", "arn:aws:s3:::b/js/*", true),
            ("narrower star does not cover wider", "arn:aws:s3:::b/js/*", "arn:aws:s3:::b/*", false),
            ("literal does not cover a star", "arn:aws:s3:::b/k", "arn:aws:s3:::b/*", false),
            ("everything covers anything", "*", "arn:aws:s3:::b/*", true),
            ("nothing narrower covers everything", "arn:*", "*", false),
            ("question covers one literal", "arn:aws:s3:::b/?", "arn:aws:s3:::b/k", true),
            ("question covers a question", "arn:aws:s3:::b/?", "arn:aws:s3:::b/?", true),
            ("question does not cover a star", "arn:aws:s3:::b/?", "arn:aws:s3:::b/*", false),
            ("literal does not cover a question", "arn:aws:s3:::b/k", "arn:aws:s3:::b/?", false),
            ("star covers a question", "arn:aws:s3:::b/*", "arn:aws:s3:::b/?", true),
            ("middle star", "arn:aws:s3:::*/logs/*", "arn:aws:s3:::b/logs/2024/*", true),
            ("middle star misses", "arn:aws:s3:::*/logs/*", "arn:aws:s3:::b/log/*", false),
            ("star crosses slash", "arn:aws:s3:::b*", "arn:aws:s3:::b/k", true),
            ("case matters", "arn:aws:s3:::B/*", "arn:aws:s3:::b/k", false),
            ("empty covers empty", "", "", true),
        ];
        for (name, outer, inner, want) in cases {
            assert_eq!(covers(outer, inner), want, "{name}");
        }
        assert!(covers_ignore_case("s3:get*", "s3:GetObject*"));
        assert!(!covers_ignore_case("s3:Get*", "s3:*"));
    }

    #[test]
    #[rustfmt::skip]
    fn overlap() {
        let cases = [
            ("same literal", "arn:aws:s3:::b/k", "arn:aws:s3:::b/k", true),
            ("other literal", "arn:aws:s3:::b/k", "arn:aws:s3:::b/j", false),
            ("star and literal", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", true),
            ("two buckets' objects", "arn:aws:s3:::a/*", "arn:aws:s3:::b/*", false),
            ("prefix and suffix", "arn:aws:s3:::b/*.js", "arn:aws:s3:::b/js/*", true),
            ("disjoint suffixes", "*.js", "*.css", false),
            ("question", "a?c", "ab*", true),
            ("question too short", "a?", "abc", false),
            ("everything", "*", "", true),
            ("empty", "", "a", false),
        ];
        for (name, a, b, want) in cases {
            assert_eq!(overlaps(a, b), want, "{name}");
            assert_eq!(overlaps(b, a), want, "{name} (swapped)");
        }
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = "*a".repeat(200);
        let value = "a".repeat(199);
        assert!(!is_match(&pattern, &value));
    }
}
