//! The AWS CLI export is run through a real shell, with `aws` replaced by a
//! function that prints its arguments, to show the quoting survives.

use std::process::Command;

use policy_builder::export::{export, Format, PolicyName};
use policy_builder::policy::{ActionSpec, Condition, Effect, Policy, ResourceSpec, Statement};

fn has_bash() -> bool {
    Command::new("bash")
        .args(["-c", "true"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn policy_with_resource(sid: &str, resource: &str) -> Policy {
    Policy {
        statements: vec![Statement {
            sid: Some(sid.into()),
            effect: Effect::Allow,
            action: ActionSpec::Action(vec!["s3:GetObject".into()]),
            resource: ResourceSpec::Resource(vec![resource.into()]),
            condition: Condition::new(),
        }],
        ..Policy::empty()
    }
}

/// The arguments `aws` is called with when bash runs `script`.
fn aws_arguments(script: &str) -> Vec<String> {
    let fake = "aws() { printf '%s\\0' \"$@\"; }\n";
    let out = Command::new("bash")
        .args(["-c", &format!("{fake}{script}")])
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 arguments");
    let mut args: Vec<String> = stdout.split('\0').map(str::to_string).collect();
    assert_eq!(args.pop().as_deref(), Some(""), "NUL-terminated");
    args
}

#[test]
fn aws_cli_export_survives_the_shell() {
    if !has_bash() {
        eprintln!("bash not found; skipping");
        return;
    }
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        ("plain",               "Read",    "arn:aws:s3:::b/*",                      None),
        ("quote in the sid",    "It's",    "arn:aws:s3:::b/*",                      Some("d")),
        ("quote in a resource", "Read",    "arn:aws:s3:::b/it's/'quoted'/*",        Some("Bob's")),
        ("shell syntax",        "Read",    "arn:aws:s3:::b/$(rm -rf x)/`id`/${HOME}/!x/*", Some("$HOME `id` \\ \" ' !")),
        ("only quotes",         "'''",     "'",                                     Some("'")),
        ("non-ascii",           "Read",    "arn:aws:s3:::b/café/日本/*",             Some("naïve")),
    ];
    let name: PolicyName = "ci-deploy".parse().unwrap();
    for (case, sid, resource, description) in cases {
        let policy = policy_with_resource(sid, resource);
        let script = export(&policy, &name, *description, Format::AwsCli);

        let syntax = Command::new("bash")
            .args(["-n", "-c", &script])
            .output()
            .unwrap();
        assert!(
            syntax.status.success(),
            "{case}: bash -n: {}",
            String::from_utf8_lossy(&syntax.stderr)
        );

        let mut want = vec!["iam", "create-policy", "--policy-name", "ci-deploy"];
        if let Some(d) = description {
            want.extend(["--description", d]);
        }
        let json = policy.to_json();
        want.extend(["--policy-document", &json]);
        assert_eq!(aws_arguments(&script), want, "{case}");
    }
}
