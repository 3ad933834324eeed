//! `policy-builder explain`: what a policy really grants; for one policy,
//! or every policy in a CloudFormation template or Terraform plan.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use policy_builder::catalog::{self, Catalog};
use policy_builder::document::{self, Document, DocumentKind, InputKind};
use policy_builder::explain::{explain, Explanation, Resources};
use policy_builder::policy::{PrincipalSpec, Principals};
use serde_json::{json, Value};

use crate::cli::{read_text, unusable, Format};

/// Expands wildcards, NotAction and NotResource into the exact grants.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The policy document (JSON), or a CloudFormation template (JSON or
    /// YAML) or Terraform plan (`terraform show -json`): every policy in it.
    pub policy: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: &ExplainArgs) -> ExitCode {
    let path = args.policy.display().to_string();
    let text = match read_text(&args.policy) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let input = match document::read(&text) {
        Ok(i) => i,
        Err(e) => return unusable(format!("{path}: {e}")),
    };
    let c = catalog::bundled();
    // A lone identity policy prints as it always has.
    if input.kind == InputKind::Policy && input.documents[0].kind == DocumentKind::Identity {
        let policy = match input.documents[0].policy() {
            Ok(p) => p,
            Err(e) => return unusable(format!("{path}: {e}")),
        };
        let e = explain(c, &policy);
        match args.format {
            Format::Json => out!("{:#}", explanation_json(c, &e)),
            Format::Text => print_text(c, &e),
        }
        return ExitCode::SUCCESS;
    }
    let mut docs = Vec::new();
    for doc in &input.documents {
        match explain_document(c, doc) {
            Ok(d) => docs.push(d),
            Err(e) => return unusable(format!("{path}: {e}")),
        }
    }
    match args.format {
        Format::Json => {
            let list: Vec<Value> = docs
                .iter()
                .map(|(doc, principals, e)| {
                    let mut v = match e {
                        Some(e) => explanation_json(c, e),
                        None => json!({}),
                    };
                    v["source"] = json!(doc.source);
                    v["kind"] = json!(doc.kind);
                    v["attached_to"] = json!(doc.attached_to);
                    if !principals.is_empty() {
                        v["principals"] = json!(principals);
                    }
                    if let Some(why) = doc.unknown_reason() {
                        v["unknown"] = json!(why);
                    }
                    if doc.kind == DocumentKind::ManagedPolicyArns {
                        v["managed_policy_arns"] = json!(doc.managed_policy_arns());
                    }
                    v
                })
                .collect();
            out!("{:#}", json!(list));
        }
        Format::Text => {
            for (i, (doc, principals, e)) in docs.iter().enumerate() {
                if i > 0 {
                    out!();
                }
                out!("== {} ({})", doc.source, doc.kind);
                if !doc.attached_to.is_empty() {
                    out!("attached to: {}", doc.attached_to.join(", "));
                }
                for p in principals {
                    out!("principal: {p}");
                }
                if let Some(why) = doc.unknown_reason() {
                    out!("not in the file: {why}");
                }
                for arn in doc.managed_policy_arns() {
                    out!("managed policy: {arn} (its content is not in the file)");
                }
                if let Some(e) = e {
                    print_text(c, e);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

type Explained<'a> = (&'a Document, Vec<String>, Option<Explanation>);

/// A document's explanation, with its statements' principals.
fn explain_document<'a>(
    c: &Catalog,
    doc: &'a Document,
) -> Result<Explained<'a>, document::ReadError> {
    if doc.unknown_reason().is_some() || doc.kind == DocumentKind::ManagedPolicyArns {
        return Ok((doc, Vec::new(), None));
    }
    if doc.kind == DocumentKind::Identity {
        return Ok((doc, Vec::new(), Some(explain(c, &doc.policy()?))));
    }
    let rp = doc.resource_policy()?;
    let principals = rp
        .principals
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let p = p.as_ref()?;
            let (not, ps) = match p {
                PrincipalSpec::Principal(ps) => ("", ps),
                PrincipalSpec::NotPrincipal(ps) => ("everyone but ", ps),
            };
            let text = match ps {
                Principals::Any => "*".to_string(),
                Principals::Some(map) => map
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            Some(format!("Statement[{i}]: {not}{text}"))
        })
        .collect();
    Ok((doc, principals, Some(explain(c, &rp.policy))))
}

fn resources(r: &Resources) -> Vec<String> {
    match r {
        Resources::Only(list) => list.clone(),
        Resources::AllExcept(list) => vec![format!("everything except {}", list.join(", "))],
    }
}

fn explanation_json(c: &Catalog, e: &Explanation) -> Value {
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
    let counts: serde_json::Map<String, Value> = e
        .counts
        .iter()
        .map(|(l, n)| (l.to_string(), json!(n)))
        .collect();
    json!({
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
    })
}

fn print_text(c: &Catalog, e: &Explanation) {
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
