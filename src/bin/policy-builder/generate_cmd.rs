//! `policy-builder generate`: choices or recipes in, the policy out.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::arn::Partition;
use policy_builder::catalog;
use policy_builder::choices::Choices;
use policy_builder::generate::generate_with_notes;
use policy_builder::recipe::{self, Reason};

use crate::cli::{read_text, refuse_credentials, unusable, Format};

/// Choices (a JSON file) or recipes in, the least-privilege policy out.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// A choices file (the model the web app, share links and recipes use).
    #[arg(long, conflicts_with = "recipe", required_unless_present = "recipe")]
    pub choices: Option<PathBuf>,
    /// A recipe id; repeat to merge several (`policy-builder recipes` lists them).
    #[arg(long)]
    pub recipe: Vec<String>,
    /// A recipe parameter, e.g. `bucket=my-site`.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// aws, aws-cn or aws-us-gov (overrides the choices file's).
    #[arg(long)]
    pub partition: Option<Partition>,
    /// json prints only the policy; text adds the reason for every action.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

pub fn run(args: &GenerateArgs) -> ExitCode {
    let (choices, reasons, notes) = match load(args) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let generated = match generate_with_notes(catalog::bundled(), &choices) {
        Ok(g) => g,
        Err(e) => return unusable(format!("group {}: {e}", e.group + 1)),
    };
    out!("{}", generated.policy.to_json());
    if args.format == Format::Text {
        if !reasons.is_empty() {
            out!("\nWhy each action is there:");
            for (action, why) in &reasons {
                for r in why {
                    let source = r
                        .source
                        .as_deref()
                        .map(|s| format!(" ({s})"))
                        .unwrap_or_default();
                    out!("  {action}: {}{source}", r.reason);
                }
            }
        }
        for n in notes.iter().chain(&generated.notes) {
            out!("\nNote: {n}");
        }
        for s in &generated.suggestions {
            out!("\nSuggestion: {s}");
        }
    }
    ExitCode::SUCCESS
}

type Loaded = (Choices, BTreeMap<String, Vec<Reason>>, Vec<String>);

fn load(args: &GenerateArgs) -> Result<Loaded, ExitCode> {
    if let Some(path) = &args.choices {
        let text = read_text(path)?;
        let mut choices: Choices = serde_json::from_str(&text)
            .map_err(|e| unusable(format!("{}: not a valid choices file: {e}", path.display())))?;
        if let Some(p) = args.partition {
            choices.partition = p;
        }
        return Ok((choices, BTreeMap::new(), Vec::new()));
    }
    let mut recipes = Vec::new();
    for id in &args.recipe {
        let r = recipe::find(id).ok_or_else(|| {
            let ids: Vec<&str> = recipe::all().iter().map(|r| r.id.as_str()).collect();
            unusable(format!(
                "unknown recipe {id}: choose one of {}",
                ids.join(", ")
            ))
        })?;
        recipes.push(r);
    }
    let mut params = BTreeMap::new();
    for pair in &args.params {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| unusable(format!("--param {pair}: expected KEY=VALUE")))?;
        refuse_credentials(&format!("--param {k}"), v)?;
        params.insert(k.trim().to_string(), v.to_string());
    }
    let made = recipe::instantiate(&recipes, &params, args.partition.unwrap_or_default())
        .map_err(unusable)?;
    Ok((made.choices, made.reasons, made.notes))
}
