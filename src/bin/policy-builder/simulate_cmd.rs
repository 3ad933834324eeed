//! `policy-builder simulate`: evaluate a policy for one request, offline.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use policy_builder::policy::{Effect, Policy};
use policy_builder::simulate::{simulate, ContextPair, Decision, Outcome, Request};

/// Exit status when the request is denied (explicitly or implicitly).
const EXIT_DENIED: u8 = 3;

/// Would this policy allow this request? Evaluated offline, as IAM does for
/// one identity policy: an explicit Deny wins, then an Allow, else denied.
#[derive(Args, Debug, Clone)]
pub struct SimulateArgs {
    /// The policy document (JSON).
    pub policy: PathBuf,
    /// The action asked for, e.g. `s3:PutObject`.
    #[arg(long)]
    pub action: String,
    /// The resource ARN, e.g. `arn:aws:s3:::bucket/key`.
    #[arg(long)]
    pub resource: String,
    /// A condition key of the request, e.g. `aws:SourceIp=10.0.0.1`. Repeat
    /// a key to give it several values.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<ContextPair>,
    /// How to print the outcome.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output format of `simulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The decision, the deciding statement and why each other statement
    /// did not match.
    Text,
    /// The whole outcome, with every statement's trace.
    Json,
}

/// Simulates `args` against `policy`, prints the outcome, and exits 0 when
/// allowed and 3 when denied.
pub fn run(policy: &Policy, args: &SimulateArgs) -> ExitCode {
    let outcome = simulate(policy, &request(args));
    let out = match args.format {
        Format::Text => render_text(&outcome),
        Format::Json => render_json(&outcome),
    };
    out!("{out}");
    if outcome.is_allowed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DENIED)
    }
}

fn request(args: &SimulateArgs) -> Request {
    args.context.iter().fold(
        Request::new(args.action.clone(), args.resource.clone()),
        |request, pair| request.with(&pair.key, pair.value.clone()),
    )
}

fn render_json(outcome: &Outcome) -> String {
    serde_json::to_string_pretty(outcome)
        .expect("an Outcome is strings, numbers and maps, which always serialize")
}

fn render_text(outcome: &Outcome) -> String {
    let name = |index: usize| {
        let sid = outcome.statements.get(index).and_then(|t| t.sid.as_deref());
        match sid {
            Some(sid) => format!("statement {index} (Sid {sid})"),
            None => format!("statement {index}"),
        }
    };
    let mut out = match (outcome.decision, outcome.deciding) {
        (Decision::Allowed, Some(i)) => format!("Allowed by {}", name(i)),
        (Decision::ExplicitDeny, Some(i)) => format!("Denied: explicit deny by {}", name(i)),
        _ => "Denied: implicit deny, no statement allows it".to_string(),
    };
    for trace in &outcome.statements {
        if Some(trace.index) == outcome.deciding {
            continue;
        }
        let why = match &trace.no_match {
            Some(reason) => reason.to_string(),
            None if outcome.decision == Decision::ExplicitDeny && trace.effect == Effect::Allow => {
                "matched (Allow), but the explicit deny wins".to_string()
            }
            None => format!("matched too ({})", trace.effect),
        };
        let _ = write!(out, "\n  {}: {why}", name(trace.index));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use policy_builder::policy::{ActionSpec, ResourceSpec, Statement};

    fn statement(sid: Option<&str>, effect: Effect, action: &str) -> Statement {
        Statement {
            sid: sid.map(str::to_string),
            effect,
            action: ActionSpec::Action(vec![action.to_string()]),
            resource: ResourceSpec::Resource(vec!["*".to_string()]),
            condition: Default::default(),
        }
    }

    #[test]
    fn text() {
        let policy = Policy {
            statements: vec![
                statement(Some("Read"), Effect::Allow, "s3:Get*"),
                statement(None, Effect::Allow, "s3:*"),
                statement(Some("NoDelete"), Effect::Deny, "s3:Delete*"),
            ],
            ..Policy::empty()
        };
        let run = |action: &str| {
            render_text(&simulate(
                &policy,
                &Request::new(action, "arn:aws:s3:::b/k"),
            ))
        };
        // (name, action, text)
        #[rustfmt::skip]
        let cases = [
            ("allowed", "s3:GetObject", "Allowed by statement 0 (Sid Read)\n  statement 1: matched too (Allow)\n  statement 2 (Sid NoDelete): Action s3:GetObject is not in Action [s3:Delete*]"),
            ("explicit deny", "s3:DeleteObject", "Denied: explicit deny by statement 2 (Sid NoDelete)\n  statement 0 (Sid Read): Action s3:DeleteObject is not in Action [s3:Get*]\n  statement 1: matched (Allow), but the explicit deny wins"),
            ("implicit deny", "ec2:RunInstances", "Denied: implicit deny, no statement allows it\n  statement 0 (Sid Read): Action ec2:RunInstances is not in Action [s3:Get*]\n  statement 1: Action ec2:RunInstances is not in Action [s3:*]\n  statement 2 (Sid NoDelete): Action ec2:RunInstances is not in Action [s3:Delete*]"),
        ];
        for (name, action, want) in cases {
            assert_eq!(run(action), want, "{name}");
        }
    }

    #[test]
    fn args_parse_repeated_context() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            args: SimulateArgs,
        }
        let cli = Cli::try_parse_from([
            "x",
            "p.json",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::b/k",
            "--context",
            "aws:TagKeys=a",
            "--context",
            "aws:TagKeys=b",
            "--format",
            "json",
        ])
        .unwrap();
        let r = request(&cli.args);
        assert_eq!(r.context.get("aws:tagkeys").map(<[String]>::len), Some(2));
        assert_eq!(cli.args.format, Format::Json);
        assert!(Cli::try_parse_from([
            "x",
            "p.json",
            "--action",
            "a",
            "--resource",
            "r",
            "--context",
            "novalue"
        ])
        .is_err());
    }
}
