//! `policy-builder minimize`: fit a size limit without granting more.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::catalog;
use policy_builder::generate::minimize;
use policy_builder::policy::SizeLimit;

use crate::cli::{read_policy, EXIT_UNUSABLE};

/// Replaces action lists with wildcard patterns that match nothing more.
#[derive(Args, Debug)]
pub struct MinimizeArgs {
    /// The policy document (JSON).
    pub policy: PathBuf,
    /// managed (6,144), user (2,048), group (5,120) or role (10,240).
    #[arg(long, default_value = "managed")]
    pub limit: SizeLimit,
}

pub fn run(args: &MinimizeArgs) -> ExitCode {
    let policy = match read_policy(&args.policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match minimize(catalog::bundled(), &policy, args.limit) {
        Ok(p) => {
            out!("{}", p.to_json());
            eprintln!(
                "{} characters (limit {}: {})",
                p.iam_size(),
                args.limit,
                args.limit.max_chars()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            out!("{}", e.policy.to_json());
            eprintln!("policy-builder: {e}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}
