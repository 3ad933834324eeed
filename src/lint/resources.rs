//! ARNs that fit none of the statement's actions, and the S3 trap of
//! giving object ARNs to bucket actions (and the other way round).

use super::{name_some, Finding, Rule, Severity, Stmt};
use crate::catalog::{ActionId, Catalog};
use crate::wildcard;

pub(super) fn check(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    let granted = s.granted();
    for arn in s.resources() {
        let Some(service) = arn_service(arn) else {
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
            if let Some(f) = check_s3(catalog, s, arn, &candidates) {
                out.push(f);
                continue;
            }
        }
        if wildcard::has_wildcard(arn) {
            continue;
        }
        let fits = candidates
            .iter()
            .any(|&id| !catalog.matching_resource_types(id, arn).is_empty());
        if !fits {
            out.push(Finding::new(
                Rule::ResourceMismatch,
                Severity::Warning,
                s.location("Resource"),
                format!(
                    "{arn} matches no resource type of {}",
                    name_some(catalog, &candidates, 5)
                ),
            ));
        }
    }
}

/// `arn:aws:s3:::b/k` given only to bucket actions such as `s3:ListBucket`,
/// or `arn:aws:s3:::b` only to object actions such as `s3:GetObject`. Read
/// literally, so `arn:aws:s3:::b/*` is an object ARN.
fn check_s3(
    catalog: &Catalog,
    s: &Stmt<'_>,
    arn: &str,
    candidates: &[ActionId],
) -> Option<Finding> {
    let fits = candidates
        .iter()
        .any(|&id| !catalog.matching_resource_types(id, arn).is_empty());
    if fits {
        return None;
    }
    // Buckets and objects have no region or account: `arn:aws:s3:::b/k`.
    // Access points and other S3 resources are not part of this trap.
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, _, "", "", path] = parts.as_slice() else {
        return None;
    };
    let has_type = |name: &str| {
        candidates.iter().any(|&id| {
            catalog
                .action_info(id)
                .resource_types()
                .iter()
                .any(|r| r.name() == name)
        })
    };
    let (message, fix) = match path.split_once('/') {
        Some((bucket, _)) if has_type("bucket") => (
            format!(
                "{arn} is an object ARN, but {} act on the bucket",
                name_some(catalog, candidates, 5)
            ),
            format!("use arn:{partition}:s3:::{bucket} for the bucket"),
        ),
        None if has_type("object") => (
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
            s.location("Resource"),
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
