//! The policy documents of a Terraform plan or state as JSON (`terraform
//! show -json`): `aws_iam_policy`, `aws_iam_role_policy`,
//! `aws_iam_user_policy`, `aws_iam_group_policy`, a role's
//! `assume_role_policy` and `inline_policy` blocks, `aws_s3_bucket_policy`,
//! and the `aws_iam_*_policy_attachment` resources, read from
//! `planned_values` (a plan) or `values` (a state), modules included.
//!
//! A value Terraform knows only after apply is absent from
//! `planned_values`; such a document is kept, as unknown, so a diff can say
//! it cannot tell.

use super::{tree_of_string, Body, Document, DocumentKind, ReadError, ReadErrorKind};
use crate::policy::{Node, NodeValue};

/// Whether the tree is a plan (`planned_values`) or a state (`values` with
/// a `root_module`) with `format_version`.
pub(super) fn is_plan(root: &Node) -> bool {
    root.get("planned_values").is_some()
        || (root.get("format_version").is_some()
            && root
                .get("values")
                .is_some_and(|v| v.value.get("root_module").is_some()))
}

pub(super) fn documents(root: &Node) -> Result<Vec<Document>, ReadError> {
    let values = root
        .get("planned_values")
        .or_else(|| root.get("values"))
        .map(|m| &m.value);
    let mut out = Vec::new();
    if let Some(module) = values.and_then(|v| v.get("root_module")) {
        walk_module(&module.value, &mut out)?;
    }
    // An attachment's policy ARN is often known only after apply; the
    // configuration still says which resource it refers to.
    for doc in &mut out {
        if doc.kind == DocumentKind::ManagedPolicyArns {
            if let Body::Arns(arns) = &doc.body {
                if arns.iter().any(|a| a == UNKNOWN) {
                    doc.body = match reference(root, &doc.source, "policy_arn") {
                        Some(r) => Body::Arns(vec![format!("{{{{{r}}}}}")]),
                        None => Body::Unknown("policy_arn is known only after apply".to_string()),
                    };
                }
            }
        }
    }
    Ok(out)
}

const UNKNOWN: &str = "{{known after apply}}";

/// The first reference of `attribute` in the configuration of the
/// resource at `address` (`module.a.aws_x.y`): `aws_iam_policy.deploy.arn`.
fn reference(root: &Node, address: &str, attribute: &str) -> Option<String> {
    let mut module = &root.get("configuration")?.value.get("root_module")?.value;
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let (name, tail) = after.split_once('.')?;
        module = &module
            .get("module_calls")?
            .value
            .get(name)?
            .value
            .get("module")?
            .value;
        rest = tail;
    }
    // `aws_x.y` or `aws_x.y[0]`: the configuration has no index.
    let rest = rest.split('[').next()?;
    let NodeValue::Array(resources) = &module.get("resources")?.value.value else {
        return None;
    };
    let resource = resources
        .iter()
        .find(|r| string_at(r, "address") == Some(rest))?;
    let references = &resource
        .get("expressions")?
        .value
        .get(attribute)?
        .value
        .get("references")?
        .value;
    match &references.value {
        NodeValue::Array(items) => items.iter().find_map(|i| match &i.value {
            NodeValue::String(s) => Some(s.clone()),
            _ => None,
        }),
        _ => None,
    }
}

/// Modules nest; Terraform allows no cycles, and the JSON parser caps
/// depth, so recursion is bounded.
fn walk_module(module: &Node, out: &mut Vec<Document>) -> Result<(), ReadError> {
    if let Some(resources) = module.get("resources") {
        let NodeValue::Array(items) = &resources.value.value else {
            return Err(shape(&resources.value, "resources to be a list"));
        };
        for r in items {
            resource(r, out)?;
        }
    }
    if let Some(children) = module.get("child_modules") {
        if let NodeValue::Array(items) = &children.value.value {
            for child in items {
                walk_module(child, out)?;
            }
        }
    }
    Ok(())
}

fn string_at<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    match node.get(key).map(|m| &m.value.value) {
        Some(NodeValue::String(s)) => Some(s),
        _ => None,
    }
}

fn resource(r: &Node, out: &mut Vec<Document>) -> Result<(), ReadError> {
    if string_at(r, "mode") == Some("data") {
        return Ok(());
    }
    let (Some(address), Some(kind)) = (string_at(r, "address"), string_at(r, "type")) else {
        return Ok(());
    };
    let values = r.get("values").map(|m| &m.value);
    let attached = |key: &str| -> Vec<String> {
        values
            .and_then(|v| string_at(v, key))
            .map(|s| vec![s.to_string()])
            .unwrap_or_default()
    };
    match kind {
        "aws_iam_policy" => out.push(policy(
            address,
            DocumentKind::Identity,
            r,
            values,
            "policy",
            Vec::new(),
        )?),
        "aws_iam_role_policy" => out.push(policy(
            address,
            DocumentKind::Identity,
            r,
            values,
            "policy",
            attached("role"),
        )?),
        "aws_iam_user_policy" => out.push(policy(
            address,
            DocumentKind::Identity,
            r,
            values,
            "policy",
            attached("user"),
        )?),
        "aws_iam_group_policy" => out.push(policy(
            address,
            DocumentKind::Identity,
            r,
            values,
            "policy",
            attached("group"),
        )?),
        "aws_s3_bucket_policy" => out.push(policy(
            address,
            DocumentKind::Resource,
            r,
            values,
            "policy",
            attached("bucket"),
        )?),
        "aws_iam_role" => {
            let source = format!("{address}.assume_role_policy");
            out.push(policy(
                &source,
                DocumentKind::Trust,
                r,
                values,
                "assume_role_policy",
                Vec::new(),
            )?);
            let inline = values.and_then(|v| v.get("inline_policy"));
            if let Some(NodeValue::Array(blocks)) = inline.map(|m| &m.value.value) {
                for (i, block) in blocks.iter().enumerate() {
                    // The provider reports "no inline policy" as one empty block.
                    if matches!(string_at(block, "policy"), None | Some("")) {
                        continue;
                    }
                    let name = string_at(block, "name").filter(|n| !n.is_empty());
                    let source = match name {
                        Some(n) => format!("{address}.inline_policy[{n}]"),
                        None => format!("{address}.inline_policy[{i}]"),
                    };
                    out.push(policy(
                        &source,
                        DocumentKind::Identity,
                        block,
                        Some(block),
                        "policy",
                        Vec::new(),
                    )?);
                }
            }
            if let Some(arns) = values.and_then(|v| v.get("managed_policy_arns")) {
                out.push(arn_list(
                    &format!("{address}.managed_policy_arns"),
                    &arns.value,
                ));
            }
        }
        "aws_iam_role_policy_attachment"
        | "aws_iam_user_policy_attachment"
        | "aws_iam_group_policy_attachment"
        | "aws_iam_policy_attachment" => {
            let arn = values.and_then(|v| v.get("policy_arn"));
            let arns = match arn.map(|m| &m.value.value) {
                Some(NodeValue::String(s)) => vec![s.clone()],
                _ => vec![UNKNOWN.to_string()],
            };
            let mut attached_to = Vec::new();
            for key in ["role", "user", "group"] {
                attached_to.extend(attached(key));
            }
            out.push(Document {
                source: address.to_string(),
                kind: DocumentKind::ManagedPolicyArns,
                position: r.pos,
                attached_to,
                body: Body::Arns(arns),
            });
        }
        _ => {}
    }
    Ok(())
}

fn arn_list(source: &str, node: &Node) -> Document {
    let arns = match &node.value {
        NodeValue::Array(items) => items
            .iter()
            .map(|i| match &i.value {
                NodeValue::String(s) => s.clone(),
                _ => "{{known after apply}}".to_string(),
            })
            .collect(),
        _ => vec!["{{known after apply}}".to_string()],
    };
    Document {
        source: source.to_string(),
        kind: DocumentKind::ManagedPolicyArns,
        position: node.pos,
        attached_to: Vec::new(),
        body: Body::Arns(arns),
    }
}

/// The JSON string at `values[key]`, or an unknown document when the plan
/// does not hold it (known only after apply).
fn policy(
    source: &str,
    kind: DocumentKind,
    resource: &Node,
    values: Option<&Node>,
    key: &str,
    attached_to: Vec<String>,
) -> Result<Document, ReadError> {
    let member = values.and_then(|v| v.get(key));
    let (position, body) = match member {
        Some(m) if matches!(m.value.value, NodeValue::String(_)) => {
            (m.value.pos, Body::Tree(tree_of_string(source, &m.value)?))
        }
        Some(m) if !matches!(m.value.value, NodeValue::Null) => {
            return Err(shape(&m.value, "the policy as a JSON string"));
        }
        _ => (
            resource.pos,
            Body::Unknown(format!("{key} is known only after apply")),
        ),
    };
    Ok(Document {
        source: source.to_string(),
        kind,
        position,
        attached_to,
        body,
    })
}

fn shape(node: &Node, expected: &'static str) -> ReadError {
    ReadError::at("", node.pos, ReadErrorKind::Shape { expected })
}
