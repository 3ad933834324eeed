//! `policy-builder lint`: what a policy gets wrong, and what it grants that
//! it probably should not.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use policy_builder::catalog;
use policy_builder::lint::{lint_text, Finding, Severity};
use policy_builder::policy::SizeLimit;

use crate::cli::{read_text, unusable, Format};

/// Exit status when a finding reaches the `--fail-on` level.
const EXIT_FINDINGS: u8 = 1;

/// Lints a policy: unknown names, wildcards, privilege escalation, data
/// exposure, conditions that do not fit, size. Exits 1 when a finding
/// reaches `--fail-on`, 2 when the policy cannot be read or parsed.
#[derive(Args, Debug, Clone)]
pub struct LintArgs {
    /// The policy document (JSON).
    pub policy: PathBuf,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The least severe finding that makes the command fail.
    #[arg(long, value_enum, default_value_t = FailOn::Security)]
    pub fail_on: FailOn,
    /// Where the policy will be stored, which sets its size limit. Without
    /// it, going over a managed policy's limit is only a warning.
    #[arg(long, value_enum)]
    pub limit: Option<Limit>,
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

pub fn run(args: &LintArgs) -> ExitCode {
    let text = match read_text(&args.policy) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let findings = match lint_text(catalog::bundled(), &text, args.limit.map(SizeLimit::from)) {
        Ok(findings) => findings,
        Err(e) => return unusable(format!("{}: {e}", args.policy.display())),
    };
    let out = match args.format {
        Format::Text => render_text(&findings),
        Format::Json => serde_json::to_string_pretty(&findings)
            .expect("findings are strings, numbers and enums, which always serialize"),
    };
    out!("{out}");
    let threshold = args.fail_on.severity();
    if findings.iter().any(|f| f.severity >= threshold) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per finding, its fix indented below, then the counts.
fn render_text(findings: &[Finding]) -> String {
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
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|&s| {
            let n = findings.iter().filter(|f| f.severity == s).count();
            format!("{n} {s}")
        })
        .collect();
    let _ = write!(out, "{} findings: {}", findings.len(), counts.join(", "));
    out
}
