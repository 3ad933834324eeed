//! The policy as something to download or paste: console JSON, an AWS CLI
//! command, a CloudFormation template or a Terraform resource.
//!
//! Every format carries the policy document exactly as
//! [`Policy::to_json`] prints it, so what the user reviewed is what gets
//! created. The only changes are the escapes a format demands (Terraform
//! templates, YAML's non-printable characters), and each is undone by that
//! format's own parser.
//!
//! ```
//! use policy_builder::export::{export, Format, PolicyName};
//! use policy_builder::policy::Policy;
//!
//! let name: PolicyName = "ci-deploy".parse().unwrap();
//! let cli = export(&Policy::empty(), &name, None, Format::AwsCli);
//! assert!(cli.contains("aws iam create-policy"));
//! assert_eq!(Format::Terraform.file_name(&name), "ci-deploy.tf");
//! assert!("ci deploy".parse::<PolicyName>().is_err());
//! ```

use std::fmt;
use std::str::FromStr;

use crate::policy::Policy;

/// The longest name IAM accepts for a managed policy.
pub const MAX_NAME_LEN: usize = 128;

/// A valid IAM managed-policy name: 1–128 characters of `[\w+=,.@-]`
/// (IAM API Reference, `CreatePolicy`, `PolicyName`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PolicyName(String);

impl PolicyName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PolicyName {
    type Err = NameError;

    fn from_str(s: &str) -> Result<PolicyName, NameError> {
        let error = |kind| {
            Err(NameError {
                input: s.to_string(),
                kind,
            })
        };
        if s.is_empty() {
            return error(NameErrorKind::Empty);
        }
        if let Some((index, found)) = s.char_indices().find(|&(_, c)| !is_name_char(c)) {
            return error(NameErrorKind::InvalidChar { index, found });
        }
        if s.len() > MAX_NAME_LEN {
            return error(NameErrorKind::TooLong { len: s.len() });
        }
        Ok(PolicyName(s.to_string()))
    }
}

impl fmt::Display for PolicyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `\w` in IAM's pattern is ASCII: letters, digits and `_`.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// A policy name IAM would reject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameError {
    /// The name that was given.
    pub input: String,
    /// What was wrong with it.
    pub kind: NameErrorKind,
}

/// What was wrong with a policy name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameErrorKind {
    /// The name is empty.
    Empty,
    /// The name is longer than [`MAX_NAME_LEN`] characters.
    TooLong {
        /// Its length.
        len: usize,
    },
    /// The name has a character outside letters, digits and `_+=,.@-`.
    InvalidChar {
        /// Byte offset of the first such character.
        index: usize,
        /// The character.
        found: char,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            NameErrorKind::Empty => f.write_str("a policy name cannot be empty"),
            NameErrorKind::TooLong { len } => write!(
                f,
                "policy name {:?} has {len} characters; IAM allows at most {MAX_NAME_LEN}",
                self.input
            ),
            NameErrorKind::InvalidChar { index, found } => write!(
                f,
                "policy name {:?} has {found:?} at {index}; IAM allows only letters, digits and _+=,.@-",
                self.input
            ),
        }
    }
}

impl std::error::Error for NameError {}

/// What to export the policy as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// The console JSON, to paste into the JSON tab or save as a file.
    Json,
    /// An `aws iam create-policy` command.
    AwsCli,
    /// A CloudFormation template with an `AWS::IAM::ManagedPolicy`.
    CloudFormation,
    /// A Terraform `aws_iam_policy` resource.
    Terraform,
}

impl Format {
    /// Every format, in the order a picker shows them.
    pub const ALL: [Format; 4] = [
        Format::Json,
        Format::AwsCli,
        Format::CloudFormation,
        Format::Terraform,
    ];

    /// The name used on the command line and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::AwsCli => "cli",
            Format::CloudFormation => "cloudformation",
            Format::Terraform => "terraform",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::AwsCli => "sh",
            Format::CloudFormation => "yaml",
            Format::Terraform => "tf",
        }
    }

    /// The file name to download the export as, e.g. `ci-deploy.tf`. Policy
    /// names have no `/`, so this is always a plain file name.
    pub fn file_name(self, name: &PolicyName) -> String {
        format!("{name}.{}", self.extension())
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Format, FormatError> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| FormatError {
                input: s.to_string(),
                kind: FormatErrorKind::Unknown,
            })
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The name that was given.
    pub input: String,
    /// What was wrong with it.
    pub kind: FormatErrorKind,
}

/// What was wrong with a format name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatErrorKind {
    /// Not one of `json`, `cli`, `cloudformation`, `terraform`.
    Unknown,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FormatErrorKind::Unknown => write!(
                f,
                "unknown export format {:?}: expected json, cli, cloudformation or terraform",
                self.input
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// The policy as text in `format`, ending with a newline.
///
/// `description` is IAM's optional policy description; it is quoted for each
/// format but not checked (IAM allows up to 1000 characters).
pub fn export(
    policy: &Policy,
    name: &PolicyName,
    description: Option<&str>,
    format: Format,
) -> String {
    let json = policy.to_json();
    match format {
        Format::Json => format!("{json}\n"),
        Format::AwsCli => aws_cli(&json, name, description),
        Format::CloudFormation => cloudformation(&json, name, description),
        Format::Terraform => terraform(&json, name, description),
    }
}

/// `aws iam create-policy` with the document inline, quoted for POSIX shells.
fn aws_cli(json: &str, name: &PolicyName, description: Option<&str>) -> String {
    let file = Format::Json.file_name(name);
    let mut out = format!(
        "# Creates the customer managed policy {name}. Alternatively, save the\n\
         # policy as {file} and pass --policy-document file://{file}\n\
         aws iam create-policy \\\n    --policy-name {} \\\n",
        shell_quote(name.as_str())
    );
    if let Some(d) = description {
        out.push_str(&format!("    --description {} \\\n", shell_quote(d)));
    }
    out.push_str(&format!("    --policy-document {}\n", shell_quote(json)));
    out
}

/// Quotes `s` as one word for sh/bash/zsh: bare when it only has characters
/// no shell treats specially, otherwise in single quotes, where nothing is
/// special except `'` itself, written as `'\''` (close, escaped quote, open).
fn shell_quote(s: &str) -> String {
    let is_plain = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if !s.is_empty() && s.chars().all(is_plain) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A CloudFormation template. The document is written as JSON, which is YAML
/// flow style, indented under `PolicyDocument` so the YAML parser reads it
/// as that key's value.
fn cloudformation(json: &str, name: &PolicyName, description: Option<&str>) -> String {
    let id = logical_id(name);
    let mut out = format!(
        "# A named IAM resource: deploy with --capabilities CAPABILITY_NAMED_IAM.\n\
         AWSTemplateFormatVersion: \"2010-09-09\"\n\
         Description: {}\n\
         Resources:\n\
         \x20 {id}:\n\
         \x20   Type: AWS::IAM::ManagedPolicy\n\
         \x20   Properties:\n\
         \x20     ManagedPolicyName: {}\n",
        yaml_string(&format!("The IAM managed policy {name}")),
        yaml_string(name.as_str()),
    );
    if let Some(d) = description {
        out.push_str(&format!("      Description: {}\n", yaml_string(d)));
    }
    out.push_str("      PolicyDocument:\n");
    for line in yaml_printable(json).lines() {
        out.push_str(CFN_DOCUMENT_INDENT);
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!(
        "Outputs:\n\
         \x20 PolicyArn:\n\
         \x20   Description: The ARN of the managed policy\n\
         \x20   Value: !Ref {id}\n"
    ));
    out
}

/// Deeper than `PolicyDocument:` (6 spaces), so every line of the document
/// belongs to that key.
const CFN_DOCUMENT_INDENT: &str = "        ";

/// A CloudFormation logical id from a policy name: its runs of letters and
/// digits, each with the first letter in upper case (`ci-deploy` →
/// `CiDeploy`). Logical ids may only hold `[A-Za-z0-9]`.
fn logical_id(name: &PolicyName) -> String {
    let id: String = name
        .as_str()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect();
    if id.is_empty() {
        "Policy".to_string()
    } else {
        id
    }
}

/// A YAML double-quoted scalar. JSON string escapes are YAML escapes too;
/// on top of them YAML wants its non-printable characters escaped.
fn yaml_string(s: &str) -> String {
    let json = serde_json::to_string(s).expect("a string always serialises");
    yaml_printable(&json)
}

/// Escapes the characters YAML may not hold literally (YAML 1.2, `c-printable`)
/// as `\uXXXX`, and the ones YAML 1.1 parsers take for line breaks (NEL,
/// U+2028, U+2029). serde_json already escapes C0 controls, `"` and `\`; this
/// only meets DEL, C1 controls, those line breaks and U+FFFE/U+FFFF, which in
/// JSON text can only be inside strings, where `\uXXXX` means the same to a
/// JSON or YAML parser.
fn yaml_printable(json: &str) -> String {
    let is_printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~')
            || matches!(c, '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}')
            || matches!(c, '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    };
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_printable(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        }
    }
    out
}

/// A Terraform `aws_iam_policy` with the document in an indented heredoc,
/// which keeps it line for line as the console prints it.
fn terraform(json: &str, name: &PolicyName, description: Option<&str>) -> String {
    let body = hcl_template_escape(json);
    let delimiter = heredoc_delimiter(&body);
    let mut out = format!(
        "resource \"aws_iam_policy\" \"{}\" {{\n  name        = {}\n",
        terraform_name(name),
        hcl_string(name.as_str()),
    );
    if let Some(d) = description {
        out.push_str(&format!("  description = {}\n", hcl_string(d)));
    }
    out.push_str(&format!("  policy      = <<-{delimiter}\n"));
    for line in body.lines() {
        out.push_str(TF_DOCUMENT_INDENT);
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!("  {delimiter}\n}}\n"));
    out
}

/// `<<-` strips the smallest indentation of the heredoc's lines; the
/// document's `{` has none of its own, so exactly this much is stripped.
const TF_DOCUMENT_INDENT: &str = "    ";

/// A heredoc ends at the first line that is only its delimiter (spaces
/// aside), so pick one no line of the body is.
fn heredoc_delimiter(body: &str) -> String {
    let is_taken = |d: &str| body.lines().any(|line| line.trim() == d);
    let mut delimiter = "EOT".to_string();
    let mut n = 1;
    while is_taken(&delimiter) {
        delimiter = format!("EOT_{n}");
        n += 1;
    }
    delimiter
}

/// Terraform reads `${` and `%{` as template sequences inside strings and
/// heredocs alike, and IAM policy variables (`${aws:username}`) look just
/// like them. `$${` and `%%{` are the literal escapes.
fn hcl_template_escape(s: &str) -> String {
    s.replace("${", "$${").replace("%{", "%%{")
}

/// An HCL quoted string, with only the escapes HCL knows (`\b` and `\f`,
/// which JSON has, are not among them).
fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    hcl_template_escape(&out)
}

/// A Terraform resource name from a policy name, in snake case:
/// `CIDeployPolicy` → `ci_deploy_policy`, `ci-deploy` → `ci_deploy`.
/// Resource names must start with a letter or `_`.
fn terraform_name(name: &PolicyName) -> String {
    let chars: Vec<char> = name.as_str().chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let starts_word = c.is_ascii_uppercase()
            && match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
        if starts_word && !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    let out = out.trim_matches('_');
    match out.chars().next() {
        None => "policy".to_string(),
        Some(c) if c.is_ascii_digit() => format!("policy_{out}"),
        Some(_) => out.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{ActionSpec, Condition, Effect, ResourceSpec, Statement};

    fn name(s: &str) -> PolicyName {
        s.parse().expect("test names are valid")
    }

    fn statement(sid: &str, action: &str, resource: &str) -> Statement {
        Statement {
            sid: Some(sid.into()),
            effect: Effect::Allow,
            action: ActionSpec::Action(vec![action.into()]),
            resource: ResourceSpec::Resource(vec![resource.into()]),
            condition: Condition::new(),
        }
    }

    fn publish_policy() -> Policy {
        Policy {
            statements: vec![statement(
                "Publish",
                "s3:PutObject",
                "arn:aws:s3:::mojito-example/js/app.js",
            )],
            ..Policy::empty()
        }
    }

    const PUBLISH_JSON: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Publish",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::mojito-example/js/app.js"
        }
    ]
}"#;

    #[test]
    fn policy_names_follow_iam_rules() {
        let long = "a".repeat(MAX_NAME_LEN);
        let too_long = "a".repeat(MAX_NAME_LEN + 1);
        #[rustfmt::skip]
        let cases: &[(&str, &str, Option<NameErrorKind>)] = &[
            ("plain",             "ci-deploy",      None),
            ("every punctuation", "a_b+c=d,e.f@g-h", None),
            ("digits first",      "2024-deploy",    None),
            ("longest",           &long,            None),
            ("empty",             "",               Some(NameErrorKind::Empty)),
            ("too long",          &too_long,        Some(NameErrorKind::TooLong { len: 129 })),
            ("space",             "ci deploy",      Some(NameErrorKind::InvalidChar { index: 2, found: ' ' })),
            ("slash",             "ci/deploy",      Some(NameErrorKind::InvalidChar { index: 2, found: '/' })),
            ("quote",             "ci'deploy",      Some(NameErrorKind::InvalidChar { index: 2, found: '\'' })),
            ("non-ascii word",    "déploy",         Some(NameErrorKind::InvalidChar { index: 1, found: 'é' })),
        ];
        for (case, input, want) in cases {
            let got = input.parse::<PolicyName>();
            match want {
                None => assert_eq!(got.map(|n| n.to_string()).as_deref(), Ok(*input), "{case}"),
                Some(kind) => assert_eq!(
                    got,
                    Err(NameError {
                        input: input.to_string(),
                        kind: *kind
                    }),
                    "{case}"
                ),
            }
        }
    }

    #[test]
    fn name_errors_say_what_is_wrong() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str)] = &[
            ("empty",   "",          "a policy name cannot be empty"),
            ("invalid", "ci deploy", "policy name \"ci deploy\" has ' ' at 2; IAM allows only letters, digits and _+=,.@-"),
        ];
        for (case, input, want) in cases {
            let err = input.parse::<PolicyName>().unwrap_err();
            assert_eq!(err.to_string(), *want, "{case}");
        }
    }

    #[test]
    fn formats_round_trip_through_their_names() {
        #[rustfmt::skip]
        let cases: &[(&str, Format, &str, &str)] = &[
            ("json",           Format::Json,           "json",           "ci-deploy.json"),
            ("cli",            Format::AwsCli,         "cli",            "ci-deploy.sh"),
            ("cloudformation", Format::CloudFormation, "cloudformation", "ci-deploy.yaml"),
            ("terraform",      Format::Terraform,      "terraform",      "ci-deploy.tf"),
        ];
        assert_eq!(cases.len(), Format::ALL.len());
        for (case, format, text, file) in cases {
            assert_eq!(format.to_string(), *text, "{case}");
            assert_eq!(text.parse::<Format>(), Ok(*format), "{case}");
            assert_eq!(format.file_name(&name("ci-deploy")), *file, "{case}");
        }
        assert_eq!(
            "yaml".parse::<Format>(),
            Err(FormatError {
                input: "yaml".into(),
                kind: FormatErrorKind::Unknown
            })
        );
    }

    #[test]
    fn derived_identifiers() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, &str)] = &[
            // (case,            policy name,        logical id,       terraform name)
            ("kebab",            "ci-deploy",        "CiDeploy",       "ci_deploy"),
            ("camel",            "CIDeployPolicy",   "CIDeployPolicy", "ci_deploy_policy"),
            ("lower camel",      "s3PublishOnly",    "S3PublishOnly",  "s3_publish_only"),
            ("punctuation",      "a.b@c+d=e,f_g",    "ABCDEFG",        "a_b_c_d_e_f_g"),
            ("digits first",     "2024-deploy",      "2024Deploy",     "policy_2024_deploy"),
            ("no alphanumerics", "-_-",              "Policy",         "policy"),
        ];
        for (case, input, id, tf) in cases {
            assert_eq!(logical_id(&name(input)), *id, "{case}");
            assert_eq!(terraform_name(&name(input)), *tf, "{case}");
        }
    }

    #[test]
    fn json_is_the_console_json() {
        let got = export(&publish_policy(), &name("ci-deploy"), None, Format::Json);
        assert_eq!(got, format!("{PUBLISH_JSON}\n"));
    }

    #[test]
    fn aws_cli_golden() {
        let got = export(
            &publish_policy(),
            &name("ci-deploy"),
            Some("Publish the site's app.js"),
            Format::AwsCli,
        );
        let want = r#"# Creates the customer managed policy ci-deploy. Alternatively, save the
# policy as ci-deploy.json and pass --policy-document file://ci-deploy.json
aws iam create-policy \
    --policy-name ci-deploy \
    --description 'Publish the site'\''s app.js' \
    --policy-document '{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Publish",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::mojito-example/js/app.js"
        }
    ]
}'
"#;
        assert_eq!(got, want);
    }

    #[test]
    fn shell_quoting() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str)] = &[
            ("plain word",   "ci-deploy",   "ci-deploy"),
            ("empty",        "",            "''"),
            ("space",        "a b",         "'a b'"),
            ("quote",        "it's",        r"'it'\''s'"),
            ("dollar",       "${x}",        "'${x}'"),
            ("backslash",    r"a\b",        r"'a\b'"),
            ("only a quote", "'",           r"''\'''"),
        ];
        for (case, input, want) in cases {
            assert_eq!(shell_quote(input), *want, "{case}");
        }
    }

    #[test]
    fn cloudformation_golden() {
        let got = export(
            &publish_policy(),
            &name("ci-deploy"),
            Some("Publish the site's app.js"),
            Format::CloudFormation,
        );
        let want = r#"# A named IAM resource: deploy with --capabilities CAPABILITY_NAMED_IAM.
AWSTemplateFormatVersion: "2010-09-09"
Description: "The IAM managed policy ci-deploy"
Resources:
  CiDeploy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: "ci-deploy"
      Description: "Publish the site's app.js"
      PolicyDocument:
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Publish",
                    "Effect": "Allow",
                    "Action": "s3:PutObject",
                    "Resource": "arn:aws:s3:::mojito-example/js/app.js"
                }
            ]
        }
Outputs:
  PolicyArn:
    Description: The ARN of the managed policy
    Value: !Ref CiDeploy
"#;
        assert_eq!(got, want);
    }

    /// The lines under `PolicyDocument:`, with the template's indentation
    /// taken off.
    fn cloudformation_document(template: &str) -> String {
        let start = template
            .find("      PolicyDocument:\n")
            .expect("has PolicyDocument")
            + "      PolicyDocument:\n".len();
        let end = template.find("Outputs:\n").expect("has Outputs");
        template[start..end]
            .lines()
            .map(|l| {
                l.strip_prefix(CFN_DOCUMENT_INDENT)
                    .expect("indented under PolicyDocument")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn cloudformation_document_is_the_policy() {
        let mut odd = publish_policy();
        odd.statements.push(statement(
            "Odd",
            "s3:GetObject",
            "arn:aws:s3:::b/it's \"#quoted\": ${aws:username} \u{7f}\u{85}\u{9f}\u{2028}",
        ));
        #[rustfmt::skip]
        let cases: &[(&str, Policy, Option<&str>)] = &[
            ("empty",         Policy::empty(),  None),
            ("publish",       publish_policy(), Some("d")),
            ("odd resources", odd,              Some("line\nbreak \u{7f}")),
        ];
        for (case, policy, description) in cases {
            let template = export(
                policy,
                &name("ci-deploy"),
                *description,
                Format::CloudFormation,
            );
            let document = cloudformation_document(&template);
            let parsed: serde_json::Value = serde_json::from_str(&document).expect(case);
            let want: serde_json::Value = serde_json::from_str(&policy.to_json()).unwrap();
            assert_eq!(parsed, want, "{case}");
            // No character YAML would refuse or read as a line break.
            let is_odd =
                |c: char| c != '\n' && (c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'));
            assert!(!template.chars().any(is_odd), "{case}");
            assert!(
                template.contains("    Type: AWS::IAM::ManagedPolicy\n"),
                "{case}"
            );
            assert!(
                template.contains("      ManagedPolicyName: \"ci-deploy\"\n"),
                "{case}"
            );
            assert!(template.ends_with("    Value: !Ref CiDeploy\n"), "{case}");
            if let Some(d) = description {
                let line = format!("      Description: {}\n", yaml_string(d));
                assert!(template.contains(&line), "{case}");
            }
        }
    }

    #[test]
    fn terraform_golden() {
        let got = export(
            &publish_policy(),
            &name("ci-deploy"),
            Some("Publish the site's \"app.js\""),
            Format::Terraform,
        );
        let want = r#"resource "aws_iam_policy" "ci_deploy" {
  name        = "ci-deploy"
  description = "Publish the site's \"app.js\""
  policy      = <<-EOT
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Publish",
                "Effect": "Allow",
                "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::mojito-example/js/app.js"
            }
        ]
    }
  EOT
}
"#;
        assert_eq!(got, want);
    }

    /// The heredoc body as Terraform reads it: the common indentation
    /// stripped and the template escapes undone.
    fn terraform_document(resource: &str) -> (String, String) {
        let open = resource.find("<<-").expect("has a heredoc") + 3;
        let delimiter_end = open + resource[open..].find('\n').unwrap();
        let delimiter = resource[open..delimiter_end].to_string();
        let mut body = Vec::new();
        for line in resource[delimiter_end + 1..].lines() {
            if line.trim() == delimiter {
                break;
            }
            body.push(line.strip_prefix(TF_DOCUMENT_INDENT).expect("indented"));
        }
        let body = body.join("\n").replace("$${", "${").replace("%%{", "%{");
        (delimiter, body)
    }

    #[test]
    fn terraform_heredoc_is_the_json() {
        let mut variables = publish_policy();
        variables.statements.push(statement(
            "Home",
            "s3:GetObject",
            "arn:aws:s3:::b/home/${aws:username}/%{x}/$${y}",
        ));
        let mut delimiters = publish_policy();
        delimiters.statements.push(statement("EOT", "EOT", "EOT"));
        #[rustfmt::skip]
        let cases: &[(&str, Policy, &str)] = &[
            ("empty",               Policy::empty(),  "EOT"),
            ("publish",             publish_policy(), "EOT"),
            ("policy variables",    variables,        "EOT"),
            ("EOT in the policy",   delimiters,       "EOT"),
        ];
        for (case, policy, want_delimiter) in cases {
            let resource = export(policy, &name("ci-deploy"), None, Format::Terraform);
            let (delimiter, body) = terraform_document(&resource);
            assert_eq!(delimiter, *want_delimiter, "{case}");
            assert_eq!(body, policy.to_json(), "{case}");
            assert!(!resource.contains("description"), "{case}");
            assert!(!resource.replace("$${", "").contains("${"), "{case}");
        }
    }

    #[test]
    fn heredoc_delimiter_avoids_lines_of_the_body() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str)] = &[
            ("free",            "{\n}",                 "EOT"),
            ("inside a line",   "\"EOT\",\nEOTx",       "EOT"),
            ("taken",           "a\n  EOT\nb",          "EOT_1"),
            ("taken twice",     "EOT\nEOT_1",           "EOT_2"),
        ];
        for (case, body, want) in cases {
            assert_eq!(heredoc_delimiter(body), *want, "{case}");
        }
    }

    #[test]
    fn hcl_strings_escape_quotes_controls_and_templates() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str)] = &[
            ("plain",     "ci deploy",      r#""ci deploy""#),
            ("quote",     "say \"hi\"",     r#""say \"hi\"""#),
            ("backslash", r"a\b",           r#""a\\b""#),
            ("newline",   "a\nb\tc",        r#""a\nb\tc""#),
            ("control",   "a\u{8}b",        r#""a\u0008b""#),
            ("template",  "${x} %{y}",      r#""$${x} %%{y}""#),
        ];
        for (case, input, want) in cases {
            assert_eq!(hcl_string(input), *want, "{case}");
        }
    }
}
