//! The policy import path, as a paste takes it in the UI and in
//! `policy-builder import`: the credential guard, the parser, the linter,
//! the explainer and the way back into the builder's choices. Any text is
//! either imported or refused with an error, never a panic; a parsed policy
//! prints and parses back to itself; and the choices it leads to generate
//! without a panic, as "Continue in the builder" does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_builder::import::{import, ImportError};
use policy_builder::policy::Policy;
use policy_builder::{catalog, explain, lint, session};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let c = catalog::bundled();
    let imported = import(c, text);
    let Ok(policy) = Policy::parse(text) else {
        assert!(imported.is_err(), "import accepted what does not parse");
        return;
    };
    let printed = policy.to_json();
    let again = Policy::parse(&printed).expect("printed policies parse");
    assert_eq!(again, policy);
    match imported {
        Ok(imported) => {
            assert_eq!(imported.policy, policy);
            let _ = session::generate_lenient(c, &imported.choices);
        }
        // Refused before parsing; the policy still goes through the rest.
        Err(ImportError::Credential(_)) => {
            let _ = lint::lint(c, &policy);
            let _ = explain::explain(c, &policy);
        }
        Err(ImportError::Parse(e)) => panic!("import rejects a policy that parses: {e}"),
    }
});
