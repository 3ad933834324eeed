//! Policy size as IAM counts it, and IAM's size limits.

use std::fmt;
use std::str::FromStr;

use super::Policy;

/// The size IAM counts for a policy document: every character except
/// whitespace outside strings. Works on any text, valid JSON or not.
pub fn iam_size(json_text: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    let mut count = 0;
    for c in json_text.chars() {
        if in_string {
            count += 1;
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            count += 1;
            in_string = c == '"';
        }
    }
    count
}

impl Policy {
    /// The size IAM counts for this policy as [`Policy::to_json`] prints it.
    pub fn iam_size(&self) -> usize {
        iam_size(&self.to_json())
    }
}

/// Where a policy is stored, which sets its size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeLimit {
    /// A customer managed policy: 6,144 characters.
    Managed,
    /// Inline policies of one user, summed: 2,048 characters.
    InlineUser,
    /// Inline policies of one group, summed: 5,120 characters.
    InlineGroup,
    /// Inline policies of one role, summed: 10,240 characters.
    InlineRole,
}

impl SizeLimit {
    /// Every limit, in the order a picker shows them.
    pub const ALL: [SizeLimit; 4] = [
        SizeLimit::Managed,
        SizeLimit::InlineUser,
        SizeLimit::InlineGroup,
        SizeLimit::InlineRole,
    ];

    /// The most characters IAM accepts (IAM and AWS STS quotas).
    pub fn max_chars(self) -> usize {
        match self {
            SizeLimit::Managed => 6_144,
            SizeLimit::InlineUser => 2_048,
            SizeLimit::InlineGroup => 5_120,
            SizeLimit::InlineRole => 10_240,
        }
    }

    /// The name used on the command line and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            SizeLimit::Managed => "managed",
            SizeLimit::InlineUser => "user",
            SizeLimit::InlineGroup => "group",
            SizeLimit::InlineRole => "role",
        }
    }
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SizeLimit {
    type Err = UnknownSizeLimit;

    fn from_str(s: &str) -> Result<SizeLimit, UnknownSizeLimit> {
        SizeLimit::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| UnknownSizeLimit {
                input: s.to_string(),
            })
    }
}

/// A size limit name that is not `managed`, `user`, `group` or `role`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSizeLimit {
    /// The name given.
    pub input: String,
}

impl fmt::Display for UnknownSizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown size limit `{}`: use managed, user, group or role",
            self.input
        )
    }
}

impl std::error::Error for UnknownSizeLimit {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn sizes() {
        let cases = [
            ("empty", "", 0),
            ("whitespace_only", " \n\t\r ", 0),
            ("compact", r#"{"a":"b"}"#, 9),
            ("pretty_equals_compact", "{\n    \"a\": \"b\"\n}", 9),
            ("spaces_inside_strings_count", r#"{"a": "b c"}"#, 11),
            ("escaped_quote_keeps_string_open", r#"["a\" b"]"#, 9),
            ("escaped_backslash_closes_string", r#"["a\\" , "b"]"#, 11),
            ("characters_not_bytes", r#"["é"]"#, 5),
            ("unterminated_string", "\"a b", 4),
        ];
        for (name, text, want) in cases {
            assert_eq!(iam_size(text), want, "{name}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn limits() {
        let cases = [
            ("managed", SizeLimit::Managed, 6144),
            ("user", SizeLimit::InlineUser, 2048),
            ("group", SizeLimit::InlineGroup, 5120),
            ("role", SizeLimit::InlineRole, 10240),
        ];
        for (name, limit, max) in cases {
            assert_eq!(limit.max_chars(), max, "{name}");
            assert_eq!(name.parse::<SizeLimit>(), Ok(limit), "{name}");
            assert_eq!(limit.to_string(), name, "{name}");
        }
        let err = "Managed".parse::<SizeLimit>().unwrap_err();
        assert_eq!(err.to_string(), "unknown size limit `Managed`: use managed, user, group or role");
    }

    #[test]
    fn empty_policy_size() {
        // {"Version":"2012-10-17","Statement":[]}
        assert_eq!(Policy::empty().iam_size(), 39);
    }
}
