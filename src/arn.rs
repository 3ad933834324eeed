//! Amazon Resource Names: partitions, ARN templates from the service
//! reference (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), and the
//! rules a value must follow before it goes into a policy.
//!
//! ```
//! use std::collections::BTreeMap;
//! use policy_builder::arn::ArnTemplate;
//!
//! let template: ArnTemplate = "arn:${Partition}:s3:::${BucketName}/${ObjectName}".parse()?;
//! assert_eq!(template.placeholders(), ["Partition", "BucketName", "ObjectName"]);
//!
//! let values = BTreeMap::from([
//!     ("Partition".to_string(), "aws-cn".to_string()),
//!     ("BucketName".to_string(), "mojito-example".to_string()),
//!     ("ObjectName".to_string(), "js/*".to_string()),
//! ]);
//! assert_eq!(template.fill(&values)?, "arn:aws-cn:s3:::mojito-example/js/*");
//!
//! let bad = BTreeMap::from([("BucketName".to_string(), "My_Bucket".to_string())]);
//! let err = "arn:aws:s3:::${BucketName}".parse::<ArnTemplate>()?.fill(&bad).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "bucket name `My_Bucket` breaks S3 naming rules: only lowercase letters, digits, \
//!      dots and hyphens are allowed (found `M`)"
//! );
//! # Ok::<(), policy_builder::arn::ArnError>(())
//! ```

mod bucket;
mod region;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::wildcard::{has_wildcard, is_match};

/// Shortest ARN IAM accepts, in characters.
pub const MIN_ARN_LEN: usize = 20;
/// Longest ARN IAM accepts, in characters.
pub const MAX_ARN_LEN: usize = 2048;
/// Longest S3 object key, in UTF-8 bytes.
pub const MAX_OBJECT_KEY_BYTES: usize = 1024;

/// An AWS partition: a group of regions with its own ARNs and console.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Partition {
    /// `aws`: the commercial regions.
    #[default]
    Aws,
    /// `aws-cn`: the China regions.
    AwsCn,
    /// `aws-us-gov`: AWS GovCloud (US).
    AwsUsGov,
}

impl Partition {
    /// Every partition, in the order a picker shows them.
    pub const ALL: [Partition; 3] = [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov];

    /// The name used in ARNs: `aws`, `aws-cn` or `aws-us-gov`.
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    /// The host of this partition's management console.
    pub fn console_host(self) -> &'static str {
        match self {
            Partition::Aws => "console.aws.amazon.com",
            Partition::AwsCn => "console.amazonaws.cn",
            Partition::AwsUsGov => "console.amazonaws-us-gov.com",
        }
    }

    /// The region codes of this partition.
    pub fn regions(self) -> &'static [&'static str] {
        match self {
            Partition::Aws => region::AWS,
            Partition::AwsCn => region::AWS_CN,
            Partition::AwsUsGov => region::AWS_US_GOV,
        }
    }

    /// The region a new user of this partition most likely means.
    pub fn default_region(self) -> &'static str {
        match self {
            Partition::Aws => "us-east-1",
            Partition::AwsCn => "cn-north-1",
            Partition::AwsUsGov => "us-gov-west-1",
        }
    }

    /// Whether `region` is one of this partition's region codes.
    pub fn has_region(self, region: &str) -> bool {
        self.regions().contains(&region)
    }
}

impl FromStr for Partition {
    type Err = ArnError;

    fn from_str(s: &str) -> Result<Partition, ArnError> {
        Partition::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                let kind = if has_wildcard(s) {
                    ArnErrorKind::WildcardNotAllowed
                } else {
                    ArnErrorKind::UnknownPartition
                };
                ArnError::new("Partition", s, kind)
            })
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value that breaks a rule for ARNs or one of their parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnError {
    /// The offending value, as the user gave it.
    pub input: String,
    /// The placeholder or part it was given for: `BucketName`, `Account`,
    /// `Region`, `Partition`, `Service`, `Resource`, `ARN` or `template`.
    pub field: String,
    /// Which rule it breaks.
    pub kind: ArnErrorKind,
}

/// The rule an [`ArnError`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArnErrorKind {
    /// The value is empty.
    Empty,
    /// A placeholder of the template has no value.
    MissingValue,
    /// The value contains a space, tab or other whitespace.
    Whitespace,
    /// The value contains a control character.
    ControlCharacter,
    /// The value is longer than `max` UTF-8 bytes.
    TooLong {
        /// The limit in bytes.
        max: usize,
    },
    /// The value may not contain `*` or `?` (partitions).
    WildcardNotAllowed,
    /// A bucket name is not 3 to 63 characters long.
    BucketNameLength {
        /// Its length in characters.
        len: usize,
    },
    /// A bucket name contains something other than lowercase letters,
    /// digits, `.` and `-`.
    BucketNameCharacter {
        /// The first offending character.
        ch: char,
    },
    /// A bucket name does not start and end with a lowercase letter or digit.
    BucketNameEdge,
    /// A bucket name contains `..`.
    BucketNameDoubleDot,
    /// A bucket name looks like an IPv4 address, such as `192.168.5.4`.
    BucketNameIpAddress,
    /// A bucket name starts with a prefix AWS reserves.
    BucketNameReservedPrefix {
        /// The reserved prefix.
        prefix: &'static str,
    },
    /// A bucket name ends with a suffix AWS reserves.
    BucketNameReservedSuffix {
        /// The reserved suffix.
        suffix: &'static str,
    },
    /// An account ID is not exactly 12 digits (or a pattern of digits).
    InvalidAccount,
    /// A region code (or region pattern) names no region of the partition.
    UnknownRegion {
        /// The partition the region was checked against.
        partition: Partition,
    },
    /// A partition is not `aws`, `aws-cn` or `aws-us-gov`.
    UnknownPartition,
    /// A service prefix is not lowercase letters, digits and hyphens.
    InvalidService,
    /// An ARN is shorter than 20 or longer than 2048 characters.
    ArnLength {
        /// Its length in characters.
        len: usize,
    },
    /// The text does not start with `arn:`.
    NotAnArn,
    /// An ARN has fewer than the six colon-separated parts
    /// `arn:partition:service:region:account:resource`.
    MissingArnParts {
        /// How many parts it has.
        found: usize,
    },
    /// An ARN template has `${` without a closing `}`.
    UnclosedPlaceholder,
    /// An ARN template has a placeholder whose name is empty or not letters
    /// and digits.
    InvalidPlaceholder {
        /// The name between `${` and `}`.
        name: String,
    },
}

impl ArnError {
    fn new(field: &str, input: &str, kind: ArnErrorKind) -> ArnError {
        ArnError {
            input: input.to_string(),
            field: field.to_string(),
            kind,
        }
    }
}

impl fmt::Display for ArnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ArnErrorKind::*;
        let label = field_label(&self.field);
        let input = shorten(&self.input);
        let s3 = "breaks S3 naming rules:";
        match &self.kind {
            Empty => write!(f, "{label} is empty"),
            MissingValue => write!(
                f,
                "{label} is missing: give a value for ${{{}}}",
                self.field
            ),
            Whitespace => write!(
                f,
                "{label} `{input}` must not contain spaces or other whitespace"
            ),
            ControlCharacter => write!(f, "{label} `{input}` must not contain control characters"),
            TooLong { max } => write!(f, "{label} `{input}` is longer than {max} bytes"),
            WildcardNotAllowed => write!(f, "{label} `{input}` must not contain `*` or `?`"),
            BucketNameLength { len } => write!(
                f,
                "{label} `{input}` {s3} it must be 3 to 63 characters long, not {len}"
            ),
            BucketNameCharacter { ch } => write!(
                f,
                "{label} `{input}` {s3} only lowercase letters, digits, dots and hyphens \
                 are allowed (found `{ch}`)"
            ),
            BucketNameEdge => write!(
                f,
                "{label} `{input}` {s3} it must start and end with a lowercase letter or digit"
            ),
            BucketNameDoubleDot => write!(
                f,
                "{label} `{input}` {s3} it must not contain two dots in a row"
            ),
            BucketNameIpAddress => write!(
                f,
                "{label} `{input}` {s3} it must not look like an IP address"
            ),
            BucketNameReservedPrefix { prefix } => write!(
                f,
                "{label} `{input}` {s3} names starting with `{prefix}` are reserved by AWS"
            ),
            BucketNameReservedSuffix { suffix } => write!(
                f,
                "{label} `{input}` {s3} names ending with `{suffix}` are reserved by AWS"
            ),
            InvalidAccount => write!(
                f,
                "{label} `{input}` is not valid: an account ID is exactly 12 digits"
            ),
            UnknownRegion { partition } if has_wildcard(&self.input) => write!(
                f,
                "{label} `{input}` matches no region of the `{partition}` partition"
            ),
            UnknownRegion { partition } => write!(
                f,
                "{label} `{input}` is not a region of the `{partition}` partition \
                 (for example {})",
                partition.default_region()
            ),
            UnknownPartition => write!(
                f,
                "{label} `{input}` is not an AWS partition: use aws, aws-cn or aws-us-gov"
            ),
            InvalidService => write!(
                f,
                "{label} `{input}` is not valid: a service prefix is lowercase letters, \
                 digits and hyphens"
            ),
            ArnLength { len } => write!(
                f,
                "{label} `{input}` is {len} characters long, but an ARN must be \
                 {MIN_ARN_LEN} to {MAX_ARN_LEN} characters"
            ),
            NotAnArn => write!(f, "{label} `{input}` does not start with `arn:`"),
            MissingArnParts { found } => write!(
                f,
                "{label} `{input}` has {found} of the 6 colon-separated parts \
                 arn:partition:service:region:account:resource"
            ),
            UnclosedPlaceholder => {
                write!(f, "{label} `{input}` has a `${{` without a closing `}}`")
            }
            InvalidPlaceholder { name } => write!(
                f,
                "{label} `{input}` has the placeholder `${{{name}}}`, but placeholder \
                 names are letters and digits"
            ),
        }
    }
}

impl std::error::Error for ArnError {}

/// The words a user knows for a field: `BucketName` → "bucket name",
/// `DistributionId` → "distribution ID".
fn field_label(field: &str) -> String {
    match field {
        "Account" => return "account ID".to_string(),
        "ARN" => return "ARN".to_string(),
        "template" => return "ARN template".to_string(),
        _ => {}
    }
    let mut words: Vec<String> = Vec::new();
    for c in field.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_ascii_lowercase().to_string()),
        }
    }
    for w in &mut words {
        if w == "id" || w == "arn" {
            *w = w.to_ascii_uppercase();
        }
    }
    words.join(" ")
}

/// Long inputs are cut in messages so a 2 KiB ARN does not fill the screen.
fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Checks an S3 bucket name, or a pattern such as `my-bucket-*` whose
/// literal characters follow the rules.
pub fn validate_bucket_name(name: &str) -> Result<(), ArnError> {
    bucket::check(name).map_err(|kind| ArnError::new("BucketName", name, kind))
}

/// Checks an account ID: exactly 12 digits, or a pattern of digits with
/// `*`/`?` (such as `*`) that can match 12 digits.
pub fn validate_account(account: &str) -> Result<(), ArnError> {
    let err = |kind| Err(ArnError::new("Account", account, kind));
    if account.is_empty() {
        return err(ArnErrorKind::Empty);
    }
    let all_digits = account
        .chars()
        .all(|c| c.is_ascii_digit() || c == '*' || c == '?');
    let fixed = account.chars().filter(|&c| c != '*').count();
    let ok = all_digits && (fixed == 12 || (account.contains('*') && fixed <= 12));
    if ok {
        Ok(())
    } else {
        err(ArnErrorKind::InvalidAccount)
    }
}

/// Checks a region code against a partition's regions. A pattern such as
/// `us-*` or `*` is accepted when it matches at least one of them.
pub fn validate_region(partition: Partition, region: &str) -> Result<(), ArnError> {
    let known = if has_wildcard(region) {
        partition.regions().iter().any(|r| is_match(region, r))
    } else {
        partition.has_region(region)
    };
    if region.is_empty() {
        Err(ArnError::new("Region", region, ArnErrorKind::Empty))
    } else if known {
        Ok(())
    } else {
        Err(ArnError::new(
            "Region",
            region,
            ArnErrorKind::UnknownRegion { partition },
        ))
    }
}

/// Checks a partition name; the same as `name.parse::<Partition>()`.
pub fn validate_partition(name: &str) -> Result<Partition, ArnError> {
    name.parse()
}

/// Checks a concrete ARN (which may contain wildcards in its region, account
/// and resource): its length, its `arn:partition:service:region:account:resource`
/// shape, and each part. Region and account may be empty, as for S3 and IAM.
pub fn validate_arn(arn: &str) -> Result<(), ArnError> {
    split_arn(arn).map(|_| ())
}

/// Applies the rule for a placeholder of an ARN template to the value given
/// for it: `BucketName` (also `Bucket`), `Account`, `Region` (against
/// `partition`), `Partition`, `ObjectName` (an S3 key: no control
/// characters, at most 1024 bytes), and otherwise a generic check: not empty,
/// no whitespace, no control characters.
pub fn validate_value(
    placeholder: &str,
    value: &str,
    partition: Partition,
) -> Result<(), ArnError> {
    match placeholder {
        "Partition" => validate_partition(value).map(|_| ()),
        "Region" => validate_region(partition, value),
        "Account" => validate_account(value),
        "BucketName" | "Bucket" => validate_bucket_name(value),
        "ObjectName" => validate_object_key(value),
        _ => validate_generic(placeholder, value),
    }
}

fn validate_object_key(key: &str) -> Result<(), ArnError> {
    let err = |kind| Err(ArnError::new("ObjectName", key, kind));
    if key.is_empty() {
        err(ArnErrorKind::Empty)
    } else if key.chars().any(char::is_control) {
        err(ArnErrorKind::ControlCharacter)
    } else if key.len() > MAX_OBJECT_KEY_BYTES {
        err(ArnErrorKind::TooLong {
            max: MAX_OBJECT_KEY_BYTES,
        })
    } else {
        Ok(())
    }
}

fn validate_generic(field: &str, value: &str) -> Result<(), ArnError> {
    let err = |kind| Err(ArnError::new(field, value, kind));
    if value.is_empty() {
        err(ArnErrorKind::Empty)
    } else if value.chars().any(char::is_control) {
        err(ArnErrorKind::ControlCharacter)
    } else if value.chars().any(char::is_whitespace) {
        err(ArnErrorKind::Whitespace)
    } else {
        Ok(())
    }
}

/// Splits and checks an ARN. Shared by [`validate_arn`] and [`Arn::from_str`].
fn split_arn(arn: &str) -> Result<Arn, ArnError> {
    let err = |field: &str, input: &str, kind| Err(ArnError::new(field, input, kind));
    let len = arn.chars().count();
    if len > MAX_ARN_LEN {
        return err("ARN", arn, ArnErrorKind::ArnLength { len });
    }
    if !arn.starts_with("arn:") {
        return err("ARN", arn, ArnErrorKind::NotAnArn);
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let &[_, partition, service, region, account, resource] = parts.as_slice() else {
        let found = parts.len();
        return err("ARN", arn, ArnErrorKind::MissingArnParts { found });
    };
    // IAM's API types give ARNs a minimum of 20 characters, but an S3 bucket
    // ARN is legitimately shorter (`arn:aws:s3:::abc` is 16), and policies
    // use them: so the minimum is not applied to S3.
    if len < MIN_ARN_LEN && service != "s3" {
        return err("ARN", arn, ArnErrorKind::ArnLength { len });
    }
    let partition: Partition = partition.parse()?;
    let is_service_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if service.is_empty() || !service.chars().all(is_service_char) {
        return err("Service", service, ArnErrorKind::InvalidService);
    }
    if !region.is_empty() {
        validate_region(partition, region)?;
    }
    // `aws` is the account of AWS managed policies: arn:aws:iam::aws:policy/…
    if !account.is_empty() && account != "aws" {
        validate_account(account)?;
    }
    if resource.is_empty() {
        return err("Resource", resource, ArnErrorKind::Empty);
    }
    if resource.chars().any(char::is_control) {
        return err("Resource", resource, ArnErrorKind::ControlCharacter);
    }
    Ok(Arn {
        partition,
        service: service.to_string(),
        region: region.to_string(),
        account: account.to_string(),
        resource: resource.to_string(),
    })
}

/// A concrete ARN, such as `arn:aws:s3:::mojito-example/js/app.js`. Region,
/// account and resource may hold IAM wildcards.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    /// The partition.
    pub partition: Partition,
    /// The service prefix, such as `s3`.
    pub service: String,
    /// The region code; empty for global services such as S3 buckets and IAM.
    pub region: String,
    /// The 12-digit account ID; empty for S3 buckets, `aws` for AWS managed
    /// policies.
    pub account: String,
    /// Everything after the fifth colon, such as `role/ci/deployer`.
    pub resource: String,
}

impl FromStr for Arn {
    type Err = ArnError;

    fn from_str(s: &str) -> Result<Arn, ArnError> {
        split_arn(s)
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// One piece of an [`ArnTemplate`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TemplatePart {
    /// Text copied as it is.
    Literal(String),
    /// A `${Name}` placeholder; holds `Name`.
    Placeholder(String),
}

/// An ARN with placeholders, as the Service Authorization Reference writes
/// them: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArnTemplate {
    parts: Vec<TemplatePart>,
}

impl ArnTemplate {
    /// The literal and placeholder pieces, in order.
    pub fn parts(&self) -> &[TemplatePart] {
        &self.parts
    }

    /// The placeholder names in the order they first appear, each once.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for part in &self.parts {
            if let TemplatePart::Placeholder(name) = part {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// Fills every placeholder from `values` and checks each value with
    /// [`validate_value`] and the result with [`validate_arn`]. `Partition`,
    /// `Region` and `Account` come from `values` like any other placeholder;
    /// regions are checked against the partition of the filled ARN.
    pub fn fill(&self, values: &BTreeMap<String, String>) -> Result<String, ArnError> {
        let names = self.placeholders();
        for name in &names {
            if !values.contains_key(*name) {
                return Err(ArnError::new(name, "", ArnErrorKind::MissingValue));
            }
        }
        if let Some(p) = values
            .get("Partition")
            .filter(|_| names.contains(&"Partition"))
        {
            validate_partition(p)?;
        }
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Placeholder(name) => out.push_str(&values[name]),
            }
        }
        let partition = out
            .split(':')
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or_default();
        for name in names {
            validate_value(name, &values[name], partition)?;
        }
        validate_arn(&out)?;
        Ok(out)
    }
}

impl FromStr for ArnTemplate {
    type Err = ArnError;

    fn from_str(s: &str) -> Result<ArnTemplate, ArnError> {
        let err = |kind| Err(ArnError::new("template", s, kind));
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            if start > 0 {
                parts.push(TemplatePart::Literal(rest[..start].to_string()));
            }
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return err(ArnErrorKind::UnclosedPlaceholder);
            };
            let name = &after[..end];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                let name = name.to_string();
                return err(ArnErrorKind::InvalidPlaceholder { name });
            }
            parts.push(TemplatePart::Placeholder(name.to_string()));
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            parts.push(TemplatePart::Literal(rest.to_string()));
        }
        Ok(ArnTemplate { parts })
    }
}

impl fmt::Display for ArnTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => f.write_str(text)?,
                TemplatePart::Placeholder(name) => write!(f, "${{{name}}}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArnErrorKind::*;

    /// The field and kind a case should fail with, if any.
    type Failure = Option<(&'static str, ArnErrorKind)>;
    /// The placeholders a template should have, or why it fails.
    type Names = Result<&'static [&'static str], ArnErrorKind>;

    #[test]
    #[rustfmt::skip]
    fn bucket_names() {
        let cases: &[(&str, &str, Option<ArnErrorKind>)] = &[
            ("plain", "mojito-example", None),
            ("shortest", "abc", None),
            ("longest", &"a".repeat(63), None),
            ("dots_and_digits", "logs.2024.example", None),
            ("starts_with_digit", "1bucket", None),
            ("wildcard_suffix", "my-bucket-*", None),
            ("wildcard_only", "*", None),
            ("wildcard_question", "log?", None),
            ("wildcard_edges", "*-logs-*", None),
            ("too_short", "ab", Some(BucketNameLength { len: 2 })),
            ("too_long", &"a".repeat(64), Some(BucketNameLength { len: 64 })),
            ("pattern_too_long", &format!("{}*", "a".repeat(63)), Some(BucketNameLength { len: 64 })),
            ("uppercase", "My_Bucket", Some(BucketNameCharacter { ch: 'M' })),
            ("underscore", "my_bucket", Some(BucketNameCharacter { ch: '_' })),
            ("space", "my bucket", Some(BucketNameCharacter { ch: ' ' })),
            ("slash", "my/bucket", Some(BucketNameCharacter { ch: '/' })),
            ("pattern_bad_literal", "My-*", Some(BucketNameCharacter { ch: 'M' })),
            ("starts_with_hyphen", "-bucket", Some(BucketNameEdge)),
            ("ends_with_hyphen", "bucket-", Some(BucketNameEdge)),
            ("starts_with_dot", ".bucket", Some(BucketNameEdge)),
            ("ends_with_dot", "bucket.", Some(BucketNameEdge)),
            ("double_dot", "my..bucket", Some(BucketNameDoubleDot)),
            ("ip_address", "192.168.5.4", Some(BucketNameIpAddress)),
            ("ip_shaped_out_of_range", "999.1.1.1", Some(BucketNameIpAddress)),
            ("five_number_groups_ok", "1.2.3.4.5", None),
            ("prefix_xn", "xn--bucket", Some(BucketNameReservedPrefix { prefix: "xn--" })),
            ("prefix_sthree", "sthree-bucket", Some(BucketNameReservedPrefix { prefix: "sthree-" })),
            ("prefix_demo", "amzn-s3-demo-bucket", Some(BucketNameReservedPrefix { prefix: "amzn-s3-demo-" })),
            ("pattern_prefix_xn", "xn--*", Some(BucketNameReservedPrefix { prefix: "xn--" })),
            ("suffix_s3alias", "bucket-s3alias", Some(BucketNameReservedSuffix { suffix: "-s3alias" })),
            ("suffix_ol_s3", "bucket--ol-s3", Some(BucketNameReservedSuffix { suffix: "--ol-s3" })),
            ("suffix_mrap", "bucket.mrap", Some(BucketNameReservedSuffix { suffix: ".mrap" })),
            ("suffix_x_s3", "bucket--x-s3", Some(BucketNameReservedSuffix { suffix: "--x-s3" })),
            ("suffix_table_s3", "bucket--table-s3", Some(BucketNameReservedSuffix { suffix: "--table-s3" })),
            ("pattern_suffix_mrap", "*.mrap", Some(BucketNameReservedSuffix { suffix: ".mrap" })),
            ("xn_inside_ok", "my-xn--bucket", None),
        ];
        for (name, input, want) in cases {
            let got = validate_bucket_name(input).err().map(|e| e.kind);
            assert_eq!(&got, want, "{name}: {input}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn accounts() {
        let cases: &[(&str, &str, Option<ArnErrorKind>)] = &[
            ("twelve_digits", "123456789012", None),
            ("star", "*", None),
            ("digits_then_star", "1234*", None),
            ("question_marks", "12345678901?", None),
            ("empty", "", Some(Empty)),
            ("eleven_digits", "12345678901", Some(InvalidAccount)),
            ("thirteen_digits", "1234567890123", Some(InvalidAccount)),
            ("letters", "12345678901a", Some(InvalidAccount)),
            ("dashes", "1234-5678-9012", Some(InvalidAccount)),
            ("star_with_thirteen_digits", "1234567890123*", Some(InvalidAccount)),
            ("alias", "aws", Some(InvalidAccount)),
        ];
        for (name, input, want) in cases {
            let got = validate_account(input).err().map(|e| e.kind);
            assert_eq!(&got, want, "{name}: {input}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn regions() {
        use Partition::*;
        let cases: &[(&str, Partition, &str, bool)] = &[
            ("aws_us_east_1", Aws, "us-east-1", true),
            ("aws_ap_southeast_5", Aws, "ap-southeast-5", true),
            ("aws_ap_southeast_7", Aws, "ap-southeast-7", true),
            ("aws_mx_central_1", Aws, "mx-central-1", true),
            ("aws_ca_west_1", Aws, "ca-west-1", true),
            ("aws_il_central_1", Aws, "il-central-1", true),
            ("aws_pattern", Aws, "eu-*", true),
            ("aws_star", Aws, "*", true),
            ("aws_rejects_china", Aws, "cn-north-1", false),
            ("aws_rejects_govcloud", Aws, "us-gov-west-1", false),
            ("aws_rejects_typo", Aws, "us-east-3", false),
            ("aws_rejects_uppercase", Aws, "US-EAST-1", false),
            ("aws_pattern_matches_nothing", Aws, "cn-*", false),
            ("aws_empty", Aws, "", false),
            ("cn_north_1", AwsCn, "cn-north-1", true),
            ("cn_northwest_1", AwsCn, "cn-northwest-1", true),
            ("cn_rejects_commercial", AwsCn, "us-east-1", false),
            ("gov_west", AwsUsGov, "us-gov-west-1", true),
            ("gov_east", AwsUsGov, "us-gov-east-1", true),
            ("gov_rejects_commercial", AwsUsGov, "us-east-1", false),
        ];
        for (name, partition, region, ok) in cases {
            assert_eq!(validate_region(*partition, region).is_ok(), *ok, "{name}");
        }
    }

    #[test]
    fn every_default_region_belongs_to_its_partition() {
        for p in Partition::ALL {
            assert!(p.has_region(p.default_region()), "{p}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn partitions() {
        let cases: &[(&str, &str, Result<Partition, ArnErrorKind>)] = &[
            ("aws", "aws", Ok(Partition::Aws)),
            ("china", "aws-cn", Ok(Partition::AwsCn)),
            ("govcloud", "aws-us-gov", Ok(Partition::AwsUsGov)),
            ("uppercase", "AWS", Err(UnknownPartition)),
            ("eusc_not_supported", "aws-eusc", Err(UnknownPartition)),
            ("empty", "", Err(UnknownPartition)),
            ("star", "*", Err(WildcardNotAllowed)),
        ];
        for (name, input, want) in cases {
            let got = input.parse::<Partition>().map_err(|e| e.kind);
            assert_eq!(&got, want, "{name}");
        }
        for p in Partition::ALL {
            assert_eq!(p.to_string().parse::<Partition>(), Ok(p));
        }
    }

    #[test]
    #[rustfmt::skip]
    fn arns() {
        let long = format!("arn:aws:s3:::b/{}", "k".repeat(2048 - 15));
        let too_long = format!("{long}k");
        let cases: &[(&str, &str, Failure)] = &[
            ("s3_object", "arn:aws:s3:::mojito-example/js/app.js", None),
            ("s3_bucket_twenty_chars", "arn:aws:s3:::abcdefg", None),
            ("longest", &long, None),
            ("iam_role", "arn:aws:iam::123456789012:role/ci/deployer", None),
            ("managed_policy", "arn:aws:iam::aws:policy/ReadOnlyAccess", None),
            ("regional", "arn:aws:logs:eu-west-1:123456789012:log-group:/app:*", None),
            ("wildcards", "arn:aws:logs:*:*:log-group:*", None),
            ("object_with_space", "arn:aws:s3:::bucket/my file.txt", None),
            ("too_short", "arn:aws:sns:::abcde", Some(("ARN", ArnLength { len: 19 }))),
            ("short_s3_bucket_is_fine", "arn:aws:s3:::abc", None),
            ("too_long", &too_long, Some(("ARN", ArnLength { len: 2049 }))),
            ("no_prefix", "aws:s3:::bucket-name-long", Some(("ARN", NotAnArn))),
            ("urn", "urn:aws:s3:::bucket-name-long", Some(("ARN", NotAnArn))),
            ("too_few_parts", "arn:aws:s3:bucket-name-long", Some(("ARN", MissingArnParts { found: 4 }))),
            ("bad_partition", "arn:aws-xx:s3:::bucket-name", Some(("Partition", UnknownPartition))),
            ("empty_service", "arn:aws::::bucket-name-long", Some(("Service", InvalidService))),
            ("uppercase_service", "arn:aws:S3:::bucket-name-long", Some(("Service", InvalidService))),
            ("region_of_other_partition", "arn:aws:logs:cn-north-1:123456789012:x", Some(("Region", UnknownRegion { partition: Partition::Aws }))),
            ("bad_account", "arn:aws:iam::12345:role/deployer", Some(("Account", InvalidAccount))),
            ("empty_resource", "arn:aws:iam::123456789012:", Some(("Resource", Empty))),
            ("control_char", "arn:aws:s3:::bucket/a\u{7}b", Some(("Resource", ControlCharacter))),
        ];
        for (name, input, want) in cases {
            let got = validate_arn(input).err().map(|e| (e.field, e.kind));
            let want = want.clone().map(|(f, k)| (f.to_string(), k));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn values_dispatch_on_the_placeholder() {
        use Partition::*;
        let cases: &[(&str, &str, &str, Partition, Option<ArnErrorKind>)] = &[
            ("bucket_ok", "BucketName", "mojito-example", Aws, None),
            ("bucket_bad", "BucketName", "My_Bucket", Aws, Some(BucketNameCharacter { ch: 'M' })),
            ("account_ok", "Account", "123456789012", Aws, None),
            ("account_bad", "Account", "12", Aws, Some(InvalidAccount)),
            ("region_ok", "Region", "cn-north-1", AwsCn, None),
            ("region_bad", "Region", "cn-north-1", Aws, Some(UnknownRegion { partition: Aws })),
            ("partition_ok", "Partition", "aws-us-gov", Aws, None),
            ("partition_bad", "Partition", "amazon", Aws, Some(UnknownPartition)),
            ("object_ok_with_space", "ObjectName", "docs/my file.pdf", Aws, None),
            ("object_wildcard", "ObjectName", "js/*", Aws, None),
            ("object_empty", "ObjectName", "", Aws, Some(Empty)),
            ("object_newline", "ObjectName", "a\nb", Aws, Some(ControlCharacter)),
            ("object_too_long", "ObjectName", &"k".repeat(1025), Aws, Some(TooLong { max: 1024 })),
            ("generic_ok", "RoleNameWithPath", "ci/deployer", Aws, None),
            ("generic_wildcard", "DistributionId", "E*", Aws, None),
            ("generic_empty", "DistributionId", "", Aws, Some(Empty)),
            ("generic_space", "RoleNameWithPath", "ci deployer", Aws, Some(Whitespace)),
            ("generic_tab", "RoleNameWithPath", "ci\tdeployer", Aws, Some(ControlCharacter)),
            ("generic_nbsp", "RoleNameWithPath", "ci\u{a0}deployer", Aws, Some(Whitespace)),
        ];
        for (name, placeholder, value, partition, want) in cases {
            let got = validate_value(placeholder, value, *partition).err();
            assert_eq!(got.as_ref().map(|e| &e.kind), want.as_ref(), "{name}");
            if let Some(e) = got {
                assert_eq!(e.field, *placeholder, "{name}: field");
                assert_eq!(e.input, *value, "{name}: input");
            }
        }
    }

    #[test]
    #[rustfmt::skip]
    fn templates_parse_and_print() {
        let cases: &[(&str, &str, Names)] = &[
            ("s3_object", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", Ok(&["Partition", "BucketName", "ObjectName"])),
            ("no_placeholders", "arn:aws:s3:::bucket", Ok(&[])),
            ("duplicate_listed_once", "arn:${Partition}:x:::${A}/${A}", Ok(&["Partition", "A"])),
            ("adjacent", "${A}${B}", Ok(&["A", "B"])),
            ("lone_dollar_is_literal", "arn:aws:s3:::a$b", Ok(&[])),
            ("unclosed", "arn:${Partition:s3:::b", Err(UnclosedPlaceholder)),
            ("empty_name", "arn:${}:s3:::b", Err(InvalidPlaceholder { name: String::new() })),
            ("policy_variable", "arn:aws:s3:::b/${aws:username}", Err(InvalidPlaceholder { name: "aws:username".into() })),
        ];
        for (name, input, want) in cases {
            let got = input.parse::<ArnTemplate>();
            match (got, want) {
                (Ok(t), Ok(names)) => {
                    assert_eq!(t.placeholders(), *names, "{name}");
                    assert_eq!(t.to_string(), *input, "{name}: display");
                }
                (Err(e), Err(kind)) => assert_eq!(&e.kind, kind, "{name}"),
                (got, _) => panic!("{name}: got {got:?}"),
            }
        }
    }

    #[test]
    fn field_labels_use_plain_words() {
        let cases = [
            ("bucket", "BucketName", "bucket name"),
            ("account", "Account", "account ID"),
            ("id_suffix", "DistributionId", "distribution ID"),
            ("single_word", "Region", "region"),
            ("whole_arn", "ARN", "ARN"),
            ("template", "template", "ARN template"),
        ];
        for (name, field, want) in cases {
            assert_eq!(field_label(field), want, "{name}");
        }
    }
}
