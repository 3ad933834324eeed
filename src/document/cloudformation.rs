//! The policy documents of a CloudFormation template: `AWS::IAM::Policy`,
//! `AWS::IAM::ManagedPolicy`, the inline `Policies` of roles, users and
//! groups, a role's `AssumeRolePolicyDocument` and `ManagedPolicyArns`, and
//! `AWS::S3::BucketPolicy` (CloudFormation User Guide, "AWS resource and
//! property types reference").

use super::{tree_of_string, Body, Document, DocumentKind, ReadError, ReadErrorKind};
use crate::policy::{Member, Node, NodeValue};

/// Whether the tree is a template: `AWSTemplateFormatVersion`, or
/// `Resources` whose entries have a `Type`.
pub(super) fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    match root.get("Resources").map(|m| &m.value.value) {
        Some(NodeValue::Object(resources)) => {
            !resources.is_empty() && resources.iter().all(|r| r.value.get("Type").is_some())
        }
        _ => false,
    }
}

/// Every policy document, in template order.
pub(super) fn documents(root: &Node) -> Result<Vec<Document>, ReadError> {
    let Some(resources) = root.get("Resources") else {
        return Ok(Vec::new());
    };
    let NodeValue::Object(resources) = &resources.value.value else {
        return Err(shape("", &resources.value, "Resources to be an object"));
    };
    let mut out = Vec::new();
    for r in resources {
        let id = r.key.as_str();
        let Some(NodeValue::String(kind)) = r.value.get("Type").map(|m| &m.value.value) else {
            continue;
        };
        let properties = r.value.get("Properties").map(|m| &m.value);
        let property = |name: &str| properties.and_then(|p| p.get(name));
        match kind.as_str() {
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                if let Some(doc) = property("PolicyDocument") {
                    let mut attached = Vec::new();
                    for list in ["Roles", "Users", "Groups"] {
                        attached.extend(names(property(list)));
                    }
                    out.push(document(id, DocumentKind::Identity, doc, attached)?);
                }
            }
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                if let Some(doc) = property("AssumeRolePolicyDocument") {
                    let source = format!("{id}.AssumeRolePolicyDocument");
                    out.push(document(&source, DocumentKind::Trust, doc, Vec::new())?);
                }
                if let Some(policies) = property("Policies") {
                    out.extend(inline_policies(id, policies)?);
                }
                if let Some(arns) = property("ManagedPolicyArns") {
                    out.push(Document {
                        source: format!("{id}.ManagedPolicyArns"),
                        kind: DocumentKind::ManagedPolicyArns,
                        position: arns.key_pos,
                        attached_to: Vec::new(),
                        body: Body::Arns(names(Some(arns))),
                    });
                }
            }
            "AWS::S3::BucketPolicy" => {
                if let Some(doc) = property("PolicyDocument") {
                    let bucket = names(property("Bucket"));
                    out.push(document(id, DocumentKind::Resource, doc, bucket)?);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `Policies: [{PolicyName, PolicyDocument}]`, each named by its
/// `PolicyName` (or its index when the name is not a literal).
fn inline_policies(id: &str, policies: &Member) -> Result<Vec<Document>, ReadError> {
    let NodeValue::Array(items) = &policies.value.value else {
        return Err(shape(
            id,
            &policies.value,
            "Policies to be a list of {PolicyName, PolicyDocument}",
        ));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let name = match item.get("PolicyName").map(|m| &m.value.value) {
            Some(NodeValue::String(n)) if !super::has_placeholder(n) => n.clone(),
            _ => i.to_string(),
        };
        let source = format!("{id}.Policies[{name}]");
        match item.get("PolicyDocument") {
            Some(doc) => out.push(document(&source, DocumentKind::Identity, doc, Vec::new())?),
            None => return Err(shape(&source, item, "a PolicyDocument")),
        }
    }
    Ok(out)
}

fn document(
    source: &str,
    kind: DocumentKind,
    member: &Member,
    mut attached_to: Vec<String>,
) -> Result<Document, ReadError> {
    let resolved = resolve(&member.value);
    let tree = tree_of_string(source, &resolved)?;
    attached_to.sort();
    attached_to.dedup();
    Ok(Document {
        source: source.to_string(),
        kind,
        position: member.value.pos,
        attached_to,
        body: Body::Tree(tree),
    })
}

/// A string, or the strings of a list, intrinsics as placeholders.
fn names(member: Option<&Member>) -> Vec<String> {
    let Some(member) = member else {
        return Vec::new();
    };
    let resolved = resolve(&member.value);
    match resolved.value {
        NodeValue::String(s) => vec![s],
        NodeValue::Array(items) => items
            .into_iter()
            .map(|n| match n.value {
                NodeValue::String(s) => s,
                other => format!("{{{{{}}}}}", other.describe()),
            })
            .collect(),
        other => vec![format!("{{{{{}}}}}", other.describe())],
    }
}

fn shape(source: &str, node: &Node, expected: &'static str) -> ReadError {
    ReadError::at(source, node.pos, ReadErrorKind::Shape { expected })
}

/// Replaces every intrinsic function (`{"Ref": …}`, `{"Fn::…": …}`) with
/// its placeholder string, keeping the intrinsic's position.
pub(crate) fn resolve(node: &Node) -> Node {
    if let Some(text) = intrinsic(node) {
        return Node {
            pos: node.pos,
            value: NodeValue::String(text),
        };
    }
    let value = match &node.value {
        NodeValue::Array(items) => NodeValue::Array(items.iter().map(resolve).collect()),
        NodeValue::Object(members) => NodeValue::Object(
            members
                .iter()
                .map(|m| Member {
                    key: m.key.clone(),
                    key_pos: m.key_pos,
                    value: resolve(&m.value),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        pos: node.pos,
        value,
    }
}

/// The placeholder for `node` when it is an intrinsic function: an object
/// with one member, `Ref` or `Fn::…`.
fn intrinsic(node: &Node) -> Option<String> {
    let NodeValue::Object(members) = &node.value else {
        return None;
    };
    let [m] = members.as_slice() else {
        return None;
    };
    let arg = &m.value;
    let name = if m.key == "Ref" {
        "Ref"
    } else {
        m.key.strip_prefix("Fn::")?
    };
    Some(match name {
        "Ref" => format!("{{{{Ref:{}}}}}", scalar(arg).unwrap_or_else(|| "?".into())),
        "GetAtt" => format!("{{{{GetAtt:{}}}}}", get_att(arg)),
        "Sub" => sub(arg),
        "Join" => join(arg).unwrap_or_else(|| "{{Join}}".to_string()),
        "If" => match list(arg).and_then(|l| l.first().and_then(scalar)) {
            Some(condition) => format!("{{{{If:{condition}}}}}"),
            None => "{{If}}".to_string(),
        },
        "FindInMap" => match list(arg) {
            Some(parts) => {
                let parts: Vec<String> = parts.iter().map(text_of).collect();
                format!("{{{{FindInMap:{}}}}}", parts.join("."))
            }
            None => "{{FindInMap}}".to_string(),
        },
        other => match scalar(arg).or_else(|| intrinsic(arg)) {
            Some(a) => format!("{{{{{other}:{a}}}}}"),
            None => format!("{{{{{other}}}}}"),
        },
    })
}

fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::String(s) | NodeValue::Number(s) => Some(s.clone()),
        NodeValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn list(node: &Node) -> Option<&[Node]> {
    match &node.value {
        NodeValue::Array(items) => Some(items),
        _ => None,
    }
}

/// A literal, or the placeholder of a nested intrinsic.
fn text_of(node: &Node) -> String {
    scalar(node)
        .or_else(|| intrinsic(node))
        .unwrap_or_else(|| format!("{{{{{}}}}}", node.value.describe()))
}

/// `Fn::GetAtt: [Res, Attr]` or `Res.Attr`.
fn get_att(arg: &Node) -> String {
    match list(arg) {
        Some(parts) => parts.iter().map(text_of).collect::<Vec<_>>().join("."),
        None => scalar(arg).unwrap_or_else(|| "?".into()),
    }
}

/// `Fn::Join: [delimiter, [parts]]`, when the parts are a literal list.
fn join(arg: &Node) -> Option<String> {
    let [delimiter, parts] = list(arg)? else {
        return None;
    };
    let delimiter = scalar(delimiter)?;
    let parts = list(parts)?;
    Some(
        parts
            .iter()
            .map(text_of)
            .collect::<Vec<_>>()
            .join(&delimiter),
    )
}

/// `Fn::Sub: "…${Name}…"` or `[template, {Name: value}]`: `${Name}` becomes
/// the variable's value when the map gives one, else `{{Ref:Name}}`
/// (`{{GetAtt:Res.Attr}}` for `${Res.Attr}`); `${!Literal}` is `${Literal}`.
fn sub(arg: &Node) -> String {
    let (template, vars): (String, &[Member]) = match &arg.value {
        NodeValue::String(s) => (s.clone(), &[]),
        NodeValue::Array(items) => match items.as_slice() {
            [t, rest @ ..] => {
                let vars = match rest.first().map(|v| &v.value) {
                    Some(NodeValue::Object(members)) => members.as_slice(),
                    _ => &[],
                };
                match scalar(t) {
                    Some(t) => (t, vars),
                    None => return "{{Sub}}".to_string(),
                }
            }
            [] => return "{{Sub}}".to_string(),
        },
        _ => return "{{Sub}}".to_string(),
    };
    let mut out = String::new();
    let mut rest = template.as_str();
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        if let Some(literal) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(literal);
            out.push('}');
        } else if let Some(var) = vars.iter().find(|m| m.key == name) {
            out.push_str(&text_of(&var.value));
        } else if name.contains('.') {
            out.push_str(&format!("{{{{GetAtt:{name}}}}}"));
        } else {
            out.push_str(&format!("{{{{Ref:{name}}}}}"));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_json;

    #[test]
    #[rustfmt::skip]
    fn intrinsics_become_named_placeholders() {
        let cases = [
            ("ref", r#"{"Ref": "Bucket"}"#, "{{Ref:Bucket}}"),
            ("pseudo parameter", r#"{"Ref": "AWS::AccountId"}"#, "{{Ref:AWS::AccountId}}"),
            ("getatt list", r#"{"Fn::GetAtt": ["Role", "Arn"]}"#, "{{GetAtt:Role.Arn}}"),
            ("getatt dotted", r#"{"Fn::GetAtt": "Role.Arn"}"#, "{{GetAtt:Role.Arn}}"),
            ("sub", r#"{"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}"#, "arn:{{Ref:AWS::Partition}}:s3:::{{Ref:Bucket}}/*"),
            ("sub attribute", r#"{"Fn::Sub": "${Queue.Arn}"}"#, "{{GetAtt:Queue.Arn}}"),
            ("sub literal", r#"{"Fn::Sub": "arn:aws:s3:::b/${!aws:username}/*"}"#, "arn:aws:s3:::b/${aws:username}/*"),
            ("sub with map", r#"{"Fn::Sub": ["arn:aws:s3:::${B}/*", {"B": {"Ref": "Site"}}]}"#, "arn:aws:s3:::{{Ref:Site}}/*"),
            ("sub with literal map", r#"{"Fn::Sub": ["arn:aws:s3:::${B}", {"B": "logs"}]}"#, "arn:aws:s3:::logs"),
            ("sub unclosed", r#"{"Fn::Sub": "arn:${Oops"}"#, "arn:${Oops"),
            ("join", r#"{"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "Bucket"}, "/*"]]}"#, "arn:aws:s3:::{{Ref:Bucket}}/*"),
            ("join of a list intrinsic", r#"{"Fn::Join": [",", {"Ref": "Names"}]}"#, "{{Join}}"),
            ("if", r#"{"Fn::If": ["IsProd", "a", "b"]}"#, "{{If:IsProd}}"),
            ("import", r#"{"Fn::ImportValue": "SharedBucketArn"}"#, "{{ImportValue:SharedBucketArn}}"),
            ("import of a sub", r#"{"Fn::ImportValue": {"Fn::Sub": "${Env}-arn"}}"#, "{{ImportValue:{{Ref:Env}}-arn}}"),
            ("find in map", r#"{"Fn::FindInMap": ["Buckets", {"Ref": "Env"}, "Name"]}"#, "{{FindInMap:Buckets.{{Ref:Env}}.Name}}"),
            ("select", r#"{"Fn::Select": [0, ["a"]]}"#, "{{Select}}"),
        ];
        for (name, text, want) in cases {
            let node = parse_json(text).expect(name);
            assert_eq!(resolve(&node).value, NodeValue::String(want.to_string()), "{name}");
        }
    }

    #[test]
    fn objects_that_are_not_intrinsics_stay() {
        let node = parse_json(r#"{"Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#)
            .expect("json");
        assert_eq!(resolve(&node), node);
    }
}
