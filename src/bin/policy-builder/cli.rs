use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use policy_builder::policy::Policy;

use crate::{
    catalog_cmd, diff_cmd, explain_cmd, from_cloudtrail_cmd, from_commands_cmd, from_error_cmd,
    generate_cmd, import_cmd, lint_cmd, minimize_cmd, recipes_cmd, simulate_cmd, trust_cmd,
};

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
    /// Choices or recipes in, the least-privilege policy out.
    Generate(generate_cmd::GenerateArgs),
    /// What a policy really grants: wildcards expanded, per access level.
    Explain(explain_cmd::ExplainArgs),
    /// Would this policy allow this request?
    Simulate(simulate_cmd::SimulateArgs),
    /// Fit a size limit with wildcard patterns that grant nothing more.
    Minimize(minimize_cmd::MinimizeArgs),
    /// The jobs the builder knows, with their parameters.
    Recipes(recipes_cmd::RecipesArgs),
    /// What a policy gets wrong, and what it grants that it should not.
    Lint(lint_cmd::LintArgs),
    /// Does NEW grant anything OLD does not? Policies, templates or plans.
    Diff(diff_cmd::DiffArgs),
    /// A pasted policy: findings, what it grants, and choices to continue from.
    Import(import_cmd::ImportArgs),
    /// The trust policy of a role a CI job assumes with its OIDC token.
    Trust(trust_cmd::TrustArgs),
    /// The policy the AWS CLI commands of a script or CI step need.
    FromCommands(from_commands_cmd::FromCommandsArgs),
    /// What an AccessDenied error says is missing, and the statement to add.
    FromError(from_error_cmd::FromErrorArgs),
    /// The policy the calls in a CloudTrail log need.
    FromCloudtrail(from_cloudtrail_cmd::FromCloudtrailArgs),
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
        Some(Command::Generate(args)) => generate_cmd::run(&args),
        Some(Command::Explain(args)) => explain_cmd::run(&args),
        Some(Command::Minimize(args)) => minimize_cmd::run(&args),
        Some(Command::Recipes(args)) => recipes_cmd::run(&args),
        Some(Command::Lint(args)) => lint_cmd::run(&args),
        Some(Command::Diff(args)) => diff_cmd::run(&args),
        Some(Command::Import(args)) => import_cmd::run(&args),
        Some(Command::Trust(args)) => trust_cmd::run(&args),
        Some(Command::FromCommands(args)) => from_commands_cmd::run(&args),
        Some(Command::FromError(args)) => from_error_cmd::run(&args),
        Some(Command::FromCloudtrail(args)) => from_cloudtrail_cmd::run(&args),
        Some(Command::Simulate(args)) => match read_policy(&args.policy) {
            Ok(policy) => simulate_cmd::run(&policy, &args),
            Err(code) => code,
        },
    }
}

/// Writes one line to stdout for the `out!` macro. A reader that went away
/// (`policy-builder catalog --service ec2 | head`) ends the program with
/// success, as it would a Unix filter; any other write error is reported.
pub fn write_out(args: fmt::Arguments) {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            std::process::exit(1);
        }
    }
}

/// Prints `message` to stderr and returns the "unusable input" status.
pub fn unusable(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("policy-builder: {message}");
    ExitCode::from(EXIT_UNUSABLE)
}

/// Reads a text file, or says why not. Refuses files that hold something
/// that looks like an AWS credential: the tool never needs one.
pub fn read_text(path: &Path) -> Result<String, ExitCode> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| unusable(format!("cannot read {}: {e}", path.display())))?;
    refuse_credentials(&path.display().to_string(), &text)?;
    Ok(text)
}

/// Exit 2 with the warning when `text` looks like it holds a credential.
pub fn refuse_credentials(what: &str, text: &str) -> Result<(), ExitCode> {
    match policy_builder::secrets::find_credential(text) {
        Some(found) => Err(unusable(format!("{what}: {}", found.warning()))),
        None => Ok(()),
    }
}

/// Reads and parses a policy document, or says why not.
pub fn read_policy(path: &Path) -> Result<Policy, ExitCode> {
    let text = read_text(path)?;
    Policy::parse(&text).map_err(|e| unusable(format!("{}: {e}", path.display())))
}
