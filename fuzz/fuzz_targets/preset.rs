//! The URL-parameter preset reader: never a panic, and a preset never holds
//! something that looks like a credential.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_builder::preset::parse_query;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = parse_query(text) {
        let debug = format!("{p:?}");
        assert!(policy_builder::secrets::find_credential(&debug).is_none());
    }
});
