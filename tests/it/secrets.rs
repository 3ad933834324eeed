//! Properties of the credential guard on arbitrary text.

use policy_builder::secrets::{find_credential, CredentialKind};
use proptest::prelude::*;

proptest! {
    #[test]
    fn never_panics_and_matches_on_char_boundaries(text in any::<String>()) {
        if let Some(m) = find_credential(&text) {
            prop_assert!(m.start < m.end);
            prop_assert!(text.get(m.range()).is_some());
        }
    }

    #[test]
    fn never_panics_on_credential_like_text(text in "[A-Za-z0-9/+=:\"' _\u{e9}\u{65e5}-]{0,300}") {
        if let Some(m) = find_credential(&text) {
            prop_assert!(text.get(m.range()).is_some());
        }
    }

    #[test]
    fn finds_an_access_key_id_between_spaces(
        before in any::<String>(),
        key in "AKIA[A-Z2-7]{16}",
        after in any::<String>(),
    ) {
        let text = format!("{before} {key} {after}");
        let at = before.len() + 1;
        prop_assert!(find_credential(&text).is_some());
        // Text before the key may hold a match of its own; from the key on,
        // the key is the first thing found, and exactly the key.
        let m = find_credential(&text[at..]).expect("the key is found");
        prop_assert_eq!(m.kind, CredentialKind::AccessKeyId);
        prop_assert_eq!(&text[at..][m.range()], key.as_str());
    }
}
