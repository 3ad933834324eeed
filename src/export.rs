//! Exporters: the policy as console JSON, an AWS CLI command, a
//! CloudFormation template and a Terraform resource.

use std::fmt;
use std::str::FromStr;

use crate::policy::Policy;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Json,
    AwsCli,
    CloudFormation,
    Terraform,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Json,
        Format::AwsCli,
        Format::CloudFormation,
        Format::Terraform,
    ];

    /// The id used in URLs and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::AwsCli => "cli",
            Format::CloudFormation => "cloudformation",
            Format::Terraform => "terraform",
        }
    }

    /// What a tab shows.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::AwsCli => "AWS CLI",
            Format::CloudFormation => "CloudFormation",
            Format::Terraform => "Terraform",
        }
    }

    /// A file name for a download.
    pub fn file_name(self, name: &PolicyName) -> String {
        match self {
            Format::Json => format!("{}.json", name.0),
            Format::AwsCli => format!("create-{}.sh", name.0),
            Format::CloudFormation => format!("{}.yaml", name.0),
            Format::Terraform => format!("{}.tf", name.0),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The input is not an export format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown export format {:?}: use json, cli, cloudformation or terraform",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.id().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// An IAM policy name: 1–128 of letters, digits and `+=,.@_-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyName(String);

/// The name breaks IAM's rule for policy names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyNameError {
    pub input: String,
    pub kind: PolicyNameErrorKind,
}

/// What was wrong with the name.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyNameErrorKind {
    /// Empty, or longer than 128 characters.
    Length(usize),
    /// A character IAM does not allow.
    Character(char),
}

impl fmt::Display for PolicyNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PolicyNameErrorKind::Length(n) => {
                write!(f, "a policy name has 1 to 128 characters, not {n}")
            }
            PolicyNameErrorKind::Character(c) => write!(
                f,
                "policy name {:?} has {c:?}: use letters, digits and + = , . @ _ -",
                self.input
            ),
        }
    }
}

impl std::error::Error for PolicyNameError {}

impl FromStr for PolicyName {
    type Err = PolicyNameError;

    fn from_str(s: &str) -> Result<PolicyName, PolicyNameError> {
        let err = |kind| PolicyNameError {
            input: s.to_string(),
            kind,
        };
        let n = s.chars().count();
        if n == 0 || n > 128 {
            return Err(err(PolicyNameErrorKind::Length(n)));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && !"+=,.@_-".contains(*c))
        {
            return Err(err(PolicyNameErrorKind::Character(c)));
        }
        Ok(PolicyName(s.to_string()))
    }
}

impl fmt::Display for PolicyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The policy in `format`.
pub fn export(
    policy: &Policy,
    name: &PolicyName,
    description: Option<&str>,
    format: Format,
) -> String {
    let json = policy.to_json();
    match format {
        Format::Json => json + "\n",
        Format::AwsCli => {
            let mut out = format!(
                "aws iam create-policy \\\n    --policy-name {} \\\n",
                shell_quote(&name.0)
            );
            if let Some(d) = description {
                out.push_str(&format!("    --description {} \\\n", shell_quote(d)));
            }
            out.push_str(&format!("    --policy-document {}\n", shell_quote(&json)));
            out
        }
        Format::CloudFormation => {
            let logical = logical_id(&name.0);
            let mut out = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
            out.push_str(&format!(
                "  {logical}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
            ));
            out.push_str(&format!(
                "      ManagedPolicyName: {}\n",
                yaml_string(&name.0)
            ));
            if let Some(d) = description {
                out.push_str(&format!("      Description: {}\n", yaml_string(d)));
            }
            // JSON is YAML (flow style): the document stays byte-identical,
            // indented under the key.
            out.push_str("      PolicyDocument:\n");
            for line in json.lines() {
                out.push_str("        ");
                out.push_str(line);
                out.push('\n');
            }
            out.push_str(&format!(
                "Outputs:\n  PolicyArn:\n    Value: !Ref {logical}\n"
            ));
            out
        }
        Format::Terraform => {
            let mut delimiter = String::from("POLICY");
            while json.lines().any(|l| l.trim() == delimiter) {
                delimiter.push('_');
            }
            let mut out = format!("resource \"aws_iam_policy\" \"{}\" {{\n", snake_id(&name.0));
            out.push_str(&format!("  name        = {}\n", hcl_string(&name.0)));
            if let Some(d) = description {
                out.push_str(&format!("  description = {}\n", hcl_string(d)));
            }
            out.push_str(&format!("  policy      = <<-{delimiter}\n"));
            for line in json.lines() {
                // `${` and `%{` start HCL interpolation even in heredocs; IAM
                // policy variables like ${aws:username} must be escaped.
                out.push_str("    ");
                out.push_str(&line.replace("${", "$${").replace("%{", "%%{"));
                out.push('\n');
            }
            out.push_str(&format!("  {delimiter}\n}}\n"));
            out
        }
    }
}

/// Single-quotes for POSIX shells: `'` becomes `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn hcl_string(s: &str) -> String {
    serde_json::to_string(s)
        .expect("a string serialises")
        .replace("${", "$${")
}

/// `ci-deploy.policy` → `CiDeployPolicy`.
fn logical_id(name: &str) -> String {
    let id: String = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Policy{id}")
    } else {
        id
    }
}

/// `CI-Deploy.policy` → `ci_deploy_policy`.
fn snake_id(name: &str) -> String {
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("p_{id}")
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_table() {
        let cases = [
            ("ci-deploy", true),
            ("CI+Deploy=1,a.b@c_d-e", true),
            ("", false),
            ("has space", false),
            ("slash/name", false),
        ];
        for (name, ok) in cases {
            assert_eq!(name.parse::<PolicyName>().is_ok(), ok, "{name}");
        }
        assert!("x".repeat(129).parse::<PolicyName>().is_err());
    }

    #[test]
    fn ids_table() {
        assert_eq!(logical_id("ci-deploy.policy"), "CiDeployPolicy");
        assert_eq!(logical_id("1st"), "Policy1st");
        assert_eq!(snake_id("CI-Deploy.policy"), "ci_deploy_policy");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
