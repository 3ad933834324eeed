//! `policy-builder lint`: what a policy gets wrong, and what it grants that
//! it probably should not; for one policy, or every policy in a
//! CloudFormation template or Terraform plan.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use policy_builder::catalog;
use policy_builder::document::{self, InputKind};
use policy_builder::lint::{lint_document, lint_text, locate_in_text, Finding, Severity};
use policy_builder::policy::{Position, SizeLimit};
use policy_builder::sarif::{github_annotations, sarif, Located};
use serde_json::json;

use crate::cli::{read_text, unusable};

/// Exit status when a finding reaches the `--fail-on` level.
const EXIT_FINDINGS: u8 = 1;

/// Lints a policy: unknown names, wildcards, privilege escalation, data
/// exposure, conditions that do not fit, size. Exits 1 when a finding
/// reaches `--fail-on`, 2 when the input cannot be read or parsed.
#[derive(Args, Debug, Clone)]
pub struct LintArgs {
    /// The policy document (JSON), or a CloudFormation template (JSON or
    /// YAML) or Terraform plan (`terraform show -json`): every policy in it.
    pub policy: PathBuf,
    /// How to print the findings: `sarif` for code scanning, `github` for
    /// workflow annotations.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// The least severe finding that makes the command fail.
    #[arg(long, value_enum, default_value_t = FailOn::Security)]
    pub fail_on: FailOn,
    /// Where the policy will be stored, which sets its size limit. Without
    /// it, going over a managed policy's limit is only a warning.
    #[arg(long, value_enum)]
    pub limit: Option<Limit>,
}

/// `--format` of `lint`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    #[default]
    Text,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=…,line=…::…`).
    Github,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Security,
    Warning,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Security => Severity::Security,
            FailOn::Warning => Severity::Warning,
        }
    }
}

/// `--limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Limit {
    Managed,
    User,
    Group,
    Role,
}

impl From<Limit> for SizeLimit {
    fn from(limit: Limit) -> SizeLimit {
        match limit {
            Limit::Managed => SizeLimit::Managed,
            Limit::User => SizeLimit::InlineUser,
            Limit::Group => SizeLimit::InlineGroup,
            Limit::Role => SizeLimit::InlineRole,
        }
    }
}

/// The findings of one document, each with where it is in the file.
struct Linted {
    source: String,
    kind: Option<document::DocumentKind>,
    /// Why the document was not linted (known only after apply).
    skipped: Option<String>,
    findings: Vec<(Finding, Position)>,
}

pub fn run(args: &LintArgs) -> ExitCode {
    let path = args.policy.display().to_string();
    let text = match read_text(&args.policy) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let input = match document::read(&text) {
        Ok(input) => input,
        Err(e) => return unusable(format!("{path}: {e}")),
    };
    let cat = catalog::bundled();
    let limit = args.limit.map(SizeLimit::from);
    let is_json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    let mut linted = Vec::new();
    if input.kind == InputKind::Policy && is_json {
        // A lone JSON policy: its size counted on the text as written.
        let findings = match lint_text(cat, &text, limit) {
            Ok(f) => f,
            Err(e) => return unusable(format!("{path}: {e}")),
        };
        let start = Position { line: 1, column: 1 };
        linted.push(Linted {
            source: String::new(),
            kind: None,
            skipped: None,
            findings: findings
                .into_iter()
                .map(|f| {
                    let at = locate_in_text(&text, &f.location).unwrap_or(start);
                    (f, at)
                })
                .collect(),
        });
    } else {
        for doc in &input.documents {
            let findings = match lint_document(cat, doc, limit) {
                Ok(f) => f,
                Err(e) => return unusable(format!("{path}: {e}")),
            };
            linted.push(Linted {
                source: doc.source.clone(),
                kind: Some(doc.kind),
                skipped: doc.unknown_reason().map(str::to_string),
                findings: findings
                    .into_iter()
                    .map(|f| {
                        let at = doc.locate(&f.location);
                        (f, at)
                    })
                    .collect(),
            });
        }
    }
    let located: Vec<Located<'_>> = linted
        .iter()
        .flat_map(|l| {
            l.findings
                .iter()
                .map(|(f, at)| Located::new(f, &l.source, *at))
        })
        .collect();
    match args.format {
        LintFormat::Text if input.kind == InputKind::Policy => {
            let findings: Vec<&Finding> = located.iter().map(|l| l.finding).collect();
            out!("{}", render_text(&findings));
        }
        LintFormat::Text => out!("{}", render_documents(&linted)),
        LintFormat::Json if input.kind == InputKind::Policy => {
            let findings: Vec<&Finding> = located.iter().map(|l| l.finding).collect();
            out!(
                "{}",
                serde_json::to_string_pretty(&findings)
                    .expect("findings are strings, numbers and enums, which always serialize")
            );
        }
        LintFormat::Json => {
            let docs: Vec<_> = linted
                .iter()
                .map(|l| {
                    let findings: Vec<_> = l
                        .findings
                        .iter()
                        .map(|(f, at)| {
                            let mut v = json!(f);
                            v["line"] = json!(at.line);
                            v["column"] = json!(at.column);
                            v
                        })
                        .collect();
                    json!({
                        "source": l.source,
                        "kind": l.kind,
                        "not_linted": l.skipped,
                        "findings": findings,
                    })
                })
                .collect();
            out!("{}", pretty(&json!(docs)));
        }
        LintFormat::Sarif => {
            out!(
                "{}",
                pretty(&sarif(&path, &located, env!("CARGO_PKG_VERSION")))
            );
        }
        LintFormat::Github => {
            let text = github_annotations(&path, &located);
            if !text.is_empty() {
                out!("{}", text.trim_end());
            }
        }
    }
    let threshold = args.fail_on.severity();
    if located.iter().any(|l| l.finding.severity >= threshold) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).expect("JSON values always serialize")
}

/// One line per finding, its fix indented below, then the counts.
fn render_text(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{:<10} {}: {} [{}]",
            f.severity.as_str(),
            f.location,
            f.message,
            f.rule
        );
        if let Some(fix) = &f.fix {
            let _ = writeln!(out, "  fix: {fix}");
        }
    }
    let _ = write!(out, "{}", counts(findings));
    out
}

fn counts(findings: &[&Finding]) -> String {
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|&s| {
            let n = findings.iter().filter(|f| f.severity == s).count();
            format!("{n} {s}")
        })
        .collect();
    format!("{} findings: {}", findings.len(), counts.join(", "))
}

/// Each document under its source, then the counts over all of them.
fn render_documents(linted: &[Linted]) -> String {
    let mut out = String::new();
    for l in linted {
        let kind = l.kind.map(|k| k.as_str()).unwrap_or("policy");
        let _ = writeln!(out, "{} ({kind})", l.source);
        if let Some(why) = &l.skipped {
            let _ = writeln!(out, "  not linted: {why}");
            continue;
        }
        if l.findings.is_empty() {
            let _ = writeln!(out, "  no findings");
        }
        for (f, at) in &l.findings {
            let _ = writeln!(
                out,
                "  {:<10} line {}, column {}: {}: {} [{}]",
                f.severity.as_str(),
                at.line,
                at.column,
                f.location,
                f.message,
                f.rule
            );
            if let Some(fix) = &f.fix {
                let _ = writeln!(out, "    fix: {fix}");
            }
        }
    }
    let all: Vec<&Finding> = linted
        .iter()
        .flat_map(|l| l.findings.iter().map(|(f, _)| f))
        .collect();
    let _ = write!(out, "{} documents, {}", linted.len(), counts(&all));
    out
}
