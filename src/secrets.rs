//! The credential guard: one function decides whether text looks like an AWS
//! credential, so every place text comes in (each UI input, the import box,
//! the CLI) can refuse it before it is used, stored or put in a URL.
//!
//! ```
//! use policy_builder::secrets::{find_credential, CredentialKind};
//!
//! let found = find_credential("key AKIAIOSFODNN7EXAMPLE here").unwrap();
//! assert_eq!(found.kind, CredentialKind::AccessKeyId);
//! assert!(find_credential("arn:aws:s3:::my-bucket/js/app.js").is_none());
//! ```

use std::fmt;

/// What kind of credential the text looks like.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    /// An access key id: `AKIA…` (long-term), `ASIA…` (temporary), and the
    /// other key-id prefixes (`ABIA`, `ACCA`, `A3T…`).
    AccessKeyId,
    /// A 40-character secret access key.
    SecretAccessKey,
    /// A session token (long base64, e.g. `IQoJb3JpZ2lu…`).
    SessionToken,
}

/// Where a credential was found in the text (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CredentialMatch {
    pub kind: CredentialKind,
    pub start: usize,
    pub end: usize,
}

impl CredentialMatch {
    /// The warning to show instead of using the text.
    pub fn warning(&self) -> String {
        format!(
            "This looks like an AWS {}. This tool never needs credentials: it was not used, stored or put in the URL. If it is real, consider rotating it.",
            self.kind
        )
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CredentialKind::AccessKeyId => "access key id",
            CredentialKind::SecretAccessKey => "secret access key",
            CredentialKind::SessionToken => "session token",
        })
    }
}

/// The first thing in `text` that looks like an AWS credential, if any.
///
/// Access key ids are 20 characters: a documented prefix then base32
/// (`A`–`Z`, `2`–`7`), as a whole word. Secret keys are 40 characters of
/// base64 (`A–Z a–z 0–9 / +`) as a whole word, with upper- and lowercase
/// letters and a digit, and with a `/` or `+` or high entropy, so ARNs,
/// paths, hex digests and action names do not trip it. Session tokens are
/// long base64 runs with the known STS prefixes, and any value assigned to
/// a `aws_secret_access_key` / `SecretAccessKey` / `aws_session_token` name.
pub fn find_credential(text: &str) -> Option<CredentialMatch> {
    let bytes = text.as_bytes();
    let mut found: Option<CredentialMatch> = None;
    let mut keep = |m: CredentialMatch| {
        if found.is_none_or(|f| m.start < f.start) {
            found = Some(m);
        }
    };
    for (start, end) in runs(bytes, |b| b.is_ascii_alphanumeric()) {
        let word = &text[start..end];
        if is_access_key_id(word) {
            keep(CredentialMatch {
                kind: CredentialKind::AccessKeyId,
                start,
                end,
            });
        }
    }
    for (start, end) in runs(bytes, |b| {
        b.is_ascii_alphanumeric() || b == b'/' || b == b'+' || b == b'='
    }) {
        let word = text[start..end].trim_end_matches('=');
        let end = start + word.len();
        if word.len() == 40 && is_secret_key(word) {
            keep(CredentialMatch {
                kind: CredentialKind::SecretAccessKey,
                start,
                end,
            });
        } else if word.len() >= 100 && is_session_token(word) {
            keep(CredentialMatch {
                kind: CredentialKind::SessionToken,
                start,
                end,
            });
        }
    }
    if let Some(m) = assigned_secret(text) {
        keep(m);
    }
    found
}

/// Maximal runs of bytes that satisfy `pred`, as (start, end).
fn runs(bytes: &[u8], pred: impl Fn(u8) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (pred(b), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, bytes.len()));
    }
    out
}

fn is_access_key_id(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() != 20 {
        return false;
    }
    let prefixed = ["AKIA", "ASIA", "ABIA", "ACCA"]
        .iter()
        .any(|p| word.starts_with(p))
        || (word.starts_with("A3T") && b[3].is_ascii_uppercase()
            || word.starts_with("A3T") && b[3].is_ascii_digit());
    prefixed
        && b[4..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(c))
}

fn is_secret_key(word: &str) -> bool {
    let b = word.as_bytes();
    let upper = b.iter().any(u8::is_ascii_uppercase);
    let lower = b.iter().any(u8::is_ascii_lowercase);
    let digit = b.iter().any(u8::is_ascii_digit);
    if !(upper && lower && digit) {
        return false;
    }
    // A path-like run with several slashes is a path, not a key.
    let slashes = b.iter().filter(|&&c| c == b'/').count();
    if slashes > 3 {
        return false;
    }
    slashes > 0 || b.contains(&b'+') || entropy(b) >= 4.0
}

fn is_session_token(word: &str) -> bool {
    [
        "FwoGZXIvYXdzE",
        "IQoJb3JpZ2lu",
        "FQoGZXIvYXdzE",
        "AQoDYXdzE",
    ]
    .iter()
    .any(|p| word.starts_with(p))
        || (entropy(word.as_bytes()) >= 5.0 && word.len() >= 200)
}

/// Shannon entropy in bits per byte.
fn entropy(b: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for &c in b {
        counts[c as usize] += 1;
    }
    let n = b.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// `aws_secret_access_key = X`, `"SecretAccessKey": "X"`, `aws_session_token=X`.
fn assigned_secret(text: &str) -> Option<CredentialMatch> {
    let lower = text.to_ascii_lowercase();
    let names = [
        ("aws_secret_access_key", CredentialKind::SecretAccessKey),
        ("secretaccesskey", CredentialKind::SecretAccessKey),
        ("aws_session_token", CredentialKind::SessionToken),
        ("sessiontoken", CredentialKind::SessionToken),
    ];
    for (name, kind) in names {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(name) {
            let after = from + pos + name.len();
            let rest = &text[after..];
            let skipped = rest.len()
                - rest
                    .trim_start_matches(|c: char| {
                        c == '"' || c == '\'' || c == ':' || c == '=' || c.is_whitespace()
                    })
                    .len();
            let value_start = after + skipped;
            let value: &str = text[value_start..]
                .split(|c: char| c == '"' || c == '\'' || c == ',' || c.is_whitespace())
                .next()
                .unwrap_or("");
            if value.len() >= 16 && skipped > 0 {
                return Some(CredentialMatch {
                    kind,
                    start: value_start,
                    end: value_start + value.len(),
                });
            }
            from = after;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positives() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, CredentialKind)] = &[
            ("documented example key id", "AKIAIOSFODNN7EXAMPLE", CredentialKind::AccessKeyId),
            ("key id in a sentence", "my key is AKIAIOSFODNN7EXAMPLE ok", CredentialKind::AccessKeyId),
            ("temporary key id", "ASIAY34FZKBOKMUTVV7A", CredentialKind::AccessKeyId),
            ("key id in JSON", r#"{"AccessKeyId": "AKIA2OGYBAH6QWERTY23"}"#, CredentialKind::AccessKeyId),
            ("key id in a bucket field", "AKIAJ7ZL2RJYAEXAMPLE", CredentialKind::AccessKeyId),
            ("bearer token key id", "ABIAZZZZZZZZZZZZZZZZ", CredentialKind::AccessKeyId),
            ("context key id", "ACCA234567ABCDEFGHIJ", CredentialKind::AccessKeyId),
            ("legacy A3T key id", "A3TXABCDEFGHIJKLMNOP", CredentialKind::AccessKeyId),
            ("documented example secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", CredentialKind::SecretAccessKey),
            ("secret with plus", "je7MtGbClwBF+2Zp9Utk/h3yCo8nvbEXAMPLEKEY", CredentialKind::SecretAccessKey),
            ("secret without slash, high entropy", "Xq8ZtLm3Np7Rs2Vb9Kc4Wd6Yf1Gh5Jk0Lq3Mz8Nx", CredentialKind::SecretAccessKey),
            ("secret in an ini file", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", CredentialKind::SecretAccessKey),
            ("secret assigned, short form", "SecretAccessKey: abcdefghijklmnopqrstuvwx", CredentialKind::SecretAccessKey),
            ("session token", &format!("IQoJb3JpZ2luX2VjE{}", "A".repeat(120)), CredentialKind::SessionToken),
            ("old session token", &format!("FwoGZXIvYXdzEJr{}", "b".repeat(150)), CredentialKind::SessionToken),
            ("session token assigned", "aws_session_token=abcdefghijklmnopqrstuvwxyz0123", CredentialKind::SessionToken),
        ];
        for (name, text, kind) in cases {
            let found = find_credential(text).unwrap_or_else(|| panic!("{name}: not found"));
            assert_eq!(found.kind, *kind, "{name}");
        }
    }

    #[test]
    fn negatives() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("bucket name", "mojito-example"),
            ("object ARN", "arn:aws:s3:::mojito-example/jsdev/container-name*"),
            ("long role ARN", "arn:aws:iam::123456789012:role/service-role/MyRoleNameThatIsVeryLongIndeed"),
            ("forty lowercase hex", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("forty uppercase hex", "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"),
            ("long action name", "s3:GetBucketPublicAccessBlockConfigurations"),
            ("CloudFront id", "E2EXAMPLE12345"),
            ("account id", "123456789012"),
            ("key id too short", "AKIAIOSFODNN7EXAMPL"),
            ("key id too long", "AKIAIOSFODNN7EXAMPLEX"),
            ("key id with lowercase", "AKIAiosfodnn7EXAMPLE"),
            ("key id prefix inside a word", "XAKIAIOSFODNN7EXAMPLE"),
            ("unique id of a role", "AROAJ52OTH4H7LEXAMPLE"),
            ("path of forty chars", "static/catalog/core/file/name/abcd/ef12X"),
            ("short base64", "aGVsbG8gd29ybGQ="),
            ("policy JSON", r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}"#),
            ("condition key", "aws:PrincipalTag/department"),
            ("empty", ""),
        ];
        for (name, text) in cases {
            assert_eq!(find_credential(text), None, "{name}");
        }
    }

    #[test]
    fn the_amplify_seed_policy_is_not_a_credential() {
        let seed = include_str!("../tests/fixtures/amplify-workshop-policy.json");
        assert_eq!(find_credential(seed), None);
    }

    #[test]
    fn reports_the_position() {
        let text = "id: AKIAIOSFODNN7EXAMPLE";
        let m = find_credential(text).unwrap();
        assert_eq!(&text[m.start..m.end], "AKIAIOSFODNN7EXAMPLE");
        assert!(m.warning().contains("never needs credentials"));
    }
}
