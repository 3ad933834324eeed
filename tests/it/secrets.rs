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

/// Issue 15's examples: 40 characters of `[A-Za-z0-9/+]` that are ordinary
/// S3 object keys.
const S3_KEY_PATHS: [&str; 2] = [
    "accesspoint/b1xg5ry0/objEct/js/container",
    "uploads/2024/Summer/IMG1234/thumb/ab12Cd",
];

/// Every string in AWS's managed policies (ARNs, S3 paths, condition values,
/// action names), each whole document, and each ARN with a wildcard made
/// concrete with a real S3 key path, that the guard takes for a credential.
/// None of them is one: AWS publishes these policies.
///
/// Measured: the corpus's own strings and documents raised no alarm before
/// the fix either (0 of 150,009 strings, 0 of 1,582 documents); the 5,108
/// ARNs made concrete raised 4,764 before and raise 0 now.
fn false_alarms() -> Vec<String> {
    fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| {
                out.push(k);
                strings(v, out);
            }),
            _ => {}
        }
    }
    let mut alarms = Vec::new();
    for m in crate::managed::managed_policies() {
        let doc: serde_json::Value = serde_json::from_str(&m.document).expect("the corpus is JSON");
        let mut all = Vec::new();
        strings(&doc, &mut all);
        for s in all {
            if let Some(found) = find_credential(s) {
                alarms.push(format!("{}: {:?} in {s:?}", m.name, &s[found.range()]));
            }
            // The corpus's ARNs end in wildcards where real ones name a path:
            // put the two S3 key paths where the first `*` is.
            if s.starts_with("arn:") && s.contains('*') {
                for path in S3_KEY_PATHS {
                    let real = s.replacen('*', path, 1);
                    if let Some(found) = find_credential(&real) {
                        alarms.push(format!(
                            "{}: {:?} in {real:?}",
                            m.name,
                            &real[found.range()]
                        ));
                    }
                }
            }
        }
        if let Some(found) = find_credential(&m.document) {
            alarms.push(format!(
                "{} (whole document): {:?}",
                m.name,
                &m.document[found.range()]
            ));
        }
    }
    alarms
}

#[test]
fn no_false_alarm_on_awss_managed_policies() {
    let alarms = false_alarms();
    assert!(
        alarms.is_empty(),
        "{} false alarms:\n{}",
        alarms.len(),
        alarms.join("\n")
    );
}

proptest! {
    /// What `redact` shows holds nothing the guard would flag, and keeps
    /// the text around each credential.
    #[test]
    fn redacted_text_holds_no_credential(
        before in "[a-z {}\":,]{0,40}",
        key in "(AKIA|ASIA)[A-Z2-7]{16}",
        between in "[a-z {}\":,]{0,40}",
        secret in "[A-Za-z0-9/+]{40}",
        after in "[a-z {}\":,]{0,40}",
    ) {
        let text = format!("{before} {key} {between} \"secretAccessKey\": \"{secret}\" {after}");
        let shown = policy_builder::secrets::redact(&text);
        prop_assert_eq!(find_credential(&shown), None);
        prop_assert!(!shown.contains(&key));
        prop_assert!(shown.starts_with(&before));
        prop_assert!(shown.ends_with(&after));
    }
}
