//! The real AWS CLI (awscli from PyPI) runs the seed jobs' own commands
//! against moto in server mode with IAM checks on, signed as a user holding
//! only the policy `policy-builder from-commands` printed for those
//! commands: the commands succeed, and the neighbouring commands (another
//! key, another bucket, deleting the bucket, changing its policy, reading
//! what the job never reads, creating users or keys, listing distributions)
//! are denied. Test-only tools in `.tools/venv` (scripts/install.sh);
//! the driver is tests/python/cli_moto.py.
//!
//! What moto 5.2.5 can check bounds what this shows: S3 against real ARNs;
//! other services by action only; conditions never. moto answers every
//! CloudFront GET with 403, allowed or not (seen here: ListDistributions
//! fails with and without `cloudfront:ListDistributions`), so the
//! CloudFront waiter (GetInvalidation) is left out of the run, and the
//! CloudFront neighbour is a POST (CreateDistribution), which moto does
//! evaluate: with the action allowed it succeeds. The waiter's mapping to
//! `cloudfront:GetInvalidation` on the distribution is asserted in
//! tests/it/commands.rs.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::commands::{PUBLISHER, STATIC_SITE};

fn venv(bin: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(".tools/venv/bin")
        .join(bin);
    assert!(
        path.exists(),
        "{} is missing: run scripts/install.sh to install moto[server] and awscli into .tools/venv",
        path.display()
    );
    path
}

/// The script as bash runs it against moto: all of it but the waiter.
fn runnable(script: &str) -> String {
    let kept: Vec<&str> = script
        .lines()
        .filter(|l| !l.contains(" wait invalidation-completed"))
        .collect();
    format!("set -euo pipefail\n{}\n", kept.join("\n"))
}

/// Runs the jobs through the driver and returns one result per job.
fn drive(jobs: Vec<Value>) -> Vec<Value> {
    let python = venv("python");
    let aws = venv("aws");
    let path = format!(
        "{}:{}",
        aws.parent().expect("venv/bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let driver = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/cli_moto.py");
    let spec = json!({ "cli": env!("CARGO_BIN_EXE_policy-builder"), "jobs": jobs });
    let mut child = Command::new(python)
        .arg(driver)
        .env("PATH", path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(spec.to_string().as_bytes())
        .expect("write the spec");
    let out = child.wait_with_output().expect("the driver runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the driver failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON result per line"))
        .collect()
}

/// Every `run` command succeeded; every neighbour was denied by IAM (not
/// failing for another reason).
fn assert_allowed_and_denied(result: &Value) {
    let name = result["name"].as_str().unwrap_or("?");
    for r in result["run"].as_array().expect("run results") {
        assert_eq!(
            r["code"], 0,
            "{name}: the job's own commands failed:\n{}\npolicy: {}",
            r["stderr"], result["policy"]
        );
    }
    for r in result["neighbours"].as_array().expect("neighbour results") {
        let stderr = r["stderr"].as_str().unwrap_or_default();
        assert_ne!(r["code"], 0, "{name}: `{}` was allowed", r["command"]);
        // A HEAD request's denial has no body: the CLI prints "(403) …
        // Forbidden". moto's IAM denial of a CloudFront call is a 403 with
        // an empty error code; the job's own CreateInvalidation, a POST to
        // the same service, succeeding shows it is IAM's answer.
        assert!(
            stderr.contains("AccessDenied")
                || stderr.contains("not authorized")
                || stderr.contains("(403) when calling the HeadObject operation: Forbidden")
                || stderr
                    .contains("An error occurred () when calling the CreateDistribution operation"),
            "{name}: `{}` failed, but not for lack of permission:\n{stderr}",
            r["command"]
        );
    }
}

#[test]
fn the_real_cli_does_each_seed_job_with_its_generated_policy_and_nothing_more() {
    let publisher = json!({
        "name": "js-publisher",
        "script": PUBLISHER,
        "params": { "BUCKET": "mojito-example", "CONTAINER": "app" },
        "distribution_param": "DISTRIBUTION",
        "buckets": ["mojito-example", "other-bucket"],
        // The versions the publish replaces (`aws s3 ls` exits 1 when it
        // finds nothing, which would stop the script), and a file it must
        // leave alone.
        "objects": {
            "mojito-example/js/app.js": "v1",
            "mojito-example/jsdev/app.pretty.js": "v1 pretty",
            "mojito-example/js/old.js": "old",
        },
        "files": { "dist/app.js": "v2", "dist/app.pretty.js": "v2 pretty" },
        "run": [runnable(PUBLISHER)],
        "neighbours": [
            "aws s3 cp dist/app.js s3://$BUCKET/js/other.js",
            "aws s3 cp dist/app.js s3://other-bucket/js/app.js",
            "aws s3 cp s3://$BUCKET/js/app.js -",
            "aws s3 rm s3://$BUCKET/js/old.js",
            "aws s3 ls s3://other-bucket",
            "aws s3api delete-bucket --bucket $BUCKET",
            "aws s3api put-bucket-policy --bucket $BUCKET --policy '{}'",
            "aws iam create-user --user-name intruder",
            "aws iam create-access-key --user-name ci",
            "aws cloudfront create-distribution --origin-domain-name other.s3.amazonaws.com",
        ],
    });
    let site = json!({
        "name": "static-site-deploy",
        "script": STATIC_SITE,
        "params": { "SITE": "my-site", "INVALIDATION": "I2EXAMPLE" },
        "distribution_param": "DISTRIBUTION",
        "buckets": ["my-site", "other-bucket"],
        "objects": { "my-site/old.html": "gone after --delete" },
        "files": { "build/index.html": "<h1>site</h1>", "build/js/app.js": "app()" },
        "run": [runnable(STATIC_SITE).replace("npm ci && npm run build\n", "")],
        "neighbours": [
            "aws s3 sync build/ s3://other-bucket",
            "aws s3 cp s3://$SITE/index.html -",
            "aws s3api delete-bucket --bucket $SITE",
            "aws s3api put-bucket-policy --bucket $SITE --policy '{}'",
            "aws s3api put-bucket-acl --bucket $SITE --acl public-read",
            "aws iam create-user --user-name intruder",
            "aws cloudfront create-distribution --origin-domain-name other.s3.amazonaws.com",
        ],
    });
    let results = drive(vec![publisher, site]);
    assert_eq!(results.len(), 2);
    for r in &results {
        assert_allowed_and_denied(r);
    }
    // What the jobs did, read back from moto.
    assert_eq!(
        results[0]["keys"]["mojito-example"],
        json!({ "js/app.js": "v2", "jsdev/app.pretty.js": "v2 pretty", "js/old.js": "old" }),
        "the publisher uploaded both files and deleted nothing"
    );
    assert_eq!(results[0]["keys"]["other-bucket"], json!({}));
    assert_eq!(
        results[1]["keys"]["my-site"],
        json!({ "index.html": "<h1>site</h1>", "js/app.js": "app()" }),
        "sync --delete mirrored build/ and removed old.html"
    );
    assert_eq!(results[1]["keys"]["other-bucket"], json!({}));
}
