//! Choices JSON → generate → lint → explain: never a panic, and a generated
//! policy always parses back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_builder::choices::Choices;
use policy_builder::policy::Policy;
use policy_builder::{catalog, explain, generate, lint};

fuzz_target!(|data: &[u8]| {
    let Ok(choices) = serde_json::from_slice::<Choices>(data) else {
        return;
    };
    let c = catalog::bundled();
    let Ok(policy) = generate::generate(c, &choices) else {
        return;
    };
    let again = Policy::parse(&policy.to_json()).expect("generated policies parse");
    assert_eq!(again, policy);
    let _ = lint::lint(c, &policy);
    let _ = explain::explain(c, &policy);
});
