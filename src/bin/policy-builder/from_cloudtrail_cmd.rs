//! `policy-builder from-cloudtrail`: CloudTrail events in, the
//! least-privilege policy for what they did out.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::cloudtrail::{self, EventOutcome, EventResult, MappedEvents};
use policy_builder::{catalog, opmap};

use crate::cli::{refuse_credentials, unusable, Format};
use crate::mapping::{self, WhereArgs};

/// The policy the calls in a CloudTrail log need: each event becomes its
/// action on the resources it named, citing the event. Exits 0 when every
/// event was mapped, 1 when some were not (the policy for the rest is still
/// printed), 2 when the input cannot be used.
#[derive(Args, Debug, Clone)]
pub struct FromCloudtrailArgs {
    /// The events: the console's JSON download, an S3 log file,
    /// `aws cloudtrail lookup-events` output or one event per line; `-` for
    /// stdin. Their `userIdentity` (with the caller's access key id) is
    /// dropped before reading.
    pub file: PathBuf,
    /// Accepted for symmetry with `from-commands`: events carry their own
    /// values, so it changes nothing.
    #[arg(long = "param", value_name = "VAR=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub place: WhereArgs,
    /// `text` prints the policy (event notes on stderr); `json` prints
    /// `{"policy", "unmapped": [{"event", "source", "name", "reason"}],
    /// "events", "notes"}`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: &FromCloudtrailArgs) -> ExitCode {
    // Read as is: the records' userIdentity holds an access key id, which
    // the core drops before it checks the rest for credentials.
    let (name, text) = if args.file.as_os_str() == "-" {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            return unusable(format!("cannot read stdin: {e}"));
        }
        ("stdin".to_string(), text)
    } else {
        match std::fs::read_to_string(&args.file) {
            Ok(t) => (args.file.display().to_string(), t),
            Err(e) => return unusable(format!("cannot read {}: {e}", args.file.display())),
        }
    };
    for pair in &args.params {
        if let Err(code) = refuse_credentials("--param", pair) {
            return code;
        }
        if !pair.contains('=') {
            return unusable(format!("--param {pair:?} must be VAR=VALUE"));
        }
    }
    let settings = match args.place.settings() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let events = match cloudtrail::parse_events(&text) {
        Ok(e) => e,
        Err(e) => return unusable(format!("{name}: {e}")),
    };
    let mapped = cloudtrail::map_events(catalog::bundled(), opmap::shipped(), &events, &settings);
    let granted = mapped.granted(&settings);
    let policy = match mapping::policy(&granted) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match args.format {
        Format::Text => {
            if !args.params.is_empty() {
                eprintln!("note: --param changes nothing here: events carry their own values");
            }
            for n in &mapped.notes {
                eprintln!("note: {n}");
            }
            for e in &mapped.events {
                if let Some(note) = event_note(e) {
                    eprintln!("event {} ({} {}): {note}", e.index, e.source, e.name);
                }
            }
            match &policy {
                Some(p) => out!("{}", p.to_json()),
                None => eprintln!("policy-builder: no event needs a permission"),
            }
        }
        Format::Json => out!("{}", json(&mapped, policy.as_ref())),
    }
    if mapped.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// What stderr says about an event in text mode: problems, denials and
/// notes, not the events that mapped cleanly.
fn event_note(e: &EventResult) -> Option<String> {
    let notes = e.notes.join("; ");
    match &e.outcome {
        EventOutcome::Unmapped(_) | EventOutcome::DeniedElsewhere(_) => {
            Some(format!("not mapped: {}", e.outcome.problem()?))
        }
        EventOutcome::NeedsNothing(why) => Some(format!("needs nothing: {why}")),
        EventOutcome::Mapped(_) if !notes.is_empty() => Some(format!("note: {notes}")),
        EventOutcome::Mapped(_) => None,
    }
}

fn json(mapped: &MappedEvents, policy: Option<&policy_builder::policy::Policy>) -> String {
    let policy: serde_json::Value = match policy {
        Some(p) => serde_json::from_str(&p.to_json()).expect("a policy prints valid JSON"),
        None => serde_json::Value::Null,
    };
    let unmapped: Vec<serde_json::Value> = mapped
        .unmapped()
        .map(|(e, reason)| {
            serde_json::json!({"event": e.index, "source": e.source, "name": e.name, "reason": reason})
        })
        .collect();
    let events: Vec<serde_json::Value> = mapped
        .events
        .iter()
        .map(|e| {
            let (status, detail) = match &e.outcome {
                EventOutcome::Mapped(actions) => ("mapped", serde_json::json!(actions)),
                EventOutcome::NeedsNothing(why) => ("needs-nothing", serde_json::json!(why)),
                EventOutcome::Unmapped(p) => ("unmapped", serde_json::json!(p.to_string())),
                EventOutcome::DeniedElsewhere(c) => {
                    ("denied-elsewhere", serde_json::json!(c.to_string()))
                }
            };
            serde_json::json!({
                "event": e.index,
                "source": e.source,
                "name": e.name,
                "time": e.time,
                "status": status,
                "detail": detail,
                "denied": e.denied,
                "notes": e.notes,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "policy": policy,
        "unmapped": unmapped,
        "events": events,
        "notes": mapped.notes,
    }))
    .expect("JSON values always serialize")
}
