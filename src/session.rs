//! The web builder's state, without the web: what the user chose, the
//! messages ([`Msg`]) that change it, and the pure functions that derive what
//! the screen shows from it. The yew app wraps [`State`] in its one reducer;
//! keeping it here lets native tests drive it.
//!
//! ```
//! use policy_builder::session::{Msg, Screen, State};
//!
//! let state = State::default()
//!     .apply(Msg::PickRecipe("js-publisher".into()))
//!     .apply(Msg::SetParam { name: "bucket".into(), value: "my-bucket".into() });
//! assert_eq!(state.screen, Screen::Builder);
//! assert_eq!(state.params["bucket"], "my-bucket");
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::arn::Partition;
use crate::catalog::{AccessLevel, Catalog};
use crate::choices::{ArnChoice, Choices, ConditionChoice, Group, ResourceChoice};
use crate::commands;
use crate::generate::{generate_with_notes, GenerateError, GenerateErrorKind, Generated};
use crate::opmap::OperationMap;
use crate::policy::{Policy, SizeLimit};
use crate::preset::Preset;
use crate::recipe::{self, Instantiated, RecipeError};
use crate::secrets;
use crate::trust::{self, CiProvider, RoleSetup, TrustError, TrustRequest};

/// Which screen is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Screen {
    /// Pick a recipe, start from scratch or paste a policy.
    #[default]
    Start,
    Builder,
    Import,
    /// The commands a job runs → their policy (issue 16).
    Commands,
    /// An AccessDenied error → what is missing, added to the builder.
    AccessDenied,
    /// CloudTrail events → the policy they need.
    CloudTrail,
}

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Theme {
    type Err = String;

    fn from_str(s: &str) -> Result<Theme, String> {
        match s {
            "auto" => Ok(Theme::Auto),
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            _ => Err(format!("theme is light, dark or auto, not {s:?}")),
        }
    }
}

/// Who uses the permissions: an IAM user with access keys, or a role that a
/// CI job assumes with its own OIDC token (issue 17).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMode {
    #[default]
    User,
    Role,
}

impl AuthMode {
    /// The name in the URL (`auth=role`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::User => "user",
            AuthMode::Role => "role",
        }
    }
}

impl FromStr for AuthMode {
    type Err = String;

    fn from_str(s: &str) -> Result<AuthMode, String> {
        match s {
            "user" => Ok(AuthMode::User),
            "role" => Ok(AuthMode::Role),
            _ => Err(format!("auth is user or role, not {s:?}")),
        }
    }
}

/// Everything the user chose, and nothing derived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    pub screen: Screen,
    /// Ids of the recipes the builder starts from; empty when from scratch.
    pub recipes: Vec<String>,
    /// Recipe parameter values by name.
    pub params: BTreeMap<String, String>,
    /// The choices built from scratch (or from an import).
    pub choices: Choices,
    #[serde(with = "size_limit_serde")]
    pub size_limit: SizeLimit,
    pub theme: Theme,
    /// Shorten the policy with wildcards to fit the size limit.
    pub minimize: bool,
    /// An IAM user, or a role for CI.
    pub auth: AuthMode,
    /// The CI system whose jobs assume the role.
    pub ci: CiProvider,
    /// Each CI system's identifiers (`repo`, `ref`…), kept per system so
    /// switching back and forth loses nothing.
    pub ci_params: BTreeMap<CiProvider, BTreeMap<String, String>>,
    /// The commands a job runs (a shell script or CI step), for the
    /// commands input. It never holds a credential: [`Msg::SetCommands`]
    /// refuses one, so it may go into a share link.
    pub commands: String,
    /// Values of the script's `$VAR`s, by name.
    pub command_params: BTreeMap<String, String>,
    /// The pasted policy: free text, never shared.
    #[serde(skip)]
    pub import_text: String,
    /// The pasted AccessDenied error or CI log: free text, never shared.
    #[serde(skip)]
    pub error_text: String,
    /// The pasted CloudTrail events, their credentials redacted (see
    /// [`Msg::SetCloudTrailText`]): free text, never shared.
    #[serde(skip)]
    pub cloudtrail_text: String,
    /// The screen the AccessDenied screen adds to: the builder the user
    /// came from (a recipe, from scratch, the commands), or the start.
    #[serde(skip)]
    pub denied_from: Screen,
    /// Parameters a docs author locked (read-only), from the URL.
    #[serde(skip)]
    pub locked: BTreeSet<String>,
    /// CI identifiers a docs author locked, from the URL.
    #[serde(skip)]
    pub ci_locked: BTreeSet<String>,
    /// Script variables a docs author locked, from the URL.
    #[serde(skip)]
    pub commands_locked: BTreeSet<String>,
    /// Compact layout for an iframe, from the URL.
    #[serde(skip)]
    pub embed: bool,
    /// A message for the user that is not tied to a field.
    #[serde(skip)]
    pub notice: Option<String>,
}

impl Default for State {
    fn default() -> State {
        State {
            screen: Screen::Start,
            recipes: Vec::new(),
            params: BTreeMap::new(),
            choices: Choices::default(),
            size_limit: SizeLimit::Managed,
            theme: Theme::Auto,
            minimize: false,
            auth: AuthMode::User,
            ci: CiProvider::GitHub,
            ci_params: BTreeMap::new(),
            commands: String::new(),
            command_params: BTreeMap::new(),
            import_text: String::new(),
            error_text: String::new(),
            cloudtrail_text: String::new(),
            denied_from: Screen::Start,
            locked: BTreeSet::new(),
            ci_locked: BTreeSet::new(),
            commands_locked: BTreeSet::new(),
            embed: false,
            notice: None,
        }
    }
}

/// What the user did.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// Go to a screen.
    Show(Screen),
    /// Start from one recipe, with its defaults.
    PickRecipe(String),
    SetParam {
        name: String,
        value: String,
    },
    /// Start an empty builder.
    StartScratch,
    /// Turn the recipe's result into editable scratch choices.
    Customize,
    SetPartition(Partition),
    SetAccount(String),
    SetRegion(String),
    /// Add an (empty) group for a service.
    AddService(String),
    RemoveGroup(usize),
    ToggleLevel {
        group: usize,
        level: AccessLevel,
    },
    /// Add or remove one action (`PutObject`) in the service's group.
    ToggleAction {
        service: String,
        action: String,
    },
    /// Set one placeholder of the (single) resource of a resource type.
    SetResource {
        group: usize,
        resource_type: String,
        placeholder: String,
        value: String,
    },
    /// Explicitly every resource of a type (`"*"`), or back to a list.
    SetAllResources {
        group: usize,
        resource_type: String,
        all: bool,
    },
    AddCondition {
        group: usize,
        condition: ConditionChoice,
    },
    RemoveCondition {
        group: usize,
        index: usize,
    },
    SetSizeLimit(SizeLimit),
    SetMinimize(bool),
    SetAuth(AuthMode),
    SetCi(CiProvider),
    /// Set one identifier of the current CI system.
    SetCiParam {
        name: String,
        value: String,
    },
    SetImportText(String),
    /// Replace the scratch choices with an imported policy's (or with what
    /// the commands mapped to), and edit them in the builder.
    ContinueImport(Choices),
    /// Open the commands input.
    StartCommands,
    /// The script, as typed. Refused (with a notice) when it holds
    /// something that looks like an AWS credential.
    SetCommands(String),
    /// The value of one of the script's `$VAR`s.
    SetCommandParam {
        name: String,
        value: String,
    },
    /// Open the AccessDenied screen, adding to the screen shown now.
    OpenDenied,
    /// The pasted error, as typed. Refused (with a notice) when it holds
    /// something that looks like an AWS credential.
    SetErrorText(String),
    /// Open the CloudTrail input.
    StartCloudTrail,
    /// The pasted events. A caller's access key ids (in `userIdentity`)
    /// are redacted before they reach the state; any other credential
    /// refuses the whole text (with a notice).
    SetCloudTrailText(String),
    SetTheme(Theme),
    /// A docs author's URL preset.
    ApplyPreset(Preset),
    /// A share link's state.
    Restore(Box<State>),
    SetNotice(Option<String>),
}

impl State {
    /// The state a link opens on: `search` (the query, `?recipe=…`) as a
    /// preset, then `hash` (`#s=…`) as a share link. A bad query or share
    /// link becomes a notice (a bad share link over a fresh builder), never
    /// an error: the page always opens on something.
    pub fn from_link(search: &str, hash: &str) -> State {
        let mut state = State::default();
        match crate::preset::parse_query(search) {
            Ok(p) if !p.is_empty() => state = state.apply(Msg::ApplyPreset(p)),
            Ok(_) => {}
            Err(e) => state = state.apply(Msg::SetNotice(Some(e.to_string()))),
        }
        if let Some(code) = hash.strip_prefix("#s=") {
            match crate::share::decode::<State>(code) {
                Ok(s) => state = state.apply(Msg::Restore(Box::new(s))),
                Err(e) => {
                    state = state
                        .apply(Msg::StartScratch)
                        .apply(Msg::SetNotice(Some(format!(
                            "{e}. Here is a fresh builder."
                        ))));
                }
            }
        }
        state
    }

    /// The state after `msg`: a thin match over the core.
    pub fn apply(mut self, msg: Msg) -> State {
        match msg {
            Msg::Show(screen) => self.screen = screen,
            Msg::PickRecipe(id) => {
                if let Some(r) = recipe::find(&id) {
                    self.params = r
                        .params
                        .iter()
                        .map(|p| (p.name.clone(), p.default.clone().unwrap_or_default()))
                        .collect();
                    self.recipes = vec![id];
                    self.screen = Screen::Builder;
                }
            }
            Msg::SetParam { name, value } => {
                if !self.locked.contains(&name) {
                    self.params.insert(name, value);
                }
            }
            Msg::StartScratch => {
                self.recipes.clear();
                self.params.clear();
                self.screen = Screen::Builder;
            }
            Msg::Customize => {
                if let Some(Ok(made)) = self.recipe_choices() {
                    self.choices = made.choices;
                    self.recipes.clear();
                    self.params.clear();
                    self.locked.clear();
                }
            }
            Msg::SetPartition(p) => self.choices.partition = p,
            Msg::SetAccount(a) => self.choices.account = Some(a).filter(|a| !a.is_empty()),
            Msg::SetRegion(r) => self.choices.region = Some(r).filter(|r| !r.is_empty()),
            Msg::AddService(service) => {
                if !self.choices.groups.iter().any(|g| g.service == service) {
                    self.choices.groups.push(Group::new(&service));
                }
            }
            Msg::RemoveGroup(i) => {
                if i < self.choices.groups.len() {
                    self.choices.groups.remove(i);
                }
            }
            Msg::ToggleLevel { group, level } => {
                if let Some(g) = self.choices.groups.get_mut(group) {
                    if !g.levels.remove(&level) {
                        g.levels.insert(level);
                    }
                }
            }
            Msg::ToggleAction { service, action } => {
                let i = match self
                    .choices
                    .groups
                    .iter()
                    .position(|g| g.service == service)
                {
                    Some(i) => i,
                    None => {
                        self.choices.groups.push(Group::new(&service));
                        self.choices.groups.len() - 1
                    }
                };
                let g = &mut self.choices.groups[i];
                if !g.actions.remove(&action) {
                    g.actions.insert(action);
                }
            }
            Msg::SetResource {
                group,
                resource_type,
                placeholder,
                value,
            } => {
                if let Some(g) = self.choices.groups.get_mut(group) {
                    let entry = g
                        .resources
                        .entry(resource_type)
                        .or_insert_with(|| ResourceChoice::Some(Vec::new()));
                    if let ResourceChoice::All = entry {
                        *entry = ResourceChoice::Some(Vec::new());
                    }
                    if let ResourceChoice::Some(list) = entry {
                        if !matches!(list.first(), Some(ArnChoice::Values(_))) {
                            list.insert(0, ArnChoice::Values(BTreeMap::new()));
                        }
                        if let Some(ArnChoice::Values(values)) = list.first_mut() {
                            if value.is_empty() {
                                values.remove(&placeholder);
                            } else {
                                values.insert(placeholder, value);
                            }
                            if values.is_empty() {
                                list.remove(0);
                            }
                        }
                    }
                }
            }
            Msg::SetAllResources {
                group,
                resource_type,
                all,
            } => {
                if let Some(g) = self.choices.groups.get_mut(group) {
                    if all {
                        g.resources.insert(resource_type, ResourceChoice::All);
                    } else {
                        g.resources.remove(&resource_type);
                    }
                }
            }
            Msg::AddCondition { group, condition } => {
                if let Some(g) = self.choices.groups.get_mut(group) {
                    if !g.conditions.contains(&condition) {
                        g.conditions.push(condition);
                    }
                }
            }
            Msg::RemoveCondition { group, index } => {
                if let Some(g) = self.choices.groups.get_mut(group) {
                    if index < g.conditions.len() {
                        g.conditions.remove(index);
                    }
                }
            }
            Msg::SetSizeLimit(l) => self.size_limit = l,
            Msg::SetMinimize(m) => self.minimize = m,
            Msg::SetAuth(a) => self.auth = a,
            Msg::SetCi(c) => self.ci = c,
            Msg::SetCiParam { name, value } => {
                if self.ci.param(&name).is_some() && !self.ci_locked.contains(&name) {
                    let params = self.ci_params.entry(self.ci).or_default();
                    if value.is_empty() {
                        params.remove(&name);
                    } else {
                        params.insert(name, value);
                    }
                }
            }
            Msg::SetImportText(t) => self.import_text = t,
            Msg::StartCommands => {
                self.recipes.clear();
                self.params.clear();
                self.locked.clear();
                self.screen = Screen::Commands;
            }
            Msg::SetCommands(text) => match secrets::find_credential(&text) {
                Some(found) => self.notice = Some(found.warning()),
                None => self.commands = text,
            },
            Msg::OpenDenied => {
                if self.screen != Screen::AccessDenied {
                    self.denied_from = self.screen;
                }
                self.screen = Screen::AccessDenied;
            }
            Msg::SetErrorText(text) => match secrets::find_credential(&text) {
                Some(found) => self.notice = Some(found.warning()),
                None => self.error_text = text,
            },
            Msg::StartCloudTrail => {
                self.recipes.clear();
                self.params.clear();
                self.locked.clear();
                self.screen = Screen::CloudTrail;
            }
            Msg::SetCloudTrailText(text) => match cloudtrail_text(&text) {
                Ok((clean, note)) => {
                    self.cloudtrail_text = clean;
                    if note.is_some() {
                        self.notice = note;
                    }
                }
                Err(warning) => self.notice = Some(warning),
            },
            Msg::SetCommandParam { name, value } => {
                if let Some(found) = secrets::find_credential(&value) {
                    self.notice = Some(found.warning());
                } else if !self.commands_locked.contains(&name) {
                    if value.is_empty() {
                        self.command_params.remove(&name);
                    } else {
                        self.command_params.insert(name, value);
                    }
                }
            }
            Msg::ContinueImport(choices) => {
                self.choices = choices;
                self.recipes.clear();
                self.params.clear();
                self.screen = Screen::Builder;
            }
            Msg::SetTheme(t) => self.theme = t,
            Msg::ApplyPreset(p) => {
                if let Some(partition) = p.partition {
                    self.choices.partition = partition;
                }
                if let Some(theme) = p.theme {
                    self.theme = theme;
                }
                self.embed = p.embed;
                if let Some(id) = p.recipe {
                    self = self.apply(Msg::PickRecipe(id));
                    self.params.extend(p.params);
                    self.locked = p.lock;
                }
                if let Some(script) = p.commands {
                    self = self.apply(Msg::StartCommands);
                    self.commands = script;
                    self.command_params = p.command_params;
                    self.commands_locked = p.command_lock;
                }
                if let Some(account) = p.account {
                    self.choices.account = Some(account).filter(|a| !a.is_empty());
                }
                if let Some(region) = p.region {
                    self.choices.region = Some(region).filter(|r| !r.is_empty());
                }
                if let Some(auth) = p.auth {
                    self.auth = auth;
                }
                if let Some(ci) = p.ci {
                    self.ci = ci;
                    self.ci_params.entry(ci).or_default().extend(p.ci_params);
                    self.ci_locked = p.ci_lock;
                }
            }
            Msg::Restore(state) => {
                let embed = self.embed;
                self = *state;
                self.embed = embed;
            }
            Msg::SetNotice(n) => self.notice = n,
        }
        self
    }

    /// The current CI system's identifiers.
    pub fn ci_values(&self) -> BTreeMap<String, String> {
        self.ci_params.get(&self.ci).cloned().unwrap_or_default()
    }

    /// The account the role lives in: the recipe's `account` parameter when
    /// it has one filled in, else the builder's account setting.
    pub fn role_account(&self) -> Option<String> {
        let from_recipe = self
            .params
            .get("account")
            .filter(|_| self.recipes_have_param("account"));
        from_recipe
            .or(self.choices.account.as_ref())
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
    }

    /// Whether the screen already has a field for the role's account: the
    /// recipe's `account` parameter, or the from-scratch builder's account
    /// setting. Otherwise the role path asks for it itself.
    pub fn shows_account_field(&self) -> bool {
        self.recipes.is_empty() || self.recipes_have_param("account")
    }

    fn recipes_have_param(&self, name: &str) -> bool {
        self.recipes
            .iter()
            .any(|id| recipe::find(id).is_some_and(|r| r.has_param(name)))
    }

    /// What the role path asks the core for, from the choices.
    pub fn trust_request(&self) -> TrustRequest {
        TrustRequest {
            provider: self.ci,
            params: self.ci_values(),
            partition: self.choices.partition,
            account: self.role_account().unwrap_or_default(),
        }
    }

    /// The role for CI, when the role path is chosen: the provider, trust
    /// policy and snippet, or the identifier that breaks a rule.
    pub fn role_setup(&self) -> Option<Result<RoleSetup, TrustError>> {
        (self.auth == AuthMode::Role).then(|| trust::build(&self.trust_request()))
    }

    /// The scope the commands' ARNs are built in: the builder's settings.
    pub fn commands_settings(&self) -> commands::Settings<'_> {
        commands::Settings {
            partition: self.choices.partition,
            account: self.choices.account.as_deref(),
            region: self.choices.region.as_deref(),
        }
    }

    /// The commands input, mapped line by line.
    pub fn map_commands(&self, catalog: &Catalog, map: &OperationMap) -> commands::Mapped {
        commands::map_script(
            catalog,
            map,
            &self.commands,
            &self.command_params,
            &self.commands_settings(),
        )
    }

    /// The CloudTrail input, read and mapped event by event.
    pub fn map_cloudtrail(
        &self,
        catalog: &Catalog,
        map: &OperationMap,
    ) -> Result<crate::cloudtrail::MappedEvents, crate::cloudtrail::CloudTrailError> {
        let events = crate::cloudtrail::parse_events(&self.cloudtrail_text)?;
        Ok(crate::cloudtrail::map_events(
            catalog,
            map,
            &events,
            &self.commands_settings(),
        ))
    }

    /// What the AccessDenied screen adds to: the choices of the builder the
    /// user came from (the recipe's, the scratch ones, or what the commands
    /// or events mapped to), or none at the start. `None` while that needs
    /// the operation map and it has not loaded.
    pub fn denied_base(
        &self,
        catalog: &Catalog,
        map: Option<&OperationMap>,
    ) -> Option<Result<Choices, String>> {
        let empty = Choices {
            groups: Vec::new(),
            ..self.choices.clone()
        };
        Some(match self.denied_from {
            Screen::Builder => match self.recipe_choices() {
                Some(Ok(made)) => Ok(made.choices),
                Some(Err(e)) => Err(e.to_string()),
                None => Ok(self.choices.clone()),
            },
            Screen::Commands => Ok(self
                .map_commands(catalog, map?)
                .granted(&self.commands_settings())
                .choices),
            Screen::CloudTrail => match self.map_cloudtrail(catalog, map?) {
                Ok(m) => Ok(m.granted(&self.commands_settings()).choices),
                Err(e) => Err(e.to_string()),
            },
            Screen::Start | Screen::Import | Screen::AccessDenied => Ok(empty),
        })
    }

    /// The policy the builder opens on, from the state and the catalog
    /// alone: for a recipe or the from-scratch builder, the same document
    /// the builder shows (generated leniently, then minimised when asked).
    /// `None` where the page needs more than the catalog (the commands and
    /// CloudTrail inputs need the operation map), where a recipe value is
    /// bad (the builder says why), or where nothing is chosen yet.
    ///
    /// The page paints this before the app has loaded (`src/first_policy.rs`).
    pub fn first_policy(&self, catalog: &Catalog) -> Option<Policy> {
        let choices = self.opening_choices()?;
        let (generated, _) = generate_lenient(catalog, &choices);
        if generated.policy.statements.is_empty() {
            return None;
        }
        Some(shown_policy(
            catalog,
            &generated.policy,
            self.minimize,
            self.size_limit,
        ))
    }

    /// [`State::first_policy`] from the catalog file's text, parsing only
    /// the services the choices name ([`Catalog::parse_some`]): a few of
    /// 456, so the page's first policy does not wait for the whole catalog.
    pub fn first_policy_from_text(&self, catalog_text: &str) -> Option<Policy> {
        let (catalog, _) = self.opening_catalog(catalog_text)?;
        self.first_policy(&catalog)
    }

    /// [`State::first_policy_from_text`] from a part of the catalog file
    /// ([`Catalog::part_of`], such as [`crate::catalog::RECIPE_PART`]):
    /// `Err(NotInPart)` when the part lacks a service the choices name, and
    /// the whole catalog is needed.
    pub fn first_policy_from_part(&self, part: &str) -> Result<Option<Policy>, NotInPart> {
        match self.opening_catalog(part) {
            None => Ok(None),
            Some((_, false)) => Err(NotInPart),
            Some((catalog, true)) => Ok(self.first_policy(&catalog)),
        }
    }

    /// The catalog text parsed for the services the opening choices name
    /// ([`Catalog::parse_some`]), and whether it has all of them. `None`
    /// where there are no opening choices, or the text does not parse.
    fn opening_catalog(&self, text: &str) -> Option<(Catalog, bool)> {
        let choices = self.opening_choices()?;
        let services: BTreeSet<String> = choices
            .groups
            .iter()
            .map(|g| g.service.to_ascii_lowercase())
            .collect();
        let keep = |prefix: &str| services.contains(&prefix.to_ascii_lowercase());
        let catalog = Catalog::parse_some(text, &keep).ok()?;
        let all = services.iter().all(|s| catalog.service(s).is_some());
        Some((catalog, all))
    }

    /// The choices the builder opens on: a recipe's, filled in, or the
    /// from-scratch builder's. `None` on any other screen or for a bad
    /// recipe value.
    fn opening_choices(&self) -> Option<Choices> {
        if self.screen != Screen::Builder {
            return None;
        }
        match self.recipe_choices() {
            Some(Ok(made)) => Some(made.choices),
            Some(Err(_)) => None,
            None => Some(self.choices.clone()),
        }
    }

    /// The recipes filled with the parameters, when recipes are chosen.
    pub fn recipe_choices(&self) -> Option<Result<Instantiated, RecipeError>> {
        if self.recipes.is_empty() {
            return None;
        }
        let recipes: Option<Vec<_>> = self.recipes.iter().map(|id| recipe::find(id)).collect();
        let Some(recipes) = recipes else {
            return Some(Err(RecipeError {
                param: self.recipes.join(","),
                input: String::new(),
                kind: recipe::RecipeErrorKind::UnknownRecipe,
            }));
        };
        Some(recipe::instantiate(
            &recipes,
            &self.params,
            self.choices.partition,
        ))
    }
}

/// What of pasted CloudTrail text may reach the state: the text with every
/// credential-looking span redacted, when the only ones are the caller's
/// access key ids in `userIdentity` (every event has one, and the mapping
/// drops `userIdentity` anyway), and a note saying so. A credential
/// anywhere else (an AssumeRole response's secret key, say) refuses the
/// whole text: the warning is the error.
pub fn cloudtrail_text(text: &str) -> Result<(String, Option<String>), String> {
    if secrets::find_credential(text).is_none() {
        return Ok((text.to_string(), None));
    }
    if let Err(e) = crate::cloudtrail::parse_events(text) {
        if let crate::cloudtrail::CloudTrailErrorKind::Credential { .. } = e.kind {
            return Err(e.to_string());
        }
    }
    let clean = secrets::redact(text);
    Ok((
        clean,
        Some(
            "The access key ids in the events' userIdentity were replaced with REDACTED before anything else read them: they are never stored or put in the URL, and who made a request plays no part in the policy."
                .to_string(),
        ),
    ))
}

/// The document the builder shows for a generated policy: minimised with
/// wildcards to fit `limit` when `minimize` is on (the full policy when it
/// cannot be), as generated otherwise.
pub fn shown_policy(
    catalog: &Catalog,
    policy: &Policy,
    minimize: bool,
    limit: SizeLimit,
) -> Policy {
    if minimize {
        crate::generate::minimize(catalog, policy, limit).unwrap_or_else(|_| policy.clone())
    } else {
        policy.clone()
    }
}

/// A part of the catalog file lacks a service the choices name
/// ([`State::first_policy_from_part`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotInPart;

/// Generates what it can: a group (or the global scope) that fails is left
/// out and its error returned, so one bad field never blanks the policy.
pub fn generate_lenient(catalog: &Catalog, choices: &Choices) -> (Generated, Vec<GenerateError>) {
    let mut work = choices.clone();
    let mut errors = Vec::new();
    for _ in 0..=choices.groups.len() + 1 {
        match generate_with_notes(catalog, &work) {
            Ok(g) => return (g, errors),
            Err(e) => {
                if matches!(e.kind, GenerateErrorKind::BadScope(_)) {
                    work.account = None;
                    work.region = None;
                } else if let Some(g) = work.groups.get_mut(e.group).filter(|g| !g.is_empty()) {
                    g.levels.clear();
                    g.actions.clear();
                } else {
                    break;
                }
                errors.push(e);
            }
        }
    }
    let empty = Generated {
        policy: Policy::empty(),
        suggestions: Vec::new(),
        notes: Vec::new(),
    };
    (empty, errors)
}

mod size_limit_serde {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::policy::SizeLimit;

    pub fn serialize<S: Serializer>(l: &SizeLimit, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(l.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SizeLimit, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(|e: crate::policy::UnknownSizeLimit| serde::de::Error::custom(e.to_string()))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::catalog;

    /// A link opens on its own screen: a preset on its builder, a share
    /// link on the state it holds, and a bad one on a notice.
    #[test]
    fn a_link_opens_on_its_state() {
        assert_eq!(State::from_link("", ""), State::default());

        let preset = State::from_link("?recipe=js-publisher&bucket=mojito-example", "");
        assert_eq!(preset.screen, Screen::Builder);
        assert_eq!(preset.recipes, ["js-publisher"]);
        assert_eq!(
            preset.params.get("bucket").map(String::as_str),
            Some("mojito-example")
        );
        assert_eq!(preset.notice, None);

        let code = crate::share::encode(&preset);
        assert_eq!(State::from_link("", &format!("#s={code}")), preset);

        let bad = State::from_link("", "#s=not-a-share-link");
        assert_eq!(bad.screen, Screen::Builder);
        assert!(bad.recipes.is_empty());
        assert!(
            bad.notice
                .as_deref()
                .is_some_and(|n| n.ends_with("Here is a fresh builder.")),
            "{:?}",
            bad.notice
        );

        let refused = State::from_link("?recipe=no-such-recipe", "");
        assert!(refused.notice.is_some(), "an unknown recipe is a notice");
    }

    /// The page's first policy, from a catalog parsed for only the services
    /// it names, is the document the builder shows over the whole catalog:
    /// for every recipe with its optional parameters off and on, in every
    /// partition, minimised or not, and for the from-scratch builder.
    #[test]
    fn the_first_policy_is_the_builders() {
        use crate::recipe::ParamKind;
        let full = catalog::bundled();
        let text = catalog::generated::CORE_TEXT;
        let value = |kind: ParamKind, partition: Partition| match kind {
            ParamKind::Bucket => "mojito-example",
            ParamKind::Account => "123456789012",
            ParamKind::Region => match partition {
                Partition::Aws => "us-east-1",
                Partition::AwsCn => "cn-north-1",
                Partition::AwsUsGov => "us-gov-west-1",
            },
            ParamKind::Distribution => "E2EXAMPLE1",
            ParamKind::Path => "js/container-name.js",
            ParamKind::Bool => "true",
            _ => "app",
        };
        let mut checked = 0;
        for r in recipe::all() {
            for partition in Partition::ALL {
                for optional in [false, true] {
                    for minimize in [false, true] {
                        let params = r
                            .params
                            .iter()
                            .filter(|p| optional || !p.optional)
                            .map(|p| (p.name.clone(), value(p.kind, partition).to_string()))
                            .collect();
                        let state = State {
                            screen: Screen::Builder,
                            recipes: vec![r.id.clone()],
                            params,
                            choices: Choices {
                                partition,
                                ..Choices::default()
                            },
                            minimize,
                            ..State::default()
                        };
                        let whole = state.first_policy(full);
                        assert!(whole.is_some(), "{} in {partition:?}", r.id);
                        assert_eq!(
                            state.first_policy_from_text(text),
                            whole,
                            "{} in {partition:?}, optional {optional}, minimised {minimize}",
                            r.id
                        );
                        // The part of the catalog the first module carries.
                        assert_eq!(
                            state.first_policy_from_part(catalog::RECIPE_PART),
                            Ok(whole),
                            "{} in {partition:?}, optional {optional}, minimised {minimize}, from the recipes' part",
                            r.id
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, recipe::all().len() * 12);

        // From scratch: two services.
        let scratch = State {
            screen: Screen::Builder,
            choices: Choices {
                groups: vec![
                    Group {
                        actions: BTreeSet::from(["ListQueues".to_string()]),
                        ..Group::new("sqs")
                    },
                    Group {
                        actions: BTreeSet::from(["DescribeParameters".to_string()]),
                        ..Group::new("ssm")
                    },
                ],
                ..Choices::default()
            },
            ..State::default()
        };
        let whole = scratch.first_policy(full);
        assert!(whole.is_some());
        assert_eq!(scratch.first_policy_from_text(text), whole);
        // The recipes' part has neither service: the page needs the file.
        assert_eq!(
            scratch.first_policy_from_part(catalog::RECIPE_PART),
            Err(NotInPart)
        );
        // Only S3 from scratch (an action on "*"): the part has it.
        let s3 = State {
            screen: Screen::Builder,
            choices: Choices {
                groups: vec![Group {
                    actions: BTreeSet::from(["ListAllMyBuckets".to_string()]),
                    ..Group::new("s3")
                }],
                ..Choices::default()
            },
            ..State::default()
        };
        let whole = s3.first_policy(full);
        assert!(whole.is_some());
        assert_eq!(s3.first_policy_from_part(catalog::RECIPE_PART), Ok(whole));

        // Nothing to paint: the start page, the commands input, a bad value.
        assert_eq!(State::default().first_policy_from_text(text), None);
        let commands = State::from_link("?commands=aws+s3+ls", "");
        assert_eq!(commands.first_policy_from_text(text), None);
        let bad = State::from_link("?recipe=js-publisher&bucket=Not_A_Bucket", "");
        assert_eq!(bad.first_policy_from_text(text), None);
        for state in [State::default(), commands, bad] {
            assert_eq!(state.first_policy_from_part(catalog::RECIPE_PART), Ok(None));
        }
    }

    /// The scoped parse keeps the named services' actions, and only those.
    #[test]
    fn a_scoped_catalog_has_only_the_named_actions() {
        let full = catalog::bundled();
        let some = Catalog::parse_some(catalog::generated::CORE_TEXT, &|p| {
            p == "s3" || p == "cloudfront"
        })
        .expect("the committed catalog parses");
        assert_eq!(some.services().len(), full.services().len());
        assert_eq!(
            some.action_count(),
            full.actions_of("s3", None).len() + full.actions_of("cloudfront", None).len()
        );
        for name in ["s3:PutObject", "cloudfront:CreateInvalidation"] {
            let (a, b) = (
                full.action_info(full.action(name).unwrap()),
                some.action_info(some.action(name).unwrap()),
            );
            assert_eq!(a.full_name(), b.full_name());
            assert_eq!(a.access_level(), b.access_level());
            assert_eq!(
                a.resource_types()
                    .iter()
                    .map(|t| (t.name(), t.arn(), t.required()))
                    .collect::<Vec<_>>(),
                b.resource_types()
                    .iter()
                    .map(|t| (t.name(), t.arn(), t.required()))
                    .collect::<Vec<_>>()
            );
            assert_eq!(
                a.condition_keys()
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>(),
                b.condition_keys()
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
            );
            assert_eq!(a.dependent_actions(), b.dependent_actions());
        }
        assert_eq!(some.action("sqs:SendMessage"), None);
        assert_eq!(some.action("zonal-shift:ListZonalShifts"), None);
    }

    /// A named run of messages and a check of the state it leaves.
    type Case = (&'static str, Vec<Msg>, fn(&State) -> bool);

    fn run(msgs: Vec<Msg>) -> State {
        msgs.into_iter().fold(State::default(), State::apply)
    }

    #[test]
    fn messages_change_only_what_they_name() {
        let toggle = |a: &str| Msg::ToggleAction {
            service: "s3".into(),
            action: a.into(),
        };
        let cases: Vec<Case> = vec![
            (
                "recipe fills defaults",
                vec![Msg::PickRecipe("js-publisher".into())],
                |s| s.params["bucket"] == "mojito-example" && s.screen == Screen::Builder,
            ),
            (
                "unknown recipe is ignored",
                vec![Msg::PickRecipe("nope".into())],
                |s| s.recipes.is_empty() && s.screen == Screen::Start,
            ),
            ("toggle adds a group", vec![toggle("PutObject")], |s| {
                s.choices.groups[0].actions.contains("PutObject")
            }),
            (
                "toggle twice removes",
                vec![toggle("PutObject"), toggle("PutObject")],
                |s| s.choices.groups[0].actions.is_empty(),
            ),
            (
                "level toggles",
                vec![
                    Msg::AddService("s3".into()),
                    Msg::ToggleLevel {
                        group: 0,
                        level: AccessLevel::List,
                    },
                ],
                |s| s.choices.groups[0].levels.contains(&AccessLevel::List),
            ),
            (
                "bad group index is ignored",
                vec![Msg::RemoveGroup(3)],
                |s| s.choices.groups.is_empty(),
            ),
            (
                "empty account clears",
                vec![Msg::SetAccount("1".into()), Msg::SetAccount(String::new())],
                |s| s.choices.account.is_none(),
            ),
            (
                "resource value then clear",
                vec![
                    toggle("GetObject"),
                    Msg::SetResource {
                        group: 0,
                        resource_type: "object".into(),
                        placeholder: "BucketName".into(),
                        value: "b".into(),
                    },
                    Msg::SetResource {
                        group: 0,
                        resource_type: "object".into(),
                        placeholder: "BucketName".into(),
                        value: String::new(),
                    },
                ],
                |s| s.choices.groups[0].resources["object"] == ResourceChoice::Some(vec![]),
            ),
            (
                "locked param does not change",
                vec![
                    Msg::ApplyPreset(Preset {
                        recipe: Some("js-publisher".into()),
                        lock: ["bucket".to_string()].into(),
                        ..Preset::default()
                    }),
                    Msg::SetParam {
                        name: "bucket".into(),
                        value: "other".into(),
                    },
                ],
                |s| s.params["bucket"] == "mojito-example",
            ),
            (
                "customize keeps the policy",
                vec![Msg::PickRecipe("js-publisher".into()), Msg::Customize],
                |s| s.recipes.is_empty() && !s.choices.groups.is_empty(),
            ),
        ];
        for (name, msgs, check) in cases {
            assert!(check(&run(msgs)), "{name}");
        }
    }

    #[test]
    fn the_role_path_keeps_each_ci_systems_identifiers() {
        let set = |name: &str, value: &str| Msg::SetCiParam {
            name: name.into(),
            value: value.into(),
        };
        let s = run(vec![
            Msg::PickRecipe("static-site-deploy".into()),
            Msg::SetAuth(AuthMode::Role),
            set("repo", "octo-org/site"),
            set("ref", "refs/heads/main"),
            set("project", "not-a-github-param"),
            Msg::SetCi(CiProvider::GitLab),
            set("ref", "main"),
            Msg::SetCi(CiProvider::GitHub),
        ]);
        assert_eq!(
            s.ci_values(),
            BTreeMap::from([
                ("repo".to_string(), "octo-org/site".to_string()),
                ("ref".to_string(), "refs/heads/main".to_string()),
            ]),
            "GitHub's identifiers survive a visit to GitLab, whose ref is its own"
        );
        assert_eq!(s.ci_params[&CiProvider::GitLab]["ref"], "main");
        let back: State = crate::share::decode(&crate::share::encode(&s)).expect("decodes");
        assert_eq!(
            (back.auth, back.ci, &back.ci_params),
            (AuthMode::Role, CiProvider::GitHub, &s.ci_params),
            "a share link keeps the role path"
        );
        let setup = s.role_setup().expect("role chosen").expect("valid");
        assert!(setup
            .role_arn
            .starts_with("arn:aws:iam::123456789012:role/"));
        assert!(run(vec![Msg::PickRecipe("static-site-deploy".into())])
            .role_setup()
            .is_none());
        // From scratch, the account is the builder's setting.
        let scratch = run(vec![Msg::StartScratch, Msg::SetAuth(AuthMode::Role)]);
        assert_eq!(scratch.role_account(), None);
        let e = scratch.role_setup().unwrap().expect_err("no repo yet");
        assert_eq!(e.param, "repo");
        let scratch = scratch
            .apply(set("repo", "o/r"))
            .apply(set("ref", "refs/heads/main"));
        assert_eq!(scratch.role_setup().unwrap().unwrap_err().param, "account");
        let scratch = scratch.apply(Msg::SetAccount("111122223333".into()));
        assert!(scratch.role_setup().unwrap().is_ok());
    }

    #[test]
    fn locked_ci_identifiers_do_not_change() {
        let preset =
            crate::preset::parse_query("?recipe=js-publisher&ci=github&repo=o/r&lock=repo")
                .unwrap();
        let s = run(vec![
            Msg::ApplyPreset(preset),
            Msg::SetCiParam {
                name: "repo".into(),
                value: "evil/fork".into(),
            },
        ]);
        assert_eq!(s.auth, AuthMode::Role);
        assert_eq!(s.ci_values()["repo"], "o/r");
    }

    #[test]
    fn the_commands_input_refuses_credentials_and_keeps_locked_variables() {
        let script = "aws s3 sync dist/ s3://$BUCKET --delete\n";
        let s = run(vec![
            Msg::PickRecipe("js-publisher".into()),
            Msg::StartCommands,
            Msg::SetCommands(script.into()),
        ]);
        assert_eq!(s.screen, Screen::Commands);
        assert!(s.recipes.is_empty(), "the commands replace the recipe");
        assert_eq!(s.commands, script);
        // A pasted key is refused whole: the script stays as it was.
        let s = s.apply(Msg::SetCommands(format!(
            "{script}export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"
        )));
        assert_eq!(s.commands, script);
        assert!(s
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("access key")));
        let s = s.apply(Msg::SetCommandParam {
            name: "BUCKET".into(),
            value: "AKIAIOSFODNN7EXAMPLE".into(),
        });
        assert!(s.command_params.is_empty());
        let mut s = s.apply(Msg::SetCommandParam {
            name: "BUCKET".into(),
            value: "my-site".into(),
        });
        s.commands_locked.insert("BUCKET".into());
        let s = s.apply(Msg::SetCommandParam {
            name: "BUCKET".into(),
            value: "other".into(),
        });
        assert_eq!(s.command_params["BUCKET"], "my-site");
        // A share link carries the script and its values.
        let back: State = crate::share::decode(&crate::share::encode(&s)).expect("decodes");
        assert_eq!(
            (back.screen, &back.commands),
            (Screen::Commands, &s.commands)
        );
        assert_eq!(back.command_params, s.command_params);
        let mapped = back.map_commands(catalog::bundled(), crate::opmap::shipped());
        assert!(mapped.is_complete(), "{:?}", mapped.lines);
    }

    #[test]
    fn the_accessdenied_screen_adds_to_the_builder_it_came_from() {
        let denial = "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" because no identity-based policy allows the s3:GetObject action";
        let s = run(vec![
            Msg::PickRecipe("js-publisher".into()),
            Msg::OpenDenied,
            Msg::SetErrorText(denial.into()),
        ]);
        assert_eq!(
            (s.screen, s.denied_from),
            (Screen::AccessDenied, Screen::Builder)
        );
        let cat = catalog::bundled();
        let base = s
            .denied_base(cat, None)
            .expect("a recipe needs no map")
            .unwrap();
        let recipe = s.recipe_choices().unwrap().unwrap().choices;
        assert_eq!(base, recipe, "the recipe's own choices");
        let grants: Vec<_> = crate::denied::parse_all(&s.error_text)
            .unwrap()
            .iter()
            .map(|d| d.grant(cat).unwrap())
            .collect();
        let merged = crate::commands::with_grants(&base, &grants);
        assert_eq!(
            merged.groups[..base.groups.len()],
            base.groups[..],
            "nothing chosen changes"
        );
        let after = crate::generate::generate(cat, &merged).unwrap();
        let get =
            crate::simulate::Request::new("s3:GetObject", "arn:aws:s3:::mojito-example/js/app.js");
        let other = crate::simulate::Request::new(
            "s3:GetObject",
            "arn:aws:s3:::mojito-example/js/other.js",
        );
        assert!(crate::simulate::simulate(&after, &get).is_allowed());
        assert!(
            !crate::simulate::simulate(&after, &other).is_allowed(),
            "exactly that key"
        );
        // Opening it again from itself keeps where it came from; a key is refused.
        let s = s
            .apply(Msg::OpenDenied)
            .apply(Msg::SetErrorText("AKIAIOSFODNN7EXAMPLE".into()));
        assert_eq!(s.denied_from, Screen::Builder);
        assert_eq!(s.error_text, denial);
        assert!(s.notice.is_some());
        // From the start: an empty builder in the current scope; from the
        // commands: what they mapped to, once the map is there.
        let start = run(vec![Msg::OpenDenied]);
        assert_eq!(start.denied_base(cat, None), Some(Ok(Choices::default())));
        let cmds = run(vec![
            Msg::StartCommands,
            Msg::SetCommands("aws s3 cp a.js s3://mojito-example/js/a.js\n".into()),
            Msg::OpenDenied,
        ]);
        assert_eq!(cmds.denied_base(cat, None), None, "waits for the map");
        let base = cmds
            .denied_base(cat, Some(crate::opmap::shipped()))
            .unwrap()
            .unwrap();
        assert!(base.groups.iter().any(|g| g.actions.contains("PutObject")));
    }

    #[test]
    fn cloudtrail_text_drops_the_callers_key_ids_and_refuses_other_credentials() {
        let records = include_str!("../tests/fixtures/cloudtrail/records.json");
        assert!(records.contains("ASIAIOSFODNN7EXAMPLE"));
        let s = run(vec![
            Msg::StartCloudTrail,
            Msg::SetCloudTrailText(records.into()),
        ]);
        assert_eq!(s.screen, Screen::CloudTrail);
        assert!(!s.cloudtrail_text.contains("ASIAIOSFODNN7EXAMPLE"));
        assert!(crate::secrets::find_credential(&s.cloudtrail_text).is_none());
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("REDACTED")));
        let mapped = s
            .map_cloudtrail(catalog::bundled(), crate::opmap::shipped())
            .expect("the redacted events still read");
        assert!(!mapped.grants.is_empty());
        // A secret key in a response is not the caller's id: refused whole.
        let leaked = r#"{"eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "awsRegion": "us-east-1",
            "responseElements": {"credentials": {"accessKeyId": "ASIAIOSFODNN7EXAMPLE",
            "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}}"#;
        let t = s.apply(Msg::SetCloudTrailText(leaked.into()));
        assert!(
            t.cloudtrail_text.contains("\"Records\""),
            "the last good text stays"
        );
        assert!(
            t.notice
                .as_deref()
                .is_some_and(|n| n.contains("credential") || n.contains("secret")),
            "{:?}",
            t.notice
        );
    }

    #[test]
    fn a_bad_group_does_not_blank_the_policy() {
        let mut good = Group::new("s3");
        good.actions.insert("ListAllMyBuckets".into());
        let mut bad = Group::new("s3");
        bad.actions.insert("GetObject".into());
        let choices = Choices {
            groups: vec![bad, good],
            ..Choices::default()
        };
        let (g, errors) = generate_lenient(catalog::bundled(), &choices);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].group, 0);
        assert!(g.policy.to_json().contains("s3:ListAllMyBuckets"));
    }

    #[test]
    fn state_round_trips_through_a_share_link_without_free_text() {
        let mut s = run(vec![Msg::PickRecipe("js-publisher".into())]);
        s.import_text = "secret-ish free text".into();
        let back: State = crate::share::decode(&crate::share::encode(&s)).expect("decodes");
        assert_eq!(back.params, s.params);
        assert!(back.import_text.is_empty());
    }
}
