//! URL presets for docs authors: a link that opens the builder on a recipe
//! with parameters filled in, some of them locked.
//!
//! `?recipe=js-publisher&bucket=mojito-example&container=app&lock=bucket,container`
//! plus `embed=1` (compact layout for an iframe), `theme=light|dark` and
//! `partition=aws-cn`. Unknown keys are ignored; parameters are kept only if
//! the recipe has them; sizes are capped; nothing here panics.
//!
//! ```
//! use policy_builder::preset::parse_query;
//!
//! let p = parse_query("?recipe=js-publisher&bucket=my-bucket&lock=bucket&embed=1").unwrap();
//! assert_eq!(p.recipe.as_deref(), Some("js-publisher"));
//! assert_eq!(p.params["bucket"], "my-bucket");
//! assert!(p.lock.contains("bucket") && p.embed);
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::arn::Partition;
use crate::recipe;
use crate::secrets;
use crate::session::Theme;

/// The longest query string read, in bytes.
pub const MAX_QUERY: usize = 4096;
/// The longest single value kept, in characters.
pub const MAX_VALUE: usize = 256;

/// What a preset link asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preset {
    pub recipe: Option<String>,
    /// Parameter values by name, only those the recipe has.
    pub params: BTreeMap<String, String>,
    /// Parameters shown read-only.
    pub lock: BTreeSet<String>,
    pub embed: bool,
    pub theme: Option<Theme>,
    pub partition: Option<Partition>,
}

impl Preset {
    /// Whether the link asks for nothing.
    pub fn is_empty(&self) -> bool {
        *self == Preset::default()
    }
}

/// A preset link could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetError {
    /// The key at fault (`recipe`, `partition`, a parameter name), or empty.
    pub key: String,
    /// The value given, capped to [`MAX_VALUE`] characters.
    pub input: String,
    pub kind: PresetErrorKind,
}

/// What was wrong.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PresetErrorKind {
    /// The query string is longer than [`MAX_QUERY`].
    TooLong,
    /// No recipe has this id.
    UnknownRecipe,
    /// Not `aws`, `aws-cn` or `aws-us-gov`.
    UnknownPartition,
    /// Not `light`, `dark` or `auto`.
    UnknownTheme,
    /// The value looks like an AWS credential; it was dropped.
    Credential,
}

impl fmt::Display for PresetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            PresetErrorKind::TooLong => {
                write!(f, "the link's query is longer than {MAX_QUERY} characters")
            }
            PresetErrorKind::UnknownRecipe => {
                let ids: Vec<&str> = recipe::all().iter().map(|r| r.id.as_str()).collect();
                write!(
                    f,
                    "the link names recipe `{}`, which does not exist: choose one of {}",
                    self.input,
                    ids.join(", ")
                )
            }
            PresetErrorKind::UnknownPartition => write!(
                f,
                "the link's partition `{}` is not aws, aws-cn or aws-us-gov",
                self.input
            ),
            PresetErrorKind::UnknownTheme => {
                write!(f, "the link's theme `{}` is not light or dark", self.input)
            }
            PresetErrorKind::Credential => write!(
                f,
                "the link's `{}` looks like an AWS credential and was ignored: this tool never needs credentials",
                self.key
            ),
        }
    }
}

impl std::error::Error for PresetError {}

/// Reads a query string (with or without the leading `?`).
pub fn parse_query(query: &str) -> Result<Preset, PresetError> {
    let err = |key: &str, input: &str, kind| PresetError {
        key: key.to_string(),
        input: input.chars().take(MAX_VALUE).collect(),
        kind,
    };
    if query.len() > MAX_QUERY {
        return Err(err("", "", PresetErrorKind::TooLong));
    }
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v).chars().take(MAX_VALUE).collect())
        })
        .collect();
    let mut preset = Preset::default();
    let mut rest = BTreeMap::new();
    for (key, value) in pairs {
        if secrets::find_credential(&value).is_some() {
            return Err(err(&key, "", PresetErrorKind::Credential));
        }
        match key.as_str() {
            "recipe" => {
                if recipe::find(&value).is_none() {
                    return Err(err(&key, &value, PresetErrorKind::UnknownRecipe));
                }
                preset.recipe = Some(value);
            }
            "lock" => preset.lock.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            ),
            "embed" => preset.embed = matches!(value.as_str(), "1" | "true" | ""),
            "theme" => {
                preset.theme = Some(
                    value
                        .parse()
                        .map_err(|_| err(&key, &value, PresetErrorKind::UnknownTheme))?,
                )
            }
            "partition" => {
                preset.partition = Some(
                    value
                        .parse()
                        .map_err(|_| err(&key, &value, PresetErrorKind::UnknownPartition))?,
                )
            }
            _ => {
                rest.insert(key, value);
            }
        }
    }
    if let Some(r) = preset.recipe.as_deref().and_then(recipe::find) {
        preset.params = r
            .params
            .iter()
            .filter_map(|p| rest.get(&p.name).map(|v| (p.name.clone(), v.clone())))
            .collect();
        preset
            .lock
            .retain(|name| r.params.iter().any(|p| &p.name == name));
    } else {
        preset.lock.clear();
    }
    Ok(preset)
}

/// Percent-decoding with `+` as space; bad escapes are kept as written and
/// invalid UTF-8 is replaced, so any input decodes.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: Option<&u8>) -> Option<u8> {
    (*b? as char).to_digit(16).map(|d| d as u8)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// A named query and a check of what it gives.
    type Case<'a> = (&'a str, &'a str, fn(&Preset) -> bool);

    #[test]
    fn reads_presets() {
        let cases: &[Case] = &[
            ("empty", "", Preset::is_empty),
            ("question mark only", "?", Preset::is_empty),
            (
                "recipe and params",
                "?recipe=js-publisher&bucket=mojito-example&container=app",
                |p| p.params.len() == 2 && p.params["container"] == "app",
            ),
            (
                "unknown keys ignored",
                "?utm_source=x&recipe=js-publisher&nope=1",
                |p| p.params.is_empty(),
            ),
            (
                "params without recipe ignored",
                "?bucket=b&lock=bucket",
                |p| p.params.is_empty() && p.lock.is_empty(),
            ),
            (
                "lock keeps recipe params",
                "?recipe=js-publisher&lock=bucket,,nope,container",
                |p| {
                    p.lock.iter().map(String::as_str).collect::<Vec<_>>() == ["bucket", "container"]
                },
            ),
            (
                "percent and plus",
                "?recipe=js-publisher&container=a%2Fb+c",
                |p| p.params["container"] == "a/b c",
            ),
            (
                "bad escape kept",
                "?recipe=js-publisher&container=a%zz%",
                |p| p.params["container"] == "a%zz%",
            ),
            ("embed", "?embed=1", |p| p.embed),
            ("theme", "?theme=dark", |p| p.theme == Some(Theme::Dark)),
            ("partition", "?partition=aws-cn", |p| {
                p.partition == Some(Partition::AwsCn)
            }),
            (
                "long value capped",
                &format!("?recipe=js-publisher&bucket={}", "a".repeat(1000)),
                |p| p.params["bucket"].len() == MAX_VALUE,
            ),
        ];
        for (name, query, check) in cases {
            let p = parse_query(query).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(check(&p), "{name}: {p:?}");
        }
    }

    #[test]
    fn rejects_bad_presets() {
        let cases = [
            (
                "unknown recipe",
                "?recipe=nope",
                PresetErrorKind::UnknownRecipe,
            ),
            (
                "unknown partition",
                "?partition=aws-moon",
                PresetErrorKind::UnknownPartition,
            ),
            (
                "unknown theme",
                "?theme=pink",
                PresetErrorKind::UnknownTheme,
            ),
            (
                "credential",
                "?recipe=js-publisher&bucket=AKIAIOSFODNN7EXAMPLE",
                PresetErrorKind::Credential,
            ),
            (
                "too long",
                &format!("?x={}", "a".repeat(MAX_QUERY)),
                PresetErrorKind::TooLong,
            ),
        ];
        for (name, query, kind) in cases {
            let e = parse_query(query).expect_err(name);
            assert_eq!(e.kind, kind, "{name}");
            assert!(
                !e.to_string().contains("AKIA"),
                "{name}: never echo a credential"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(query in "\\PC{0,300}") {
            let _ = parse_query(&query);
        }
    }
}
