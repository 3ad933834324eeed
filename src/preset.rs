//! URL presets for docs authors: a link that opens the builder on a recipe
//! with parameters filled in, some of them locked.
//!
//! `?recipe=js-publisher&bucket=mojito-example&container=app&lock=bucket,container`
//! plus `embed=1` (compact layout for an iframe), `theme=light|dark` and
//! `partition=aws-cn`. Unknown keys are ignored; parameters are kept only if
//! the recipe has them; sizes are capped; nothing here panics.
//!
//! The role path for CI (issue 17): `auth=role&ci=github&repo=owner/name&ref=refs/heads/main`,
//! with each CI system's identifiers by their own names
//! ([`crate::trust::CiProvider::params`]). Where a recipe has a parameter of
//! the same name (`environment`, `project`), the plain name is the recipe's
//! and the CI identifier is written `ci-<name>`; `ci-<name>` is always read.
//! `ci=` alone implies `auth=role`. `lock=` locks CI identifiers too.
//!
//! The commands input (issue 16): `commands=<the url-encoded script>` opens
//! the builder on those commands. Other keys named like one of the script's
//! `$VAR`s fill it (`&BUCKET=my-site`), `lock=BUCKET` locks it, and
//! `account=` and `region=` set the scope its ARNs are built in.
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
use crate::commands;
use crate::recipe;
use crate::secrets;
use crate::session::{AuthMode, Theme};
use crate::trust::CiProvider;

/// The longest query string read, in bytes: room for a script of
/// [`MAX_COMMANDS`] characters once percent-encoded.
pub const MAX_QUERY: usize = 24 * 1024;
/// The longest single value kept, in characters.
pub const MAX_VALUE: usize = 256;
/// The longest `commands=` script, in characters. A longer one is refused,
/// never cut: a cut script would silently map fewer commands.
pub const MAX_COMMANDS: usize = 8 * 1024;

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
    /// `auth=user|role`.
    pub auth: Option<AuthMode>,
    /// `ci=github|gitlab|bitbucket|circleci`.
    pub ci: Option<CiProvider>,
    /// The CI system's identifiers by name, only those it has.
    pub ci_params: BTreeMap<String, String>,
    /// CI identifiers shown read-only.
    pub ci_lock: BTreeSet<String>,
    /// `account=` when the recipe has no parameter of that name (or there
    /// is no recipe): the builder's account setting, which the role's ARN
    /// needs.
    pub account: Option<String>,
    /// `region=`: the builder's region setting.
    pub region: Option<String>,
    /// `commands=`: the script the commands input opens on.
    pub commands: Option<String>,
    /// Values of the script's `$VAR`s, only those it uses.
    pub command_params: BTreeMap<String, String>,
    /// Script variables shown read-only.
    pub command_lock: BTreeSet<String>,
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
    /// The `commands=` script is longer than [`MAX_COMMANDS`].
    CommandsTooLong,
    /// Both `recipe=` and `commands=`: the builder opens on one of them.
    RecipeAndCommands,
    /// No recipe has this id.
    UnknownRecipe,
    /// Not `aws`, `aws-cn` or `aws-us-gov`.
    UnknownPartition,
    /// Not `light`, `dark` or `auto`.
    UnknownTheme,
    /// Not `user` or `role`.
    UnknownAuth,
    /// Not `github`, `gitlab`, `bitbucket` or `circleci`.
    UnknownCi,
    /// The value looks like an AWS credential; it was dropped.
    Credential,
}

impl fmt::Display for PresetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            PresetErrorKind::TooLong => {
                write!(f, "the link's query is longer than {MAX_QUERY} characters")
            }
            PresetErrorKind::CommandsTooLong => write!(
                f,
                "the link's commands are longer than {MAX_COMMANDS} characters: shorten the script"
            ),
            PresetErrorKind::RecipeAndCommands => f.write_str(
                "the link gives both a recipe and commands: the builder opens on one of them, so give one",
            ),
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
            PresetErrorKind::UnknownAuth => write!(
                f,
                "the link's auth `{}` is not user or role",
                self.input
            ),
            PresetErrorKind::UnknownCi => write!(
                f,
                "the link's CI system `{}` is not github, gitlab, bitbucket or circleci",
                self.input
            ),
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
            let (k, v) = (decode(k), decode(v));
            // The script is the one long value: checked whole below.
            let cap = if k == "commands" {
                usize::MAX
            } else {
                MAX_VALUE
            };
            let v = v.chars().take(cap).collect();
            (k, v)
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
            "auth" => {
                preset.auth = Some(
                    value
                        .parse()
                        .map_err(|_| err(&key, &value, PresetErrorKind::UnknownAuth))?,
                )
            }
            "ci" => {
                preset.ci = Some(
                    value
                        .parse()
                        .map_err(|_| err(&key, &value, PresetErrorKind::UnknownCi))?,
                )
            }
            "commands" => {
                if value.chars().count() > MAX_COMMANDS {
                    return Err(err(&key, "", PresetErrorKind::CommandsTooLong));
                }
                preset.commands = Some(value);
            }
            _ => {
                rest.insert(key, value);
            }
        }
    }
    if preset.recipe.is_some() && preset.commands.is_some() {
        return Err(err("commands", "", PresetErrorKind::RecipeAndCommands));
    }
    let recipe = preset.recipe.as_deref().and_then(recipe::find);
    let lock = std::mem::take(&mut preset.lock);
    if let Some(script) = &preset.commands {
        for name in commands::variable_names(script) {
            if let Some(v) = rest.get(&name) {
                preset.command_params.insert(name.clone(), v.clone());
            }
            if lock.contains(&name) {
                preset.command_lock.insert(name);
            }
        }
    }
    if let Some(ci) = preset.ci {
        preset.auth.get_or_insert(AuthMode::Role);
        for spec in ci.params() {
            let key = ci_key(recipe, spec.name);
            let value = rest
                .get(&format!("ci-{}", spec.name))
                .or_else(|| rest.get(&key));
            if let Some(v) = value {
                preset.ci_params.insert(spec.name.to_string(), v.clone());
            }
            if lock.contains(&key) || lock.contains(&format!("ci-{}", spec.name)) {
                preset.ci_lock.insert(spec.name.to_string());
            }
        }
    }
    if !recipe.is_some_and(|r| r.has_param("account")) {
        preset.account = rest.get("account").cloned();
    }
    if !recipe.is_some_and(|r| r.has_param("region")) {
        preset.region = rest.get("region").cloned();
    }
    if let Some(r) = recipe {
        preset.params = r
            .params
            .iter()
            .filter_map(|p| rest.get(&p.name).map(|v| (p.name.clone(), v.clone())))
            .collect();
        preset.lock = lock
            .into_iter()
            .filter(|name| r.params.iter().any(|p| &p.name == name))
            .collect();
    }
    Ok(preset)
}

/// The URL key of CI identifier `name`: the name itself, or `ci-<name>`
/// when `recipe` has a parameter of that name.
fn ci_key(recipe: Option<&recipe::Recipe>, name: &str) -> String {
    if recipe.is_some_and(|r| r.has_param(name)) {
        format!("ci-{name}")
    } else {
        name.to_string()
    }
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

/// The preset that reopens what `state` shows as an embed: its recipe (the
/// first one), the parameter values, the locked fields, the partition when it
/// is not `aws`, and the theme when it is not `auto`. `None` when the builder
/// is not showing a recipe.
pub fn embed_preset(state: &crate::session::State) -> Option<Preset> {
    let role = state.auth == AuthMode::Role;
    let mut preset = Preset {
        embed: true,
        theme: (state.theme != Theme::Auto).then_some(state.theme),
        partition: (state.choices.partition != Partition::Aws).then_some(state.choices.partition),
        auth: role.then_some(AuthMode::Role),
        ci: role.then_some(state.ci),
        ci_params: if role {
            state.ci_values()
        } else {
            BTreeMap::new()
        },
        ci_lock: if role {
            state.ci_locked.clone()
        } else {
            BTreeSet::new()
        },
        ..Preset::default()
    };
    if state.screen == crate::session::Screen::Commands {
        if state.commands.trim().is_empty() {
            return None;
        }
        let names = commands::variable_names(&state.commands);
        preset.commands = Some(state.commands.clone());
        preset.command_params = state
            .command_params
            .iter()
            .filter(|(k, _)| names.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        preset.command_lock = state.commands_locked.clone();
        preset.account = state.choices.account.clone();
        preset.region = state.choices.region.clone();
        return Some(preset);
    }
    let id = state.recipes.first()?;
    let r = recipe::find(id)?;
    preset.recipe = Some(id.clone());
    preset.params = r
        .params
        .iter()
        .filter_map(|p| {
            state
                .params
                .get(&p.name)
                .map(|v| (p.name.clone(), v.clone()))
        })
        .collect();
    preset.lock = state.locked.clone();
    preset.account = state
        .choices
        .account
        .clone()
        .filter(|_| role && !r.has_param("account"));
    Some(preset)
}

impl Preset {
    /// The preset as a query string, starting with `?`: what [`parse_query`]
    /// reads back to the same preset. Parameters come in the recipe's order;
    /// values are percent-encoded.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(id) = &self.recipe {
            pairs.push(("recipe", id.clone()));
            let order: Vec<&str> = recipe::find(id)
                .map(|r| r.params.iter().map(|p| p.name.as_str()).collect())
                .unwrap_or_default();
            let mut names: Vec<&String> = self.params.keys().collect();
            names.sort_by_key(|n| order.iter().position(|o| *o == n.as_str()));
            for name in names {
                pairs.push((name, self.params[name].clone()));
            }
        }
        let recipe = self.recipe.as_deref().and_then(recipe::find);
        let mut lock: Vec<String> = if recipe.is_some() {
            self.lock.iter().cloned().collect()
        } else {
            Vec::new()
        };
        if let Some(script) = &self.commands {
            pairs.push(("commands", script.clone()));
            for name in commands::variable_names(script) {
                if let Some((k, v)) = self.command_params.get_key_value(&name) {
                    pairs.push((k.as_str(), v.clone()));
                }
                if self.command_lock.contains(&name) {
                    lock.push(name);
                }
            }
        }
        let mut ci_pairs: Vec<(String, String)> = Vec::new();
        if let Some(auth) = self.auth {
            ci_pairs.push(("auth".into(), auth.as_str().into()));
        }
        if let Some(ci) = self.ci {
            ci_pairs.push(("ci".into(), ci.as_str().into()));
            for spec in ci.params() {
                let key = ci_key(recipe, spec.name);
                if let Some(v) = self.ci_params.get(spec.name) {
                    ci_pairs.push((key.clone(), v.clone()));
                }
                if self.ci_lock.contains(spec.name) {
                    lock.push(key);
                }
            }
        }
        if let Some(a) = &self.account {
            ci_pairs.push(("account".into(), a.clone()));
        }
        if let Some(r) = &self.region {
            ci_pairs.push(("region".into(), r.clone()));
        }
        for (k, v) in &ci_pairs {
            pairs.push((k, v.clone()));
        }
        if !lock.is_empty() {
            pairs.push(("lock", lock.join(",")));
        }
        if let Some(p) = self.partition {
            pairs.push(("partition", p.as_str().to_string()));
        }
        if let Some(t) = self.theme {
            pairs.push(("theme", t.as_str().to_string()));
        }
        if self.embed {
            pairs.push(("embed", "1".to_string()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v).replace("%2C", ",")))
            .collect();
        format!("?{}", query.join("&"))
    }
}

/// The id of the iframe in [`embed_snippet`].
pub const EMBED_FRAME_ID: &str = "iam-policy-builder";

/// What a docs author pastes to embed the builder: an iframe opening `preset`
/// on the builder at `origin` + `path` (the page's own, e.g.
/// `https://example.com` and `/tools/iam/`), and a script that sets the
/// iframe's height from the builder's `iam-policy-builder:height` messages,
/// accepting them only from that origin and that iframe.
///
/// ```
/// use policy_builder::preset::{embed_snippet, parse_query};
///
/// let p = parse_query("?recipe=js-publisher&bucket=my-bucket&lock=bucket&embed=1").unwrap();
/// let html = embed_snippet("https://example.com", "/iam/", &p);
/// assert!(html.contains(r#"src="https://example.com/iam/?recipe=js-publisher&amp;bucket=my-bucket"#));
/// assert!(html.contains(r#"event.origin !== "https://example.com""#));
/// ```
pub fn embed_snippet(origin: &str, path: &str, preset: &Preset) -> String {
    let src = format!("{origin}{path}{}", preset.to_query());
    let title = preset
        .recipe
        .as_deref()
        .and_then(recipe::find)
        .map(|r| format!("IAM Policy Builder: {}", r.title))
        .or_else(|| {
            preset
                .commands
                .as_ref()
                .map(|_| "IAM Policy Builder: the policy these commands need".to_string())
        })
        .unwrap_or_else(|| "IAM Policy Builder".to_string());
    // A JSON string is a JS string literal; `<` escaped so no `</script>`.
    let origin_js = serde_json::to_string(origin)
        .expect("a string serialises")
        .replace('<', "\\u003c");
    format!(
        r#"<iframe id="{id}" title="{title}" src="{src}" width="100%" height="900" style="border: 0; width: 100%;"></iframe>
<script>
  // Fit the iframe to the builder's content. Only messages from the
  // builder's origin and from this iframe may set the height.
  window.addEventListener("message", function (event) {{
    var frame = document.getElementById("{id}");
    if (event.origin !== {origin_js} || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === "iam-policy-builder:height" && typeof data.height === "number") {{
      frame.style.height = Math.ceil(data.height) + "px";
    }}
  }});
</script>
"#,
        id = EMBED_FRAME_ID,
        title = escape_attr(&title),
        src = escape_attr(&src),
    )
}

/// Percent-encoding of everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text for a double-quoted HTML attribute.
fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
            (
                "commands keep only the script's variables",
                "?commands=aws+s3+sync+dist%2F+s3%3A%2F%2F%24BUCKET+--delete&BUCKET=my-site&OTHER=x&lock=BUCKET,OTHER",
                |p| {
                    p.commands.as_deref() == Some("aws s3 sync dist/ s3://$BUCKET --delete")
                        && p.command_params == BTreeMap::from([("BUCKET".into(), "my-site".into())])
                        && p.command_lock == BTreeSet::from(["BUCKET".to_string()])
                },
            ),
            (
                "commands take the account and region",
                "?commands=aws+dynamodb+get-item+--table-name+t&account=123456789012&region=eu-west-1",
                |p| {
                    p.account.as_deref() == Some("123456789012")
                        && p.region.as_deref() == Some("eu-west-1")
                },
            ),
            (
                "a long script is kept whole",
                &format!("?commands={}", "a".repeat(MAX_COMMANDS)),
                |p| p.commands.as_ref().map(String::len) == Some(MAX_COMMANDS),
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
            (
                "a script too long is refused, not cut",
                &format!("?commands={}", "a".repeat(MAX_COMMANDS + 1)),
                PresetErrorKind::CommandsTooLong,
            ),
            (
                "a recipe and commands",
                "?recipe=js-publisher&commands=aws+s3+ls",
                PresetErrorKind::RecipeAndCommands,
            ),
            (
                "a credential in the commands",
                "?commands=aws+s3+ls+--profile+AKIAIOSFODNN7EXAMPLE",
                PresetErrorKind::Credential,
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

    /// The iframe `src` of a snippet, as the browser reads the attribute.
    fn snippet_src(html: &str) -> String {
        let start = html.find(" src=\"").expect("the snippet has a src") + 6;
        let len = html[start..].find('"').expect("the src is quoted");
        html[start..start + len]
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    /// The builder the snippet's iframe opens: its `src` parsed back and
    /// applied to a fresh page, as the app does at start.
    fn reopen(html: &str, page: &str) -> crate::session::State {
        let src = snippet_src(html);
        let query = src
            .strip_prefix(page)
            .expect("the src is the page's own URL");
        let preset = parse_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        crate::session::State::default().apply(crate::session::Msg::ApplyPreset(preset))
    }

    #[test]
    fn every_recipe_snippet_reopens_the_same_builder() {
        use crate::session::{Msg, State};
        // Values a form can hold that a URL must escape.
        let odd = ["a b&c=d", "x,y/z?#%", "naïve"];
        for (i, r) in recipe::all().iter().enumerate() {
            let mut state = State::default().apply(Msg::PickRecipe(r.id.clone()));
            for (j, p) in r.params.iter().enumerate() {
                if p.kind != recipe::ParamKind::Bool {
                    let value = format!("{}{}", state.params[&p.name], odd[(i + j) % odd.len()]);
                    state = state.apply(Msg::SetParam {
                        name: p.name.clone(),
                        value,
                    });
                }
            }
            state.locked = r.params.iter().take(1).map(|p| p.name.clone()).collect();
            state.theme = Theme::Dark;
            state.choices.partition = Partition::AwsCn;
            let preset = embed_preset(&state).expect("a recipe builder has a preset");
            let html = embed_snippet("https://docs.example.com", "/tools/iam/", &preset);
            let back = reopen(&html, "https://docs.example.com/tools/iam/");
            assert_eq!(back.recipes, state.recipes, "{}", r.id);
            assert_eq!(back.params, state.params, "{}", r.id);
            assert_eq!(back.locked, state.locked, "{}", r.id);
            assert_eq!(back.theme, Theme::Dark, "{}", r.id);
            assert_eq!(back.choices.partition, Partition::AwsCn, "{}", r.id);
            assert!(back.embed, "{}", r.id);
            assert_eq!(
                back.recipe_choices().map(|c| c.map(|m| m.choices)),
                state.recipe_choices().map(|c| c.map(|m| m.choices)),
                "{}: the same choices, so the same policy",
                r.id
            );
        }
    }

    #[test]
    fn reads_the_role_path() {
        let cases: &[Case] = &[
            (
                "github repo and ref",
                "?recipe=js-publisher&auth=role&ci=github&repo=octo-org/octo-repo&ref=refs/heads/main",
                |p| {
                    p.auth == Some(AuthMode::Role)
                        && p.ci == Some(CiProvider::GitHub)
                        && p.ci_params["repo"] == "octo-org/octo-repo"
                        && p.ci_params["ref"] == "refs/heads/main"
                        && p.params.is_empty()
                },
            ),
            ("ci alone implies the role", "?ci=circleci&org-id=x", |p| {
                p.auth == Some(AuthMode::Role) && p.ci_params["org-id"] == "x"
            }),
            (
                "auth=user keeps the user",
                "?auth=user&ci=gitlab",
                |p| p.auth == Some(AuthMode::User),
            ),
            (
                "another system's identifier is not read",
                "?ci=github&project=g/p&org-id=x",
                |p| p.ci_params.is_empty(),
            ),
            (
                "a clashing name is the recipe's; ci- is the CI system's",
                "?recipe=eb-deploy&environment=my-api-prod&ci=github&repo=o/r&ci-environment=production",
                |p| {
                    p.params["environment"] == "my-api-prod"
                        && p.ci_params["environment"] == "production"
                },
            ),
            (
                "without a clash, the plain name is the CI system's",
                "?recipe=js-publisher&ci=github&repo=o/r&environment=production",
                |p| p.ci_params["environment"] == "production",
            ),
            (
                "lock covers both",
                "?recipe=amplify-workshop&ci=gitlab&ci-project=g/p&project=amp&lock=project,ci-project,ref",
                |p| {
                    p.lock.iter().map(String::as_str).collect::<Vec<_>>() == ["project"]
                        && p.ci_lock.iter().map(String::as_str).collect::<Vec<_>>()
                            == ["project", "ref"]
                        && p.ci_params["project"] == "g/p"
                        && p.params["project"] == "amp"
                },
            ),
        ];
        for (name, query, check) in cases {
            let p = parse_query(query).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(check(&p), "{name}: {p:?}");
        }
        let p = parse_query("?recipe=s3-image-optimizer&ci=github&account=111122223333").unwrap();
        assert_eq!(
            p.account.as_deref(),
            Some("111122223333"),
            "the role's account"
        );
        let p = parse_query("?recipe=js-publisher&account=111122223333").unwrap();
        assert_eq!(p.account, None, "the recipe's own parameter");
        assert_eq!(p.params["account"], "111122223333");
        for (query, kind) in [
            ("?auth=key", PresetErrorKind::UnknownAuth),
            ("?ci=jenkins", PresetErrorKind::UnknownCi),
            (
                "?ci=github&repo=AKIAIOSFODNN7EXAMPLE",
                PresetErrorKind::Credential,
            ),
        ] {
            assert_eq!(parse_query(query).expect_err(query).kind, kind, "{query}");
        }
    }

    #[test]
    fn every_recipe_and_ci_system_snippet_reopens_the_same_role() {
        use crate::session::{Msg, State};
        for r in recipe::all() {
            for ci in CiProvider::ALL {
                let mut state = State::default()
                    .apply(Msg::PickRecipe(r.id.clone()))
                    .apply(Msg::SetAuth(AuthMode::Role))
                    .apply(Msg::SetCi(ci))
                    .apply(Msg::SetAccount("111122223333".into()));
                if r.has_param("account") {
                    state = state.apply(Msg::SetParam {
                        name: "account".into(),
                        value: "444455556666".into(),
                    });
                }
                for spec in ci.params() {
                    state = state.apply(Msg::SetCiParam {
                        name: spec.name.into(),
                        value: format!("{} &x", spec.example),
                    });
                }
                state.ci_locked = ci
                    .params()
                    .iter()
                    .take(1)
                    .map(|p| p.name.to_string())
                    .collect();
                let preset = embed_preset(&state).expect("a recipe builder has a preset");
                let html = embed_snippet("https://docs.example.com", "/iam/", &preset);
                let back = reopen(&html, "https://docs.example.com/iam/");
                let what = format!("{} with {ci}", r.id);
                assert_eq!(back.auth, AuthMode::Role, "{what}");
                assert_eq!(back.ci, ci, "{what}");
                assert_eq!(back.ci_values(), state.ci_values(), "{what}");
                assert_eq!(back.ci_locked, state.ci_locked, "{what}");
                assert_eq!(
                    back.params, state.params,
                    "{what}: the recipe's own are intact"
                );
                assert_eq!(back.trust_request(), state.trust_request(), "{what}");
                assert!(!back.trust_request().account.is_empty(), "{what}");
            }
        }
    }

    #[test]
    fn a_commands_snippet_reopens_the_same_commands() {
        use crate::session::{Msg, State};
        let script = "# deploy\naws s3 sync build/ \"s3://$SITE/a b&c=d\" --delete\naws cloudfront create-invalidation --distribution-id ${DIST:-E1} --paths '/*'\n";
        let state = State::default()
            .apply(Msg::StartCommands)
            .apply(Msg::SetCommands(script.into()))
            .apply(Msg::SetCommandParam {
                name: "SITE".into(),
                value: "naïve,x/y?#%".into(),
            })
            .apply(Msg::SetRegion("cn-north-1".into()))
            .apply(Msg::SetPartition(Partition::AwsCn));
        let mut state = state.apply(Msg::SetAccount("123456789012".into()));
        state.commands_locked = BTreeSet::from(["SITE".to_string()]);
        let preset = embed_preset(&state).expect("commands have a preset");
        let html = embed_snippet("https://docs.example.com", "/iam/", &preset);
        assert!(html.contains("title=\"IAM Policy Builder: the policy these commands need\""));
        let back = reopen(&html, "https://docs.example.com/iam/");
        assert_eq!(back.screen, crate::session::Screen::Commands);
        assert_eq!(back.commands, script);
        assert_eq!(back.command_params, state.command_params);
        assert_eq!(back.commands_locked, state.commands_locked);
        assert_eq!(
            (
                back.choices.partition,
                back.choices.account.clone(),
                back.choices.region.clone()
            ),
            (
                Partition::AwsCn,
                state.choices.account.clone(),
                state.choices.region.clone()
            )
        );
        assert!(back.embed);
        // The locked variable stays as the docs author set it.
        let back = back.apply(Msg::SetCommandParam {
            name: "SITE".into(),
            value: "other".into(),
        });
        assert_eq!(back.command_params["SITE"], "naïve,x/y?#%");
        // An empty script has nothing to embed.
        assert_eq!(
            embed_preset(&State::default().apply(Msg::StartCommands)),
            None
        );
    }

    #[test]
    fn the_snippet_listens_only_to_the_builder() {
        let p = parse_query("?recipe=js-publisher&embed=1").unwrap();
        let html = embed_snippet("https://a.example\"</script>", "/", &p);
        assert!(
            html.contains(r#"event.origin !== "https://a.example\"\u003c/script>""#),
            "{html}"
        );
        assert!(html.contains("event.source !== frame.contentWindow"));
        assert!(html.contains(r#"data.type === "iam-policy-builder:height""#));
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(html.contains(&format!(r#"<iframe id="{EMBED_FRAME_ID}""#)));
        assert!(html.contains(&format!(r#"getElementById("{EMBED_FRAME_ID}")"#)));
    }

    #[test]
    fn the_readme_shows_the_snippet_the_builder_gives() {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let p = parse_query(
            "?recipe=js-publisher&bucket=mojito-example&container=app&lock=bucket,container&theme=light&embed=1",
        )
        .unwrap();
        let snippet = embed_snippet("https://tools.example.com", "/iam/", &p);
        assert!(
            readme.contains(&snippet),
            "README.md's embedding section shows this snippet:\n{snippet}"
        );
    }

    #[test]
    fn no_preset_without_a_recipe() {
        assert_eq!(embed_preset(&crate::session::State::default()), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(query in "\\PC{0,300}") {
            let _ = parse_query(&query);
        }
    }
}
