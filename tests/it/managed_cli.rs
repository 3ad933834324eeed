//! The whole CLI over AWS's managed policies (moto's corpus, see
//! `managed.rs`): real policies nobody here wrote must go through `lint`,
//! `explain`, `import` and `minimize` without a crash, without exit 2
//! ("unusable input") and without the credential guard refusing them, and
//! `minimize` must never grant more than its input.
//!
//! Cost: one `policy-builder` process parses the whole catalog (measured on
//! the shared 2-core machine: ~70 ms for `lint`, ~230 ms for `import`), so
//! 1,582 policies × 4 commands is over 6,000 processes and ~10 minutes, far
//! too slow for `./test`. So every policy goes through the library functions the
//! commands call (`secrets::find_credential`, `Policy::parse`, `lint_text`,
//! `explain`, `import`, `minimize`), and the real binary runs on a
//! deterministic sample: every [`BINARY_SAMPLE_STEP`]th policy by name, plus
//! the largest ones, which are the likeliest to stress it.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::Command;

use policy_builder::catalog::{self, ActionId, Catalog};
use policy_builder::explain::{actions_of, explain};
use policy_builder::generate::minimize;
use policy_builder::import::import;
use policy_builder::lint::lint_text;
use policy_builder::policy::{Policy, SizeLimit};
use policy_builder::secrets::find_credential;

use crate::managed::{managed_policies, Managed};

/// One policy in this many goes through the binary.
const BINARY_SAMPLE_STEP: usize = 32;
/// And so do this many of the largest.
const LARGEST: usize = 8;

/// The smallest limit, so that most managed policies must be compressed and
/// `minimize` has something to get wrong (at the managed-policy limit AWS's
/// own policies nearly all fit and come back unchanged).
const TIGHT: SizeLimit = SizeLimit::InlineUser;

/// Why `after` grants something `before` does not, or `None`.
///
/// `minimize` only rewrites `Action` lists, so statement by statement the
/// effect, resources and condition must be unchanged and the list must match
/// exactly the same catalog actions: fewer on an Allow would lose access,
/// more would widen it; on a Deny, fewer would widen. The explainer's grants
/// (action → scopes) must then be equal as sets.
fn widening(c: &Catalog, before: &Policy, after: &Policy) -> Option<String> {
    if before.statements.len() != after.statements.len() {
        return Some(format!(
            "{} statements became {}",
            before.statements.len(),
            after.statements.len()
        ));
    }
    for (i, (b, a)) in before.statements.iter().zip(&after.statements).enumerate() {
        if b.effect != a.effect || b.resource != a.resource || b.condition != a.condition {
            return Some(format!("statement {i} changed more than its actions"));
        }
        let (was, now): (BTreeSet<ActionId>, BTreeSet<ActionId>) =
            (actions_of(c, &b.action), actions_of(c, &a.action));
        if was != now {
            let name = |id: &ActionId| c.action_info(*id).full_name();
            // The first few of each, so a failure stays readable.
            let added: Vec<String> = now.difference(&was).take(5).map(name).collect();
            let lost: Vec<String> = was.difference(&now).take(5).map(name).collect();
            return Some(format!(
                "statement {i}: {} actions added (first {added:?}), {} lost (first {lost:?})",
                now.difference(&was).count(),
                was.difference(&now).count()
            ));
        }
    }
    let (eb, ea) = (explain(c, before), explain(c, after));
    let grants = |e: &policy_builder::explain::Explanation| -> BTreeSet<String> {
        e.grants.iter().map(|g| format!("{g:?}")).collect()
    };
    (grants(&eb) != grants(&ea)).then(|| "the explainer's grants differ".to_string())
}

/// Every check of this file on one policy, through the library.
fn check_in_library(c: &Catalog, m: &Managed) -> Result<(), String> {
    if let Some(found) = find_credential(&m.document) {
        return Err(format!(
            "refused as {}: {:?}",
            found.kind.describe(),
            &m.document[found.range()]
        ));
    }
    let policy = Policy::parse(&m.document).map_err(|e| format!("does not parse: {e}"))?;
    lint_text(c, &m.document, None).map_err(|e| format!("lint: {e}"))?;
    explain(c, &policy);
    import(c, &m.document).map_err(|e| format!("import: {e}"))?;
    let minimized = match minimize(c, &policy, TIGHT) {
        Ok(p) => p,
        // Still too big: what it reached must not widen either.
        Err(e) => e.policy,
    };
    match widening(c, &policy, &minimized) {
        Some(why) => Err(format!("minimize widened it: {why}")),
        None => Ok(()),
    }
}

#[test]
fn every_managed_policy_goes_through_the_library() {
    let c = catalog::bundled();
    let mut failures = Vec::new();
    for m in managed_policies() {
        match catch_unwind(AssertUnwindSafe(|| check_in_library(c, m))) {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{}: {why}", m.name)),
            Err(_) => failures.push(format!("{}: panicked", m.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} managed policies failed:\n{}",
        failures.len(),
        managed_policies().len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

/// The sampled policies: every [`BINARY_SAMPLE_STEP`]th by name, and the
/// [`LARGEST`] largest.
fn sample() -> Vec<&'static Managed> {
    let all = managed_policies();
    let mut by_size: Vec<&Managed> = all.iter().collect();
    by_size.sort_by_key(|m| std::cmp::Reverse(m.document.len()));
    let mut names: BTreeSet<&str> = all
        .iter()
        .step_by(BINARY_SAMPLE_STEP)
        .map(|m| m.name.as_str())
        .collect();
    names.extend(by_size.iter().take(LARGEST).map(|m| m.name.as_str()));
    all.iter()
        .filter(|m| names.contains(m.name.as_str()))
        .collect()
}

/// (exit code, stdout, stderr); a crash (a signal, or Rust's panic status
/// 101) is reported as such.
fn run(args: &[&str]) -> Result<(i32, String, String), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .args(args)
        .output()
        .map_err(|e| format!("cannot run the CLI: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        None => Err(format!("killed by a signal: {stderr}")),
        Some(101) => Err(format!("panicked: {stderr}")),
        Some(code) => Ok((code, stdout, stderr)),
    }
}

#[test]
fn the_binary_takes_a_sample_of_managed_policies() {
    let c = catalog::bundled();
    let dir = std::env::temp_dir().join(format!("managed-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let sample = sample();
    assert!(sample.len() >= 50, "only {} sampled", sample.len());
    let mut failures = Vec::new();
    for m in &sample {
        let path = dir.join(format!("{}.json", m.name));
        std::fs::write(&path, &m.document).expect("write the policy");
        let file = path.to_str().expect("a UTF-8 temporary path");
        for cmd in ["lint", "explain", "import"] {
            match run(&[cmd, file]) {
                // lint exits 1 for findings; 2 is "unusable input".
                Ok((2, _, err)) => failures.push(format!("{} {cmd}: exit 2: {err}", m.name)),
                Ok(_) => {}
                Err(why) => failures.push(format!("{} {cmd}: {why}", m.name)),
            }
        }
        match run(&["minimize", file, "--limit", "user"]) {
            Ok((code, out, err)) => {
                // Exit 2 here only says it still does not fit; it must say
                // so, and print what it reached, which must not widen.
                if code == 2 && !err.contains("after minimising") {
                    failures.push(format!("{} minimize: exit 2: {err}", m.name));
                    continue;
                }
                let before = Policy::parse(&m.document).expect("the corpus parses");
                match Policy::parse(&out) {
                    Ok(after) => {
                        if let Some(why) = widening(c, &before, &after) {
                            failures.push(format!("{} minimize widened it: {why}", m.name));
                        }
                    }
                    Err(e) => failures.push(format!("{} minimize printed no policy: {e}", m.name)),
                }
            }
            Err(why) => failures.push(format!("{} minimize: {why}", m.name)),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} failures over {} sampled policies:\n{}",
        failures.len(),
        sample.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

/// The check itself catches a widening: a `minimize` that replaced an
/// action by its whole service would be reported.
#[test]
fn widening_is_detected() {
    let c = catalog::bundled();
    let before = Policy::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    )
    .unwrap();
    let wider = Policy::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#,
    )
    .unwrap();
    let narrower_deny_before = Policy::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#,
    )
    .unwrap();
    let narrower_deny_after = Policy::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:Get*","Resource":"*"}]}"#,
    )
    .unwrap();
    assert!(widening(c, &before, &wider).is_some());
    assert!(widening(c, &narrower_deny_before, &narrower_deny_after).is_some());
    assert!(widening(c, &before, &before).is_none());
}
