//! From what a job runs to its policy (issue 16): the AWS CLI commands of a
//! CI step, mapped line by line to [`Grant`]s, and from there to
//! [`Choices`](crate::choices::Choices) for the generator.
//!
//! - API commands (`aws cloudfront create-invalidation …`) go through the
//!   [operation map](crate::opmap): its actions, and its flag → ARN
//!   placeholder bindings.
//! - `aws <service> wait <waiter>` needs the operation the waiter polls.
//! - The high-level commands are written by hand, each with its reason:
//!   `aws s3 …` ([`s3`]), `cloudformation deploy`/`package`,
//!   `ecr get-login-password` and the `docker push` that follows,
//!   `lambda update-function-code --s3-bucket`, and `aws configure`.
//!
//! Nothing is guessed. A command the map cannot place, or an action whose
//! resource the command does not name, is reported on its line, and no
//! action with a resource type ever gets `*`.
//!
//! ```
//! use std::collections::BTreeMap;
//! use policy_builder::{arn::Partition, catalog, commands, generate, opmap};
//!
//! let script = "aws s3 sync dist/ s3://$BUCKET/site/ --delete\n";
//! let params = BTreeMap::from([("BUCKET".to_string(), "my-site".to_string())]);
//! let settings = commands::Settings { partition: Partition::Aws, account: None, region: None };
//! let mapped = commands::map_script(catalog::bundled(), opmap::shipped(), script, &params, &settings);
//! assert!(mapped.is_complete());
//! let policy = generate::generate(catalog::bundled(), &mapped.granted(&settings).choices).unwrap();
//! let json = policy.to_json();
//! assert!(json.contains("arn:aws:s3:::my-site/site/*"));
//! assert!(json.contains("\"s3:prefix\": \"site/\""));
//! ```

mod custom;
pub mod grant;
mod s3;
pub mod shell;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::arn::Partition;
use crate::catalog::{edit_distance, Catalog};
use crate::choices::{ArnChoice, ConditionChoice};
use crate::opmap::{OperationMap, Service};

pub use grant::{to_choices, with_grants, Grant, Granted};
pub use shell::{Piece, Word};

/// The scope every ARN is built in: the builder's global settings.
#[derive(Clone, Copy, Debug)]
pub struct Settings<'a> {
    pub partition: Partition,
    pub account: Option<&'a str>,
    pub region: Option<&'a str>,
}

/// A script, mapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    /// One per command of the script, in order.
    pub lines: Vec<LineResult>,
    /// What the mapped lines need.
    pub grants: Vec<Grant>,
    /// Every `$VAR` an AWS command uses, in order of first use.
    pub variables: Vec<Variable>,
}

/// What one command of the script became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineResult {
    /// 1-based.
    pub line: usize,
    /// The command as written, continuations joined.
    pub text: String,
    pub outcome: Outcome,
    /// Things worth knowing that change nothing in the policy.
    pub notes: Vec<String>,
}

/// How a command was mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// These actions (catalog spelling) were granted for it.
    Mapped(Vec<String>),
    /// An AWS CLI command that makes no request needing a permission.
    NeedsNothing(String),
    /// Not the AWS CLI (`echo`, `npm`): ignored.
    NotAws(String),
    /// Waits for these variables' values.
    Pending(Vec<String>),
    /// Could not be mapped: nothing was granted for it.
    Unmapped(Problem),
}

/// Why a command could not be mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    UnknownService {
        service: String,
        suggestion: Option<String>,
    },
    UnknownCommand {
        service: String,
        command: String,
        suggestion: Option<String>,
    },
    /// The operation map has no IAM action for the operation.
    NoAction { service: String, operation: String },
    /// The command does not name a resource the action needs.
    Unscoped {
        action: String,
        resource_types: Vec<String>,
    },
    /// The action's ARN needs the account id, and none is set.
    NeedsAccount { action: String },
    /// The action's ARN needs a region, and none is set.
    NeedsRegion { action: String },
    /// A resource is named by a value known only when the job runs.
    RunTime { what: String },
    /// The command is malformed (a missing argument, a bad S3 path).
    Malformed(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownService {
                service,
                suggestion,
            } => {
                write!(f, "unknown AWS CLI service `{service}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Problem::UnknownCommand {
                service,
                command,
                suggestion,
            } => {
                write!(f, "`aws {service}` has no command `{command}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Problem::NoAction { service, operation } => write!(
                f,
                "no IAM action is known for {service} {operation}: it is left out rather than guessed"
            ),
            Problem::Unscoped {
                action,
                resource_types,
            } => write!(
                f,
                "{action} needs a resource of type {} that the command does not name: it is left out rather than granted on \"*\"",
                resource_types.join(" or ")
            ),
            Problem::NeedsAccount { action } => write!(
                f,
                "{action}'s ARN needs the account id: set the account"
            ),
            Problem::NeedsRegion { action } => write!(
                f,
                "{action}'s ARN needs a region: set the region or pass --region"
            ),
            Problem::RunTime { what } => write!(
                f,
                "{what} is known only when the job runs: give it a value to scope the policy"
            ),
            Problem::Malformed(m) => f.write_str(m),
        }
    }
}

/// A `$VAR` the script uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    /// The first line that uses it.
    pub line: usize,
    /// Whether a resource, a region or a condition depends on it. Other
    /// variables (a commit id in `--paths`) change nothing in the policy.
    pub needed: bool,
    /// Its value, where known.
    pub value: Option<String>,
    pub source: VarSource,
}

/// Where a variable's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarSource {
    /// The user's parameter (`--param`, the form, the URL).
    Param,
    /// An assignment in the script (`BUCKET=my-site`), on this line.
    Script(usize),
    /// `${VAR:-default}`.
    Default,
    /// Set from a command's output on this line (`ID=$(aws …)`).
    RunTime(usize),
    /// Nobody gives it a value.
    Missing,
}

impl Mapped {
    /// Whether every AWS command was mapped and no variable is missing.
    pub fn is_complete(&self) -> bool {
        self.lines
            .iter()
            .all(|l| !matches!(l.outcome, Outcome::Unmapped(_) | Outcome::Pending(_)))
    }

    /// The lines that could not be mapped.
    pub fn unmapped(&self) -> impl Iterator<Item = (&LineResult, &Problem)> {
        self.lines.iter().filter_map(|l| match &l.outcome {
            Outcome::Unmapped(p) => Some((l, p)),
            _ => None,
        })
    }

    /// The variables the policy needs and nobody gave a value.
    pub fn missing(&self) -> impl Iterator<Item = &Variable> {
        self.variables
            .iter()
            .filter(|v| v.needed && v.value.is_none())
    }

    /// The grants as choices, with each action's reasons.
    pub fn granted(&self, settings: &Settings) -> Granted {
        to_choices(
            &self.grants,
            settings.partition,
            settings.account,
            settings.region,
        )
    }
}

/// The names of every `$VAR` the script uses, in order of first use, as a
/// preset link needs them before anything is mapped (no catalog needed).
pub fn variable_names(script: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for cmd in shell::split(script) {
        for w in &cmd.words {
            for p in &w.pieces {
                if let Piece::Var { name, .. } = p {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
        }
    }
    names
}

/// Maps a script. `params` fill its `$VAR`s by name.
pub fn map_script(
    catalog: &Catalog,
    map: &OperationMap,
    script: &str,
    params: &BTreeMap<String, String>,
    settings: &Settings,
) -> Mapped {
    let mut m = Mapper::new(catalog, map, settings, params);
    let mut out = Mapped::default();
    for cmd in shell::split(script) {
        let (result, grants) = m.command(&cmd);
        out.grants.extend(grants);
        out.lines.push(result);
    }
    out.variables = m
        .order
        .iter()
        .map(|name| {
            let v = &m.vars[name];
            let (value, source) = m.lookup(name);
            Variable {
                name: name.clone(),
                line: v.first_use,
                needed: v.needed,
                value,
                source,
            }
        })
        .collect();
    out
}

/// Maps one command given as words, as line `line` of a script with no
/// variables: how [`cloudtrail`](crate::cloudtrail) reuses the mapper for an
/// event, written as the `aws` command that makes its request.
pub(crate) fn map_words(
    catalog: &Catalog,
    map: &OperationMap,
    settings: &Settings,
    line: usize,
    text: String,
    words: Vec<Word>,
) -> (LineResult, Vec<Grant>) {
    let params = BTreeMap::new();
    let mut m = Mapper::new(catalog, map, settings, &params);
    m.command(&shell::Command { line, text, words })
}

/// One action on whole ARNs (resource type name → ARN), scoped as a
/// command's would be: every required resource type named, never `*` for
/// an action that has resource types.
pub(crate) fn scope_arns(
    catalog: &Catalog,
    map: &OperationMap,
    settings: &Settings,
    action: &str,
    arns: &BTreeMap<String, String>,
    reason: String,
) -> Result<Grant, Problem> {
    let params = BTreeMap::new();
    let m = Mapper::new(catalog, map, settings, &params);
    let per_type = arns
        .iter()
        .map(|(rt, arn)| (rt.clone(), Candidate::Arn(arn.clone())))
        .collect();
    let cmd = AwsCommand {
        line: 0,
        text: "",
        args: Vec::new(),
        region: None,
    };
    let mut g = m.scope(action, &per_type, None, &cmd, "")?;
    g.reason = reason;
    Ok(g)
}

/// What the script itself says about a variable.
#[derive(Clone, Debug, Default)]
struct VarState {
    first_use: usize,
    needed: bool,
    /// The last assignment before now: its value (None: run time) and line.
    assigned: Option<(Option<String>, usize)>,
    default: Option<String>,
}

struct Mapper<'a> {
    catalog: &'a Catalog,
    map: &'a OperationMap,
    settings: Settings<'a>,
    params: &'a BTreeMap<String, String>,
    vars: BTreeMap<String, VarState>,
    order: Vec<String>,
    /// `export AWS_REGION=…` earlier in the script.
    env_region: Option<Word>,
}

/// A word's value, as far as it is known.
enum Resolved {
    Known(String),
    /// These variables have no value yet.
    Missing(Vec<String>),
    /// Part of it is a command's output.
    RunTime,
}

/// The result of mapping one command, before it becomes a [`LineResult`].
enum Step {
    /// The grants, and notes for the line.
    Grants(Vec<Grant>, Vec<String>),
    Nothing(String),
    Problem(Problem),
    Pending(Vec<String>),
}

/// AWS CLI global options that take a value.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "--region",
    "--profile",
    "--output",
    "--query",
    "--endpoint-url",
    "--color",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
];

/// AWS CLI global options that take none.
const GLOBAL_FLAGS: &[&str] = &[
    "--debug",
    "--no-verify-ssl",
    "--no-paginate",
    "--no-sign-request",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--version",
];

/// One AWS CLI command, its global options taken out.
pub(crate) struct AwsCommand<'w> {
    pub line: usize,
    pub text: &'w str,
    /// Positional words and options, in order, after `aws`.
    pub args: Vec<&'w Word>,
    pub region: Option<Word>,
}

impl<'a> Mapper<'a> {
    fn new(
        catalog: &'a Catalog,
        map: &'a OperationMap,
        settings: &Settings<'a>,
        params: &'a BTreeMap<String, String>,
    ) -> Mapper<'a> {
        Mapper {
            catalog,
            map,
            settings: *settings,
            params,
            vars: BTreeMap::new(),
            order: Vec::new(),
            env_region: None,
        }
    }

    fn command(&mut self, cmd: &shell::Command) -> (LineResult, Vec<Grant>) {
        let mut result = LineResult {
            line: cmd.line,
            text: cmd.text.clone(),
            outcome: Outcome::NotAws(String::new()),
            notes: Vec::new(),
        };
        // Leading assignments: `NAME=value`, alone or before a command.
        let mut words: &[Word] = &cmd.words;
        if words.first().and_then(Word::literal).as_deref() == Some("export") {
            words = &words[1..];
        }
        let mut prefix_region = None;
        let mut assignments = Vec::new();
        while let Some((name, value)) = words.first().and_then(assignment) {
            assignments.push((name, value));
            words = &words[1..];
        }
        if words.is_empty() {
            for (name, value) in assignments {
                if matches!(name.as_str(), "AWS_REGION" | "AWS_DEFAULT_REGION") {
                    self.env_region = Some(value.clone());
                }
                let state = self.vars.entry(name).or_default();
                state.assigned = Some((value.literal(), cmd.line));
            }
            result.outcome = Outcome::NotAws("an assignment".into());
            return (result, Vec::new());
        }
        for (name, value) in assignments {
            if matches!(name.as_str(), "AWS_REGION" | "AWS_DEFAULT_REGION") {
                prefix_region = Some(value);
            }
        }
        let program = words[0].display();
        let base = program.rsplit('/').next().unwrap_or(&program).to_string();
        if base != "aws" {
            let step = custom::other_program(self, cmd, words);
            match step {
                Some(step) => return self.finish(result, step),
                None => {
                    result.outcome = Outcome::NotAws(base);
                    return (result, Vec::new());
                }
            }
        }
        let mut args = Vec::new();
        let mut region: Option<Word> = prefix_region.or_else(|| self.env_region.clone());
        let mut i = 1;
        while i < words.len() {
            let w = &words[i];
            let lit = w.literal().unwrap_or_default();
            let (flag, inline) = match lit.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (lit.clone(), None),
            };
            if GLOBAL_WITH_VALUE.contains(&flag.as_str()) {
                let value = match inline {
                    Some(v) => Some(Word {
                        pieces: vec![Piece::Text(v)],
                    }),
                    None => {
                        i += 1;
                        words.get(i).cloned()
                    }
                };
                if flag == "--region" {
                    region = value;
                }
                i += 1;
                continue;
            }
            if GLOBAL_FLAGS.contains(&flag.as_str()) {
                i += 1;
                continue;
            }
            args.push(w);
            i += 1;
        }
        self.note_words(&args, cmd.line);
        let aws = AwsCommand {
            line: cmd.line,
            text: &cmd.text,
            args,
            region,
        };
        let step = self.aws(&aws);
        self.finish(result, step)
    }

    fn finish(&mut self, mut result: LineResult, step: Step) -> (LineResult, Vec<Grant>) {
        match step {
            Step::Grants(grants, notes) => {
                result.notes = notes;
                let mut actions: Vec<String> = Vec::new();
                for g in &grants {
                    if !actions.contains(&g.action) {
                        actions.push(g.action.clone());
                    }
                }
                result.outcome = Outcome::Mapped(actions);
                (result, grants)
            }
            Step::Nothing(why) => {
                result.outcome = Outcome::NeedsNothing(why);
                (result, Vec::new())
            }
            Step::Problem(p) => {
                result.outcome = Outcome::Unmapped(p);
                (result, Vec::new())
            }
            Step::Pending(vars) => {
                result.outcome = Outcome::Pending(vars);
                (result, Vec::new())
            }
        }
    }

    fn aws(&mut self, cmd: &AwsCommand) -> Step {
        let positional = |i: usize| -> Option<String> { cmd.args.get(i).and_then(|w| w.literal()) };
        let Some(service) = positional(0) else {
            return Step::Problem(Problem::Malformed(
                "`aws` with no service: nothing to map".into(),
            ));
        };
        if service == "configure" {
            return Step::Nothing(
                "aws configure reads and writes the local config files: no AWS request".into(),
            );
        }
        if service == "help" {
            return Step::Nothing("aws help makes no AWS request".into());
        }
        if service == "s3" {
            return s3::map(self, cmd);
        }
        if let Some(step) = custom::aws(self, cmd, &service) {
            return step;
        }
        let Some(svc) = self.map.service(&service) else {
            return Step::Problem(Problem::UnknownService {
                suggestion: closest(&service, self.map.services().iter().map(|s| &*s.cli_name)),
                service,
            });
        };
        let Some(command) = positional(1) else {
            return Step::Problem(Problem::Malformed(format!(
                "`aws {service}` with no command: nothing to map"
            )));
        };
        let (api_name, flags_from) = if command == "wait" {
            let Some(waiter) = positional(2) else {
                return Step::Problem(Problem::Malformed(format!(
                    "`aws {service} wait` with no waiter"
                )));
            };
            match svc.waiter(&waiter) {
                Some(w) => (w.operation.clone(), 3),
                None => {
                    return Step::Problem(Problem::UnknownCommand {
                        suggestion: closest(&waiter, svc.waiters.iter().map(|w| &*w.command))
                            .map(|s| format!("wait {s}")),
                        service,
                        command: format!("wait {waiter}"),
                    })
                }
            }
        } else {
            match svc
                .operations
                .binary_search_by(|o| (*o.command).cmp(&command))
            {
                Ok(i) => (svc.operations[i].api_name.clone(), 2),
                Err(_) => {
                    return Step::Problem(Problem::UnknownCommand {
                        suggestion: closest(&command, svc.operations.iter().map(|o| &*o.command)),
                        service,
                        command,
                    })
                }
            }
        };
        let flags = parse_flags(&cmd.args[flags_from.min(cmd.args.len())..], |_| false);
        let extra = match custom::placeholders_from_flags(self, cmd, &service, &flags) {
            Ok(extra) => extra,
            Err(step) => return step,
        };
        self.operation(cmd, svc, &api_name, &flags, &extra)
    }

    /// Grants for one API operation, its resources from the command's flags
    /// (and `extra` placeholder values a custom command knows).
    fn operation(
        &mut self,
        cmd: &AwsCommand,
        svc: &Service,
        api_name: &str,
        flags: &Flags,
        extra: &BTreeMap<String, String>,
    ) -> Step {
        let Some(op) = svc.by_api_name(api_name, self.catalog) else {
            return Step::Problem(Problem::NoAction {
                service: svc.cli_name.to_string(),
                operation: api_name.to_string(),
            });
        };
        if op.is_unmapped() {
            return Step::Problem(Problem::NoAction {
                service: svc.cli_name.to_string(),
                operation: api_name.to_string(),
            });
        }
        let region = match self.region(cmd) {
            Ok(r) => r,
            Err(step) => return step,
        };
        let mut grants = Vec::new();
        let mut pending = Vec::new();
        for action in &op.actions {
            // Resource type → placeholder values, or a whole ARN.
            let mut per_type: BTreeMap<String, Candidate> = BTreeMap::new();
            for b in op.bindings.iter().filter(|b| &b.action == action) {
                let Some(word) = flags.value(&b.flag) else {
                    continue;
                };
                match self.resolve(word, cmd.line) {
                    Resolved::Known(mut v) => {
                        // Secrets Manager adds "-" and six random characters
                        // to a secret's name in its ARN
                        // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html).
                        if b.placeholder == "SecretId" && !v.starts_with("arn:") {
                            v.push_str("-??????");
                        }
                        if v.starts_with("arn:") {
                            per_type.insert(b.resource_type.clone(), Candidate::Arn(v));
                        } else if let Candidate::Values(map) = per_type
                            .entry(b.resource_type.clone())
                            .or_insert_with(|| Candidate::Values(extra.clone()))
                        {
                            map.insert(b.placeholder.clone(), v);
                        }
                    }
                    Resolved::Missing(names) => pending.extend(names),
                    Resolved::RunTime => {
                        return Step::Problem(Problem::RunTime {
                            what: format!("{} {}", b.flag, word.display()),
                        })
                    }
                }
            }
            if !extra.is_empty() {
                for rt in self
                    .catalog
                    .action(action)
                    .map_or_else(Vec::new, |id| self.catalog.action_info(id).resource_types())
                {
                    per_type
                        .entry(rt.name().to_string())
                        .or_insert_with(|| Candidate::Values(extra.clone()));
                }
            }
            if !pending.is_empty() {
                continue;
            }
            let why = format!("{} {}", svc.cli_name, op.command);
            match self.scope(action, &per_type, region.as_deref(), cmd, &why) {
                Ok(g) => grants.push(g),
                Err(p) => return Step::Problem(p),
            }
        }
        if !pending.is_empty() {
            pending.sort();
            pending.dedup();
            return Step::Pending(pending);
        }
        Step::Grants(grants, Vec::new())
    }

    /// The region of a command: `--region`, `AWS_REGION`, else the global one.
    fn region(&mut self, cmd: &AwsCommand) -> Result<Option<String>, Step> {
        match &cmd.region {
            None => Ok(None),
            Some(w) => match self.resolve(w, cmd.line) {
                Resolved::Known(r) => Ok(Some(r)),
                Resolved::Missing(names) => Err(Step::Pending(names)),
                Resolved::RunTime => Err(Step::Problem(Problem::RunTime {
                    what: format!("--region {}", w.display()),
                })),
            },
        }
    }

    /// One action on the resources the command names. Each of the
    /// action's resource types is used when every placeholder of its ARN
    /// template has a value; a required type without them, or no type at
    /// all when the action has some, is a [`Problem`], never `*`.
    fn scope(
        &self,
        action: &str,
        per_type: &BTreeMap<String, Candidate>,
        region: Option<&str>,
        cmd: &AwsCommand,
        why: &str,
    ) -> Result<Grant, Problem> {
        let id = self
            .catalog
            .action(action)
            .ok_or_else(|| Problem::NoAction {
                service: action.split(':').next().unwrap_or_default().to_string(),
                operation: action.to_string(),
            })?;
        let info = self.catalog.action_info(id);
        let full = info.full_name();
        let mut resources: BTreeMap<String, BTreeSet<ArnChoice>> = BTreeMap::new();
        let types = info.resource_types();
        let mut missing_required = false;
        for rt in &types {
            let template = rt.arn();
            let chosen = per_type
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(rt.name()))
                .map(|(_, c)| c);
            let choice = match chosen {
                Some(Candidate::Arn(arn)) => Some(ArnChoice::Arn(arn.clone())),
                Some(Candidate::Values(values)) => {
                    let needed: Vec<&str> = placeholders(template).collect();
                    if needed.iter().all(|p| values.contains_key(*p)) && !needed.is_empty() {
                        let mut own: BTreeMap<String, String> = needed
                            .iter()
                            .map(|p| (p.to_string(), values[*p].clone()))
                            .collect();
                        if template.contains("${Account}") {
                            match values.get("Account") {
                                Some(a) => {
                                    own.insert("Account".into(), a.clone());
                                }
                                None if self.settings.account.is_none() => {
                                    return Err(Problem::NeedsAccount { action: full });
                                }
                                None => {}
                            }
                        }
                        let region = values.get("Region").map(String::as_str).or(region);
                        if template.contains("${Region}") {
                            match region.or(self.settings.region) {
                                Some(r) => {
                                    if region.is_some() {
                                        own.insert("Region".into(), r.to_string());
                                    }
                                }
                                None => return Err(Problem::NeedsRegion { action: full }),
                            }
                        }
                        Some(ArnChoice::Values(own))
                    } else {
                        None
                    }
                }
                None => None,
            };
            match choice {
                Some(c) => {
                    resources
                        .entry(rt.name().to_string())
                        .or_default()
                        .insert(c);
                }
                None if rt.required() => missing_required = true,
                None => {}
            }
        }
        if !types.is_empty() && (resources.is_empty() || missing_required) {
            return Err(Problem::Unscoped {
                action: full,
                resource_types: types.iter().map(|t| t.name().to_string()).collect(),
            });
        }
        Ok(Grant {
            action: full,
            resources,
            conditions: Vec::new(),
            reason: reason(cmd, why),
        })
    }

    /// A word's value: params, then the script's own assignment, then its
    /// `${VAR:-default}`. Marks its variables as needed by the policy.
    fn resolve(&mut self, word: &Word, line: usize) -> Resolved {
        let mut out = String::new();
        let mut missing = Vec::new();
        let mut run_time = false;
        for p in &word.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Output => run_time = true,
                Piece::Var { name, default } => {
                    self.note_var(name, default.as_deref(), line, true);
                    match self.lookup(name) {
                        (Some(v), _) => out.push_str(&v),
                        (None, VarSource::RunTime(_)) => run_time = true,
                        (None, _) => missing.push(name.clone()),
                    }
                }
            }
        }
        if !missing.is_empty() {
            Resolved::Missing(missing)
        } else if run_time {
            Resolved::RunTime
        } else {
            Resolved::Known(out)
        }
    }

    /// Records that a command uses `name` (and whether the policy needs it).
    fn note_var(&mut self, name: &str, default: Option<&str>, line: usize, needed: bool) {
        if !self.vars.contains_key(name) {
            self.order.push(name.to_string());
            self.vars.insert(
                name.to_string(),
                VarState {
                    first_use: line,
                    ..VarState::default()
                },
            );
        }
        let state = self.vars.get_mut(name).expect("just inserted");
        if state.first_use == 0 {
            state.first_use = line;
            self.order.retain(|n| n != name);
            self.order.push(name.to_string());
        }
        state.needed |= needed;
        if state.default.is_none() {
            state.default = default.map(str::to_string);
        }
    }

    /// Records every variable of the command's words as used, not needed.
    fn note_words(&mut self, words: &[&Word], line: usize) {
        for w in words {
            for p in &w.pieces {
                if let Piece::Var { name, default } = p {
                    self.note_var(name, default.as_deref(), line, false);
                }
            }
        }
    }

    fn lookup(&self, name: &str) -> (Option<String>, VarSource) {
        if let Some(v) = self.params.get(name).filter(|v| !v.is_empty()) {
            return (Some(v.clone()), VarSource::Param);
        }
        let state = self.vars.get(name);
        match state.and_then(|s| s.assigned.clone()) {
            Some((Some(v), line)) => return (Some(v), VarSource::Script(line)),
            Some((None, line)) => return (None, VarSource::RunTime(line)),
            None => {}
        }
        match state.and_then(|s| s.default.clone()) {
            Some(d) => (Some(d), VarSource::Default),
            None => (None, VarSource::Missing),
        }
    }
}

/// Placeholder values for one resource type, or its whole ARN.
#[derive(Clone, Debug)]
enum Candidate {
    Values(BTreeMap<String, String>),
    Arn(String),
}

/// A command's options: `--flag value`, `--flag=value` or a bare `--flag`,
/// and its positional words.
#[derive(Default)]
pub(crate) struct Flags<'w> {
    pub options: Vec<(String, Option<&'w Word>)>,
    pub positional: Vec<&'w Word>,
    inline: Vec<(String, Word)>,
}

impl<'w> Flags<'w> {
    pub fn value(&self, flag: &str) -> Option<&Word> {
        self.options
            .iter()
            .find(|(f, _)| f == flag)
            .and_then(|(_, v)| *v)
            .or_else(|| self.inline.iter().find(|(f, _)| f == flag).map(|(_, w)| w))
    }

    pub fn has(&self, flag: &str) -> bool {
        self.options.iter().any(|(f, _)| f == flag) || self.inline.iter().any(|(f, _)| f == flag)
    }
}

/// Splits arguments into options and positional words. `is_bool` says
/// which options take no value; any other takes the next word unless that
/// word is itself an option.
pub(crate) fn parse_flags<'w>(args: &[&'w Word], is_bool: impl Fn(&str) -> bool) -> Flags<'w> {
    let mut flags = Flags::default();
    let mut i = 0;
    while i < args.len() {
        let w = args[i];
        let lit = w.literal();
        match lit.as_deref() {
            Some(l) if l.starts_with("--") => {
                if let Some((f, v)) = l.split_once('=') {
                    flags.inline.push((
                        f.to_string(),
                        Word {
                            pieces: vec![Piece::Text(v.to_string())],
                        },
                    ));
                } else if is_bool(l) {
                    flags.options.push((l.to_string(), None));
                } else {
                    let next = args
                        .get(i + 1)
                        .copied()
                        .filter(|n| !n.literal().is_some_and(|t| t.starts_with("--")));
                    if next.is_some() {
                        i += 1;
                    }
                    flags.options.push((l.to_string(), next));
                }
            }
            _ => flags.positional.push(w),
        }
        i += 1;
    }
    flags
}

/// `NAME=value` as an assignment word.
fn assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Piece::Text(first)) = word.pieces.first() else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return None;
    }
    let mut pieces = Vec::new();
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    pieces.extend(word.pieces[1..].iter().cloned());
    if pieces.is_empty() {
        pieces.push(Piece::Text(String::new()));
    }
    Some((name.to_string(), Word { pieces }))
}

/// `line 3: aws s3 sync dist/ s3://… (why)`.
fn reason(cmd: &AwsCommand, why: &str) -> String {
    let text: String = if cmd.text.chars().count() > 90 {
        let cut: String = cmd.text.chars().take(89).collect();
        format!("{cut}…")
    } else {
        cmd.text.to_string()
    };
    format!("line {}: {text} ({why})", cmd.line)
}

/// The placeholders of an ARN template a command fills: all but the
/// partition, region and account, which come from the settings.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !matches!(*name, "Partition" | "Region" | "Account"))
}

/// The known name nearest to a misspelt one, if it is near enough. Two
/// swapped neighbours (`snyc`) count as one slip, not two edits.
pub(crate) fn closest<'n>(name: &str, known: impl Iterator<Item = &'n str>) -> Option<String> {
    let limit = (name.len() / 3).max(1);
    known
        .map(|k| {
            let d = if is_transposition(name, k) {
                1
            } else {
                edit_distance(name, k)
            };
            (d, k)
        })
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k.to_string())
}

/// Whether `a` is `b` with two neighbouring characters swapped.
fn is_transposition(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff.as_slice(), [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i])
}

/// A condition, for the hand-written commands.
pub(crate) fn condition(operator: &str, key: &str, values: &[String]) -> ConditionChoice {
    ConditionChoice {
        operator: operator.into(),
        key: key.into(),
        values: values.to_vec(),
    }
}
