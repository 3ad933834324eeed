//! Differential test: our `simulate` against an independent evaluator,
//! `@cloud-copilot/iam-simulate` (test-only, AGPL, never shipped), run by
//! `tests/differential/evaluate.mjs` under node.
//!
//! A seeded generator makes random identity policies and requests that
//! cover Allow/Deny, Action/NotAction, Resource/NotResource, wildcards,
//! partitions, every condition operator family, `...IfExists`, the set
//! operators, policy variables (with defaults, keys holding `/` and `:`,
//! in and out of the resource part) and the `${*}`/`${?}`/`${$}` escapes.
//! Every case where the two decisions differ is shrunk (statements,
//! conditions, values and context keys removed while they still differ) and
//! must then match an entry of `tests/differential/known-divergences.json`,
//! which says which side is right and quotes the IAM User Guide passage
//! that shows it. Any other divergence fails the test, with the seed and a
//! minimal reproduction.
//!
//! `DIFFERENTIAL_SEED` and `DIFFERENTIAL_CASES` change the seed and the
//! number of cases (for exploring; CI uses the fixed defaults).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use policy_builder::policy::{ActionSpec, Condition, Effect, Policy, ResourceSpec, Statement};
use policy_builder::simulate::{simulate, Decision, Request};
use serde_json::{json, Value};

/// Issue 15.
const SEED: u64 = 0x0015_d1ff;
const CASES: usize = 3_000;
/// Shrinking rounds; each round is one run of the evaluator.
const SHRINK_ROUNDS: usize = 12;

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
    fn some<T: Clone>(&mut self, items: &[T], min: usize, max: usize) -> Vec<T> {
        let n = min + self.below(max - min + 1);
        (0..n).map(|_| self.pick(items).clone()).collect()
    }
}

const POLICY_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:Get*",
    "s3:*",
    "*",
    "s3:?etObject",
    "S3:getobject",
    "iam:CreateUser",
    "iam:*",
    "ec2:RunInstances",
    "ec2:Describe*",
];
const REQUEST_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:GetObjectAcl",
    "iam:CreateUser",
    "ec2:RunInstances",
    "ec2:DescribeInstances",
];
const POLICY_RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/k",
    "arn:aws:s3:::B/*",
    "arn:aws:s3:::b/k?",
    "arn:aws:s3:::b/*/x",
    "arn:aws-cn:s3:::b/*",
    "arn:aws-us-gov:s3:::b/*",
    "arn:*:s3:::b/*",
    "arn:aws:s3:::b/home/${aws:username}/*",
    "arn:aws:s3:::b/${aws:PrincipalTag/team}/*",
    "arn:aws:s3:::b/${aws:username, 'shared'}/*",
    "arn:aws:s3:::${aws:PrincipalTag/bucket}/*",
    "arn:aws:s3:::b/${*}",
    "arn:aws:s3:::b/k${?}",
    "arn:aws:s3:::b/${$}k",
    "arn:aws:iam::123456789012:user/*",
    "arn:aws:iam::123456789012:user/${aws:username}",
    "arn:aws:iam::${aws:PrincipalAccount}:user/alice",
    "arn:aws:ec2:*:123456789012:instance/*",
    "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
    "arn:aws:ec2:??-east-1:*:instance/*",
    "arn:aws:ec2:*:instance/*",
];
/// Concrete ARNs only: iam-simulate reads a `*` in the request's resource
/// as a wildcard (a question about every matching resource), so `${*}` is
/// only checked for not matching other text.
const REQUEST_RESOURCES: &[&str] = &[
    "arn:aws:s3:::b/k",
    "arn:aws:s3:::b/kx",
    "arn:aws:s3:::b/k?",
    "arn:aws:s3:::b/$k",
    "arn:aws:s3:::b/y/x",
    "arn:aws:s3:::B/k",
    "arn:aws:s3:::b/home/alice/x",
    "arn:aws:s3:::b/web/x",
    "arn:aws:s3:::b/shared/x",
    "arn:aws:s3:::site/x",
    "arn:aws-cn:s3:::b/k",
    "arn:aws-us-gov:s3:::b/k",
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws:iam::123456789012:user/bob",
    "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
    "arn:aws:ec2:eu-west-1:123456789012:instance/i-2",
];

/// One operator family: its operators (with their `Not` forms), the keys it
/// is used with, policy values and request values that sometimes match.
struct Family {
    operators: &'static [&'static str],
    keys: &'static [&'static str],
    policy: &'static [&'static str],
    request: &'static [&'static str],
}

const FAMILIES: &[Family] = &[
    Family {
        operators: &[
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
        ],
        keys: &["aws:username", "AWS:UserName", "aws:PrincipalTag/team"],
        policy: &[
            "alice",
            "Alice",
            "bob",
            "al*",
            "web",
            "${aws:PrincipalTag/team}",
            "${aws:PrincipalTag/none}",
            "${aws:PrincipalTag/none, 'alice'}",
            "${aws:username}",
        ],
        request: &["alice", "Alice", "bob", "web"],
    },
    Family {
        operators: &["StringLike", "StringNotLike"],
        keys: &["s3:prefix"],
        policy: &[
            "home/*",
            "*",
            "home/?lice/*",
            "home/${aws:username}/*",
            "${*}",
            "home/${aws:PrincipalTag/none}/*",
            "home/${aws:PrincipalTag/a:b}/*",
        ],
        request: &["home/alice/x", "home/bob/x", "*", "other"],
    },
    Family {
        operators: &[
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
        ],
        keys: &["s3:max-keys"],
        policy: &["10", "5", "10.0", "-1", "1.5"],
        request: &["10", "9", "11", "10.0", "-2"],
    },
    Family {
        operators: &[
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
        ],
        keys: &["aws:CurrentTime"],
        policy: &[
            "2024-01-01T00:00:00Z",
            "2024-06-01T12:00:00Z",
            "2024-06-01T12:00:00.000Z",
            "2025-01-01T00:00:00Z",
        ],
        request: &[
            "2024-06-01T12:00:00Z",
            "2023-12-31T23:59:59Z",
            "2024-06-01T12:00:00.000Z",
        ],
    },
    Family {
        operators: &["Bool"],
        keys: &["aws:SecureTransport", "aws:MultiFactorAuthPresent"],
        policy: &["true", "false"],
        request: &["true", "false"],
    },
    Family {
        operators: &["BinaryEquals"],
        keys: &["test:blob"],
        policy: &["QmluYXJ5", "eA=="],
        request: &["QmluYXJ5", "eA=="],
    },
    Family {
        operators: &["IpAddress", "NotIpAddress"],
        keys: &["aws:SourceIp"],
        policy: &[
            "10.0.0.0/8",
            "203.0.113.0/24",
            "2001:db8::/32",
            "10.1.2.3/32",
        ],
        request: &["10.1.2.3", "203.0.113.9", "2001:db8::1", "192.168.0.1"],
    },
    Family {
        operators: &["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"],
        keys: &["aws:SourceArn"],
        policy: &[
            "arn:aws:sns:*:123456789012:*",
            "arn:aws:sns:us-east-1:123456789012:topic",
            "arn:aws:sns:*:*:t*",
            "arn:aws:sns:us-east-1:${aws:PrincipalAccount}:topic",
        ],
        request: &[
            "arn:aws:sns:us-east-1:123456789012:topic",
            "arn:aws:sns:eu-west-1:999999999999:t1",
        ],
    },
    Family {
        operators: &["Null"],
        keys: &["aws:SourceIp", "aws:TokenIssueTime", "aws:username"],
        policy: &["true", "false"],
        request: &[],
    },
];

/// A multivalued key for the set operators.
const TAG_KEYS: &str = "aws:TagKeys";
const TAG_VALUES: &[&str] = &["env", "team", "cost", "e*"];
const TAG_REQUEST: &[&str] = &["env", "team", "other"];

/// Keys the request may carry, with values (variables resolve from these).
fn context_keys() -> Vec<(&'static str, &'static [&'static str])> {
    let mut keys: Vec<(&'static str, &'static [&'static str])> = FAMILIES
        .iter()
        .filter(|f| !f.request.is_empty())
        .flat_map(|f| f.keys.iter().map(move |k| (*k, f.request)))
        .filter(|(k, _)| *k != "AWS:UserName")
        .collect();
    keys.push(("aws:TokenIssueTime", &["2024-06-01T11:00:00Z"]));
    keys.push(("aws:PrincipalTag/bucket", &["b", "site"]));
    keys.push(("aws:PrincipalTag/a:b", &["alice", "x"]));
    keys.push(("aws:PrincipalAccount", &["123456789012"]));
    keys.sort();
    keys.dedup_by(|a, b| a.0 == b.0);
    keys
}

#[derive(Clone, Debug)]
struct Case {
    policy: Policy,
    action: String,
    resource: String,
    /// Key and values; `aws:TagKeys` is multivalued, the others have one.
    context: Vec<(String, Vec<String>)>,
}

fn strings(items: Vec<&str>) -> Vec<String> {
    items.into_iter().map(str::to_string).collect()
}

fn condition(rng: &mut Rng) -> Condition {
    let mut condition = Condition::new();
    for _ in 0..1 + rng.below(2) {
        let set_op = rng.percent(20);
        let (operator, key, values) = if set_op {
            let family = rng.pick(&FAMILIES[..2]);
            let base = *rng.pick(family.operators);
            let prefix = if rng.percent(50) {
                "ForAnyValue:"
            } else {
                "ForAllValues:"
            };
            let values = strings(rng.some(TAG_VALUES, 1, 3));
            (format!("{prefix}{base}"), TAG_KEYS.to_string(), values)
        } else {
            let family = rng.pick(FAMILIES);
            let base = *rng.pick(family.operators);
            let if_exists = base != "Null" && rng.percent(20);
            let operator = format!("{base}{}", if if_exists { "IfExists" } else { "" });
            let values = strings(rng.some(family.policy, 1, 3));
            (operator, rng.pick(family.keys).to_string(), values)
        };
        condition.entry(operator).or_default().insert(key, values);
    }
    condition
}

fn statement(rng: &mut Rng) -> Statement {
    let actions = strings(rng.some(POLICY_ACTIONS, 1, 2));
    let resources = strings(rng.some(POLICY_RESOURCES, 1, 2));
    Statement {
        sid: None,
        effect: if rng.percent(25) {
            Effect::Deny
        } else {
            Effect::Allow
        },
        action: if rng.percent(15) {
            ActionSpec::NotAction(actions)
        } else {
            ActionSpec::Action(actions)
        },
        resource: if rng.percent(15) {
            ResourceSpec::NotResource(resources)
        } else {
            ResourceSpec::Resource(resources)
        },
        condition: if rng.percent(45) {
            condition(rng)
        } else {
            Condition::new()
        },
    }
}

fn case(rng: &mut Rng) -> Case {
    let statements = (0..1 + rng.below(3)).map(|_| statement(rng)).collect();
    let mut context = Vec::new();
    for (key, values) in context_keys() {
        if rng.percent(45) {
            context.push((key.to_string(), vec![rng.pick(values).to_string()]));
        }
    }
    if rng.percent(50) {
        let mut tags = strings(rng.some(TAG_REQUEST, 1, 3));
        tags.sort();
        tags.dedup();
        context.push((TAG_KEYS.to_string(), tags));
    }
    // Mostly an action on a resource of its own service, so that the
    // policies' patterns often match.
    let action = rng.pick(REQUEST_ACTIONS).to_string();
    let service = action.split(':').next().unwrap_or("");
    let same: Vec<&str> = REQUEST_RESOURCES
        .iter()
        .copied()
        .filter(|r| r.split(':').nth(2) == Some(service))
        .collect();
    let resource = if rng.percent(75) && !same.is_empty() {
        rng.pick(&same).to_string()
    } else {
        rng.pick(REQUEST_RESOURCES).to_string()
    };
    Case {
        policy: Policy {
            version: Some(policy_builder::policy::VERSION.to_string()),
            id: None,
            statements,
        },
        action,
        resource,
        context,
    }
}

impl Case {
    fn to_json(&self) -> Value {
        let context: serde_json::Map<String, Value> = self
            .context
            .iter()
            .map(|(k, v)| {
                let value = if k == TAG_KEYS { json!(v) } else { json!(v[0]) };
                (k.clone(), value)
            })
            .collect();
        json!({
            "policy": serde_json::from_str::<Value>(&self.policy.to_json()).expect("a policy prints as JSON"),
            "action": self.action,
            "resource": self.resource,
            "context": context,
        })
    }

    fn ours(&self) -> &'static str {
        let mut request = Request::new(&self.action, &self.resource);
        for (k, values) in &self.context {
            for v in values {
                request = request.with(k, v.clone());
            }
        }
        // Through the parser, as the CLI would read what node reads.
        let policy = Policy::parse(&self.policy.to_json()).expect("a printed policy parses");
        match simulate(&policy, &request).decision {
            Decision::Allowed => "Allowed",
            Decision::ExplicitDeny => "ExplicitlyDenied",
            Decision::ImplicitDeny => "ImplicitlyDenied",
        }
    }

    /// Every case one step smaller: a statement, an operator, a key, a
    /// value, a pattern or a context key fewer.
    fn smaller(&self) -> Vec<Case> {
        let mut out = Vec::new();
        let statements = &self.policy.statements;
        let with = |f: &dyn Fn(&mut Case)| {
            let mut c = self.clone();
            f(&mut c);
            c
        };
        for i in 0..statements.len() {
            if statements.len() > 1 {
                out.push(with(&|c| {
                    c.policy.statements.remove(i);
                }));
            }
            let s = &statements[i];
            for (op, keys) in &s.condition {
                out.push(with(&|c| {
                    c.policy.statements[i].condition.remove(op);
                }));
                for (key, values) in keys {
                    if keys.len() > 1 {
                        out.push(with(&|c| {
                            if let Some(k) = c.policy.statements[i].condition.get_mut(op) {
                                k.remove(key);
                            }
                        }));
                    }
                    for j in 0..values.len() {
                        if values.len() > 1 {
                            out.push(with(&|c| {
                                if let Some(v) = c.policy.statements[i]
                                    .condition
                                    .get_mut(op)
                                    .and_then(|k| k.get_mut(key))
                                {
                                    v.remove(j);
                                }
                            }));
                        }
                    }
                }
            }
            let (ActionSpec::Action(actions) | ActionSpec::NotAction(actions)) = &s.action;
            for j in 0..actions.len() {
                if actions.len() > 1 {
                    out.push(with(&|c| {
                        let (ActionSpec::Action(a) | ActionSpec::NotAction(a)) =
                            &mut c.policy.statements[i].action;
                        a.remove(j);
                    }));
                }
            }
            let (ResourceSpec::Resource(resources) | ResourceSpec::NotResource(resources)) =
                &s.resource;
            for j in 0..resources.len() {
                if resources.len() > 1 {
                    out.push(with(&|c| {
                        let (ResourceSpec::Resource(r) | ResourceSpec::NotResource(r)) =
                            &mut c.policy.statements[i].resource;
                        r.remove(j);
                    }));
                }
            }
        }
        for i in 0..self.context.len() {
            out.push(with(&|c| {
                c.context.remove(i);
            }));
        }
        out
    }
}

/// Runs the independent evaluator over `cases`.
fn theirs(cases: &[Case]) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let file = std::env::temp_dir().join(format!(
        "policy-builder-differential-{}.json",
        std::process::id()
    ));
    let all: Vec<Value> = cases.iter().map(Case::to_json).collect();
    std::fs::write(&file, serde_json::to_string(&all).expect("cases print"))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    let out = Command::new("node")
        .arg(root.join("tests/differential/evaluate.mjs"))
        .arg(&file)
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run node ({e}): the differential test needs node on PATH and `npm ci`")
        });
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "tests/differential/evaluate.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decisions: Vec<String> =
        serde_json::from_slice(&out.stdout).expect("evaluate.mjs prints a JSON array of strings");
    assert_eq!(decisions.len(), cases.len(), "one decision per case");
    decisions
}

/// An entry of `known-divergences.json`.
#[derive(serde::Deserialize)]
struct Known {
    id: String,
    /// Every string must occur in the shrunk case's JSON.
    case_contains: Vec<String>,
    /// The decisions of each side this entry explains.
    ours: Vec<String>,
    theirs: Vec<String>,
    right: String,
    page: String,
    passage: String,
}

fn known_divergences() -> Vec<Known> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/differential/known-divergences.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let known: Vec<Known> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a list of divergences: {e}", path.display()));
    for k in &known {
        assert!(
            k.right == "ours" || k.right == "theirs",
            "{}: right is \"ours\" or \"theirs\"",
            k.id
        );
        assert!(
            !k.page.is_empty() && !k.passage.is_empty() && !k.case_contains.is_empty(),
            "{}: each divergence needs a pattern, the page and the passage",
            k.id
        );
        // We never keep a divergence where we are wrong: that is a bug to fix.
        assert_eq!(k.right, "ours", "{}: fix our simulator instead", k.id);
    }
    known
}

/// A divergent case, shrunk, with both decisions.
struct Divergence {
    index: usize,
    case: Case,
    ours: &'static str,
    theirs: String,
}

/// Shrinks every divergent case at once, one evaluator run per round.
fn shrink(mut divergent: Vec<Divergence>) -> Vec<Divergence> {
    for _ in 0..SHRINK_ROUNDS {
        let candidates: Vec<(usize, Case)> = divergent
            .iter()
            .enumerate()
            .flat_map(|(d, div)| div.case.smaller().into_iter().map(move |c| (d, c)))
            .collect();
        if candidates.is_empty() {
            break;
        }
        let cases: Vec<Case> = candidates.iter().map(|(_, c)| c.clone()).collect();
        let decisions = theirs(&cases);
        let mut progressed = vec![false; divergent.len()];
        for ((d, case), theirs) in candidates.into_iter().zip(decisions) {
            if progressed[d] {
                continue;
            }
            let ours = case.ours();
            if ours != theirs {
                divergent[d] = Divergence {
                    index: divergent[d].index,
                    case,
                    ours,
                    theirs,
                };
                progressed[d] = true;
            }
        }
        if !progressed.contains(&true) {
            break;
        }
    }
    divergent
}

#[test]
fn simulate_agrees_with_iam_simulate() {
    let seed = std::env::var("DIFFERENTIAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);
    let count = std::env::var("DIFFERENTIAL_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(CASES);
    let mut rng = Rng(seed);
    let cases: Vec<Case> = (0..count).map(|_| case(&mut rng)).collect();
    let decisions = theirs(&cases);

    let mut divergent = Vec::new();
    let mut tally: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for (index, (case, theirs)) in cases.iter().zip(decisions).enumerate() {
        let ours = case.ours();
        *tally.entry((ours, theirs.clone())).or_default() += 1;
        if ours != theirs {
            divergent.push(Divergence {
                index,
                case: case.clone(),
                ours,
                theirs,
            });
        }
    }
    let agreed = count - divergent.len();
    println!(
        "seed {seed:#x}: {count} cases, {agreed} agree ({:.2}%), {} differ",
        100.0 * agreed as f64 / count as f64,
        divergent.len()
    );
    for ((ours, theirs), n) in &tally {
        println!("  ours {ours:<17} theirs {theirs:<17} {n}");
    }

    let known = known_divergences();
    let mut by_class: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for d in shrink(divergent) {
        let text = d.case.to_json().to_string();
        let class = known.iter().find(|k| {
            k.ours.iter().any(|o| o == d.ours)
                && k.theirs.contains(&d.theirs)
                && k.case_contains.iter().all(|s| text.contains(s.as_str()))
        });
        match class {
            Some(k) => *by_class.entry(&k.id).or_default() += 1,
            None => unexplained.push(d),
        }
    }
    for (id, n) in &by_class {
        println!("  known divergence {id}: {n}");
    }
    let report: Vec<String> = unexplained
        .iter()
        .map(|d| {
            format!(
                "case {} (seed {seed:#x}): ours {}, iam-simulate {}; minimal reproduction:\n{}",
                d.index,
                d.ours,
                d.theirs,
                serde_json::to_string_pretty(&d.case.to_json()).expect("JSON prints")
            )
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "{} divergences not in tests/differential/known-divergences.json:\n{}",
        unexplained.len(),
        report.join("\n\n")
    );
    // The generator must exercise both outcomes, or agreement means nothing.
    let allowed = tally
        .iter()
        .filter(|((o, _), _)| *o == "Allowed")
        .map(|(_, n)| n)
        .sum::<usize>();
    assert!(
        allowed > count / 20 && allowed < count * 19 / 20,
        "{allowed} of {count} allowed"
    );
}
