//! The ARN parser and validators, and template filling: never a panic.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use policy_builder::arn::{self, Arn, ArnTemplate, Partition};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = text.parse::<Arn>();
    let _ = arn::validate_arn(text);
    let _ = arn::validate_bucket_name(text);
    let _ = arn::validate_account(text);
    for p in Partition::ALL {
        let _ = arn::validate_region(p, text);
    }
    if let Ok(t) = text.parse::<ArnTemplate>() {
        let values: BTreeMap<String, String> = t
            .placeholders()
            .into_iter()
            .map(|p| (p.to_string(), text.chars().take(40).collect()))
            .collect();
        let _ = t.fill(&values);
    }
    let c = policy_builder::catalog::bundled();
    if let Some(id) = c.action("s3:GetObject") {
        let _ = c.matching_resource_types(id, text);
    }
});
