//! `policy-builder explain`: what a policy really grants.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::catalog;
use policy_builder::explain::{explain, Resources};
use serde_json::json;

use crate::cli::{read_policy, Format};

/// Expands wildcards, NotAction and NotResource into the exact grants.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The policy document (JSON).
    pub policy: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: &ExplainArgs) -> ExitCode {
    let policy = match read_policy(&args.policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let c = catalog::bundled();
    let e = explain(c, &policy);
    let resources = |r: &Resources| match r {
        Resources::Only(list) => list.clone(),
        Resources::AllExcept(list) => vec![format!("everything except {}", list.join(", "))],
    };
    match args.format {
        Format::Json => {
            let grants: Vec<_> = e
                .grants
                .iter()
                .map(|g| {
                    json!({
                        "action": g.name,
                        "access_level": g.access_level.to_string(),
                        "wildcard_resource": g.is_wildcard_resource(c),
                        "permissions_management": g.is_permissions_management(),
                        "scopes": g.scopes.iter().map(|s| json!({
                            "statement": s.statement,
                            "sid": s.sid,
                            "resources": resources(&s.resources),
                            "condition": s.condition,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let counts: serde_json::Map<String, serde_json::Value> = e
                .counts
                .iter()
                .map(|(l, n)| (l.to_string(), json!(n)))
                .collect();
            let out = json!({
                "total": e.total(),
                "counts": counts,
                "permissions_management": e.permissions_management().count(),
                "wildcard_resource": e.wildcard_resource(c).count(),
                "unmatched": e.unmatched.iter().map(|u| json!({
                    "statement": u.statement,
                    "location": u.location().to_string(),
                    "pattern": u.pattern,
                })).collect::<Vec<_>>(),
                "grants": grants,
            });
            out!("{out:#}");
        }
        Format::Text => {
            out!("{} actions granted", e.total());
            for (level, n) in &e.counts {
                out!("  {level}: {n}");
            }
            out!(
                "  permissions management: {}; on every resource although they could be scoped: {}",
                e.permissions_management().count(),
                e.wildcard_resource(c).count()
            );
            for u in &e.unmatched {
                out!(
                    "  {}: {} matches no action in the catalog",
                    u.location(),
                    u.pattern
                );
            }
            out!();
            for g in &e.grants {
                let flag = if g.is_wildcard_resource(c) {
                    "  [all resources]"
                } else {
                    ""
                };
                let rs: Vec<String> = g
                    .scopes
                    .iter()
                    .flat_map(|s| resources(&s.resources))
                    .collect();
                out!(
                    "{:<56} {:<22} {}{flag}",
                    g.name,
                    g.access_level.to_string(),
                    rs.join(", ")
                );
            }
        }
    }
    ExitCode::SUCCESS
}
