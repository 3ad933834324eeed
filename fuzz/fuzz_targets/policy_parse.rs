//! The policy import parser: any text either parses (and then prints and
//! parses back to the same policy, and lints and explains without panicking)
//! or is rejected with an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_builder::policy::Policy;
use policy_builder::{catalog, explain};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(policy) = Policy::parse(text) else {
        return;
    };
    let printed = policy.to_json();
    let again = Policy::parse(&printed).expect("printed policies parse");
    assert_eq!(again, policy);
    let _ = explain::explain(catalog::bundled(), &policy);
});
