//! From CloudTrail events to grants (issue 16): what a job did, read off
//! the record AWS kept of it.
//!
//! [`parse_events`] takes the console's JSON download and CloudTrail's S3
//! log files (`{"Records": […]}`), `aws cloudtrail lookup-events` output
//! (`{"Events": [{"CloudTrailEvent": "<json>", …}]}`), one event per line,
//! a single event, or a bare array of any of these. The record fields read
//! are those of the CloudTrail User Guide's "CloudTrail record contents"
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>):
//! `eventSource`, `eventName`, `eventTime`, `eventType`, `awsRegion`,
//! `recipientAccountId`, `errorCode`, `errorMessage`, `requestParameters`
//! and `resources`.
//!
//! [`map_events`] writes each event as the `aws` command that makes its
//! request and maps it with the [commands](crate::commands) mapper, so an
//! event is scoped exactly as the command would be: `eventSource` names
//! the service ([`OperationMap::service_by_event_source`]), `eventName`
//! the operation, and the top-level `requestParameters`, which CloudTrail
//! names after the operation's input members, fill the ARN placeholders.
//! When they name no resource, the event's `resources[].ARN` are fitted to
//! the action's resource types. An event the map cannot place is reported
//! with its reason, never guessed.
//!
//! An event denied when it ran (`errorCode` `AccessDenied`,
//! `AccessDeniedException`, `UnauthorizedOperation`,
//! `Client.UnauthorizedOperation`) is marked. Its action is still what the
//! job needs, unless its `errorMessage` ([`denied::parse_all`]) says the
//! denial came from elsewhere (an explicit deny, a service control policy,
//! a permissions boundary…): then nothing is added for it.
//!
//! Records carry the caller's access key id in `userIdentity` (and
//! `lookup-events` repeats it as `AccessKeyId`): both are dropped before
//! anything is read, and [`MappedEvents::notes`] says so. Anything else
//! that looks like a credential refuses the input; [`redact`] gives the
//! text without them, to show.
//!
//! ```
//! use policy_builder::{arn::Partition, catalog, cloudtrail, commands, generate, opmap};
//!
//! let text = r#"{"Records": [{"eventVersion": "1.11", "eventTime": "2026-03-02T10:00:00Z",
//!     "eventSource": "s3.amazonaws.com", "eventName": "PutObject", "awsRegion": "us-east-1",
//!     "requestParameters": {"bucketName": "my-site", "key": "js/app.js"},
//!     "recipientAccountId": "123456789012"}]}"#;
//! let events = cloudtrail::parse_events(text).unwrap();
//! let settings = commands::Settings { partition: Partition::Aws, account: None, region: None };
//! let mapped = cloudtrail::map_events(catalog::bundled(), opmap::shipped(), &events, &settings);
//! assert!(mapped.is_complete());
//! let granted = mapped.granted(&settings);
//! let policy = generate::generate(catalog::bundled(), &granted.choices).unwrap();
//! assert!(policy.to_json().contains("arn:aws:s3:::my-site/js/app.js"));
//! assert_eq!(
//!     granted.reasons["s3:PutObject"][0].reason,
//!     "event 1: s3.amazonaws.com PutObject (2026-03-02T10:00:00Z)"
//! );
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

use crate::arn::validate_region;
use crate::catalog::Catalog;
use crate::choices::ArnChoice;
use crate::commands::{
    self, closest, to_choices, Grant, Granted, Outcome, Piece, Problem, Settings, Word,
};
use crate::denied::{self, Cause};
use crate::opmap::{Operation, OperationMap, OperationSpec, Service};
use crate::secrets::{self, CredentialKind};

pub use crate::secrets::redact;

/// One CloudTrail event, as much of it as the mapping reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Event {
    /// 1-based, in the order of the input.
    pub index: usize,
    /// `eventSource`: `s3.amazonaws.com`.
    pub source: String,
    /// `eventName`: `PutObject`.
    pub name: String,
    /// `eventTime`.
    pub time: Option<String>,
    /// `eventType`: `AwsApiCall`, `AwsServiceEvent`, `AwsConsoleSignIn`…
    pub event_type: Option<String>,
    /// `awsRegion`.
    pub region: Option<String>,
    /// `recipientAccountId`.
    pub account: Option<String>,
    /// `errorCode`: `AccessDenied`.
    pub error_code: Option<String>,
    /// `errorMessage`.
    pub error_message: Option<String>,
    /// The top-level scalar `requestParameters`, as text.
    pub parameters: BTreeMap<String, String>,
    /// `resources[].ARN`.
    pub resources: Vec<String>,
    /// Whether a `userIdentity` (or lookup-events' `AccessKeyId` and
    /// `Username`) was dropped from it.
    pub identity_dropped: bool,
}

/// Why the text is not usable as CloudTrail events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudTrailError {
    /// The offending input: the line at fault (credentials redacted), or
    /// `event N`. Never a credential.
    pub input: String,
    pub kind: CloudTrailErrorKind,
}

/// What was wrong with the text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloudTrailErrorKind {
    /// The text is empty.
    Empty,
    /// The text is not JSON (nor JSON lines).
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// A lookup-events `CloudTrailEvent` string is not JSON.
    EventJson {
        event: usize,
        line: usize,
        column: usize,
        message: String,
    },
    /// The JSON is not CloudTrail's: no `Records`, `Events`, event or list
    /// of events.
    NotEvents,
    /// A record lacks a field every event has.
    NotAnEvent { event: usize, missing: &'static str },
    /// Something other than the dropped identity looks like a credential.
    Credential {
        event: Option<usize>,
        kind: CredentialKind,
    },
}

impl fmt::Display for CloudTrailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CloudTrailErrorKind::Empty => f.write_str("no CloudTrail event: the text is empty"),
            CloudTrailErrorKind::Json {
                line,
                column,
                message,
            } => write!(
                f,
                "line {line}, column {column}: {message} (expected CloudTrail JSON: {{\"Records\": […]}}, lookup-events output, or one event per line)"
            ),
            CloudTrailErrorKind::EventJson {
                event,
                line,
                column,
                message,
            } => write!(
                f,
                "event {event}: its CloudTrailEvent is not JSON (line {line}, column {column} of it: {message})"
            ),
            CloudTrailErrorKind::NotEvents => f.write_str(
                "not CloudTrail events: expected {\"Records\": […]} (the console's download, an S3 log file), {\"Events\": […]} (aws cloudtrail lookup-events), one event per line, an event, or a list of events",
            ),
            CloudTrailErrorKind::NotAnEvent { event, missing } => {
                write!(f, "event {event} has no {missing}: not a CloudTrail event")
            }
            CloudTrailErrorKind::Credential { event, kind } => {
                if let Some(e) = event {
                    write!(f, "event {e}: ")?;
                }
                write!(
                    f,
                    "This looks like {}. This tool never needs credentials: it was not used, stored or put in the URL. If it is real, consider rotating it.",
                    kind.describe()
                )
            }
        }
    }
}

impl std::error::Error for CloudTrailError {}

/// Reads every event of the text, `userIdentity` dropped.
pub fn parse_events(text: &str) -> Result<Vec<Event>, CloudTrailError> {
    if text.trim().is_empty() {
        return Err(error("", CloudTrailErrorKind::Empty));
    }
    let mut raw: Vec<(Value, bool)> = Vec::new();
    match serde_json::from_str::<Value>(text) {
        Ok(v) => records(v, &mut raw)?,
        Err(whole) => {
            let lines: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .collect();
            let is_lines = lines.len() > 1
                && serde_json::from_str::<Value>(lines[0].1).is_ok_and(|v| v.is_object());
            if !is_lines {
                return Err(json_error(text, &whole, 0));
            }
            for (n, line) in lines {
                let v = serde_json::from_str::<Value>(line).map_err(|e| json_error(line, &e, n))?;
                records(v, &mut raw)?;
            }
        }
    }
    if raw.is_empty() {
        return Err(error("", CloudTrailErrorKind::NotEvents));
    }
    raw.into_iter()
        .enumerate()
        .map(|(i, (v, dropped))| event(i + 1, v, dropped))
        .collect()
}

/// A JSON error at `line`/`column` of `text` (whose first line is line
/// `offset + 1` of the input).
fn json_error(text: &str, e: &serde_json::Error, offset: usize) -> CloudTrailError {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message
        .strip_suffix(&suffix)
        .unwrap_or(&message)
        .to_string();
    let at = text
        .lines()
        .nth(e.line().saturating_sub(1))
        .unwrap_or_default();
    let input: String = redact(at).chars().take(200).collect();
    error(
        &input,
        CloudTrailErrorKind::Json {
            line: e.line() + offset,
            column: e.column(),
            message,
        },
    )
}

fn error(input: &str, kind: CloudTrailErrorKind) -> CloudTrailError {
    CloudTrailError {
        input: input.to_string(),
        kind,
    }
}

/// The events one JSON value holds, each with whether lookup-events'
/// identity fields were dropped from its wrapper.
fn records(v: Value, out: &mut Vec<(Value, bool)>) -> Result<(), CloudTrailError> {
    match v {
        Value::Array(items) => {
            for item in items {
                record(item, out)?;
            }
            Ok(())
        }
        Value::Object(mut o) => {
            for key in ["Records", "Events"] {
                if let Some(Value::Array(items)) = o.remove(key) {
                    // Whatever else the document holds is not read, but a
                    // credential in it still refuses the text.
                    refuse_credentials(&o, None)?;
                    for item in items {
                        record(item, out)?;
                    }
                    return Ok(());
                }
            }
            record(Value::Object(o), out)
        }
        _ => Err(error("", CloudTrailErrorKind::NotEvents)),
    }
}

/// One element: an event, or a lookup-events entry around one.
fn record(v: Value, out: &mut Vec<(Value, bool)>) -> Result<(), CloudTrailError> {
    let Value::Object(mut o) = v else {
        return Err(error("", CloudTrailErrorKind::NotEvents));
    };
    let Some(inner) = o.remove("CloudTrailEvent") else {
        out.push((Value::Object(o), false));
        return Ok(());
    };
    let index = out.len() + 1;
    let Value::String(inner) = inner else {
        return Err(error(
            &format!("event {index}"),
            CloudTrailErrorKind::NotAnEvent {
                event: index,
                missing: "CloudTrailEvent string",
            },
        ));
    };
    let event = serde_json::from_str::<Value>(&inner).map_err(|e| {
        error(
            &format!("event {index}"),
            CloudTrailErrorKind::EventJson {
                event: index,
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            },
        )
    })?;
    // The wrapper repeats the event's identity: the caller's access key
    // id and user name.
    let dropped = o.remove("AccessKeyId").is_some() | o.remove("Username").is_some();
    refuse_credentials(&o, Some(index))?;
    out.push((event, dropped));
    Ok(())
}

/// An error when `v` holds something that looks like a credential.
fn refuse_credentials(
    v: &impl serde::Serialize,
    event: Option<usize>,
) -> Result<(), CloudTrailError> {
    let place = event.map(|e| format!("event {e}")).unwrap_or_default();
    // Serialising JSON values cannot fail; if it did, nothing is read.
    let text =
        serde_json::to_string(v).map_err(|_| error(&place, CloudTrailErrorKind::NotEvents))?;
    match secrets::find_credential(&text) {
        Some(found) => Err(error(
            &event.map(|e| format!("event {e}")).unwrap_or_default(),
            CloudTrailErrorKind::Credential {
                event,
                kind: found.kind,
            },
        )),
        None => Ok(()),
    }
}

/// Reads one record: drops `userIdentity`, refuses any other credential.
fn event(index: usize, v: Value, wrapper_dropped: bool) -> Result<Event, CloudTrailError> {
    let Value::Object(mut o) = v else {
        return Err(error(
            &format!("event {index}"),
            CloudTrailErrorKind::NotEvents,
        ));
    };
    let identity_dropped = o.remove("userIdentity").is_some() || wrapper_dropped;
    refuse_credentials(&o, Some(index))?;
    let string = |key: &str| o.get(key).and_then(Value::as_str).map(str::to_string);
    let missing = |field| {
        error(
            &format!("event {index}"),
            CloudTrailErrorKind::NotAnEvent {
                event: index,
                missing: field,
            },
        )
    };
    let source = string("eventSource").ok_or_else(|| missing("eventSource"))?;
    let name = string("eventName").ok_or_else(|| missing("eventName"))?;
    let parameters = match o.get("requestParameters") {
        Some(Value::Object(p)) => scalars(p),
        _ => BTreeMap::new(),
    };
    let resources = match o.get("resources") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|r| r.get("ARN").and_then(Value::as_str))
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    Ok(Event {
        index,
        source,
        name,
        time: string("eventTime"),
        event_type: string("eventType"),
        region: string("awsRegion"),
        account: string("recipientAccountId"),
        error_code: string("errorCode"),
        error_message: string("errorMessage"),
        parameters,
        resources,
        identity_dropped,
    })
}

/// The strings, numbers and booleans of an object, as text.
fn scalars(p: &Map<String, Value>) -> BTreeMap<String, String> {
    p.iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((k.clone(), text))
        })
        .collect()
}

/// The events, mapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappedEvents {
    /// One per event, in order.
    pub events: Vec<EventResult>,
    /// What the mapped events need.
    pub grants: Vec<Grant>,
    /// Things worth knowing about the whole input: what was dropped.
    pub notes: Vec<String>,
}

/// What one event became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventResult {
    /// 1-based.
    pub index: usize,
    pub source: String,
    pub name: String,
    pub time: Option<String>,
    pub outcome: EventOutcome,
    /// The request was denied when it ran.
    pub denied: bool,
    /// Things worth knowing that change nothing in the policy.
    pub notes: Vec<String>,
}

/// How an event was mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventOutcome {
    /// These actions (catalog spelling) were granted for it.
    Mapped(Vec<String>),
    /// It needs no permission in an identity policy.
    NeedsNothing(String),
    /// It could not be mapped: nothing was granted for it.
    Unmapped(EventProblem),
    /// It was denied by something other than the identity policy: nothing
    /// was granted for it.
    DeniedElsewhere(Cause),
}

/// Why an event could not be mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventProblem {
    /// No service of the operation map has this `eventSource`.
    UnknownSource { source: String },
    /// The service has no operation of this `eventName`.
    UnknownOperation {
        service: String,
        name: String,
        suggestion: Option<String>,
    },
    /// The operation could not be scoped (see [`Problem`]).
    Mapping(Problem),
}

impl fmt::Display for EventProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventProblem::UnknownSource { source } => write!(
                f,
                "no AWS API in the operation map has the event source `{source}`: it is left out rather than guessed"
            ),
            EventProblem::UnknownOperation {
                service,
                name,
                suggestion,
            } => {
                write!(f, "`{name}` is not an operation of {service}")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                f.write_str(": it is left out rather than guessed")
            }
            EventProblem::Mapping(Problem::Unscoped {
                action,
                resource_types,
            }) => write!(
                f,
                "{action} needs a resource of type {} that neither the event's request parameters nor its resources name: it is left out rather than granted on \"*\"",
                resource_types.join(" or ")
            ),
            EventProblem::Mapping(p) => p.fmt(f),
        }
    }
}

impl EventOutcome {
    /// Why nothing was granted, for an event that is not mapped.
    pub fn problem(&self) -> Option<String> {
        match self {
            EventOutcome::Unmapped(p) => Some(p.to_string()),
            EventOutcome::DeniedElsewhere(cause) => Some(format!("denied when it ran: {cause}")),
            EventOutcome::Mapped(_) | EventOutcome::NeedsNothing(_) => None,
        }
    }
}

impl MappedEvents {
    /// Whether every event was mapped or needs nothing.
    pub fn is_complete(&self) -> bool {
        self.events.iter().all(|e| {
            matches!(
                e.outcome,
                EventOutcome::Mapped(_) | EventOutcome::NeedsNothing(_)
            )
        })
    }

    /// The events nothing was granted for, with why.
    pub fn unmapped(&self) -> impl Iterator<Item = (&EventResult, String)> {
        self.events
            .iter()
            .filter_map(|e| e.outcome.problem().map(|p| (e, p)))
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

/// The error codes of a request denied for want of a permission.
const DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "Client.UnauthorizedOperation",
];

/// CloudTrail's names for request parameters that differ from the
/// operation's input members. S3 logs the bucket as `bucketName` and
/// request headers under their own names
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html):
/// a copy's source is the `x-amz-copy-source` header
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).
const ALIASES: &[(&str, &str, &str)] = &[
    ("s3", "bucketName", "Bucket"),
    ("s3", "x-amz-copy-source", "CopySource"),
];

/// Inputs the commands mapper reads by hand (SSM's `--name`, a stack, an
/// ECS cluster and service, an SQS queue URL, a copy's source): like bound
/// inputs, their values become ARNs.
const NAMING_MEMBERS: &[&str] = &[
    "Name",
    "StackName",
    "Cluster",
    "Service",
    "QueueUrl",
    "CopySource",
];

/// Maps every event.
pub fn map_events(
    catalog: &Catalog,
    map: &OperationMap,
    events: &[Event],
    settings: &Settings,
) -> MappedEvents {
    let mut out = MappedEvents::default();
    for e in events {
        let (result, grants) = map_event(catalog, map, e, settings);
        out.events.push(result);
        out.grants.extend(grants);
    }
    let dropped = events.iter().filter(|e| e.identity_dropped).count();
    if dropped > 0 {
        out.notes.push(format!(
            "userIdentity (who made the call, with the access key id it used) was dropped from {dropped} event{} before reading: the policy never needs it",
            if dropped == 1 { "" } else { "s" }
        ));
    }
    out
}

fn map_event(
    catalog: &Catalog,
    map: &OperationMap,
    e: &Event,
    settings: &Settings,
) -> (EventResult, Vec<Grant>) {
    let mut result = EventResult {
        index: e.index,
        source: e.source.clone(),
        name: e.name.clone(),
        time: e.time.clone(),
        outcome: EventOutcome::NeedsNothing(String::new()),
        denied: false,
        notes: Vec::new(),
    };
    let nothing = |why: &str| EventOutcome::NeedsNothing(why.to_string());
    // "CloudTrail record contents", eventType: these are not calls the
    // identity made with its permissions.
    match e.event_type.as_deref() {
        Some("AwsConsoleSignIn") => {
            result.outcome =
                nothing("a console sign-in: not an API call an identity policy grants");
            return (result, Vec::new());
        }
        Some("AwsServiceEvent") => {
            result.outcome = nothing("made by an AWS service, not by this identity");
            return (result, Vec::new());
        }
        Some("AwsCloudTrailInsight") => {
            result.outcome = nothing("a CloudTrail Insights event: not an API call");
            return (result, Vec::new());
        }
        _ => {}
    }
    // These calls are made without AWS credentials and authorised by the
    // role's trust policy
    // (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html,
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html).
    if e.source == "sts.amazonaws.com"
        && matches!(
            e.name.as_str(),
            "AssumeRoleWithWebIdentity" | "AssumeRoleWithSAML"
        )
    {
        result.outcome = nothing(
            "authorised by the role's trust policy, not an identity policy (see `policy-builder trust`)",
        );
        return (result, Vec::new());
    }
    if let Some(code) = e.error_code.as_deref() {
        if DENIED_CODES.contains(&code) {
            result.denied = true;
            let cause = e
                .error_message
                .as_deref()
                .and_then(|m| denied::parse_all(m).ok())
                .and_then(|ds| ds.into_iter().next())
                .map(|d| d.cause);
            match cause {
                Some(cause @ (Cause::NotAllowedBy(_) | Cause::ExplicitDeny { .. })) => {
                    result.outcome = EventOutcome::DeniedElsewhere(cause);
                    return (result, Vec::new());
                }
                Some(cause) => result.notes.push(format!("denied when it ran: {cause}")),
                None => result.notes.push(format!(
                    "denied when it ran ({code}); the message does not say which policy denied it"
                )),
            }
        } else {
            result.notes.push(format!(
                "it failed with {code}: the permission is still what the call needs"
            ));
        }
    }
    let Some(svc) = map.service_by_event_source(&e.source) else {
        result.outcome = EventOutcome::Unmapped(EventProblem::UnknownSource {
            source: e.source.clone(),
        });
        return (result, Vec::new());
    };
    let Some(spec) = operation(svc, &e.name) else {
        result.outcome = EventOutcome::Unmapped(EventProblem::UnknownOperation {
            service: svc.cli_name.to_string(),
            suggestion: closest(&e.name, svc.operations.iter().map(|o| &*o.api_name)),
            name: e.name.clone(),
        });
        return (result, Vec::new());
    };
    if spec.api_name != e.name {
        result.notes.push(format!(
            "CloudTrail names the {} operation {}",
            spec.api_name, e.name
        ));
    }
    match grants_for(catalog, map, e, svc, spec, settings, result.denied) {
        Ok((Some(actions), grants, notes)) => {
            result.notes.extend(notes);
            result.outcome = EventOutcome::Mapped(actions);
            (result, grants)
        }
        Ok((None, _, why)) => {
            result.outcome = EventOutcome::NeedsNothing(why.join("; "));
            (result, Vec::new())
        }
        Err(p) => {
            result.outcome = EventOutcome::Unmapped(EventProblem::Mapping(p));
            (result, Vec::new())
        }
    }
}

/// The operation an `eventName` names. Some services log versioned names
/// (Lambda's `UpdateFunctionCode20150331v2`): without an exact match, the
/// name is read without its date (`20150331`, `2020_05_31`) and version.
fn operation<'s>(svc: &'s Service, name: &str) -> Option<&'s OperationSpec> {
    let find = |n: &str| svc.operations.iter().find(|o| o.api_name == n);
    if let Some(op) = find(name) {
        return Some(op);
    }
    let mut base = name;
    if let Some(i) = base.rfind('v') {
        let version = &base[i + 1..];
        if !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) {
            base = &base[..i];
        }
    }
    let is_date = |tail: &str, shape: &str| {
        tail.len() == shape.len()
            && tail.bytes().zip(shape.bytes()).all(|(b, s)| {
                if s == b'_' {
                    b == b'_'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    for shape in ["00000000", "0000_00_00"] {
        let Some(cut) = base.len().checked_sub(shape.len()) else {
            continue;
        };
        if let Some(tail) = base.get(cut..) {
            if cut > 0 && is_date(tail, shape) {
                return find(&base[..cut]);
            }
        }
    }
    None
}

/// The actions granted (`None`: the call needs nothing), the grants and
/// the notes; or why the event cannot be mapped.
type Mapping = (Option<Vec<String>>, Vec<Grant>, Vec<String>);

fn grants_for(
    catalog: &Catalog,
    map: &OperationMap,
    e: &Event,
    svc: &Service,
    spec: &OperationSpec,
    settings: &Settings,
    denied: bool,
) -> Result<Mapping, Problem> {
    // The event's own account and region scope its ARNs; the user's
    // settings are the fallback.
    let account = match e.account.as_deref() {
        Some(a) if a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()) => Some(a),
        Some(a) => {
            return Err(Problem::Malformed(format!(
                "recipientAccountId `{a}` is not a 12-digit account id"
            )))
        }
        None => settings.account,
    };
    let region = match e.region.as_deref() {
        Some(r) => match validate_region(settings.partition, r) {
            Ok(()) if !r.contains(['*', '?']) => Some(r),
            _ => {
                return Err(Problem::Malformed(format!(
                    "awsRegion `{r}` is not a region of the {} partition: set the partition",
                    settings.partition
                )))
            }
        },
        None => settings.region,
    };
    let event_settings = Settings {
        partition: settings.partition,
        account,
        region,
    };
    let resolved = svc.by_api_name(&spec.api_name, catalog);
    let bound: BTreeSet<String> = resolved
        .iter()
        .flat_map(|op| op.bindings.iter().map(|b| b.member.to_ascii_lowercase()))
        .chain(NAMING_MEMBERS.iter().map(|m| m.to_ascii_lowercase()))
        .collect();
    // The command that makes this request: `aws --region R s3api
    // put-object --bucket B --key K`.
    let text_word = |t: &str| Word {
        pieces: vec![Piece::Text(t.to_string())],
    };
    let mut words = vec![text_word("aws")];
    if let Some(r) = region {
        words.push(text_word("--region"));
        words.push(text_word(r));
    }
    words.push(text_word(&svc.cli_name));
    words.push(text_word(&spec.command));
    for (key, value) in &e.parameters {
        let member = ALIASES
            .iter()
            .find(|(s, k, _)| *s == svc.service_name && k == key)
            .map_or(key.as_str(), |(_, _, m)| *m);
        let Some(input) = spec
            .inputs
            .iter()
            .find(|i| i.member.eq_ignore_ascii_case(member))
        else {
            continue;
        };
        // Every value is literal: `*` or `?` in a name would be a wildcard
        // in the policy, granting more than the event touched.
        if bound.contains(&input.member.to_ascii_lowercase()) && value.contains(['*', '?']) {
            return Err(Problem::Malformed(format!(
                "{key} `{value}` holds `*` or `?`, which a policy reads as a wildcard: it is left out rather than widened"
            )));
        }
        words.push(text_word(&input.flag));
        words.push(text_word(value));
    }
    let text = words
        .iter()
        .map(Word::display)
        .collect::<Vec<_>>()
        .join(" ");
    let (line, grants) = commands::map_words(catalog, map, &event_settings, e.index, text, words);
    let why = reason(e, denied);
    match line.outcome {
        Outcome::Mapped(actions) => {
            let grants = grants
                .into_iter()
                .map(|g| scoped(catalog, g, e.account.as_deref(), &why))
                .collect();
            Ok((Some(actions), grants, line.notes))
        }
        Outcome::NeedsNothing(why) => Ok((None, Vec::new(), vec![why])),
        Outcome::Unmapped(p @ Problem::Unscoped { .. }) if !e.resources.is_empty() => {
            match &resolved {
                Some(op) => from_resources(catalog, map, e, op, &event_settings, &why, p),
                None => Err(p),
            }
        }
        Outcome::Unmapped(p) => Err(p),
        Outcome::Pending(vars) => Err(Problem::Malformed(format!("waits for {}", vars.join(", ")))),
        Outcome::NotAws(what) => Err(Problem::Malformed(format!("not an AWS call: {what}"))),
    }
}

/// Each action of the operation on the event's `resources[].ARN` that fit
/// its resource types; the command's problem when an action gets none.
fn from_resources(
    catalog: &Catalog,
    map: &OperationMap,
    e: &Event,
    op: &Operation,
    settings: &Settings,
    why: &str,
    problem: Problem,
) -> Result<Mapping, Problem> {
    let mut grants = Vec::new();
    for action in &op.actions {
        let Some(id) = catalog.action(action) else {
            return Err(problem);
        };
        let before = grants.len();
        for arn in &e.resources {
            if arn.contains(['*', '?']) {
                continue;
            }
            let fits: BTreeMap<String, String> = catalog
                .matching_resource_types(id, arn)
                .iter()
                .map(|rt| (rt.name().to_string(), arn.clone()))
                .collect();
            if fits.is_empty() {
                continue;
            }
            if let Ok(g) =
                commands::scope_arns(catalog, map, settings, action, &fits, why.to_string())
            {
                grants.push(g);
            }
        }
        if grants.len() == before {
            return Err(problem);
        }
    }
    let note =
        "scoped by the event's resources: its request parameters do not name them".to_string();
    Ok((Some(op.actions.clone()), grants, vec![note]))
}

/// A grant of the event: its reason, and the event's account on ARNs that
/// hold one (the region is already the event's).
fn scoped(catalog: &Catalog, mut g: Grant, account: Option<&str>, why: &str) -> Grant {
    g.reason = why.to_string();
    let Some(account) = account else { return g };
    let prefix = g.action.split(':').next().unwrap_or_default().to_string();
    for (rt, list) in g.resources.iter_mut() {
        let has_account = catalog
            .resource_type(&prefix, rt)
            .is_some_and(|t| t.arn().contains("${Account}"));
        if !has_account {
            continue;
        }
        *list = std::mem::take(list)
            .into_iter()
            .map(|c| match c {
                ArnChoice::Values(mut v) => {
                    v.entry("Account".to_string())
                        .or_insert_with(|| account.to_string());
                    ArnChoice::Values(v)
                }
                arn => arn,
            })
            .collect();
    }
    g
}

/// `event 3: s3.amazonaws.com PutObject (2026-…Z)`, and whether it was
/// denied when it ran.
fn reason(e: &Event, denied: bool) -> String {
    let mut r = format!("event {}: {} {}", e.index, e.source, e.name);
    if let Some(t) = &e.time {
        r.push_str(&format!(" ({t})"));
    }
    if denied {
        r.push_str(", denied when it ran");
    }
    r
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn versioned_event_names_read_as_their_operation() {
        let map = crate::opmap::shipped();
        let lambda = map.service("lambda").unwrap();
        let cases = [
            ("plain", "UpdateFunctionCode", Some("UpdateFunctionCode")),
            (
                "dated with version",
                "UpdateFunctionCode20150331v2",
                Some("UpdateFunctionCode"),
            ),
            ("dated", "GetFunction20150331", Some("GetFunction")),
            ("short suffix is not a date", "GetFunction2", None),
            ("unknown", "UpdateFunctionCod", None),
        ];
        for (name, event, want) in cases {
            assert_eq!(
                operation(lambda, event).map(|o| &*o.api_name),
                want,
                "{name}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(text in "\\PC{0,300}") {
            let _ = parse_events(&text);
        }

        #[test]
        fn parsing_and_mapping_event_like_json_never_panics(
            source in proptest::sample::select(vec!["s3.amazonaws.com", "cloudfront.amazonaws.com", "lambda.amazonaws.com", "x.amazonaws.com", ""]),
            name in "[A-Za-z0-9]{0,30}",
            key in "[a-zA-Z-]{1,12}",
            value in "\\PC{0,40}",
            region in proptest::option::of("[a-z0-9-]{0,14}"),
            account in proptest::option::of("[0-9*]{0,13}"),
            code in proptest::option::of(proptest::sample::select(vec!["AccessDenied", "NoSuchKey"])),
        ) {
            let mut event = serde_json::json!({
                "eventSource": source, "eventName": name,
                "requestParameters": {key: value}, "resources": [{"ARN": value}],
            });
            if let Some(r) = region { event["awsRegion"] = r.into(); }
            if let Some(a) = account { event["recipientAccountId"] = a.into(); }
            if let Some(c) = code { event["errorCode"] = c.into(); event["errorMessage"] = value.clone().into(); }
            let text = event.to_string();
            if let Ok(events) = parse_events(&text) {
                let settings = Settings { partition: crate::arn::Partition::Aws, account: None, region: None };
                let mapped = map_events(crate::catalog::bundled(), crate::opmap::shipped(), &events, &settings);
                let _ = crate::generate::generate(crate::catalog::bundled(), &mapped.granted(&settings).choices);
            }
        }
    }
}
