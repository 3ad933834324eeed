//! `lint --format sarif` and `--format github`: every result points at the
//! element it is about (positions counted by hand on the fixtures), and
//! the SARIF validates against the 2.1.0 schema (node + ajv, test-only).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use policy_builder::lint::Rule;

fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs the CLI from the repository root, so paths stay relative as a CI
/// job gives them.
fn lint(rel: &str, format: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["lint", &format!("tests/fixtures/{rel}"), "--format", format])
        .output()
        .expect("run CLI");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn sarif(rel: &str) -> Value {
    let (_, out) = lint(rel, "sarif");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{rel}: {e}\n{out}"))
}

/// (rule, level, line, column) of every result, sorted.
fn results(log: &Value) -> Vec<(String, String, u64, u64)> {
    let mut out: Vec<_> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().expect("ruleId").to_string(),
                r["level"].as_str().expect("level").to_string(),
                region["startLine"].as_u64().expect("line"),
                region["startColumn"].as_u64().expect("column"),
            )
        })
        .collect();
    out.sort();
    out
}

fn owned(want: &[Expected]) -> Vec<(String, String, u64, u64)> {
    let mut v: Vec<_> = want
        .iter()
        .map(|(r, l, line, col)| (r.to_string(), l.to_string(), *line, *col))
        .collect();
    v.sort();
    v
}

/// (rule, level, line, column) of one expected result.
type Expected = (&'static str, &'static str, u64, u64);

/// `tests/fixtures/sarif/findings.json`, positions counted by hand: the
/// entry of a list for a finding about one entry, the element's key for a
/// finding about an element, the statement's `{` when the element is
/// missing (PassRole without a Condition).
#[rustfmt::skip]
const FINDINGS_JSON: &[Expected] = &[
    ("unknown-action", "error", 9, 17),                // "s3:GetObjekt"
    ("action-wildcard", "error", 10, 17),              // "s3:Put*"
    ("resource-exposure", "warning", 7, 13),           // "Action": [ of Statement[0]
    ("resource-star", "error", 18, 25),                // "*" of Statement[1]
    ("pass-role-any-role", "error", 18, 13),           // "Resource" of Statement[1]
    ("pass-role-without-service", "error", 14, 9),     // Statement[1]'s {, no Condition
    ("action-never-granted", "error", 23, 13),         // "Action" of Statement[2]
    ("s3-object-bucket-mismatch", "warning", 24, 25),  // "arn:aws:s3:::site"
    ("unknown-condition-operator", "error", 26, 17),   // "StringEqualz"
];

#[test]
fn every_result_points_at_its_element() {
    let cases: &[(&str, &str, &[Expected])] = &[
        ("a policy", "sarif/findings.json", FINDINGS_JSON),
        // The bucket policy's condition key, in the template's own lines.
        (
            "a YAML template",
            "cloudformation/deploy-role.yaml",
            &[("condition-operator-mismatch", "warning", 84, 17)],
        ),
        (
            "a JSON template",
            "cloudformation/deploy-role.json",
            &[("condition-operator-mismatch", "warning", 86, 19)],
        ),
    ];
    for (name, rel, want) in cases {
        assert_eq!(results(&sarif(rel)), owned(want), "{name}");
    }
}

#[test]
fn a_plan_result_points_at_the_policy_string() {
    // A plan holds each policy as a JSON string: results point at it.
    let got = results(&sarif("terraform/pr-plan.json"));
    let text = std::fs::read_to_string(fixture("terraform/pr-plan.json")).expect("fixture");
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            // `"policy": "…s3:Put*…"`: the string starts 10 characters
            // after the key's quote.
            l.find("\"policy\": ")
                .filter(|_| l.contains("s3:Put*"))
                .map(|c| (i as u64 + 1, c as u64 + 11))
        })
        .expect("the deploy policy's string");
    assert!(!got.is_empty());
    for (rule, _, l, c) in &got {
        assert_eq!((*l, *c), (line, col), "{rule}");
    }
}

#[test]
fn the_log_names_every_rule_with_its_help_and_a_level_per_result() {
    let log = sarif("sarif/findings.json");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), Rule::ALL.len(), "one rule per finding kind");
    for (rule, r) in Rule::ALL.iter().zip(rules) {
        assert_eq!(r["id"], rule.id());
        assert_eq!(r["help"]["text"], rule.help());
        assert!(
            !rule.help().is_empty() && !rule.description().is_empty(),
            "{rule}"
        );
    }
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "tests/fixtures/sarif/findings.json"
        );
    }
    let template = sarif("cloudformation/deploy-role.yaml");
    assert_eq!(
        template["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "SiteBucketPolicy/Statement[0] (Sid \"CloudFrontReads\") Condition.StringEquals.AWS:SourceArn"
    );
}

#[test]
fn github_annotations_carry_file_line_and_column() {
    let (code, out) = lint("sarif/findings.json", "github");
    assert_eq!(code, 1, "security findings fail lint");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), FINDINGS_JSON.len(), "{out}");
    for (rule, level, line, col) in FINDINGS_JSON {
        let command = if *level == "warning" {
            "warning"
        } else {
            "error"
        };
        let prefix = format!(
            "::{command} file=tests/fixtures/sarif/findings.json,line={line},col={col},title={rule}::"
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&prefix)),
            "{prefix}\n{out}"
        );
    }
    let (code, out) = lint("cloudformation/deploy-role.yaml", "github");
    assert_eq!(code, 0);
    assert!(
        out.starts_with("::warning file=tests/fixtures/cloudformation/deploy-role.yaml,line=84,col=17,title=condition-operator-mismatch::SiteBucketPolicy: Statement[0]"),
        "{out}"
    );
}

/// Validates with `tests/sarif/validate.mjs`, which needs `npm ci`.
fn validate(files: &[&Path]) {
    let root = env!("CARGO_MANIFEST_DIR");
    assert!(
        Path::new(root).join("node_modules/ajv-draft-04").is_dir()
            && Path::new(root)
                .join("node_modules/@microsoft/jest-sarif")
                .is_dir(),
        "the SARIF schema and its validator are test-only npm packages: run `npm ci` in {root}"
    );
    let out = Command::new("node")
        .current_dir(root)
        .arg("tests/sarif/validate.mjs")
        .args(files)
        .output()
        .expect("node runs (the end-to-end tests need it too)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_sarif_validates_against_the_2_1_0_schema() {
    let dir = std::env::temp_dir().join(format!("pb-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let clean = dir.join("clean.json");
    std::fs::write(
        &clean,
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}}"#,
    )
    .expect("write");
    let mut files = Vec::new();
    for rel in [
        "sarif/findings.json",
        "cloudformation/deploy-role.yaml",
        "cloudformation/deploy-role.json",
        "terraform/pr-plan.json",
        "amplify-workshop-policy.json",
    ] {
        let path = dir.join(format!("{}.sarif", rel.replace('/', "-")));
        std::fs::write(&path, lint(rel, "sarif").1).expect("write");
        files.push(path);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .arg("lint")
        .arg(&clean)
        .args(["--format", "sarif"])
        .output()
        .expect("run CLI");
    let empty = dir.join("clean.sarif");
    std::fs::write(&empty, &out.stdout).expect("write");
    files.push(empty);
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    validate(&refs);

    // The validator rejects what is not SARIF, so a pass means something.
    let broken = dir.join("broken.sarif");
    let mut log = sarif("sarif/findings.json");
    log["runs"][0]["results"][0]["level"] = Value::String("severe".into());
    std::fs::write(&broken, log.to_string()).expect("write");
    let out = Command::new("node")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/sarif/validate.mjs")
        .arg(&broken)
        .output()
        .expect("node");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
