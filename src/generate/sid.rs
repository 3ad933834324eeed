//! Stable, readable Sids: `S3WriteObject`, `CloudfrontListAll`.

use std::collections::BTreeSet;

use crate::catalog::{AccessLevel, Catalog};
use crate::policy::Effect;

/// A Sid from what the statement holds: its services, its access level (when
/// there is one) and its resource type (`All` for `*`). ASCII letters and
/// digits only, unique within `used`.
pub(super) fn make(
    catalog: &Catalog,
    effect: Effect,
    actions: &[String],
    levels: &[AccessLevel],
    resources: &BTreeSet<String>,
    used: &mut BTreeSet<String>,
) -> String {
    let mut sid = String::new();
    if effect == Effect::Deny {
        sid.push_str("Deny");
    }
    let services: BTreeSet<&str> = actions
        .iter()
        .filter_map(|a| a.split_once(':').map(|(s, _)| s))
        .collect();
    for s in services.iter().take(2) {
        sid.push_str(&camel(s));
    }
    if let [level] = levels {
        sid.push_str(&camel(&level.to_string()));
    }
    sid.push_str(&resource_part(catalog, actions, resources));
    if sid.is_empty() {
        sid.push_str("Statement");
    }
    let base = sid.clone();
    let mut n = 2;
    while used.contains(&sid) {
        sid = format!("{base}{n}");
        n += 1;
    }
    used.insert(sid.clone());
    sid
}

/// `All` for `*`; the resource type's name when every ARN is of one type.
fn resource_part(catalog: &Catalog, actions: &[String], resources: &BTreeSet<String>) -> String {
    if resources.contains("*") {
        return "All".to_string();
    }
    let mut types = BTreeSet::new();
    for action in actions {
        let Some(id) = catalog.action(action) else {
            continue;
        };
        for arn in resources {
            for t in catalog.matching_resource_types(id, arn) {
                types.insert(t.name().to_string());
            }
        }
    }
    match types.len() {
        1 => camel(types.iter().next().expect("one element")),
        _ => String::new(),
    }
}

/// `cloudfront` → `Cloudfront`, `access-point` → `AccessPoint`,
/// `Permissions management` → `PermissionsManagement`.
fn camel(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::camel;

    #[test]
    fn camel_table() {
        let cases = [
            ("s3", "S3"),
            ("cloudfront", "Cloudfront"),
            ("access-analyzer", "AccessAnalyzer"),
            ("Permissions management", "PermissionsManagement"),
            ("accesspointobject", "Accesspointobject"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(camel(input), want, "{input}");
        }
    }
}
