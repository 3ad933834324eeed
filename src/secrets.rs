//! The credential guard: does pasted text look like an AWS credential?
//!
//! The builder never needs credentials, but people paste whatever is on
//! their clipboard. [`find_credential`] spots access key ids, secret access
//! keys and session tokens so the UI and CLI can warn, and drop the text
//! before it reaches a share URL. It errs towards warning on a real key and
//! away from warning on what IAM users normally paste: policies, ARNs,
//! action names, bucket names, commit hashes.
//!
//! ```
//! use policy_builder::secrets::{find_credential, CredentialKind};
//!
//! let found = find_credential("key: AKIAIOSFODNN7EXAMPLE").unwrap();
//! assert_eq!(found.kind, CredentialKind::AccessKeyId);
//! assert_eq!((found.start, found.end), (5, 25));
//! assert!(find_credential("arn:aws:iam::123456789012:role/deploy").is_none());
//! ```

use std::fmt;
use std::ops::Range;

/// What kind of credential some text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialKind {
    /// An access key id (`AKIA…` long-term, `ASIA…` temporary, …).
    AccessKeyId,
    /// The 40-character secret that goes with an access key id.
    SecretAccessKey,
    /// The session token of temporary (STS) credentials.
    SessionToken,
}

impl CredentialKind {
    /// The kind in words, with its article: "an AWS access key id".
    pub fn describe(self) -> &'static str {
        match self {
            CredentialKind::AccessKeyId => "an AWS access key id",
            CredentialKind::SecretAccessKey => "an AWS secret access key",
            CredentialKind::SessionToken => "an AWS session token",
        }
    }
}

/// Where in the text a credential seems to be, as byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CredentialMatch {
    pub kind: CredentialKind,
    /// Byte offset of the first character; always a char boundary.
    pub start: usize,
    /// Byte offset just past the last character; always a char boundary.
    pub end: usize,
}

impl CredentialMatch {
    /// `start..end`, to slice or highlight the text.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// What to tell the user. It says the credential was not used, so it
    /// must only be shown where that is true.
    pub fn warning(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for CredentialMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This looks like {}. This tool never needs credentials: it was not used, \
             stored or put in the URL. If it is real, consider rotating it.",
            self.kind.describe()
        )
    }
}

/// The first thing in `text` that looks like an AWS credential, or `None`.
///
/// "First" is by start offset; of matches starting at the same place the
/// access key id wins, then the secret key.
pub fn find_credential(text: &str) -> Option<CredentialMatch> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    found.extend(access_key_ids(bytes));
    found.extend(secret_access_keys(bytes));
    found.extend(session_tokens(bytes));
    found.extend(assignments(bytes));
    // Every match is a run of ASCII bytes between non-matching bytes, so its
    // offsets are char boundaries even when the text around it is not ASCII.
    found.into_iter().min_by_key(|m| (m.start, m.kind))
}

/// Every span of `text` that looks like an AWS credential, in order of
/// start, none overlapping (of overlapping ones the first, as
/// [`find_credential`] picks it, is kept).
pub fn find_credentials(text: &str) -> Vec<CredentialMatch> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    found.extend(access_key_ids(bytes));
    found.extend(secret_access_keys(bytes));
    found.extend(session_tokens(bytes));
    found.extend(assignments(bytes));
    found.sort_by_key(|m| (m.start, m.kind));
    let mut out: Vec<CredentialMatch> = Vec::new();
    for m in found {
        if out.last().is_none_or(|last| m.start >= last.end) {
            out.push(m);
        }
    }
    out
}

/// `text` with every span that looks like a credential replaced by
/// `REDACTED`, so it can be shown (and a JSON string stays a JSON string).
///
/// ```
/// use policy_builder::secrets::redact;
///
/// assert_eq!(
///     redact(r#"{"accessKeyId": "AKIAIOSFODNN7EXAMPLE"}"#),
///     r#"{"accessKeyId": "REDACTED"}"#
/// );
/// ```
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in find_credentials(text) {
        out.push_str(&text[last..m.start]);
        out.push_str("REDACTED");
        last = m.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Access key ids are 20 characters: a 4-character prefix, then 16 base32
/// characters (`A`–`Z`, `2`–`7`).
const ACCESS_KEY_ID_LEN: usize = 20;

/// The unique-id prefixes that are credentials (IAM User Guide, "Understanding
/// unique ID prefixes"): `AKIA` access key, `ASIA` temporary (STS) access
/// key, `ABIA` STS service bearer token, `ACCA` context-specific credential.
/// The other prefixes (`AIDA` user, `AROA` role, `AGPA` group, `ANPA`
/// policy, …) name things and are not secret, and people paste them from
/// policies and CloudTrail.
const ACCESS_KEY_PREFIXES: [&[u8; 4]; 4] = [b"AKIA", b"ASIA", b"ABIA", b"ACCA"];

fn is_access_key_id(run: &[u8]) -> bool {
    if run.len() != ACCESS_KEY_ID_LEN {
        return false;
    }
    let (prefix, rest) = run.split_at(4);
    // Older keys start `A3T` and one more letter or digit; gitleaks' `aws-access-token`
    // rule matches them too.
    let is_known_prefix = ACCESS_KEY_PREFIXES.iter().any(|p| p[..] == *prefix)
        || (prefix.starts_with(b"A3T") && prefix[3].is_ascii_alphanumeric());
    let is_base32 = |b: &u8| b.is_ascii_uppercase() || (b'2'..=b'7').contains(b);
    is_known_prefix && rest.iter().all(is_base32)
}

fn access_key_ids(bytes: &[u8]) -> impl Iterator<Item = CredentialMatch> + '_ {
    // A whole run of letters and digits, so `XAKIA…` or `AKIA…9` in a longer
    // identifier is not taken for a key.
    runs(bytes, |b| b.is_ascii_alphanumeric())
        .filter(|r| is_access_key_id(&bytes[r.clone()]))
        .map(|r| found(CredentialKind::AccessKeyId, r))
}

/// Secret access keys are 40 characters of base64's alphabet, without `=`.
const SECRET_KEY_LEN: usize = 40;

fn is_secret_key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'/' || b == b'+'
}

/// Does a whole 40-character run of `[A-Za-z0-9/+]` look like a secret key?
///
/// A random key has upper case, lower case and digits (all but about 0.1%
/// of them), and almost never reads as words. Names do: IAM role names,
/// action names and paths are camel-case words, and each test below is
/// there to keep one of them out.
fn is_secret_key_like(run: &[u8]) -> bool {
    run.len() == SECRET_KEY_LEN
        && has_upper_lower_and_digit(run)
        // The brief's rule: a `/` or `+`, or many different characters.
        // It keeps out repetitive text like `Aa1Aa1…`.
        && (run.iter().any(|&b| b == b'/' || b == b'+') || shannon_entropy(run) >= 4.0)
        && !is_mostly_words(run)
}

fn secret_access_keys(bytes: &[u8]) -> impl Iterator<Item = CredentialMatch> + '_ {
    runs(bytes, is_secret_key_char)
        .filter(|r| is_secret_key_like(&bytes[r.clone()]))
        .filter(|r| !is_in_a_path(bytes, r.clone()) || is_near_access_key_id(bytes, r.clone()))
        .map(|r| found(CredentialKind::SecretAccessKey, r))
}

/// Is the run part of an ARN or a path rather than a value of its own?
///
/// S3 object keys are free text, so a 40-character stretch of a path can
/// look exactly like a secret key: `accesspoint/b1xg5ry0/objEct/js/container`.
/// A secret is pasted alone, or after a name (see [`assignments`]); a path
/// stretch sits in a longer token. The token is what lies between spaces,
/// quotes and JSON punctuation; the run is taken for part of a path when
/// - the token is an ARN (`arn:…`), a URL (`…://…`) or an absolute path
///   (`/…`), or
/// - the run holds a `/` and touches a character that joins path segments or
///   names (`-`, `_`, `.`, `*`, `$`, `{`, `}`, `?`, `~`, `%`, `@`, `&`, `!`):
///   it is one stretch of a longer path (`my-bucket/…`, `…/${aws:username}`).
///
/// A secret key glued into such a token is missed, unless an access key id
/// is next to it ([`is_near_access_key_id`]); a false alarm on a valid
/// policy is the worse failure, as it refuses the policy.
fn is_in_a_path(bytes: &[u8], run: Range<usize>) -> bool {
    let is_delimiter = |b: u8| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'"' | b'\'' | b'`' | b',' | b'[' | b']' | b'(' | b')' | b'<' | b'>' | b'=' | b';'
            )
    };
    let start = bytes[..run.start]
        .iter()
        .rposition(|&b| is_delimiter(b))
        .map_or(0, |i| i + 1);
    let end = bytes[run.end..]
        .iter()
        .position(|&b| is_delimiter(b))
        .map_or(bytes.len(), |i| run.end + i);
    let token = &bytes[start..end];
    let is_arn = token.len() >= 4 && token[..4].eq_ignore_ascii_case(b"arn:");
    let is_url = token.windows(3).any(|w| w == b"://");
    if is_arn || is_url || token.first() == Some(&b'/') {
        return true;
    }
    let is_joiner = |b: &u8| {
        matches!(
            b,
            b'-' | b'_'
                | b'.'
                | b'*'
                | b'$'
                | b'{'
                | b'}'
                | b'?'
                | b'~'
                | b'%'
                | b'@'
                | b'&'
                | b'!'
        )
    };
    let touches_joiner = (run.start > 0 && is_joiner(&bytes[run.start - 1]))
        || bytes.get(run.end).is_some_and(is_joiner);
    touches_joiner && bytes[run].contains(&b'/')
}

/// How far from an access key id a secret counts as "next to it": a
/// credentials file, a CSV row of the console's download, an `export` pair.
const NEAR_KEY_ID: usize = 200;

/// Is an access key id within [`NEAR_KEY_ID`] bytes of the run?
fn is_near_access_key_id(bytes: &[u8], run: Range<usize>) -> bool {
    let from = run.start.saturating_sub(NEAR_KEY_ID);
    let to = (run.end + NEAR_KEY_ID).min(bytes.len());
    // Offsets into `bytes`, so a window cut mid-run is not mistaken for a
    // whole run: only runs lying wholly inside the window count.
    access_key_ids(bytes).any(|m| m.start >= from && m.end <= to)
}

/// Session tokens are hundreds of base64 characters; 100 is well below any
/// AWS has issued and well above identifiers people paste.
const SESSION_TOKEN_MIN_LEN: usize = 100;

fn is_base64_char(b: u8) -> bool {
    is_secret_key_char(b) || b == b'='
}

/// STS tokens are base64 of a protobuf-like blob whose first fields are
/// `er/aws` (`FwoGZXIvYXdzE…`, `FQoGZXIvYXdzE…`) or `origin_…`
/// (`IQoJb3JpZ2luX2Vj…`); the first four characters vary with a length.
fn is_sts_token(run: &[u8]) -> bool {
    run.len() >= SESSION_TOKEN_MIN_LEN && matches!(run.get(4..12), Some(b"ZXIvYXdz" | b"b3JpZ2lu"))
}

/// Does a whole run of at least 100 base64 characters look like a token?
fn is_session_token_like(run: &[u8]) -> bool {
    if run.len() < SESSION_TOKEN_MIN_LEN {
        return false;
    }
    let is_sts_shape = is_sts_token(run);
    // Anything else this long must look random: hex (at most 4 bits per
    // character) and run-together words (about 4.2) stay out.
    is_sts_shape
        || (has_upper_lower_and_digit(run) && shannon_entropy(run) >= 4.5 && !is_mostly_words(run))
}

fn session_tokens(bytes: &[u8]) -> impl Iterator<Item = CredentialMatch> + '_ {
    runs(bytes, is_base64_char)
        .filter(|r| is_session_token_like(&bytes[r.clone()]))
        .filter(|r| {
            // An STS shape is a token wherever it is; a merely random-looking
            // run inside a path is a long object key (see `is_in_a_path`).
            is_sts_token(&bytes[r.clone()])
                || !is_in_a_path(bytes, r.clone())
                || is_near_access_key_id(bytes, r.clone())
        })
        .map(|r| found(CredentialKind::SessionToken, r))
}

/// `name = value` and `"Name": "value"` where the name says what the value
/// is: credentials files, environment variables, STS and SDK output. The
/// name lowers the bar for the value, so low-entropy secrets are caught
/// here; the match covers only the value.
fn assignments(bytes: &[u8]) -> Vec<CredentialMatch> {
    let is_name_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut out = Vec::new();
    for name in runs(bytes, is_name_char) {
        let Some(kind) = assigned_kind(&bytes[name.clone()]) else {
            continue;
        };
        let Some(value) = assigned_value(bytes, name.end) else {
            continue;
        };
        let v = &bytes[value.clone()];
        let is_credential = match kind {
            CredentialKind::AccessKeyId => {
                v.len() == ACCESS_KEY_ID_LEN
                    && v.iter()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }
            CredentialKind::SecretAccessKey => {
                v.len() == SECRET_KEY_LEN
                    && v.iter().all(|&b| is_secret_key_char(b))
                    && shannon_entropy(v) >= 3.0
            }
            CredentialKind::SessionToken => v.len() >= 16 && shannon_entropy(v) >= 3.0,
        };
        if is_credential {
            out.push(found(kind, value));
        }
    }
    out
}

/// The kind a setting name holds, ignoring case, `_` and `-`:
/// `aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`, `SecretAccessKey`, …
fn assigned_kind(name: &[u8]) -> Option<CredentialKind> {
    let folded: Vec<u8> = name
        .iter()
        .filter(|&&b| b != b'_' && b != b'-')
        .map(u8::to_ascii_lowercase)
        .collect();
    let folded = folded.strip_prefix(b"aws").unwrap_or(&folded);
    match folded {
        b"accesskeyid" => Some(CredentialKind::AccessKeyId),
        b"secretaccesskey" | b"secretkey" => Some(CredentialKind::SecretAccessKey),
        b"sessiontoken" | b"securitytoken" => Some(CredentialKind::SessionToken),
        _ => None,
    }
}

/// After a setting name at `at`: an optional closing quote, `=` or `:`,
/// an optional opening quote, then a run of base64 characters.
fn assigned_value(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    let is_quote = |b: u8| b == b'"' || b == b'\'';
    let skip_spaces = |mut i: usize| {
        while bytes.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
            i += 1;
        }
        i
    };
    let mut i = at;
    if bytes.get(i).copied().is_some_and(is_quote) {
        i += 1;
    }
    i = skip_spaces(i);
    if !matches!(bytes.get(i), Some(b'=' | b':')) {
        return None;
    }
    i = skip_spaces(i + 1);
    if bytes.get(i).copied().is_some_and(is_quote) {
        i += 1;
    }
    let end = i + bytes[i..]
        .iter()
        .take_while(|&&b| is_base64_char(b))
        .count();
    (end > i).then_some(i..end)
}

fn found(kind: CredentialKind, range: Range<usize>) -> CredentialMatch {
    CredentialMatch {
        kind,
        start: range.start,
        end: range.end,
    }
}

/// The maximal runs of bytes in `class`.
fn runs<'a>(
    bytes: &'a [u8],
    class: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !class(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && class(bytes[i]) {
            i += 1;
        }
        Some(start..i)
    })
}

fn has_upper_lower_and_digit(run: &[u8]) -> bool {
    run.iter().any(u8::is_ascii_uppercase)
        && run.iter().any(u8::is_ascii_lowercase)
        && run.iter().any(u8::is_ascii_digit)
}

/// Shannon entropy in bits per byte.
fn shannon_entropy(run: &[u8]) -> f64 {
    let mut counts = [0u32; 256];
    for &b in run {
        counts[usize::from(b)] += 1;
    }
    let n = run.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Are at least 60% of the characters in words of three or more lower-case
/// letters, each maybe capitalised (`Role`, `Instance`, `home`)? Camel-case
/// names and paths are (`Ec2InstanceProfileForImageBuilderEcrRole`: 93%);
/// random base64 has short lower-case runs and only about 0.1% of 40-character
/// keys get there (the documented example key: 10%).
fn is_mostly_words(run: &[u8]) -> bool {
    let mut in_words = 0;
    for r in runs(run, |b| b.is_ascii_lowercase()) {
        if r.len() >= 3 {
            let capitalised = r.start > 0 && run[r.start - 1].is_ascii_uppercase();
            in_words += r.len() + usize::from(capitalised);
        }
    }
    in_words * 10 >= run.len() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    const AMPLIFY_WORKSHOP_POLICY: &str =
        include_str!("../tests/fixtures/amplify-workshop-policy.json");

    /// Where a credential is expected: the kind and the exact text matched.
    type Want = Option<(CredentialKind, &'static str)>;

    const KEY_ID: CredentialKind = CredentialKind::AccessKeyId;
    const SECRET: CredentialKind = CredentialKind::SecretAccessKey;
    const TOKEN: CredentialKind = CredentialKind::SessionToken;

    const STS_TOKEN: &str = "FwoGZXIvYXdzEjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY+kv5ZJr3J1TWDtkwtDDb/xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po/799NksnRH9ucAUsdMlHUvTCQC";
    const ORIGIN_TOKEN: &str = "IQoJb3JpZ2luX2VjEyEZDz+TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY/uCu3ZR1zTO";
    const RANDOM_TOKEN: &str = "lUcR64cXQLioDnkHIfxIq2HZt+PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3+YNBDRzrZSgqbjG3uhkWKFLf6xuI5aHUQPF==";

    #[test]
    fn positives() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, Want)] = &[
            ("documented key id",          "AKIAIOSFODNN7EXAMPLE",                                 Some((KEY_ID, "AKIAIOSFODNN7EXAMPLE"))),
            ("key id in a sentence",       "my key is AKIAIOSFODNN7EXAMPLE, sorry",                Some((KEY_ID, "AKIAIOSFODNN7EXAMPLE"))),
            ("temporary key id",           "ASIACTNWLAVYF6RMPAFQ",                                 Some((KEY_ID, "ASIACTNWLAVYF6RMPAFQ"))),
            ("bearer token key id",        "ABIAFJZCZBTTOFJYU7JS",                                 Some((KEY_ID, "ABIAFJZCZBTTOFJYU7JS"))),
            ("context credential key id",  "ACCAJC3IBOFBCIXGY4DB",                                 Some((KEY_ID, "ACCAJC3IBOFBCIXGY4DB"))),
            ("legacy A3T key id",          "id=A3TXP7QA5EFE6QEQPNO5;",                             Some((KEY_ID, "A3TXP7QA5EFE6QEQPNO5"))),
            ("key id in JSON",             r#"{"AccessKeyId": "ASIACTNWLAVYF6RMPAFQ"}"#,           Some((KEY_ID, "ASIACTNWLAVYF6RMPAFQ"))),
            ("key id after non-ASCII",     "clé→AKIAIOSFODNN7EXAMPLE←",                            Some((KEY_ID, "AKIAIOSFODNN7EXAMPLE"))),
            ("documented secret",          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",             Some((SECRET, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))),
            ("secret with plus",           "PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+",             Some((SECRET, "PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+"))),
            ("secret without / or +",      "key RIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc end",     Some((SECRET, "RIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc"))),
            ("credentials file secret",    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Some((SECRET, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))),
            ("env var wordy secret",       "AWS_SECRET_ACCESS_KEY=ThisIsMySecretKeyAndItIsVeryLongIndeed12",  Some((SECRET, "ThisIsMySecretKeyAndItIsVeryLongIndeed12"))),
            ("JSON secret no digit",       r#""SecretAccessKey": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN""#, Some((SECRET, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"))),
            ("key id before its secret",   "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Some((KEY_ID, "AKIAIOSFODNN7EXAMPLE"))),
            ("STS er/aws token",           STS_TOKEN,                                              Some((TOKEN, STS_TOKEN))),
            ("STS origin token",           ORIGIN_TOKEN,                                           Some((TOKEN, ORIGIN_TOKEN))),
            ("random long base64",         RANDOM_TOKEN,                                           Some((TOKEN, RANDOM_TOKEN))),
            ("session token assignment",   "aws_session_token=Zm9vYmFyYmF6cXV4",                   Some((TOKEN, "Zm9vYmFyYmF6cXV4"))),
            ("JSON session token",         r#""SessionToken": "Zm9vYmFyYmF6cXV4cXV1eA==""#,        Some((TOKEN, "Zm9vYmFyYmF6cXV4cXV1eA=="))),
            // Next to its key id, a secret is refused even inside an ARN or a path.
            ("secret in an ARN, key id after", "arn:aws:s3:::x-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY AKIAIOSFODNN7EXAMPLE", Some((SECRET, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))),
            ("secret in a path, key id before", "AKIAIOSFODNN7EXAMPLE:x-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Some((KEY_ID, "AKIAIOSFODNN7EXAMPLE"))),
            ("console CSV row",            "deploy,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Some((KEY_ID, "AKIAIOSFODNN7EXAMPLE"))),
            ("secret after a colon",       "secret:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",      Some((SECRET, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))),
            ("secret in quotes",           r#"["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]"#,      Some((SECRET, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))),
        ];
        check(cases);
    }

    #[test]
    fn negatives() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, Want)] = &[
            ("empty",                      "",                                                      None),
            ("Amplify workshop policy",    AMPLIFY_WORKSHOP_POLICY,                                 None),
            ("long role ARN",              "arn:aws:iam::123456789012:role/service-role/MyRoleNameThatIsVeryLong", None),
            ("long S3 object ARN",         "arn:aws:s3:::my-bucket/uploads/2024/Reports/Quarter/Sum1", None),
            ("bucket name",                "mojito-example-assets-eu-west-1-123456789012",          None),
            ("git SHA",                    "6c48398e0f5b1a2d3c4e5f60718293a4b5c6d7e8",              None),
            ("upper-case hex",             "6C48398E0F5B1A2D3C4E5F60718293A4B5C6D7E8",              None),
            ("SHA-512 hex",                &"0123456789abcdef".repeat(8),                           None),
            ("40-char action name",        "s3:GetBucketPublicAccessBlockConfigurations",           None),
            ("40-char camel name w/ digit","Ec2InstanceProfileForImageBuilderEcrRole",              None),
            ("40-char path",               "home/User/Documents/Projects2024/Reports",              None),
            ("CloudFront id",              "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL", None),
            ("role unique id",             "AROAJQABLZS4A3QDU576Q:session",                         None),
            ("user unique id",             "AIDAJQABLZS4A3QDU576Q",                                 None),
            ("key id inside longer run",   "XAKIAIOSFODNN7EXAMPLE",                                 None),
            ("key id with lower case",     "AKIAiosfodnn7example",                                  None),
            ("key id with 8 and 9",        "AKIAIOSFODNN8EXAMPL9",                                  None),
            ("secret inside longer run",   "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYx",             None),
            ("repetitive 40",              "Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1A",              None),
            ("short base64 of words",      "aGVsbG8gd29ybGQ= cG9saWN5",                             None),
            ("placeholder secret",         "aws_secret_access_key = YOUR_SECRET_ACCESS_KEY",        None),
            ("templated secret",           r#""SecretAccessKey": "${SECRET}""#,                     None),
            ("GetSessionToken action",     r#"{"Action": ["sts:GetSessionToken", "sts:GetAccessKeyInfo"]}"#, None),
            ("policy variable",            "arn:aws:s3:::b/home/${aws:username}/*",                 None),
            // 40 characters of an S3 key path look like a secret (issue 15).
            ("access point object ARN",    "arn:aws:s3:us-east-1:123456789012:accesspoint/b1xg5ry0/objEct/js/container", None),
            ("object ARN, photo path",     "arn:aws:s3:::photos/raw-uploads/2024/Summer/IMG1234/thumb/ab12Cd", None),
            ("object ARN in a policy",     r#"{"Resource": ["arn:aws:s3:us-east-1:123456789012:accesspoint/b1xg5ry0/objEct/js/container"]}"#, None),
            ("s3:prefix pattern",          r#"{"s3:prefix": ["uploads/2024/Summer/IMG1234/thumb/ab12Cd*"]}"#, None),
            ("S3 URL",                     "s3://b/raw-uploads/2024/Summer/IMG1234/thumb/ab12Cd",  None),
            ("path after a variable",      "home/${aws:username}.uploads/2024/Summer/IMG1234/thumb/ab12Cd", None),
            ("hashed object key in an ARN", "arn:aws:s3:::b/lUcR64cXQLioDnkHIfxIq2HZt/PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3/YNBDRzrZSgqbjG3uhkWKFLf6xuI5aHUQPF", None),
            ("long words run",             "ThisIsAVeryLongIdentifierMadeOfWordsThatSomeoneTypedWithoutSpacesAndItKeepsGoingOnAndOnForOver100Chars", None),
        ];
        check(cases);
    }

    fn check(cases: &[(&str, &str, Want)]) {
        for (case, text, want) in cases {
            let got = find_credential(text).map(|m| (m.kind, &text[m.range()]));
            assert_eq!(got, *want, "{case}");
        }
    }

    #[test]
    fn warnings_name_the_kind() {
        #[rustfmt::skip]
        let cases: &[(&str, CredentialKind, &str)] = &[
            ("key id",  KEY_ID, "This looks like an AWS access key id. This tool never needs credentials: it was not used, stored or put in the URL. If it is real, consider rotating it."),
            ("secret",  SECRET, "This looks like an AWS secret access key. This tool never needs credentials: it was not used, stored or put in the URL. If it is real, consider rotating it."),
            ("token",   TOKEN,  "This looks like an AWS session token. This tool never needs credentials: it was not used, stored or put in the URL. If it is real, consider rotating it."),
        ];
        for (case, kind, want) in cases {
            let m = CredentialMatch {
                kind: *kind,
                start: 0,
                end: 1,
            };
            assert_eq!(m.warning(), *want, "{case}");
        }
    }

    #[test]
    fn entropy_and_wordiness() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, f64, bool)] = &[
            // (case,           text,                                       entropy ≈, mostly words)
            ("one symbol",      "aaaa",                                     0.0,  true),
            ("four symbols",    "a1b2",                                     2.0,  false),
            ("documented key",  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 4.66, false),
            ("camel name",      "Ec2InstanceProfileForImageBuilderEcrRole", 4.23, true),
        ];
        for (case, text, entropy, words) in cases {
            let got = shannon_entropy(text.as_bytes());
            assert!((got - entropy).abs() < 0.01, "{case}: {got}");
            assert_eq!(is_mostly_words(text.as_bytes()), *words, "{case}");
        }
    }
}
