//! The AWS CLI commands that are not one API operation, and the `docker
//! push` that follows `aws ecr get-login-password`, by hand. Each grant
//! cites where its need comes from.
//!
//! - `cloudformation deploy` (awscli 1.46.3,
//!   `awscli/customizations/cloudformation/deployer.py`): `has_stack` calls
//!   `DescribeStacks`; `create_changeset` calls `CreateChangeSet` (named
//!   `awscli-cloudformation-package-deploy-<time>`), then waits with
//!   `change_set_create_complete` (`DescribeChangeSet`);
//!   `execute_changeset` calls `ExecuteChangeSet` unless
//!   `--no-execute-changeset`, and waits with `stack_create_complete` /
//!   `stack_update_complete` (`DescribeStacks`). With `--s3-bucket` the
//!   template is uploaded first by `s3uploader.py` (`file_exists` is a
//!   `HeadObject`, authorised by `s3:GetObject`, then `PutObject`), under
//!   `--s3-prefix`. With `--role-arn`, CloudFormation is passed that role:
//!   `iam:PassRole` (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html).
//! - `cloudformation package` uploads each local artifact with the same
//!   `s3uploader.py`: `HeadObject` and `PutObject` under `--s3-prefix`.
//! - `ecr get-login-password` (`awscli/customizations/ecr.py`) calls
//!   `GetAuthorizationToken`, which has no resource type.
//! - `docker push <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`:
//!   the actions of
//!   https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html,
//!   on that repository.
//! - `lambda update-function-code --s3-bucket B --s3-key K`:
//!   `UpdateFunctionCode` from the operation map, and `s3:GetObject` on the
//!   object, which Lambda reads with the caller's permissions: without it
//!   the call fails with "Your access has been denied by S3, please make
//!   sure your request credentials have permission to GetObject for B/K".

use std::collections::BTreeMap;

use super::{
    condition, parse_flags, AwsCommand, Candidate, Flags, Grant, Mapper, Problem, Resolved, Step,
};
use crate::arn::validate_bucket_name;
use crate::opmap::Service;

/// Options of `cloudformation deploy`/`package` that take no value.
const CFN_BOOL: &[&str] = &[
    "--no-execute-changeset",
    "--fail-on-empty-changeset",
    "--no-fail-on-empty-changeset",
    "--force-upload",
    "--disable-rollback",
    "--no-disable-rollback",
    "--use-json",
];

/// `aws <service> …` commands written by hand, or `None` to go on with the
/// operation map.
pub(super) fn aws(m: &mut Mapper, cmd: &AwsCommand, service: &str) -> Option<Step> {
    let command = cmd.args.get(1).and_then(|w| w.literal())?;
    match (service, command.as_str()) {
        ("cloudformation", "deploy") => Some(deploy(m, cmd)),
        ("cloudformation", "package") => Some(package(m, cmd)),
        ("ecr", "get-login-password") => Some(get_login_password(m, cmd)),
        ("ecr", "get-login") => Some(Step::Problem(Problem::Malformed(
            "`aws ecr get-login` was removed from AWS CLI v2: use `aws ecr get-login-password`"
                .into(),
        ))),
        ("lambda", "update-function-code") => update_function_code(m, cmd),
        ("s3api", "copy-object") => Some(copy_object(m, cmd)),
        ("s3api", "list-objects" | "list-objects-v2") => list_objects(m, cmd),
        _ => None,
    }
}

/// Placeholder values a flag holds under another name, or inside a URL:
/// - SQS's `--queue-url https://sqs.<region>.amazonaws.com/<account>/<queue>`
///   (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html);
/// - SSM's `--name /app/db`, whose ARN drops the leading slash
///   (`parameter/app/db`, https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html);
/// - ECS's `--cluster` and `--service`, the two names of a service's ARN
///   (`service/<cluster>/<service>`).
pub(super) fn placeholders_from_flags(
    m: &mut Mapper,
    cmd: &AwsCommand,
    service: &str,
    flags: &Flags,
) -> Result<BTreeMap<String, String>, Step> {
    let mut out = BTreeMap::new();
    if let Some(url) = known(m, cmd, flags, "--queue-url")? {
        let (region, account, queue) = queue_url(&url).ok_or_else(|| {
            Step::Problem(Problem::Malformed(format!(
                "--queue-url {url}: not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)"
            )))
        })?;
        out.insert("Region".to_string(), region);
        out.insert("Account".to_string(), account);
        out.insert("QueueName".to_string(), queue);
    }
    match service {
        "ssm" => {
            if let Some(name) = known(m, cmd, flags, "--name")?.filter(|n| !n.starts_with("arn:")) {
                out.insert(
                    "ParameterNameWithoutLeadingSlash".to_string(),
                    name.trim_start_matches('/').to_string(),
                );
            }
        }
        // A stack's ARN ends in an id CloudFormation makes up
        // (`stack/app/<uuid>`): the command names only the stack, so its
        // stacks are `stack/app/*`, as in
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html.
        "cloudformation" => {
            if let Some(name) =
                known(m, cmd, flags, "--stack-name")?.filter(|n| !n.starts_with("arn:"))
            {
                out.insert("StackName".to_string(), name);
                out.insert("Id".to_string(), "*".to_string());
            }
        }
        "ecs" => {
            let cluster = known(m, cmd, flags, "--cluster")?.filter(|c| !c.starts_with("arn:"));
            // `--services` (DescribeServices and its waiters) takes a list;
            // one name scopes like `--service`.
            let svc = match known(m, cmd, flags, "--service")? {
                Some(s) => Some(s),
                None => known(m, cmd, flags, "--services")?,
            }
            .filter(|c| !c.starts_with("arn:") && !c.contains(' '));
            if let Some(c) = cluster {
                out.insert("ClusterName".to_string(), c);
            }
            if let Some(s) = svc {
                out.insert("ServiceName".to_string(), s);
            }
        }
        _ => {}
    }
    Ok(out)
}

/// `https://sqs.eu-west-1.amazonaws.com/123456789012/jobs` → region,
/// account and queue name.
fn queue_url(url: &str) -> Option<(String, String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let (account, queue) = path.trim_end_matches('/').split_once('/')?;
    let mut parts = host.split('.');
    if parts.next()? != "sqs" {
        return None;
    }
    let region = parts.next()?;
    if account.len() != 12
        || !account.bytes().all(|b| b.is_ascii_digit())
        || queue.is_empty()
        || queue.contains('/')
    {
        return None;
    }
    Some((region.to_string(), account.to_string(), queue.to_string()))
}

/// Programs other than `aws` that need AWS permissions: `docker push` to
/// an ECR repository. `None`: not AWS, ignored.
pub(super) fn other_program(
    m: &mut Mapper,
    cmd: &crate::commands::shell::Command,
    words: &[super::Word],
) -> Option<Step> {
    let program = words.first()?.literal()?;
    let base = program.rsplit('/').next().unwrap_or(&program).to_string();
    if base != "docker" {
        return None;
    }
    let args: Vec<&super::Word> = words[1..].iter().collect();
    let sub = args.first()?.literal()?;
    let image_word = match sub.as_str() {
        "push" => args
            .iter()
            .skip(1)
            .find(|w| !w.literal().is_some_and(|l| l.starts_with('-')))?,
        "image" if args.get(1).and_then(|w| w.literal()).as_deref() == Some("push") => args
            .iter()
            .skip(2)
            .find(|w| !w.literal().is_some_and(|l| l.starts_with('-')))?,
        _ => return None,
    };
    let aws = AwsCommand {
        line: cmd.line,
        text: &cmd.text,
        args: Vec::new(),
        region: None,
    };
    let image = match m.resolve(image_word, cmd.line) {
        Resolved::Known(v) => v,
        Resolved::Missing(names) => {
            // Only an ECR host needs anything; a variable may hide one.
            if !image_word.display().contains(".dkr.ecr.") && !image_word.display().contains('$') {
                return None;
            }
            return Some(Step::Pending(names));
        }
        Resolved::RunTime => {
            return Some(Step::Problem(Problem::RunTime {
                what: format!("the image {}", image_word.display()),
            }))
        }
    };
    let (account, region, repository) = ecr_image(&image)?;
    let mut values = BTreeMap::from([("RepositoryName".to_string(), repository)]);
    values.insert("Account".into(), account);
    values.insert("Region".into(), region);
    let per_type = BTreeMap::from([("repository".to_string(), Candidate::Values(values))]);
    let mut grants = Vec::new();
    for action in [
        "ecr:BatchCheckLayerAvailability",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:PutImage",
        "ecr:BatchGetImage",
    ] {
        match m.scope(action, &per_type, None, &aws, "docker push to ECR") {
            Ok(g) => grants.push(g),
            Err(p) => return Some(Step::Problem(p)),
        }
    }
    Some(Step::Grants(
        grants,
        vec!["docker logs in with `aws ecr get-login-password`, which needs ecr:GetAuthorizationToken".into()],
    ))
}

/// `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2` → account,
/// region and repository. `None` for an image that is not in ECR.
fn ecr_image(image: &str) -> Option<(String, String, String)> {
    let (host, path) = image.split_once('/')?;
    let mut parts = host.split('.');
    let account = parts.next()?;
    if parts.next()? != "dkr" || parts.next()? != "ecr" {
        return None;
    }
    let region = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    if !(rest == ["amazonaws", "com"] || rest == ["amazonaws", "com", "cn"]) {
        return None;
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let repository = path
        .split_once('@')
        .map_or(path, |(r, _)| r)
        .rsplit_once(':')
        .map_or_else(|| path.split('@').next().unwrap_or(path), |(r, _)| r);
    if repository.is_empty() {
        return None;
    }
    Some((account.into(), region.into(), repository.into()))
}

/// The words after `aws <service> <command>`, as flags.
fn flags<'w>(cmd: &AwsCommand<'w>, bools: &[&str]) -> Flags<'w> {
    parse_flags(&cmd.args[2.min(cmd.args.len())..], |f| bools.contains(&f))
}

/// A flag's value, known; or the step that stops the command.
fn known(
    m: &mut Mapper,
    cmd: &AwsCommand,
    flags: &Flags,
    flag: &str,
) -> Result<Option<String>, Step> {
    let Some(word) = flags.value(flag) else {
        return Ok(None);
    };
    match m.resolve(word, cmd.line) {
        Resolved::Known(v) => Ok(Some(v)),
        Resolved::Missing(names) => Err(Step::Pending(names)),
        Resolved::RunTime => Err(Step::Problem(Problem::RunTime {
            what: format!("{flag} {}", word.display()),
        })),
    }
}

/// Placeholder values as a candidate.
fn values(pairs: &[(&str, &str)]) -> Candidate {
    Candidate::Values(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// Grants `actions` on `per_type`, or the problem.
fn grant_all(
    m: &Mapper,
    cmd: &AwsCommand,
    actions: &[&str],
    per_type: &BTreeMap<String, Candidate>,
    region: Option<&str>,
    why: &str,
) -> Result<Vec<Grant>, Problem> {
    actions
        .iter()
        .map(|a| m.scope(a, per_type, region, cmd, why))
        .collect()
}

/// `HeadObject` and `PutObject` on the uploads `s3uploader.py` makes:
/// `<prefix>/<md5>[.ext]`, or `<md5>[.ext]` at the bucket's root.
fn uploads(
    m: &Mapper,
    cmd: &AwsCommand,
    bucket: &str,
    prefix: Option<&str>,
    why: &str,
) -> Result<Vec<Grant>, Problem> {
    validate_bucket_name(bucket).map_err(|e| Problem::Malformed(format!("--s3-bucket: {e}")))?;
    let key = match prefix
        .map(|p| p.trim_matches('/'))
        .filter(|p| !p.is_empty())
    {
        Some(p) => format!("{p}/*"),
        None => "*".to_string(),
    };
    let per_type = BTreeMap::from([(
        "object".to_string(),
        values(&[("BucketName", bucket), ("ObjectName", &key)]),
    )]);
    grant_all(
        m,
        cmd,
        &["s3:GetObject", "s3:PutObject"],
        &per_type,
        None,
        why,
    )
}

fn deploy(m: &mut Mapper, cmd: &AwsCommand) -> Step {
    let flags = flags(cmd, CFN_BOOL);
    let stack = match known(m, cmd, &flags, "--stack-name") {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Step::Problem(Problem::Malformed(
                "`cloudformation deploy` needs --stack-name".into(),
            ))
        }
        Err(step) => return step,
    };
    let region = match m.region(cmd) {
        Ok(r) => r,
        Err(step) => return step,
    };
    let bucket = match known(m, cmd, &flags, "--s3-bucket") {
        Ok(b) => b,
        Err(step) => return step,
    };
    let prefix = match known(m, cmd, &flags, "--s3-prefix") {
        Ok(p) => p,
        Err(step) => return step,
    };
    let role = match known(m, cmd, &flags, "--role-arn") {
        Ok(r) => r,
        Err(step) => return step,
    };
    let stack_type = BTreeMap::from([(
        "stack".to_string(),
        values(&[("StackName", &stack), ("Id", "*")]),
    )]);
    let mut actions = vec![
        "cloudformation:DescribeStacks",
        "cloudformation:CreateChangeSet",
        "cloudformation:DescribeChangeSet",
    ];
    if !flags.has("--no-execute-changeset") {
        actions.push("cloudformation:ExecuteChangeSet");
    }
    let why =
        "cloudformation deploy: find the stack, create and wait for its change set, execute it";
    let mut grants = match grant_all(m, cmd, &actions, &stack_type, region.as_deref(), why) {
        Ok(g) => g,
        Err(p) => return Step::Problem(p),
    };
    // The template summary names the capabilities the change set needs.
    let summary = BTreeMap::new();
    match m.scope(
        "cloudformation:GetTemplateSummary",
        &summary,
        region.as_deref(),
        cmd,
        "cloudformation deploy: read the template's summary",
    ) {
        Ok(g) => grants.push(g),
        Err(Problem::Unscoped { .. }) => {
            if let Ok(g) = m.scope(
                "cloudformation:GetTemplateSummary",
                &stack_type,
                region.as_deref(),
                cmd,
                "cloudformation deploy: read the template's summary",
            ) {
                grants.push(g);
            }
        }
        Err(p) => return Step::Problem(p),
    }
    if let Some(b) = &bucket {
        match uploads(
            m,
            cmd,
            b,
            prefix.as_deref(),
            "cloudformation deploy --s3-bucket: upload the template",
        ) {
            Ok(g) => grants.extend(g),
            Err(p) => return Step::Problem(p),
        }
    }
    if let Some(role) = role {
        let per_type = BTreeMap::from([("role".to_string(), Candidate::Arn(role))]);
        match m.scope(
            "iam:PassRole",
            &per_type,
            None,
            cmd,
            "cloudformation deploy --role-arn: CloudFormation acts as this role",
        ) {
            Ok(mut g) => {
                g.conditions.push(condition(
                    "StringEquals",
                    "iam:PassedToService",
                    &["cloudformation.amazonaws.com".to_string()],
                ));
                grants.push(g);
            }
            Err(p) => return Step::Problem(p),
        }
    }
    let notes = vec![
        "the stack's resources are created by CloudFormation with these credentials (or --role-arn's): their own actions come from the template, not from this line".to_string(),
    ];
    Step::Grants(grants, notes)
}

fn package(m: &mut Mapper, cmd: &AwsCommand) -> Step {
    let flags = flags(cmd, CFN_BOOL);
    let bucket = match known(m, cmd, &flags, "--s3-bucket") {
        Ok(Some(b)) => b,
        Ok(None) => {
            return Step::Problem(Problem::Malformed(
                "`cloudformation package` needs --s3-bucket".into(),
            ))
        }
        Err(step) => return step,
    };
    let prefix = match known(m, cmd, &flags, "--s3-prefix") {
        Ok(p) => p,
        Err(step) => return step,
    };
    match uploads(
        m,
        cmd,
        &bucket,
        prefix.as_deref(),
        "cloudformation package: upload the local artifacts",
    ) {
        Ok(g) => Step::Grants(g, Vec::new()),
        Err(p) => Step::Problem(p),
    }
}

fn get_login_password(m: &mut Mapper, cmd: &AwsCommand) -> Step {
    match m.scope(
        "ecr:GetAuthorizationToken",
        &BTreeMap::new(),
        None,
        cmd,
        "ecr get-login-password",
    ) {
        Ok(g) => Step::Grants(vec![g], Vec::new()),
        Err(p) => Step::Problem(p),
    }
}

fn update_function_code(m: &mut Mapper, cmd: &AwsCommand) -> Option<Step> {
    let flags = flags(
        cmd,
        &["--publish", "--no-publish", "--dry-run", "--no-dry-run"],
    );
    flags.value("--s3-bucket")?;
    let svc: &Service = m.map.service("lambda")?;
    let step = m.operation(cmd, svc, "UpdateFunctionCode", &flags, &BTreeMap::new());
    let Step::Grants(mut grants, notes) = step else {
        return Some(step);
    };
    let bucket = match known(m, cmd, &flags, "--s3-bucket") {
        Ok(b) => b?,
        Err(step) => return Some(step),
    };
    let key = match known(m, cmd, &flags, "--s3-key") {
        Ok(Some(k)) => k,
        Ok(None) => {
            return Some(Step::Problem(Problem::Malformed(
                "--s3-bucket needs --s3-key".into(),
            )))
        }
        Err(step) => return Some(step),
    };
    if let Err(e) = validate_bucket_name(&bucket) {
        return Some(Step::Problem(Problem::Malformed(format!(
            "--s3-bucket: {e}"
        ))));
    }
    let per_type = BTreeMap::from([(
        "object".to_string(),
        values(&[("BucketName", &bucket), ("ObjectName", &key)]),
    )]);
    match m.scope(
        "s3:GetObject",
        &per_type,
        None,
        cmd,
        "lambda update-function-code --s3-bucket: Lambda reads the package with the caller's permissions",
    ) {
        Ok(g) => grants.push(g),
        Err(p) => return Some(Step::Problem(p)),
    }
    Some(Step::Grants(grants, notes))
}

/// `s3api copy-object --copy-source SRC_BUCKET/KEY --bucket B --key K`:
/// `s3:GetObject` on the source and `s3:PutObject` on the target
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).
fn copy_object(m: &mut Mapper, cmd: &AwsCommand) -> Step {
    let flags = flags(cmd, &[]);
    let mut get = |flag: &str| match known(m, cmd, &flags, flag) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(Step::Problem(Problem::Malformed(format!(
            "`s3api copy-object` needs {flag}"
        )))),
        Err(step) => Err(step),
    };
    let (source, bucket, key) = match (get("--copy-source"), get("--bucket"), get("--key")) {
        (Ok(s), Ok(b), Ok(k)) => (s, b, k),
        (Err(step), _, _) | (_, Err(step), _) | (_, _, Err(step)) => return step,
    };
    let source = source
        .split_once("?versionId=")
        .map_or(source.as_str(), |(s, _)| s);
    let Some((src_bucket, src_key)) = source.trim_start_matches('/').split_once('/') else {
        return Step::Problem(Problem::Malformed(format!(
            "--copy-source {source}: expected BUCKET/KEY"
        )));
    };
    for b in [src_bucket, bucket.as_str()] {
        if let Err(e) = validate_bucket_name(b) {
            return Step::Problem(Problem::Malformed(format!("bucket {b}: {e}")));
        }
    }
    let object = |b: &str, k: &str| {
        BTreeMap::from([(
            "object".to_string(),
            values(&[("BucketName", b), ("ObjectName", k)]),
        )])
    };
    let mut grants = Vec::new();
    for (action, per_type, why) in [
        (
            "s3:GetObject",
            object(src_bucket, src_key),
            "s3api copy-object: reads the source",
        ),
        (
            "s3:PutObject",
            object(&bucket, &key),
            "s3api copy-object: writes the copy",
        ),
    ] {
        match m.scope(action, &per_type, None, cmd, why) {
            Ok(g) => grants.push(g),
            Err(p) => return Step::Problem(p),
        }
    }
    Step::Grants(grants, Vec::new())
}

/// `s3api list-objects[-v2] --bucket B --prefix P`: `s3:ListBucket` with
/// `s3:prefix` equal to P, which the CLI sends on every page
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#condition-key-bucket-ops-2).
/// Without `--prefix`, the operation map's plain `ListBucket`.
fn list_objects(m: &mut Mapper, cmd: &AwsCommand) -> Option<Step> {
    let flags = flags(cmd, &[]);
    flags.value("--prefix")?;
    let svc: &Service = m.map.service("s3api")?;
    let command = cmd.args.get(1).and_then(|w| w.literal())?;
    let api = if command == "list-objects" {
        "ListObjects"
    } else {
        "ListObjectsV2"
    };
    let prefix = match known(m, cmd, &flags, "--prefix") {
        Ok(p) => p?,
        Err(step) => return Some(step),
    };
    let step = m.operation(cmd, svc, api, &flags, &BTreeMap::new());
    let Step::Grants(mut grants, notes) = step else {
        return Some(step);
    };
    for g in &mut grants {
        if g.action == "s3:ListBucket" && !prefix.is_empty() {
            g.conditions.push(condition(
                "StringEquals",
                "s3:prefix",
                std::slice::from_ref(&prefix),
            ));
        }
    }
    Some(Step::Grants(grants, notes))
}
