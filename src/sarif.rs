//! Lint findings for code scanning: SARIF 2.1.0 (GitHub code scanning and
//! other SARIF viewers) and GitHub Actions workflow annotations.
//!
//! Both are pure functions of the findings and where each one is in the
//! file ([`crate::lint::locate_in_text`], [`crate::document::Document::locate`]).
//!
//! ```
//! use policy_builder::catalog;
//! use policy_builder::lint::{lint_text, locate_in_text};
//! use policy_builder::sarif::{github_annotations, Located};
//!
//! let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\",\n  \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}}";
//! let findings = lint_text(catalog::bundled(), text, None)?;
//! let located: Vec<Located<'_>> = findings
//!     .iter()
//!     .map(|f| Located::new(f, "", locate_in_text(text, &f.location).unwrap()))
//!     .collect();
//! let out = github_annotations("policy.json", &located);
//! assert!(out.starts_with("::error file=policy.json,line=2,col=13,title=unknown-action::"));
//! # Ok::<(), policy_builder::policy::ParseError>(())
//! ```

use serde_json::{json, Value};

use crate::lint::{Finding, Rule, Severity};
use crate::policy::Position;

/// The schema the output names (OASIS SARIF 2.1.0, errata 01).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A finding, the document it is in and where it starts in the file.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    pub finding: &'a Finding,
    /// The document's source (a logical id or resource address); empty for
    /// a file that is one policy.
    pub source: &'a str,
    pub position: Position,
}

impl<'a> Located<'a> {
    pub fn new(finding: &'a Finding, source: &'a str, position: Position) -> Located<'a> {
        Located {
            finding,
            source,
            position,
        }
    }

    /// The message, with the source and the location in the document.
    fn message(&self) -> String {
        let f = self.finding;
        let mut out = String::new();
        if !self.source.is_empty() {
            out.push_str(self.source);
            out.push_str(": ");
        }
        out.push_str(&format!("{}: {}", f.location, f.message));
        if let Some(fix) = &f.fix {
            out.push_str(&format!(" (fix: {fix})"));
        }
        out
    }
}

/// The SARIF level for a severity: IAM refusing the policy and a security
/// finding are errors, a warning a warning, a suggestion a note.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error | Severity::Security => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// Whether findings of `rule` are about granting too much (tagged
/// `security` for code scanning).
pub fn is_security_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::ResourceStar
            | Rule::ServiceWildcard
            | Rule::ActionWildcard
            | Rule::PassRoleAnyRole
            | Rule::PassRoleWithoutService
            | Rule::PrivilegeEscalation
            | Rule::PrivilegeEscalationCombo
            | Rule::DataExfiltration
            | Rule::CredentialsExposure
            | Rule::ResourceExposure
            | Rule::TrustMissingSub
            | Rule::TrustSubWildcard
            | Rule::TrustMissingAud
            | Rule::TrustPrincipalStar
            | Rule::TrustAssumeRoleForWebIdentity
            | Rule::ResourcePolicyPublic
    )
}

/// `unknown-action` → `UnknownAction`, SARIF's `name` for a rule.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A relative or absolute path as a URI reference: `/` separators, and
/// every byte outside RFC 3986's unreserved set and `/` percent-encoded.
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF 2.1.0 log of one linted file: every rule with its help text,
/// one result per finding with its level and its line and column in the
/// file (columns count Unicode code points, as `columnKind` says).
pub fn sarif(path: &str, results: &[Located<'_>], tool_version: &str) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|&rule| {
            let mut properties = json!({ "tags": ["iam"] });
            if is_security_rule(rule) {
                properties = json!({ "tags": ["iam", "security"], "security-severity": "8.0" });
            }
            json!({
                "id": rule.id(),
                "name": pascal(rule.id()),
                "shortDescription": { "text": rule.description() },
                "fullDescription": { "text": rule.description() },
                "help": { "text": rule.help() },
                "properties": properties,
            })
        })
        .collect();
    let uri = path_to_uri(path);
    let results: Vec<Value> = results
        .iter()
        .map(|r| {
            let f = r.finding;
            let rule_index = Rule::ALL
                .iter()
                .position(|&x| x == f.rule)
                .expect("Rule::ALL lists every rule");
            let mut logical = f.location.to_string();
            if !r.source.is_empty() {
                logical = format!("{}/{logical}", r.source);
            }
            json!({
                "ruleId": f.rule.id(),
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": { "text": r.message() },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": r.position.line,
                            "startColumn": r.position.column,
                        },
                    },
                    "logicalLocations": [{ "fullyQualifiedName": logical, "kind": "element" }],
                }],
                "properties": { "severity": f.severity.as_str() },
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "policy-builder",
                    "version": tool_version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// GitHub Actions workflow commands, one line per finding:
/// `::error file=…,line=…,col=…,title=rule::message`. Errors and security
/// findings are `error`, warnings `warning`, suggestions `notice`.
pub fn github_annotations(path: &str, results: &[Located<'_>]) -> String {
    let mut out = String::new();
    for r in results {
        let command = match r.finding.severity {
            Severity::Error | Severity::Security => "error",
            Severity::Warning => "warning",
            Severity::Suggestion => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(path),
            r.position.line,
            r.position.column,
            escape_property(r.finding.rule.id()),
            escape_data(&r.message()),
        ));
    }
    out
}

/// A workflow command's message: `%`, CR and LF escaped.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property: also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn escapes() {
        let cases = [
            ("percent", "100%", "100%25", "100%25"),
            ("newline", "a\nb", "a%0Ab", "a%0Ab"),
            ("colon and comma", "a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ];
        for (name, input, data, property) in cases {
            assert_eq!(escape_data(input), data, "{name}");
            assert_eq!(escape_property(input), property, "{name}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn paths_become_uri_references() {
        let cases = [
            ("relative", "tests/fixtures/a.json", "tests/fixtures/a.json"),
            ("space", "my policies/a.json", "my%20policies/a.json"),
            ("windows", "dir\\a.json", "dir/a.json"),
            ("unicode", "é.json", "%C3%A9.json"),
        ];
        for (name, path, want) in cases {
            assert_eq!(path_to_uri(path), want, "{name}");
        }
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal("s3-object-bucket-mismatch"),
            "S3ObjectBucketMismatch"
        );
    }
}
