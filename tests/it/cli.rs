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
