//! `policy-builder trust`: the CI role's trust policy from the CLI.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .arg("trust")
        .args(args)
        .output()
        .expect("run CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const ACCOUNT: &[&str] = &["--account", "123456789012"];

#[test]
fn each_provider_prints_a_trust_policy_for_its_provider() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "github",
            &["repo=octo-org/octo-repo", "ref=refs/heads/main"],
            "token.actions.githubusercontent.com:sub",
        ),
        ("gitlab", &["project=g/p", "ref=main"], "gitlab.com:sub"),
        (
            "bitbucket",
            &[
                "workspace=acme",
                "workspace-uuid={6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}",
                "repository-uuid={0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}",
            ],
            "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc:sub",
        ),
        (
            "circleci",
            &[
                "org-id=11111111-2222-3333-4444-555555555555",
                "project-id=66666666-7777-8888-9999-000000000000",
            ],
            "oidc.circleci.com/org/11111111-2222-3333-4444-555555555555:sub",
        ),
    ];
    for (ci, params, sub_key) in cases {
        let mut args = vec!["--ci", ci];
        for p in *params {
            args.extend(["--param", p]);
        }
        args.extend(ACCOUNT);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{ci}: {err}");
        let doc: serde_json::Value =
            serde_json::from_str(&out).expect("text format is the policy JSON");
        let st = &doc["Statement"][0];
        assert_eq!(st["Action"], "sts:AssumeRoleWithWebIdentity", "{ci}");
        assert!(
            st["Principal"]["Federated"]
                .as_str()
                .unwrap()
                .starts_with("arn:aws:iam::123456789012:oidc-provider/"),
            "{ci}"
        );
        assert!(out.contains(sub_key), "{ci}: {out}");
        assert!(
            doc.get("provider").is_none(),
            "{ci}: text is the bare document"
        );
    }
}

#[test]
fn json_adds_provider_and_snippet() {
    let (code, out, err) = run(&[
        "--ci",
        "github",
        "--param",
        "repo=o/r",
        "--param",
        "environment=prod",
        "--account",
        "123456789012",
        "--partition",
        "aws-us-gov",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["provider"]["url"],
        "https://token.actions.githubusercontent.com"
    );
    assert_eq!(v["provider"]["audience"], "sts.amazonaws.com");
    assert_eq!(
        v["provider"]["arn"],
        "arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    );
    assert_eq!(
        v["trust_policy"]["Statement"][0]["Condition"]["StringEquals"]
            ["token.actions.githubusercontent.com:sub"],
        "repo:o/r:environment:prod"
    );
    assert!(v["snippet"].as_str().unwrap().contains("role-to-assume:"));
}

#[test]
fn bad_params_exit_2_with_the_rule() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "missing repo",
            &["--ci", "github", "--param", "ref=refs/heads/main"],
            "repo is required",
        ),
        (
            "repo not owner/name",
            &[
                "--ci",
                "github",
                "--param",
                "repo=x",
                "--param",
                "ref=refs/heads/main",
            ],
            "owner/name",
        ),
        (
            "uuid without braces",
            &[
                "--ci",
                "bitbucket",
                "--param",
                "workspace=a",
                "--param",
                "workspace-uuid=6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11",
                "--param",
                "repository-uuid={0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}",
            ],
            "in braces",
        ),
        (
            "not NAME=VALUE",
            &["--ci", "github", "--param", "repo"],
            "NAME=VALUE",
        ),
        (
            "bad partition",
            &[
                "--ci",
                "github",
                "--param",
                "repo=o/r",
                "--param",
                "ref=refs/heads/main",
                "--partition",
                "mars",
            ],
            "mars",
        ),
    ];
    for (name, args, needle) in cases {
        let mut args = args.to_vec();
        args.extend(ACCOUNT);
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(err.contains(needle), "{name}: {err}");
    }
}

#[test]
fn a_credential_in_a_param_is_refused() {
    let (code, _, err) = run(&[
        "--ci",
        "github",
        "--param",
        "repo=AKIAIOSFODNN7EXAMPLE/r",
        "--param",
        "ref=refs/heads/main",
        "--account",
        "123456789012",
    ]);
    assert_eq!(code, 2, "{err}");
}

fn run_on_file(cmd: &str, doc: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!(
        "pb-trust-{}-{cmd}-{}",
        std::process::id(),
        doc.len()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("trust.json");
    std::fs::write(&path, doc).expect("write policy");
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .arg(cmd)
        .arg(&path)
        .args(extra)
        .output()
        .expect("run CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn generated() -> String {
    let (code, out, err) = run(&[
        "--ci",
        "github",
        "--param",
        "repo=o/r",
        "--param",
        "ref=refs/heads/main",
        "--account",
        "123456789012",
    ]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn lint_and_import_accept_a_generated_trust_policy_with_no_findings() {
    let doc = generated();
    let (code, out, err) = run_on_file("lint", &doc, &["--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("lint json");
    assert_eq!(v.as_array().map(Vec::len), Some(0), "{out}");
    let (code, out, err) = run_on_file("import", &doc, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("Principal is not allowed"), "{out}");
}

#[test]
fn lint_flags_a_trust_policy_open_to_every_repository() {
    let doc = generated()
        .replace("\"StringEquals\"", "\"StringLike\"")
        .replace("repo:o/r:ref:refs/heads/main", "repo:*");
    let (code, out, err) = run_on_file("lint", &doc, &[]);
    assert_eq!(code, 1, "security finding fails lint: {out}{err}");
    assert!(out.contains("trust-sub-wildcard"), "{out}");
}

#[test]
fn export_writes_the_provider_role_and_permissions() {
    let dir = std::env::temp_dir().join(format!("pb-trust-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let perms = dir.join("perms.json");
    std::fs::write(
        &perms,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::site/*"}]}"#,
    )
    .unwrap();
    let perms = perms.to_str().unwrap();
    let base = [
        "--ci",
        "github",
        "--param",
        "repo=o/r",
        "--param",
        "ref=refs/heads/main",
        "--account",
        "123456789012",
        "--permissions",
        perms,
    ];
    let cases = [
        ("cloudformation", "AWS::IAM::OIDCProvider"),
        ("terraform", "resource \"aws_iam_role_policy\""),
        ("aws-cli", "aws iam put-role-policy"),
    ];
    for (export, needle) in cases {
        let mut args = base.to_vec();
        args.extend(["--export", export]);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{export}: {err}");
        assert!(
            out.contains(needle) && out.contains("s3:PutObject"),
            "{export}: {out}"
        );
    }
    let (code, _, err) = run(&[
        "--ci",
        "github",
        "--param",
        "repo=o/r",
        "--param",
        "ref=refs/heads/main",
        "--account",
        "123456789012",
        "--export",
        "terraform",
    ]);
    assert_eq!(code, 2, "--export needs --permissions: {err}");
}

/// The README's hosting guide, step 4, the role path: `generate` writes the
/// deploy policy, `trust --permissions … --export cloudformation` the
/// provider and the role that carries it. Run here as documented.
#[test]
fn the_hosting_guides_role_commands_give_a_deployable_role() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for documented in [
        "policy-builder generate --recipe static-site-deploy --param bucket=BUCKET \\",
        "policy-builder trust --ci github --param repo=OWNER/REPO --param ref=refs/heads/main \\",
        "--account ACCOUNT --permissions deploy-policy.json --export cloudformation > deploy-role.json",
    ] {
        assert!(readme.contains(documented), "the README documents {documented:?}");
    }
    let dir = std::env::temp_dir().join(format!("pb-hosting-role-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let generate = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .args(["generate", "--recipe", "static-site-deploy"])
        .args([
            "--param",
            "bucket=my-site",
            "--param",
            "distribution=E2EXAMPLE12345",
        ])
        .args(["--param", "account=123456789012"])
        .output()
        .expect("run generate");
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
    let policy_file = dir.join("deploy-policy.json");
    std::fs::write(&policy_file, &generate.stdout).expect("write policy");
    let policy_path = policy_file.to_str().expect("utf-8 path");
    let (code, out, err) = run(&[
        "--ci",
        "github",
        "--param",
        "repo=octo-org/site",
        "--param",
        "ref=refs/heads/main",
        "--account",
        "123456789012",
        "--permissions",
        policy_path,
        "--export",
        "cloudformation",
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    let template: serde_json::Value = serde_json::from_str(&out).expect("a JSON template");
    let role = &template["Resources"]["CiRole"]["Properties"];
    let generated: serde_json::Value =
        serde_json::from_slice(&generate.stdout).expect("generate prints JSON");
    assert_eq!(
        role["Policies"][0]["PolicyDocument"], generated,
        "the role carries exactly the recipe's policy"
    );
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]
            ["token.actions.githubusercontent.com:sub"],
        "repo:octo-org/site:ref:refs/heads/main"
    );
    assert_eq!(
        template["Resources"]["OidcProvider"]["Type"],
        "AWS::IAM::OIDCProvider"
    );
}
