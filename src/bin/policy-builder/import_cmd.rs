//! `policy-builder import`: what a pasted policy grants, what is risky, and
//! the choices to continue from in the builder.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::catalog;
use policy_builder::import::import;
use serde_json::json;

use crate::cli::{unusable, Format};

/// Exit status when IAM would refuse the pasted policy.
const EXIT_REJECTED: u8 = 1;

/// Findings, the explanation summary and the proposed choices. Exits 1 when
/// IAM would refuse the policy (an unknown condition operator), 2 when it
/// cannot be read or parsed.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The policy document (JSON).
    pub policy: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    let text = match std::fs::read_to_string(&args.policy) {
        Ok(t) => t,
        Err(e) => return unusable(format!("cannot read {}: {e}", args.policy.display())),
    };
    let c = catalog::bundled();
    let imported = match import(c, &text) {
        Ok(i) => i,
        Err(e) => return unusable(format!("{}: {e}", args.policy.display())),
    };
    let e = &imported.explanation;
    let counts: serde_json::Map<String, serde_json::Value> = e
        .counts
        .iter()
        .map(|(l, n)| (l.to_string(), json!(n)))
        .collect();
    match args.format {
        Format::Json => {
            let out = json!({
                "findings": imported.findings,
                "explanation": {
                    "total": e.total(),
                    "counts": counts,
                    "permissions_management": e.permissions_management().map(|g| g.name.clone()).collect::<Vec<_>>(),
                    "wildcard_resource": e.wildcard_resource(c).count(),
                },
                "choices": imported.choices,
                "left_out": imported.left_out,
                "scoping": imported.scoping,
            });
            out!("{out:#}");
        }
        Format::Text => {
            out!("Grants {} actions:", e.total());
            for (level, n) in &e.counts {
                out!("  {level}: {n}");
            }
            let pm: Vec<String> = e.permissions_management().map(|g| g.name.clone()).collect();
            if !pm.is_empty() {
                let shown: Vec<&str> = pm.iter().take(10).map(String::as_str).collect();
                out!(
                    "  permissions management ({}): {}{}",
                    pm.len(),
                    shown.join(", "),
                    if pm.len() > 10 { ", …" } else { "" }
                );
            }
            out!("\nFindings:");
            for f in &imported.findings {
                out!(
                    "  {:<10} {}: {}",
                    f.severity.as_str(),
                    f.location,
                    f.message
                );
                if let Some(fix) = &f.fix {
                    out!("             fix: {fix}");
                }
            }
            out!("\nNot carried into the builder (confirm there):");
            for l in &imported.left_out {
                out!("  {l}");
            }
            out!("\nCould be scoped:");
            for s in &imported.scoping {
                out!("  {s}");
            }
            out!("\nChoices to continue from:");
            out!(
                "{}",
                serde_json::to_string_pretty(&imported.choices).expect("choices serialise")
            );
        }
    }
    let rejected: Vec<String> = imported
        .rejected_by_iam()
        .map(|f| format!("{}: {}", f.location, f.message))
        .collect();
    if rejected.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "policy-builder: IAM refuses {} as it is:\n  {}",
        args.policy.display(),
        rejected.join("\n  ")
    );
    ExitCode::from(EXIT_REJECTED)
}
