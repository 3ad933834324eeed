//! `policy-builder from-error`: an AccessDenied message in, the statement
//! the identity policy lacks out.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::arn::validate_partition;
use policy_builder::denied::{self, Addition, Cause, Denial, DeniedError, DeniedErrorKind};
use policy_builder::policy::Policy;
use policy_builder::simulate::Decision;
use policy_builder::{catalog, opmap};

use crate::cli::{read_policy, unusable, Format};

/// Exit status when no denial is the identity policy's to fix (an explicit
/// deny, a service control policy, a boundary…), or the policy already
/// allows every request.
const EXIT_NOTHING_TO_ADD: u8 = 1;

/// What an AccessDenied error says is missing: the action and resource,
/// which policy denied it, and the statement to add when it is the
/// identity policy's. Exits 0 with a statement, 1 when there is nothing to
/// add, 2 when the message is not recognised.
#[derive(Args, Debug, Clone)]
pub struct FromErrorArgs {
    /// The error message (or a whole CI log), or `-` for stdin.
    pub message: String,
    /// Print this policy document with the missing statements appended.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// aws, aws-cn or aws-us-gov.
    #[arg(long, default_value = "aws")]
    pub partition: String,
    /// `text` prints the statements to add as a policy (or the updated
    /// policy) on stdout and what was read on stderr; `json` prints
    /// `{"denials", "statement" | "policy", "unchanged", "unreadable"}`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: &FromErrorArgs) -> ExitCode {
    let text = if args.message == "-" {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            return unusable(format!("cannot read stdin: {e}"));
        }
        text
    } else {
        args.message.clone()
    };
    let partition = match validate_partition(&args.partition) {
        Ok(p) => p,
        Err(e) => return unusable(format!("--partition: {e}")),
    };
    let policy = match &args.policy {
        Some(path) => match read_policy(path) {
            Ok(p) => Some(p),
            Err(code) => return code,
        },
        None => None,
    };
    let log = match denied::parse_log(&text) {
        Ok(log) => log,
        Err(e) => {
            let what = if args.message == "-" {
                "stdin"
            } else {
                "the message"
            };
            return unusable(format!("{what}: {e}"));
        }
    };
    if log.denials.is_empty() {
        let e = log
            .unreadable
            .into_iter()
            .next()
            .unwrap_or_else(|| DeniedError {
                input: String::new(),
                kind: DeniedErrorKind::NotRecognised,
            });
        return unusable(with_needs(&e));
    }

    let catalog = catalog::bundled();
    let mut grants = Vec::new();
    let mut grant_errors: Vec<(usize, DeniedError)> = Vec::new();
    for (i, d) in log.denials.iter().enumerate() {
        if d.is_identity_fix() {
            match d.grant(catalog) {
                Ok(g) => grants.push((i, g)),
                Err(e) => grant_errors.push((i, e)),
            }
        }
    }
    let base = policy.clone().unwrap_or_else(Policy::empty);
    let only: Vec<_> = grants.iter().map(|(_, g)| g.clone()).collect();
    let addition = match denied::add_to_policy(catalog, &base, &only, partition) {
        Ok(a) => a,
        Err(e) => return unusable(e),
    };

    match args.format {
        Format::Text => {
            for (i, d) in log.denials.iter().enumerate() {
                eprintln!("{}", describe(d));
                if let Some((_, e)) = grant_errors.iter().find(|(j, _)| *j == i) {
                    eprintln!("  not added: {e}");
                }
            }
            for e in &log.unreadable {
                eprintln!("also found: {}", with_needs(e));
            }
            for u in &addition.unchanged {
                let d = &log.denials[grants[u.grant].0];
                eprintln!("{}", unchanged(d, u.decision, u.statement));
            }
            if !addition.added.is_empty() {
                match &policy {
                    Some(_) => out!("{}", addition.policy.to_json()),
                    None => {
                        eprintln!(
                            "add this to the identity policy of {}:",
                            principals(&log.denials)
                        );
                        let new = Policy {
                            statements: addition.added.clone(),
                            ..Policy::empty()
                        };
                        out!("{}", new.to_json());
                    }
                }
            }
        }
        Format::Json => out!(
            "{}",
            json(&log, &grants, &grant_errors, &addition, policy.is_some())
        ),
    }
    if !addition.added.is_empty() {
        ExitCode::SUCCESS
    } else if grants.is_empty() && !grant_errors.is_empty() {
        ExitCode::from(crate::cli::EXIT_UNUSABLE)
    } else {
        ExitCode::from(EXIT_NOTHING_TO_ADD)
    }
}

/// The error, and for S3's bare `Access Denied`, what its operation needs.
fn with_needs(e: &DeniedError) -> String {
    e.explain(catalog::bundled(), Some(opmap::shipped()))
}

/// `s3:ListBucket on arn:aws:s3:::b (ListObjectsV2), denied to <principal>: <cause>`.
fn describe(d: &Denial) -> String {
    let mut s = format!("{} on {}", d.action, d.resource.as_deref().unwrap_or("*"));
    if let Some(op) = &d.operation {
        s.push_str(&format!(" ({op})"));
    }
    if let Some(p) = &d.principal {
        s.push_str(&format!(", denied to {p}"));
    }
    s.push_str(&format!(": {}", d.cause));
    s
}

fn unchanged(d: &Denial, decision: Decision, statement: Option<usize>) -> String {
    let at = statement.map_or(String::new(), |i| format!(" (statement {})", i + 1));
    match decision {
        Decision::ExplicitDeny => format!(
            "{} on {}: the policy itself denies it{at}; no Allow overrides that, so nothing was added",
            d.action,
            d.resource.as_deref().unwrap_or("*")
        ),
        _ => format!(
            "{} on {}: the policy already allows it{at}, so nothing was added: check that it is attached to {}",
            d.action,
            d.resource.as_deref().unwrap_or("*"),
            d.principal.as_deref().unwrap_or("the principal")
        ),
    }
}

/// The principals denied, for "add this to the identity policy of …".
fn principals(denials: &[Denial]) -> String {
    let mut names: Vec<&str> = denials
        .iter()
        .filter(|d| d.is_identity_fix())
        .filter_map(|d| d.principal.as_deref())
        .collect();
    names.dedup();
    if names.is_empty() {
        "the user or role".to_string()
    } else {
        names.join(", ")
    }
}

fn cause_json(c: &Cause) -> serde_json::Value {
    let (kind, policy_type, policy) = match c {
        Cause::NoIdentityPolicy => (
            "no-identity-policy",
            Some("identity-based policy".to_string()),
            None,
        ),
        Cause::NotAllowedBy(t) => ("not-allowed", Some(t.to_string()), None),
        Cause::ExplicitDeny {
            policy_type,
            policy,
        } => (
            "explicit-deny",
            Some(policy_type.to_string()),
            policy.clone(),
        ),
        Cause::Unspecified => ("unspecified", None, None),
    };
    serde_json::json!({
        "kind": kind,
        "policy_type": policy_type,
        "policy": policy,
        "explanation": c.to_string(),
    })
}

fn json(
    log: &denied::Log,
    grants: &[(usize, policy_builder::commands::Grant)],
    errors: &[(usize, DeniedError)],
    addition: &Addition,
    with_policy: bool,
) -> String {
    let denials: Vec<serde_json::Value> = log
        .denials
        .iter()
        .enumerate()
        .map(|(i, d)| {
            serde_json::json!({
                "action": d.action,
                "resource": d.resource,
                "principal": d.principal,
                "operation": d.operation,
                "cause": cause_json(&d.cause),
                "identity_fix": d.is_identity_fix(),
                "error": errors.iter().find(|(j, _)| *j == i).map(|(_, e)| e.to_string()),
            })
        })
        .collect();
    let unchanged: Vec<serde_json::Value> = addition
        .unchanged
        .iter()
        .map(|u| {
            serde_json::json!({
                "denial": grants[u.grant].0,
                "decision": u.decision,
                "statement": u.statement,
            })
        })
        .collect();
    let unreadable: Vec<String> = log.unreadable.iter().map(with_needs).collect();
    let mut out = serde_json::json!({
        "denials": denials,
        "unchanged": unchanged,
        "unreadable": unreadable,
    });
    let parse = |text: String| -> serde_json::Value {
        serde_json::from_str(&text).expect("a policy prints valid JSON")
    };
    if with_policy {
        out["policy"] = parse(addition.policy.to_json());
    } else {
        let statements = Policy {
            statements: addition.added.clone(),
            ..Policy::empty()
        };
        out["statement"] = parse(statements.to_json())["Statement"].take();
    }
    serde_json::to_string_pretty(&out).expect("JSON values always serialize")
}
