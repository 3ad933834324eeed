//! Share links: a value (the builder's choices) packed into a URL fragment.
//!
//! The text is a version byte followed by the value's JSON compressed with
//! DEFLATE, all in base64url without padding. Decoding caps the text and the
//! decompressed size, so a hostile link cannot make the page allocate much.
//!
//! ```
//! use policy_builder::share;
//!
//! let text = share::encode(&vec!["s3:PutObject".to_string()]);
//! let back: Vec<String> = share::decode(&text).unwrap();
//! assert_eq!(back, ["s3:PutObject"]);
//! assert!(share::decode::<Vec<String>>("not a link!").is_err());
//! ```

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The format version written as the first byte.
pub const VERSION: u8 = 1;
/// The longest share text decoded, in characters.
pub const MAX_TEXT: usize = 16 * 1024;
/// The largest decompressed JSON accepted, in bytes.
pub const MAX_JSON: usize = 256 * 1024;

/// A share link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareError {
    /// The first characters of the text given (at most 40).
    pub input: String,
    pub kind: ShareErrorKind,
}

/// What was wrong with a share link.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareErrorKind {
    /// The text is longer than [`MAX_TEXT`].
    TooLong,
    /// The text is not base64url.
    BadBase64,
    /// The text is empty or its version byte is not [`VERSION`].
    UnknownVersion(Option<u8>),
    /// The data does not inflate, or inflates past [`MAX_JSON`].
    BadData,
    /// The JSON is not a value of the expected shape.
    BadJson(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("This link is damaged or from a newer version")?;
        match &self.kind {
            ShareErrorKind::TooLong => write!(f, " (longer than {MAX_TEXT} characters)"),
            ShareErrorKind::BadBase64 => f.write_str(" (not base64url)"),
            ShareErrorKind::UnknownVersion(Some(v)) => write!(f, " (format version {v})"),
            ShareErrorKind::UnknownVersion(None) => f.write_str(" (empty)"),
            ShareErrorKind::BadData => f.write_str(" (the data does not decompress)"),
            ShareErrorKind::BadJson(m) => write!(f, " ({m})"),
        }
    }
}

impl std::error::Error for ShareError {}

/// `value` as share text.
pub fn encode<T: Serialize>(value: &T) -> String {
    let json =
        serde_json::to_vec(value).expect("UI state serialises: no maps with non-string keys");
    let mut bytes = vec![VERSION];
    bytes.extend(miniz_oxide::deflate::compress_to_vec(&json, 9));
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Share text back to a value.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ShareError> {
    let err = |kind| ShareError {
        input: text.chars().take(40).collect(),
        kind,
    };
    if text.len() > MAX_TEXT {
        return Err(err(ShareErrorKind::TooLong));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| err(ShareErrorKind::BadBase64))?;
    match bytes.first() {
        Some(&VERSION) => {}
        other => return Err(err(ShareErrorKind::UnknownVersion(other.copied()))),
    }
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes[1..], MAX_JSON)
        .map_err(|_| err(ShareErrorKind::BadData))?;
    serde_json::from_slice(&json).map_err(|e| err(ShareErrorKind::BadJson(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choices::{Choices, Group};

    /// A named link and a check of the error it gives.
    type Case<'a> = (&'a str, &'a str, fn(&ShareErrorKind) -> bool);

    #[test]
    fn round_trips_choices() {
        let mut group = Group::new("s3");
        group.actions.insert("PutObject".into());
        let choices = Choices {
            account: Some("123456789012".into()),
            groups: vec![group],
            ..Choices::default()
        };
        let text = encode(&choices);
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode::<Choices>(&text), Ok(choices));
    }

    #[test]
    fn a_link_of_the_maximum_length_decodes() {
        // Grow a group's actions until one more would pass MAX_TEXT.
        let mut group = Group::new("ec2");
        let mut longest = String::new();
        for i in 0.. {
            group
                .actions
                .insert(format!("Describe{i:05}Thing{}", i * 7919 % 1000));
            let choices = Choices {
                groups: vec![group.clone()],
                ..Choices::default()
            };
            let text = encode(&choices);
            if text.len() > MAX_TEXT {
                break;
            }
            longest = text;
        }
        assert!(longest.len() > MAX_TEXT - 64, "{}", longest.len());
        let back: Choices = decode(&longest).unwrap();
        assert_eq!(back.groups[0].actions.len(), group.actions.len() - 1);
    }

    #[test]
    fn rejects_damaged_links() {
        let good = encode(&"x");
        let newer = URL_SAFE_NO_PAD.encode([2u8, 0, 0]);
        let bomb = {
            let zeros = vec![b' '; MAX_JSON + 10];
            let mut b = vec![VERSION];
            b.extend(miniz_oxide::deflate::compress_to_vec(&zeros, 9));
            URL_SAFE_NO_PAD.encode(b)
        };
        let cases: &[Case] = &[
            ("empty", "", |k| {
                matches!(k, ShareErrorKind::UnknownVersion(None))
            }),
            ("not base64", "a b!", |k| *k == ShareErrorKind::BadBase64),
            ("newer version", &newer, |k| {
                matches!(k, ShareErrorKind::UnknownVersion(Some(2)))
            }),
            ("truncated", &good[..good.len() - 3], |k| {
                matches!(
                    k,
                    ShareErrorKind::BadBase64
                        | ShareErrorKind::BadData
                        | ShareErrorKind::BadJson(_)
                )
            }),
            ("too long", &"A".repeat(MAX_TEXT + 1), |k| {
                *k == ShareErrorKind::TooLong
            }),
            ("zip bomb", &bomb, |k| *k == ShareErrorKind::BadData),
        ];
        for (name, text, expected) in cases {
            let e = decode::<String>(text).expect_err(name);
            assert!(expected(&e.kind), "{name}: {e:?}");
            assert!(e
                .to_string()
                .starts_with("This link is damaged or from a newer version"));
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_choices_round_trip(
            services in proptest::collection::vec("[a-z0-9-]{1,12}", 0..4),
            actions in proptest::collection::btree_set("[A-Za-z]{1,20}", 0..6),
            account in proptest::option::of("[0-9]{12}"),
        ) {
            let groups = services.iter().map(|s| {
                let mut g = Group::new(s);
                g.actions = actions.clone();
                g
            }).collect();
            let choices = Choices { account, groups, ..Choices::default() };
            proptest::prop_assert_eq!(decode::<Choices>(&encode(&choices)), Ok(choices));
        }

        #[test]
        fn decoding_never_panics(text in ".{0,200}") {
            let _ = decode::<Choices>(&text);
        }
    }
}
