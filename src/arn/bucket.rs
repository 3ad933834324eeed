//! S3 general purpose bucket naming rules.
//!
//! Source: Amazon S3 User Guide, "General purpose bucket naming rules".

use super::ArnErrorKind;
use crate::wildcard::has_wildcard;

/// Prefixes AWS reserves; no bucket name may start with them.
pub(crate) const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];

/// Suffixes AWS reserves for access point aliases, Multi-Region Access
/// Points, directory buckets and table buckets.
pub(crate) const RESERVED_SUFFIXES: &[&str] =
    &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

const MIN_LEN: usize = 3;
const MAX_LEN: usize = 63;

/// Checks a bucket name, or a bucket name pattern with `*`/`?`. A pattern is
/// legal when its literal characters are: the checks that depend on the whole
/// name (minimum length, IP address shape) only apply to literal names.
pub(crate) fn check(name: &str) -> Result<(), ArnErrorKind> {
    let is_pattern = has_wildcard(name);
    let len = name.chars().count();
    if len > MAX_LEN || (!is_pattern && len < MIN_LEN) {
        return Err(ArnErrorKind::BucketNameLength { len });
    }
    if let Some(ch) = name.chars().find(|&c| !is_bucket_char(c) && !is_wild(c)) {
        return Err(ArnErrorKind::BucketNameCharacter { ch });
    }
    let first = name.chars().next();
    let last = name.chars().next_back();
    if [first, last]
        .into_iter()
        .flatten()
        .any(|c| !is_wild(c) && !is_letter_or_digit(c))
    {
        return Err(ArnErrorKind::BucketNameEdge);
    }
    if name.contains("..") {
        return Err(ArnErrorKind::BucketNameDoubleDot);
    }
    // The literal text before the first wildcard is the start of every name
    // the pattern matches; the text after the last one is the end.
    let head = name.split(is_wild).next().unwrap_or_default();
    let tail = name.rsplit(is_wild).next().unwrap_or_default();
    if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| head.starts_with(*p)) {
        return Err(ArnErrorKind::BucketNameReservedPrefix { prefix });
    }
    if let Some(suffix) = RESERVED_SUFFIXES.iter().find(|s| tail.ends_with(*s)) {
        return Err(ArnErrorKind::BucketNameReservedSuffix { suffix });
    }
    if !is_pattern && is_ipv4_shaped(name) {
        return Err(ArnErrorKind::BucketNameIpAddress);
    }
    Ok(())
}

fn is_wild(c: char) -> bool {
    c == '*' || c == '?'
}

fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_bucket_char(c: char) -> bool {
    is_letter_or_digit(c) || c == '.' || c == '-'
}

/// Four dot-separated groups of digits, like `192.168.5.4`. S3 rejects these
/// whatever the numbers are.
fn is_ipv4_shaped(name: &str) -> bool {
    let groups: Vec<&str> = name.split('.').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}
