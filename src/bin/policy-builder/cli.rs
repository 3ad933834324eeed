use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use policy_builder::policy::Policy;

use crate::{catalog_cmd, lint_cmd, simulate_cmd};

/// Least-privilege AWS IAM policies, offline.
///
/// Never asks for, reads or sends AWS credentials.
#[derive(Parser, Debug)]
#[command(name = "policy-builder", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Counts, a service's actions, or one action, from the IAM catalog.
    Catalog(catalog_cmd::CatalogArgs),
    /// Would this policy allow this request?
    Simulate(simulate_cmd::SimulateArgs),
    /// What a policy gets wrong, and what it grants that it should not.
    Lint(lint_cmd::LintArgs),
}

/// Text for people, JSON for programs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Exit status when the input cannot be used.
pub const EXIT_UNUSABLE: u8 = 2;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            ExitCode::SUCCESS
        }
        Some(Command::Catalog(args)) => catalog_cmd::run(&args),
        Some(Command::Lint(args)) => lint_cmd::run(&args),
        Some(Command::Simulate(args)) => match read_policy(&args.policy) {
            Ok(policy) => simulate_cmd::run(&policy, &args),
            Err(code) => code,
        },
    }
}

/// Prints `message` to stderr and returns the "unusable input" status.
pub fn unusable(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("policy-builder: {message}");
    ExitCode::from(EXIT_UNUSABLE)
}

/// Reads a text file, or says why not.
pub fn read_text(path: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(path)
        .map_err(|e| unusable(format!("cannot read {}: {e}", path.display())))
}

/// Reads and parses a policy document, or says why not.
pub fn read_policy(path: &Path) -> Result<Policy, ExitCode> {
    let text = read_text(path)?;
    Policy::parse(&text).map_err(|e| unusable(format!("{}: {e}", path.display())))
}
