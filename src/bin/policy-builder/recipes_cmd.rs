//! `policy-builder recipes`: the jobs the builder knows.

use std::process::ExitCode;

use clap::Args;
use policy_builder::recipe;
use serde_json::json;

use crate::cli::Format;

/// Lists the recipes with their parameters.
#[derive(Args, Debug)]
pub struct RecipesArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: &RecipesArgs) -> ExitCode {
    match args.format {
        Format::Json => {
            let list: Vec<_> = recipe::all()
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id, "title": r.title, "summary": r.summary, "source": r.source,
                        "params": r.params, "notes": r.notes,
                    })
                })
                .collect();
            out!("{:#}", serde_json::Value::Array(list));
        }
        Format::Text => {
            for r in recipe::all() {
                out!("{}: {}\n  {}", r.id, r.title, r.summary);
                for p in &r.params {
                    let mut extra = Vec::new();
                    if let Some(d) = &p.default {
                        extra.push(format!("default {d}"));
                    }
                    if p.optional {
                        extra.push("optional".to_string());
                    }
                    let extra = if extra.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", extra.join(", "))
                    };
                    out!("    --param {}=…{extra}  {}", p.name, p.help);
                }
                out!();
            }
        }
    }
    ExitCode::SUCCESS
}
