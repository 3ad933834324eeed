use policy_builder::secrets::{find_credential, CredentialKind};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn never_panics(text in any::<String>()) {
        if let Some(m) = find_credential(&text) {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
    }

    #[test]
    fn finds_a_key_id_anywhere(
        before in "[a-z .,{}\":]{0,40}",
        key in "(AKIA|ASIA)[A-Z2-7]{16}",
        after in "[a-z .,{}\":]{0,40}",
    ) {
        let text = format!("{before} {key} {after}");
        let m = find_credential(&text).expect("found");
        prop_assert_eq!(m.kind, CredentialKind::AccessKeyId);
        prop_assert_eq!(&text[m.start..m.end], key.as_str());
    }
}
