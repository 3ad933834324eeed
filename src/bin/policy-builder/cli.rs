use std::process::ExitCode;

use clap::Parser;

/// Least-privilege AWS IAM policies, offline.
///
/// Never asks for, reads or sends AWS credentials.
#[derive(Parser, Debug)]
#[command(name = "policy-builder", version, about, long_about = None)]
struct Cli {}

pub fn run() -> ExitCode {
    let _cli = Cli::parse();
    ExitCode::SUCCESS
}
