//! The share-link decoder: any text decodes to a state or to a clear error,
//! within its size caps, and a decoded state encodes back to a link that
//! decodes to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_builder::session::State;
use policy_builder::share;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(state) = share::decode::<State>(text) {
        let again: State = share::decode(&share::encode(&state)).expect("re-encoded links decode");
        assert_eq!(share::encode(&again), share::encode(&state));
    }
});
