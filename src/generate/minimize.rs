//! Fitting a size limit: replace action lists with wildcard patterns that
//! match nothing more than what is already granted.

use std::collections::BTreeSet;
use std::fmt;

use crate::catalog::{ActionId, Catalog};
use crate::policy::{ActionSpec, Policy, SizeLimit};
use crate::wildcard;

/// The policy still does not fit after minimising.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MinimizeError {
    /// The smallest policy minimising reached.
    pub policy: Policy,
    pub size: usize,
    pub limit: SizeLimit,
}

impl fmt::Display for MinimizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the policy is {} characters after minimising; the {} limit is {}. Split it into several policies, or choose fewer actions.",
            self.size,
            self.limit,
            self.limit.max_chars()
        )
    }
}

impl std::error::Error for MinimizeError {}

/// Returns `policy` unchanged when it fits `limit`; otherwise replaces, in
/// every `Action` list, runs of actions by `service:Prefix*` patterns. A
/// pattern is used only when every catalog action it matches is already in
/// the same statement, so no decision changes for any action in the catalog.
/// (A pattern can match actions AWS adds later; the note in the UI says so.)
pub fn minimize(
    catalog: &Catalog,
    policy: &Policy,
    limit: SizeLimit,
) -> Result<Policy, MinimizeError> {
    if policy.iam_size() <= limit.max_chars() {
        return Ok(policy.clone());
    }
    let mut out = policy.clone();
    for st in &mut out.statements {
        if let ActionSpec::Action(list) = &mut st.action {
            *list = compress(catalog, list);
        }
    }
    let size = out.iam_size();
    if size <= limit.max_chars() {
        Ok(out)
    } else {
        Err(MinimizeError {
            policy: out,
            size,
            limit,
        })
    }
}

/// The shortest safe patterns covering `actions`: each `service:Prefix*`
/// pattern is used only when every catalog action it matches is already in
/// `actions` (or matched by a pattern in it).
pub fn compress(catalog: &Catalog, actions: &[String]) -> Vec<String> {
    // What the list grants, as lowercase full names of catalog actions.
    let granted: BTreeSet<ActionId> = actions.iter().flat_map(|a| catalog.expand(a)).collect();
    // Per service: its actions' lowercase names, to test prefixes cheaply.
    let mut names: std::collections::HashMap<String, Vec<(String, ActionId)>> =
        std::collections::HashMap::new();
    // Whether every action of `service` whose name starts with `prefix`
    // (lowercase) is already granted: then `service:Prefix*` is safe.
    let mut safe = |service: &str, prefix: &str| {
        let list = names
            .entry(service.to_ascii_lowercase())
            .or_insert_with(|| {
                catalog
                    .actions_of(service, None)
                    .into_iter()
                    .map(|id| (catalog.action_info(id).name().to_ascii_lowercase(), id))
                    .collect()
            });
        !list.is_empty()
            && list
                .iter()
                .filter(|(n, _)| n.starts_with(prefix))
                .all(|(_, id)| granted.contains(id))
    };

    let mut out: BTreeSet<String> = BTreeSet::new();
    for a in actions {
        if wildcard::has_wildcard(a) {
            out.insert(a.clone());
            continue;
        }
        let Some((service, name)) = a.split_once(':') else {
            out.insert(a.clone());
            continue;
        };
        if out.iter().any(|p| wildcard::is_match_ignore_case(p, a)) {
            continue;
        }
        // Candidate prefixes at word boundaries: `Get`, `GetObject`, ...
        let mut best = a.clone();
        if safe(service, "") {
            best = format!("{service}:*");
        } else {
            for cut in word_boundaries(name) {
                if safe(service, &name[..cut].to_ascii_lowercase()) {
                    best = format!("{service}:{}*", &name[..cut]);
                    break;
                }
            }
        }
        out.insert(best);
    }
    // Drop exact names a chosen pattern already covers.
    let patterns: Vec<String> = out
        .iter()
        .filter(|p| wildcard::has_wildcard(p))
        .cloned()
        .collect();
    out.retain(|a| {
        wildcard::has_wildcard(a)
            || !patterns
                .iter()
                .any(|p| wildcard::is_match_ignore_case(p, a))
    });
    let mut v: Vec<String> = out.into_iter().collect();
    v.sort_by_key(|s| s.to_ascii_lowercase());
    v
}

/// Byte offsets where a new capitalised word starts, shortest first.
fn word_boundaries(name: &str) -> Vec<usize> {
    let bytes = name.as_bytes();
    (1..bytes.len())
        .filter(|&i| bytes[i].is_ascii_uppercase() && !bytes[i - 1].is_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::word_boundaries;

    #[test]
    fn word_boundaries_table() {
        assert_eq!(word_boundaries("GetObjectAcl"), vec![3, 9]);
        assert_eq!(word_boundaries("ListBucket"), vec![4]);
        assert_eq!(word_boundaries("Get"), Vec::<usize>::new());
    }
}
