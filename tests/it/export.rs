use policy_builder::export::{export, Format, PolicyName};
use policy_builder::policy::Policy;

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Home", "Effect": "Allow",
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/home/${aws:username}/it's"}]}"#;

fn policy() -> Policy {
    Policy::parse(POLICY).unwrap()
}

fn name() -> PolicyName {
    "ci-deploy".parse().unwrap()
}

#[test]
fn cli_command_passes_the_document_intact_through_bash() {
    let cmd = export(&policy(), &name(), Some("Deploys the site"), Format::AwsCli);
    // Replace `aws` with a function that prints the --policy-document value.
    let script = format!(
        "aws() {{ while [ $# -gt 0 ]; do if [ \"$1\" = --policy-document ]; then printf %s \"$2\"; fi; shift; done; }}\n{cmd}"
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), policy().to_json());
    assert!(cmd.contains("--policy-name 'ci-deploy'"));
    assert!(cmd.contains("--description 'Deploys the site'"));
}

#[test]
fn cloudformation_embeds_the_document() {
    let t = export(&policy(), &name(), None, Format::CloudFormation);
    assert!(
        t.contains("  CiDeploy:\n    Type: AWS::IAM::ManagedPolicy\n"),
        "{t}"
    );
    assert!(t.contains("ManagedPolicyName: \"ci-deploy\""), "{t}");
    let doc: String = t
        .split("      PolicyDocument:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("        "))
        .map(|l| format!("{}\n", &l[8..]))
        .collect();
    assert_eq!(Policy::parse(&doc).unwrap(), policy());
}

#[test]
fn terraform_heredoc_is_the_document_with_interpolation_escaped() {
    let t = export(&policy(), &name(), None, Format::Terraform);
    assert!(
        t.starts_with("resource \"aws_iam_policy\" \"ci_deploy\" {\n"),
        "{t}"
    );
    let body: String = t
        .split("<<-POLICY\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.trim() != "POLICY")
        .map(|l| format!("{}\n", &l[4..]))
        .collect();
    assert!(
        body.contains("$${aws:username}"),
        "HCL would interpolate ${{...}}: {body}"
    );
    assert_eq!(body.replace("$${", "${").trim_end(), policy().to_json());
}

#[test]
fn json_download_is_the_console_text() {
    assert_eq!(
        export(&policy(), &name(), None, Format::Json),
        policy().to_json() + "\n"
    );
    assert_eq!(Format::Terraform.file_name(&name()), "ci-deploy.tf");
    assert_eq!(
        "CloudFormation".parse::<Format>(),
        Ok(Format::CloudFormation)
    );
}
