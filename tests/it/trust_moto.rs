//! IAM's grammar accepts each generated trust policy: moto (test-only, in
//! `.tools/venv`, installed by `scripts/install.sh`) runs `CreateOpenIDConnectProvider`
//! and `CreateRole` with it in-process (`mock_aws`, boto3), no network.
//! moto 5.2.5 stores CreateRole's document unchecked; its trust-policy
//! grammar check (`IAMTrustPolicyDocumentValidator`: version, statement
//! shape, trust actions, no `Resource`) runs on `UpdateAssumeRolePolicy`, so
//! the script calls that too, and first proves the check rejects a bad one.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use policy_builder::arn::Partition;
use policy_builder::trust::{build, CiProvider, TrustRequest};

const SCRIPT: &str = r#"
import json, sys
import boto3
from moto import mock_aws

cases = json.load(sys.stdin)
with mock_aws():
    iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    iam.create_role(RoleName="probe", AssumeRolePolicyDocument="{}")
    bad = json.loads(cases[0]["policy"])
    bad["Statement"][0]["Resource"] = "*"
    try:
        iam.update_assume_role_policy(RoleName="probe", PolicyDocument=json.dumps(bad))
        sys.exit("moto accepted a trust policy with Resource: the grammar check is not running")
    except iam.exceptions.MalformedPolicyDocumentException:
        pass
    for case in cases:
        iam.create_open_id_connect_provider(Url=case["url"], ClientIDList=[case["audience"]])
        role = iam.create_role(RoleName=case["role"], AssumeRolePolicyDocument=case["policy"])
        iam.update_assume_role_policy(RoleName=case["role"], PolicyDocument=case["policy"])
        got = role["Role"]["AssumeRolePolicyDocument"]
        if isinstance(got, str):
            got = json.loads(got)
        assert got == json.loads(case["policy"]), (case["role"], got)
        print("created", case["role"])
"#;

fn python() -> PathBuf {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/install.sh to install moto[server] into .tools/venv",
        python.display()
    );
    python
}

fn req(provider: CiProvider, params: &[(&str, &str)]) -> TrustRequest {
    TrustRequest {
        provider,
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        partition: Partition::Aws,
        // moto's default account, so the provider ARN resolves.
        account: "123456789012".to_string(),
    }
}

#[test]
fn moto_creates_each_providers_role() {
    let requests = [
        req(
            CiProvider::GitHub,
            &[("repo", "octo-org/octo-repo"), ("ref", "refs/heads/main")],
        ),
        req(CiProvider::GitLab, &[("project", "g/p"), ("ref", "main")]),
        req(
            CiProvider::Bitbucket,
            &[
                ("workspace", "acme"),
                ("workspace-uuid", "{6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}"),
                ("repository-uuid", "{0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}"),
                ("environment-uuid", "{9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a}"),
            ],
        ),
        req(
            CiProvider::CircleCi,
            &[
                ("org-id", "11111111-2222-3333-4444-555555555555"),
                ("project-id", "66666666-7777-8888-9999-000000000000"),
            ],
        ),
    ];
    let cases: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| {
            let s = build(r).expect("valid request");
            serde_json::json!({
                "url": s.provider.url,
                "audience": s.provider.audience,
                "role": s.role_name,
                "policy": s.trust_policy.to_json(),
            })
        })
        .collect();
    let mut child = Command::new(python())
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(serde_json::to_string(&cases).unwrap().as_bytes())
        .expect("write cases");
    let out = child.wait_with_output().expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("created ")).count(),
        4,
        "{stdout}"
    );
}
