//! `policy-builder catalog`: what the IAM catalog knows.

use std::process::ExitCode;

use clap::Args;
use policy_builder::catalog::{self, ActionRef, Catalog};
use serde_json::{json, Value};

use crate::cli::{unusable, Format};

/// Counts, a service's actions, or one action.
#[derive(Args, Debug)]
pub struct CatalogArgs {
    /// List one service's actions, e.g. `s3`.
    #[arg(long, conflicts_with = "action")]
    pub service: Option<String>,
    /// Show one action, e.g. `s3:PutObject`.
    #[arg(long)]
    pub action: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: &CatalogArgs) -> ExitCode {
    let c = catalog::bundled();
    if let Some(name) = &args.action {
        let Some(id) = c.action(name) else {
            let hint = c
                .suggest_action(name)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            return unusable(format!("unknown action {name}{hint}"));
        };
        let a = c.action_info(id);
        match args.format {
            Format::Json => out!("{:#}", action_json(&a)),
            Format::Text => print_action(&a),
        }
        return ExitCode::SUCCESS;
    }
    if let Some(prefix) = &args.service {
        let Some(service) = c.service(prefix) else {
            let hint = c
                .suggest_service(prefix)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            return unusable(format!("unknown service prefix {prefix}{hint}"));
        };
        let actions: Vec<ActionRef<'_>> = service.actions().map(|id| c.action_info(id)).collect();
        match args.format {
            Format::Json => {
                let list: Vec<Value> = actions.iter().map(summary_json).collect();
                out!(
                    "{:#}",
                    json!({ "service": service.prefix(), "name": service.name(), "actions": list })
                );
            }
            Format::Text => {
                out!(
                    "{} ({}): {} actions",
                    service.prefix(),
                    service.name(),
                    actions.len()
                );
                for a in &actions {
                    let types: Vec<&str> = a.resource_types().iter().map(|t| t.name()).collect();
                    let types = if types.is_empty() {
                        "*".to_string()
                    } else {
                        types.join(", ")
                    };
                    out!(
                        "  {:<48} {:<24} {}",
                        a.full_name(),
                        a.access_level().to_string(),
                        types
                    );
                }
            }
        }
        return ExitCode::SUCCESS;
    }
    print_counts(c, args.format);
    ExitCode::SUCCESS
}

fn print_counts(c: &Catalog, format: Format) {
    let counts = json!({
        "services": c.services().len(),
        "actions": c.action_count(),
        "resource_types": c.resource_type_count(),
        "condition_keys": c.condition_key_count(),
        "source": { "package": catalog::generated::SOURCE_PACKAGE, "version": c.source_version() },
        "dependent_actions_source": c.dependent_actions_version().map(|v| json!({
            "package": catalog::generated::SOURCE_PACKAGE,
            "version": v,
        })),
    });
    match format {
        Format::Json => out!("{counts:#}"),
        Format::Text => {
            out!("services:        {}", c.services().len());
            out!("actions:         {}", c.action_count());
            out!("resource types:  {}", c.resource_type_count());
            out!("condition keys:  {}", c.condition_key_count());
            out!(
                "source:          {} {} (MIT)",
                catalog::generated::SOURCE_PACKAGE,
                c.source_version()
            );
            // Upstream dropped the dependent-actions column in July 2026;
            // they come from an older, pinned version of the same package.
            if let Some(v) = c.dependent_actions_version() {
                out!(
                    "dependent actions: {} {v} (MIT)",
                    catalog::generated::SOURCE_PACKAGE
                );
            }
        }
    }
}

fn summary_json(a: &ActionRef<'_>) -> Value {
    json!({
        "name": a.full_name(),
        "access_level": a.access_level().to_string(),
        "resource_types": a.resource_types().iter().map(|t| json!({
            "name": t.name(),
            "required": t.required(),
        })).collect::<Vec<_>>(),
    })
}

fn action_json(a: &ActionRef<'_>) -> Value {
    json!({
        "name": a.full_name(),
        "access_level": a.access_level().to_string(),
        "resource_types": a.resource_types().iter().map(|t| json!({
            "name": t.name(),
            "arn": t.arn(),
            "required": t.required(),
        })).collect::<Vec<_>>(),
        "condition_keys": a.condition_keys().iter().map(|k| json!({
            "name": k.name(),
            "type": k.kind().to_string(),
        })).collect::<Vec<_>>(),
        "dependent_actions": a.dependent_actions(),
    })
}

fn print_action(a: &ActionRef<'_>) {
    out!("{} ({})", a.full_name(), a.access_level());
    if a.resource_types().is_empty() {
        out!("  resources: * (no resource-level permissions)");
    }
    for t in a.resource_types() {
        let req = if t.required() { " (required)" } else { "" };
        out!("  resource {}{req}: {}", t.name(), t.arn());
    }
    for k in a.condition_keys() {
        out!("  condition key {} ({})", k.name(), k.kind());
    }
    for d in a.dependent_actions() {
        out!("  depends on {d}");
    }
}
