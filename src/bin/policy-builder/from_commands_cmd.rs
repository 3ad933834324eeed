//! `policy-builder from-commands`: the AWS CLI commands of a CI step in,
//! the least-privilege policy for them out.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::commands::{self, Mapped, Outcome};
use policy_builder::{catalog, opmap};

use crate::cli::{read_text, refuse_credentials, unusable, Format};
use crate::mapping::{self, WhereArgs};

/// The policy a shell script or CI step needs: each AWS CLI command becomes
/// actions on the resources it names, each with the line it came from.
#[derive(Args, Debug, Clone)]
pub struct FromCommandsArgs {
    /// The script, or `-` for stdin.
    pub file: PathBuf,
    /// A value for a `$VAR` of the script, e.g. `BUCKET=my-site`.
    #[arg(long = "param", value_name = "VAR=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub place: WhereArgs,
    /// `text` prints the policy (line notes on stderr); `json` prints
    /// `{"policy", "unmapped": [{"line", "text", "reason"}], "lines"}`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: &FromCommandsArgs) -> ExitCode {
    let script = if args.file.as_os_str() == "-" {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            return unusable(format!("cannot read stdin: {e}"));
        }
        if let Err(code) = refuse_credentials("stdin", &text) {
            return code;
        }
        text
    } else {
        match read_text(&args.file) {
            Ok(t) => t,
            Err(code) => return code,
        }
    };
    let mut params = BTreeMap::new();
    for pair in &args.params {
        if let Err(code) = refuse_credentials("--param", pair) {
            return code;
        }
        let Some((name, value)) = pair.split_once('=') else {
            return unusable(format!("--param {pair:?} must be VAR=VALUE"));
        };
        params.insert(
            name.trim().trim_start_matches('$').to_string(),
            value.trim().to_string(),
        );
    }
    let settings = match args.place.settings() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mapped = commands::map_script(
        catalog::bundled(),
        opmap::shipped(),
        &script,
        &params,
        &settings,
    );
    let missing: Vec<String> = mapped
        .missing()
        .map(|v| format!("${} (line {})", v.name, v.line))
        .collect();
    if !missing.is_empty() {
        return unusable(format!(
            "give these variables a value with --param VAR=VALUE: {}",
            missing.join(", ")
        ));
    }
    if !mapped
        .lines
        .iter()
        .any(|l| !matches!(l.outcome, Outcome::NotAws(_)))
    {
        return unusable(format!("{}: no AWS CLI command in it", args.file.display()));
    }
    let granted = mapped.granted(&settings);
    let policy = match mapping::policy(&granted) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match args.format {
        Format::Text => {
            for l in &mapped.lines {
                if let Some(note) = line_note(l) {
                    eprintln!("line {}: {note}", l.line);
                }
            }
            match &policy {
                Some(p) => out!("{}", p.to_json()),
                None => eprintln!("policy-builder: no command needs a permission"),
            }
        }
        Format::Json => out!("{}", json(&mapped, policy.as_ref())),
    }
    if mapped.unmapped().next().is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What stderr says about a line in text mode: problems and notes, not
/// the lines that mapped cleanly.
fn line_note(l: &commands::LineResult) -> Option<String> {
    let notes = l.notes.join("; ");
    match &l.outcome {
        Outcome::Unmapped(p) => Some(format!("not mapped: {p}: {}", l.text)),
        Outcome::NotAws(what) if !what.is_empty() && what != "an assignment" => {
            Some(format!("ignored: `{what}` is not the AWS CLI"))
        }
        Outcome::NeedsNothing(why) => Some(format!("needs nothing: {why}")),
        _ if !notes.is_empty() => Some(format!("note: {notes}")),
        _ => None,
    }
}

fn json(mapped: &Mapped, policy: Option<&policy_builder::policy::Policy>) -> String {
    let policy: serde_json::Value = match policy {
        Some(p) => serde_json::from_str(&p.to_json()).expect("a policy prints valid JSON"),
        None => serde_json::Value::Null,
    };
    let unmapped: Vec<serde_json::Value> = mapped
        .unmapped()
        .map(|(l, p)| serde_json::json!({"line": l.line, "text": l.text, "reason": p.to_string()}))
        .collect();
    let lines: Vec<serde_json::Value> = mapped
        .lines
        .iter()
        .map(|l| {
            let (status, detail) = match &l.outcome {
                Outcome::Mapped(actions) => ("mapped", serde_json::json!(actions)),
                Outcome::NeedsNothing(why) => ("needs-nothing", serde_json::json!(why)),
                Outcome::NotAws(what) => ("not-aws", serde_json::json!(what)),
                Outcome::Pending(vars) => ("pending", serde_json::json!(vars)),
                Outcome::Unmapped(p) => ("unmapped", serde_json::json!(p.to_string())),
            };
            serde_json::json!({
                "line": l.line,
                "text": l.text,
                "status": status,
                "detail": detail,
                "notes": l.notes,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "policy": policy,
        "unmapped": unmapped,
        "lines": lines,
    }))
    .expect("JSON values always serialize")
}
