//! The README's pull-request checks for GitHub Actions, Bitbucket Pipelines
//! and CircleCI: each block's `policy-builder` lines, exactly as written,
//! run by bash with the built CLI on the base and pull-request plans of
//! `tests/fixtures/terraform/`. What needs the network (installing,
//! `terraform plan`, uploading) is checked to be there, not run.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README")
}

/// The fenced block after `<!-- ci-check: NAME -->`.
fn block(readme: &str, name: &str) -> String {
    let marker = format!("<!-- ci-check: {name} -->");
    let start = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("the README has {marker}"));
    let rest = &readme[start + marker.len()..];
    let open = rest.find("```").expect("a fenced block follows");
    let body = &rest[open..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    let close = body.find("\n```").expect("the block closes");
    body[..close].to_string()
}

/// The lines that run the CLI, without their YAML indentation.
fn cli_lines(block: &str) -> Vec<String> {
    block
        .lines()
        .map(|l| l.trim_start())
        .map(|l| l.strip_prefix("- ").unwrap_or(l))
        .filter(|l| l.starts_with("policy-builder "))
        .map(str::to_string)
        .collect()
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Runs `lines` in `dir` under bash, after `status=0` as the blocks do,
/// with the built CLI first on PATH; returns the final `$status` and what
/// went to stderr.
fn run_lines(dir: &Path, lines: &[String]) -> (i32, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_policy-builder"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = format!("set -u\nstatus=0\n{}\nexit $status\n", lines.join("\n"));
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn workdir(name: &str, base: &str, pr: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pb-ci-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::copy(fixture(base), dir.join("base-plan.json")).expect("copy base plan");
    std::fs::copy(fixture(pr), dir.join("pr-plan.json")).expect("copy pr plan");
    dir
}

#[test]
fn each_ci_systems_check_runs_as_documented() {
    let readme = readme();
    for name in ["github", "bitbucket", "circleci"] {
        let block = block(&readme, name);
        // What a test cannot run here is there all the same.
        for needed in [
            "cargo install --locked --git \"$POLICY_BUILDER_GIT\" iam-policy-builder --bin policy-builder",
            "show -json plan.bin > base-plan.json",
            "show -json plan.bin > pr-plan.json",
            "status=0",
        ] {
            assert!(block.contains(needed), "{name}: {needed}");
        }
        let lines = cli_lines(&block);
        assert_eq!(
            lines,
            [
                "policy-builder lint pr-plan.json --format sarif > policy-builder.sarif || true",
                "policy-builder diff base-plan.json pr-plan.json --format markdown > iam-diff.md || status=$?",
            ],
            "{name}: the same two steps everywhere"
        );

        // The pull request widens the deploy policy: the check fails.
        let dir = workdir(name, "terraform/base-plan.json", "terraform/pr-plan.json");
        assert_eq!(
            run_lines(&dir, &lines),
            (1, String::new()),
            "{name}: widening fails the job"
        );
        let sarif: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("policy-builder.sarif")).expect("the SARIF file"),
        )
        .expect("SARIF is JSON");
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        assert!(
            results.iter().any(|r| r["ruleId"] == "action-wildcard"
                && r["message"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("aws_iam_policy.deploy: ")),
            "{name}: {results:#?}"
        );
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "pr-plan.json"
        );
        let md = std::fs::read_to_string(dir.join("iam-diff.md")).expect("the diff");
        assert!(
            md.contains("**This change widens IAM permissions.**"),
            "{name}: {md}"
        );
        assert!(
            md.contains("| `aws_iam_policy.deploy` | identity policy | changed, widens |"),
            "{name}: {md}"
        );

        // A pull request that widens nothing passes.
        let dir = workdir(
            &format!("{name}-same"),
            "terraform/base-plan.json",
            "terraform/base-plan.json",
        );
        assert_eq!(
            run_lines(&dir, &lines),
            (0, String::new()),
            "{name}: no widening, no failure"
        );
        let md = std::fs::read_to_string(dir.join("iam-diff.md")).expect("the diff");
        assert!(
            md.contains("This change does not widen IAM permissions."),
            "{name}: {md}"
        );

        // A broken plan fails the job too (exit 2), not silently.
        let dir = workdir(
            &format!("{name}-broken"),
            "terraform/base-plan.json",
            "terraform/pr-plan.json",
        );
        std::fs::write(dir.join("pr-plan.json"), "{\"planned_values\": ").expect("write");
        let (code, err) = run_lines(&dir, &lines[1..]);
        assert_eq!(code, 2, "{name}: unusable input fails: {err}");
        assert!(
            err.contains("pr-plan.json: line 1, column 20"),
            "{name}: {err}"
        );
    }
}

#[test]
fn the_github_workflow_uploads_the_sarif_and_fails_on_the_diffs_status() {
    let block = block(&readme(), "github");
    for needed in [
        "github/codeql-action/upload-sarif@v3",
        "sarif_file: policy-builder.sarif",
        "--body-file iam-diff.md",
        "echo \"status=$status\" >> \"$GITHUB_OUTPUT\"",
        "run: exit \"${{ steps.iam.outputs.status }}\"",
        "security-events: write",
    ] {
        assert!(block.contains(needed), "{needed}");
    }
}

#[test]
fn the_install_commands_are_documented() {
    let readme = readme();
    for needed in [
        "cargo install --locked --path . --bin policy-builder",
        "RUSTFLAGS=\"-C target-feature=+crt-static\" \\\n    cargo build --release --locked --target x86_64-unknown-linux-gnu --bin policy-builder",
    ] {
        assert!(readme.contains(needed), "{needed}");
    }
}
