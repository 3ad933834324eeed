//! ARNs that fit none of the statement's actions, actions the statement
//! names but never grants, and the S3 trap of giving object ARNs to bucket
//! actions (and the other way round).

use std::collections::BTreeSet;

use super::{name_some, Finding, Rule, Severity, Stmt};
use crate::catalog::{ActionId, Catalog};
use crate::policy::ResourceSpec;
use crate::wildcard;

pub(super) fn check(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    check_never_granted(catalog, s, out);
    let granted = s.granted();
    for (index, arn) in s.resources().iter().enumerate() {
        // Separators inside a policy variable (`${aws:PrincipalTag/x}`) are
        // not the ARN's: match and split the masked ARN.
        let masked = mask_variables(&mask_placeholders(arn));
        let Some(service) = arn_service(&masked) else {
            continue;
        };
        // Only actions of the ARN's service that accept some ARN can match it;
        // actions that need `*` say nothing about an ARN.
        let candidates: Vec<ActionId> = granted
            .iter()
            .copied()
            .filter(|&id| {
                let info = catalog.action_info(id);
                info.service().eq_ignore_ascii_case(service) && !info.resource_types().is_empty()
            })
            .collect();
        if candidates.is_empty() {
            continue;
        }
        if service.eq_ignore_ascii_case("s3") {
            if let Some(f) = check_s3(catalog, s, (index, arn), &masked, &candidates) {
                out.push(f);
                continue;
            }
        }
        if wildcard::has_wildcard(&masked) {
            continue;
        }
        let fits = candidates
            .iter()
            .any(|&id| !catalog.matching_resource_types(id, &masked).is_empty());
        if !fits {
            out.push(Finding::new(
                Rule::ResourceMismatch,
                Severity::Warning,
                s.location_at("Resource", index),
                format!(
                    "{arn} matches no resource type of {}",
                    name_some(catalog, &candidates, 5)
                ),
            ));
        }
    }
}

/// An `Allow` statement that names an action (not a pattern) none of whose
/// `Resource` entries can apply to it: the statement never grants it, and
/// `explain` drops it too. An action that accepts only `"*"` is never
/// granted on specific ARNs.
fn check_never_granted(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    let ResourceSpec::Resource(resources) = &s.statement.resource else {
        return;
    };
    if !s.is_allow() || resources.is_empty() {
        return;
    }
    let mut seen = BTreeSet::new();
    for (name, ids) in &s.actions {
        if wildcard::has_wildcard(name) {
            continue;
        }
        for &id in ids {
            if !seen.insert(id) || resources.iter().any(|r| may_apply(catalog, id, r)) {
                continue;
            }
            let info = catalog.action_info(id);
            let action = info.full_name();
            let types = info.resource_types();
            let (message, fix) = if types.is_empty() {
                (
                    format!(
                        "{action} accepts only \"Resource\": \"*\", so this statement never \
                         grants it"
                    ),
                    format!("move {action} to a statement with \"Resource\": \"*\""),
                )
            } else {
                // The type closest to what the statement gives first: the
                // fix for a bucket ARN is an object ARN, not an access point.
                let mut types = types;
                types.sort_by_key(|t| std::cmp::Reverse(closeness(t.arn(), resources)));
                let named: Vec<String> = types
                    .iter()
                    .take(3)
                    .map(|t| format!("{} ({})", t.name(), t.arn()))
                    .collect();
                let more = match types.len() {
                    n if n > 3 => format!(" and {} more", n - 3),
                    _ => String::new(),
                };
                (
                    format!(
                        "no resource of this statement fits a resource type of {action}: {}{more}; \
                         so this statement never grants it",
                        named.join(", ")
                    ),
                    format!(
                        "give {action} an ARN of the form {}, in this statement or another",
                        types[0].arn()
                    ),
                )
            };
            out.push(
                Finding::new(
                    Rule::ActionNeverGranted,
                    Severity::Error,
                    s.location("Action"),
                    message,
                )
                .with_fix(fix),
            );
        }
    }
}

/// How near an ARN template is to the closest of `resources`: the same
/// service, the same empty or filled region and account, and the same
/// resource-type word (`role` in `role/x`). Higher is nearer.
fn closeness(template: &str, resources: &[String]) -> usize {
    let fields = |arn: &str| -> Vec<String> {
        let masked = mask_variables(&mask_placeholders(arn));
        masked.splitn(6, ':').map(str::to_string).collect()
    };
    let t = fields(template);
    let kind = |id: &str| id.split(['/', ':']).next().unwrap_or_default().to_string();
    resources
        .iter()
        .map(|r| {
            let r = fields(r);
            if r.len() < 6 || t.len() < 6 {
                return 0;
            }
            2 * usize::from(r[2].eq_ignore_ascii_case(&t[2]))
                + usize::from(r[3].is_empty() == t[3].is_empty())
                + usize::from(r[4].is_empty() == t[4].is_empty())
                + 2 * usize::from(kind(&r[5]) == kind(&t[5]) && r[5].contains(['/', ':']))
        })
        .max()
        .unwrap_or(0)
}

/// Whether a request for `action` can be about `resource`, read as
/// `explain` reads it: `*` always; for an action with no resource type,
/// only a pattern of nothing but `*` (its requests are about `*`); else a
/// pattern or an ARN with a policy variable (either may match), or an ARN
/// that fits one of its resource types.
pub(crate) fn may_apply(catalog: &Catalog, action: ActionId, resource: &str) -> bool {
    let resource = &mask_placeholders(resource);
    if catalog.action_info(action).resource_types().is_empty() {
        return !resource.is_empty() && resource.chars().all(|c| c == '*');
    }
    wildcard::has_wildcard(resource)
        || has_variable(resource)
        || !catalog.matching_resource_types(action, resource).is_empty()
}

/// `arn:aws:s3:::b/k` given only to bucket actions such as `s3:ListBucket`,
/// or `arn:aws:s3:::b` only to object actions such as `s3:GetObject`. Read
/// literally, so `arn:aws:s3:::b/*` is an object ARN; but
/// `arn:aws:s3:::prefix*` also reaches objects (`*` crosses `/`), so only
/// an ARN that can match buckets alone is called a bucket ARN. `masked` is
/// `arn` with separators inside policy variables masked
/// ([`mask_variables`]), so `${aws:PrincipalTag/Bucket}` is one bucket name.
fn check_s3(
    catalog: &Catalog,
    s: &Stmt<'_>,
    (index, arn): (usize, &str),
    masked: &str,
    candidates: &[ActionId],
) -> Option<Finding> {
    let fits = candidates
        .iter()
        .any(|&id| !catalog.matching_resource_types(id, masked).is_empty());
    if fits {
        return None;
    }
    // Buckets and objects have no region or account: `arn:aws:s3:::b/k`.
    // Access points and other S3 resources are not part of this trap.
    let parts: Vec<&str> = masked.splitn(6, ':').collect();
    let [_, partition, _, "", "", masked_path] = parts.as_slice() else {
        return None;
    };
    // Masking keeps every byte where it was: cut the real ARN at the same
    // places.
    let path = &arn[arn.len() - masked_path.len()..];
    let partition = &arn[4..4 + partition.len()];
    let has_type = |name: &str| {
        candidates.iter().any(|&id| {
            catalog
                .action_info(id)
                .resource_types()
                .iter()
                .any(|r| r.name() == name)
        })
    };
    let (message, fix) = match masked_path.find('/') {
        Some(slash) if has_type("bucket") => (
            format!(
                "{arn} is an object ARN, but {} act on the bucket",
                name_some(catalog, candidates, 5)
            ),
            format!("use arn:{partition}:s3:::{} for the bucket", &path[..slash]),
        ),
        None if has_type("object") && !wildcard::has_wildcard(masked_path) => (
            format!(
                "{arn} is a bucket ARN, but {} act on objects",
                name_some(catalog, candidates, 5)
            ),
            format!("use arn:{partition}:s3:::{path}/* for objects"),
        ),
        _ => return None,
    };
    Some(
        Finding::new(
            Rule::S3ObjectBucketMismatch,
            Severity::Warning,
            s.location_at("Resource", index),
            message,
        )
        .with_fix(fix),
    )
}

/// The service of an ARN (`s3` for `arn:aws:s3:::b`), unless it is a
/// wildcard or not an ARN.
fn arn_service(arn: &str) -> Option<&str> {
    let service = arn.strip_prefix("arn:")?.split(':').nth(1)?;
    (!service.is_empty() && !wildcard::has_wildcard(service)).then_some(service)
}

/// `text` with every `:` and `/` inside a policy variable replaced by `_`,
/// byte for byte: `arn:aws:s3:::${aws:PrincipalTag/B}` becomes
/// `arn:aws:s3:::${aws_PrincipalTag_B}`, so splitting it at `:` and `/`
/// finds only the ARN's own separators, at the same byte offsets.
/// A template placeholder (`{{Ref:Bucket}}`, `{{GetAtt:Bucket.Arn}}`) read
/// as `*`: its value is known only when the stack is deployed, so any ARN
/// may be meant, and nothing can be said about which type it fits.
pub(crate) fn mask_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push('*');
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

pub(crate) fn mask_variables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let mut prev = '\0';
    for c in text.chars() {
        if inside {
            if c == '}' {
                inside = false;
            }
            out.push(if matches!(c, ':' | '/') { '_' } else { c });
        } else {
            inside = prev == '$' && c == '{';
            out.push(c);
        }
        prev = c;
    }
    out
}

/// Whether `text` holds a policy variable such as `${aws:username}`;
/// `${*}`, `${?}` and `${$}` stand for the character itself.
pub(crate) fn has_variable(text: &str) -> bool {
    text.match_indices("${").any(|(i, _)| {
        let rest = &text[i + 2..];
        rest.find('}')
            .is_some_and(|end| !matches!(&rest[..end], "*" | "?" | "$" | ""))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_masked_byte_for_byte() {
        let cases = [
            ("no variable", "arn:aws:s3:::b/k", "arn:aws:s3:::b/k"),
            (
                "tag key with a slash",
                "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}",
                "arn:aws:s3:::${aws_PrincipalTag_DomainBucketName}",
            ),
            (
                "account variable",
                "arn:aws:iam::${aws:PrincipalAccount}:role/x",
                "arn:aws:iam::${aws_PrincipalAccount}:role/x",
            ),
            (
                "variable then a key",
                "arn:aws:s3:::b/${aws:username}/*",
                "arn:aws:s3:::b/${aws_username}/*",
            ),
            ("a dollar alone", "arn:aws:s3:::b$/x", "arn:aws:s3:::b$/x"),
        ];
        for (name, text, want) in cases {
            assert_eq!(mask_variables(text), want, "{name}");
            assert_eq!(mask_variables(text).len(), text.len(), "{name}");
        }
    }

    #[test]
    fn variables_are_found() {
        let cases = [
            ("plain ARN", "arn:aws:s3:::b/k", false),
            ("username", "arn:aws:s3:::b/${aws:username}", true),
            ("escaped star", "arn:aws:s3:::b/${*}", false),
            ("escaped dollar", "arn:aws:s3:::b/${$}", false),
            ("unclosed", "arn:aws:s3:::b/${aws:username", false),
        ];
        for (name, text, want) in cases {
            assert_eq!(has_variable(text), want, "{name}");
        }
    }
}
