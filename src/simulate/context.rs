//! The request context: condition key → values.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The condition keys of a request and their values.
///
/// IAM User Guide, "IAM JSON policy elements: Condition": "Condition key
/// names are not case-sensitive", so keys are stored lowercased. Values keep
/// their case. A key may have several values (a multivalued key such as
/// `aws:TagKeys`, see "Single-valued vs multivalued context keys"); a key
/// that is not here is *missing* from the request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    keys: BTreeMap<String, Vec<String>>,
}

impl Context {
    /// An empty context: every key is missing.
    pub fn new() -> Context {
        Context::default()
    }

    /// Appends `value` to the values of `key`.
    pub fn insert(&mut self, key: &str, value: impl Into<String>) {
        self.keys
            .entry(key.to_ascii_lowercase())
            .or_default()
            .push(value.into());
    }

    /// Parses `KEY=VALUE` (as the CLI's `--context` takes it) and appends
    /// the value; a repeated key gets several values.
    pub fn insert_pair(&mut self, pair: &str) -> Result<(), ContextPairError> {
        let ContextPair { key, value } = pair.parse()?;
        self.insert(&key, value);
        Ok(())
    }

    /// The values of `key` (any case), or `None` when the key is missing.
    /// A key is never present with no values.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.keys
            .get(&key.to_ascii_lowercase())
            .map(Vec::as_slice)
            .filter(|values| !values.is_empty())
    }

    /// Keys (lowercased) and their values, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.keys.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

impl<K: AsRef<str>, V: Into<String>> FromIterator<(K, V)> for Context {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Context {
        let mut context = Context::new();
        for (key, value) in iter {
            context.insert(key.as_ref(), value);
        }
        context
    }
}

/// One `KEY=VALUE` pair; the value may itself contain `=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextPair {
    pub key: String,
    pub value: String,
}

impl FromStr for ContextPair {
    type Err = ContextPairError;

    fn from_str(input: &str) -> Result<ContextPair, ContextPairError> {
        let error = |kind| ContextPairError {
            input: input.to_string(),
            kind,
        };
        let (key, value) = input
            .split_once('=')
            .ok_or_else(|| error(ContextPairErrorKind::MissingEquals))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(error(ContextPairErrorKind::EmptyKey));
        }
        Ok(ContextPair {
            key: key.to_string(),
            value: value.to_string(),
        })
    }
}

impl fmt::Display for ContextPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// A `KEY=VALUE` pair that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextPairError {
    /// The text as given.
    pub input: String,
    pub kind: ContextPairErrorKind,
}

/// Why a `KEY=VALUE` pair could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContextPairErrorKind {
    /// There is no `=` between the key and the value.
    MissingEquals,
    /// The text before `=` is empty.
    EmptyKey,
}

impl fmt::Display for ContextPairError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ContextPairErrorKind::MissingEquals => write!(
                f,
                "context {:?} is not KEY=VALUE: it has no '='",
                self.input
            ),
            ContextPairErrorKind::EmptyKey => {
                write!(f, "context {:?} has an empty key before '='", self.input)
            }
        }
    }
}

impl std::error::Error for ContextPairError {}

#[cfg(test)]
mod tests {
    use super::*;

    type Want = Result<(&'static str, &'static str), ContextPairErrorKind>;

    #[test]
    fn pairs() {
        use ContextPairErrorKind::*;
        // (name, input, result)
        #[rustfmt::skip]
        let cases: [(&str, &str, Want); 6] = [
            ("plain", "aws:SourceIp=10.0.0.1", Ok(("aws:SourceIp", "10.0.0.1"))),
            ("value keeps later equals", "k=a=b", Ok(("k", "a=b"))),
            ("empty value is a value", "k=", Ok(("k", ""))),
            ("key is trimmed", " k =v", Ok(("k", "v"))),
            ("no equals", "aws:SourceIp", Err(MissingEquals)),
            ("no key", "=v", Err(EmptyKey)),
        ];
        for (name, input, want) in cases {
            let got = input
                .parse::<ContextPair>()
                .map_err(|e| e.kind)
                .map(|p| (p.key, p.value));
            let want = want.map(|(k, v)| (k.to_string(), v.to_string()));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn keys_ignore_case_and_repeated_keys_append() {
        let mut context = Context::new();
        context.insert_pair("aws:TagKeys=a").unwrap();
        context.insert_pair("AWS:tagkeys=b").unwrap();
        assert_eq!(
            context.get("aws:TagKeys"),
            Some(&["a".to_string(), "b".to_string()][..])
        );
        assert_eq!(context.get("aws:SourceIp"), None);
        assert!(context.insert_pair("nope").is_err());
    }
}
