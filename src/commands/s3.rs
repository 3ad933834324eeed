//! `aws s3 cp|mv|rm|sync|ls|mb|rb|presign|website`, by hand: these are
//! awscli customizations, not API operations, so the operation map cannot
//! place them. What each needs was read off awscli 1.46.3's own source
//! (`awscli/customizations/s3/`):
//!
//! - `filegenerator.py` (`FileGenerator.list_objects`): a single object is
//!   looked up with `HeadObject` (authorised by `s3:GetObject`), except for a
//!   single `rm`, which sends only `DeleteObject`. `--recursive` and `sync`
//!   list with `ListObjectsV2` (`s3:ListBucket` on the bucket) under the
//!   directory prefix, which `fileformat.py` (`FileFormat.s3_format`) ends
//!   with `/`.
//! - `s3handler.py` / s3transfer: uploads above the 8 MiB multipart
//!   threshold (`transferconfig.py`) use `CreateMultipartUpload`,
//!   `UploadPart` and `CompleteMultipartUpload`, all authorised by
//!   `s3:PutObject`, and `AbortMultipartUpload` when a part fails
//!   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions).
//!   An S3-to-S3 copy is `CopyObject` (or `UploadPartCopy`): `s3:GetObject`
//!   on the source, `s3:PutObject` on the target
//!   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).
//! - `subcommands.py`: `mb` is `CreateBucket`, `rb` is `DeleteBucket`
//!   (with `--force`, an `rm --recursive` first), `website` is
//!   `PutBucketWebsite`, `ls` without a path is `ListBuckets`
//!   (`s3:ListAllMyBuckets`), and `presign` signs locally.
//!
//! Filters: awscli applies `--exclude`/`--include` in order, to paths
//! relative to the source directory, with `*` matching `/` as in IAM. Only a
//! filter list that starts with `--exclude "*"` narrows what can be touched
//! (to the `--include` patterns); any other filter leaves the directory, and
//! a note says so.

use std::collections::BTreeMap;

use super::{
    condition, parse_flags, AwsCommand, Candidate, Flags, Mapper, Problem, Resolved, Step,
};
use crate::arn::validate_bucket_name;
use crate::choices::ConditionChoice;

/// Options of `aws s3` commands that take no value.
const BOOL_FLAGS: &[&str] = &[
    "--recursive",
    "--delete",
    "--dryrun",
    "--quiet",
    "--only-show-errors",
    "--no-progress",
    "--follow-symlinks",
    "--no-follow-symlinks",
    "--exact-timestamps",
    "--size-only",
    "--force",
    "--no-guess-mime-type",
    "--ignore-glacier-warnings",
    "--force-glacier-transfer",
    "--human-readable",
    "--summarize",
    "--no-overwrite",
    "--validate-same-s3-paths",
    "--sse",
];

/// An S3 path: `s3://bucket/key`.
#[derive(Clone, Debug)]
struct S3Path {
    bucket: String,
    key: String,
}

impl S3Path {
    /// The key as a directory prefix: `site` → `site/`, the root stays empty.
    fn dir(&self) -> String {
        if self.key.is_empty() || self.key.ends_with('/') {
            self.key.clone()
        } else {
            format!("{}/", self.key)
        }
    }
}

/// A path argument: in S3, or local.
enum Path {
    S3(S3Path),
    Local(Option<String>),
}

pub(super) fn map(m: &mut Mapper, cmd: &AwsCommand) -> Step {
    let Some(sub) = cmd.args.get(1).and_then(|w| w.literal()) else {
        return Step::Problem(Problem::Malformed(
            "`aws s3` with no command (cp, mv, rm, sync, ls, mb, rb, presign, website)".into(),
        ));
    };
    let mut flags = parse_flags(&cmd.args[2..], |f| BOOL_FLAGS.contains(&f));
    // `--sse` takes an optional value: AES256 or aws:kms.
    if flags.has("--sse") {
        flags.positional.retain(|w| {
            !w.literal()
                .is_some_and(|t| t == "AES256" || t.starts_with("aws:kms"))
        });
    }
    let mut s = S3 {
        m,
        cmd,
        flags: &flags,
        grants: Vec::new(),
        pending: Vec::new(),
        notes: Vec::new(),
    };
    let done = match sub.as_str() {
        "cp" => s.copy(false, false),
        "mv" => s.copy(true, false),
        "sync" => s.copy(false, true),
        "rm" => s.rm(),
        "ls" => s.ls(),
        "mb" => s.bucket_only("s3:CreateBucket", "creates the bucket"),
        "rb" => s.rb(),
        "website" => s.bucket_only(
            "s3:PutBucketWebsite",
            "sets the bucket's website configuration",
        ),
        "presign" => s.presign(),
        other => Err(Problem::UnknownCommand {
            service: "s3".into(),
            command: other.to_string(),
            suggestion: super::closest(
                other,
                [
                    "cp", "mv", "rm", "sync", "ls", "mb", "rb", "presign", "website",
                ]
                .into_iter(),
            ),
        }),
    };
    if let Err(p) = done {
        return Step::Problem(p);
    }
    if !s.pending.is_empty() {
        s.pending.sort();
        s.pending.dedup();
        return Step::Pending(s.pending);
    }
    Step::Grants(s.grants, s.notes)
}

struct S3<'m, 'a, 'c, 'w> {
    m: &'m mut Mapper<'a>,
    cmd: &'c AwsCommand<'w>,
    flags: &'c Flags<'w>,
    grants: Vec<super::Grant>,
    pending: Vec<String>,
    notes: Vec<String>,
}

impl S3<'_, '_, '_, '_> {
    /// The positional path at `i`; `None` while it waits for a variable.
    fn path(&mut self, i: usize) -> Result<Option<Path>, Problem> {
        let Some(word) = self.flags.positional.get(i).copied() else {
            return Err(Problem::Malformed(format!(
                "aws s3 {}: a path is missing",
                self.sub()
            )));
        };
        match self.m.resolve(word, self.cmd.line) {
            Resolved::Known(text) => match text.strip_prefix("s3://") {
                Some(rest) => {
                    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
                    if bucket.starts_with("arn:") {
                        return Err(Problem::Malformed(format!(
                            "{text}: S3 access point and Outposts paths are not supported yet"
                        )));
                    }
                    validate_bucket_name(bucket)
                        .map_err(|e| Problem::Malformed(format!("{text}: {e}")))?;
                    Ok(Some(Path::S3(S3Path {
                        bucket: bucket.to_string(),
                        key: key.to_string(),
                    })))
                }
                None => Ok(Some(Path::Local(Some(text)))),
            },
            Resolved::Missing(names) => {
                // A local path that waits for a variable is still local.
                let s3 = word.literal().is_some_and(|t| t.starts_with("s3://"))
                    || matches!(word.pieces.first(), Some(super::Piece::Text(t)) if t.starts_with("s3://"));
                if s3 || word.pieces.len() == 1 {
                    self.pending.extend(names);
                    Ok(None)
                } else {
                    Ok(Some(Path::Local(None)))
                }
            }
            Resolved::RunTime => {
                if matches!(word.pieces.first(), Some(super::Piece::Text(t)) if t.starts_with("s3://"))
                {
                    Err(Problem::RunTime {
                        what: word.display(),
                    })
                } else {
                    Ok(Some(Path::Local(None)))
                }
            }
        }
    }

    fn sub(&self) -> String {
        self.cmd.args[1].display()
    }

    /// The key patterns under `dir` that the filters let through.
    fn patterns(&mut self, dir: &str) -> Vec<String> {
        let mut filters: Vec<(&str, String)> = Vec::new();
        for (flag, value) in &self.flags.options {
            if flag == "--exclude" || flag == "--include" {
                if let Some(v) = value.and_then(|w| w.literal()) {
                    filters.push((flag.as_str(), v));
                }
            }
        }
        let narrows = filters
            .first()
            .is_some_and(|(f, p)| *f == "--exclude" && p == "*");
        if narrows {
            let includes: Vec<String> = filters
                .iter()
                .skip(1)
                .filter(|(f, _)| *f == "--include")
                .map(|(_, p)| p.clone())
                .collect();
            let plain = includes
                .iter()
                .all(|p| !p.contains('[') && !p.contains(']'));
            if plain {
                let mut out: Vec<String> = includes.iter().map(|p| format!("{dir}{p}")).collect();
                out.sort();
                out.dedup();
                return out;
            }
            self.note("--include patterns with [ ] have no IAM equivalent: the policy covers the whole directory");
        } else if !filters.is_empty() {
            self.note("--exclude cannot narrow an IAM policy (IAM has no 'except' pattern): the policy covers the whole directory");
        }
        vec![format!("{dir}*")]
    }

    fn note(&mut self, text: &str) {
        if !self.notes.iter().any(|n| n == text) {
            self.notes.push(text.to_string());
        }
    }

    fn object(&mut self, action: &str, bucket: &str, key: &str, why: &str) -> Result<(), Problem> {
        let values = BTreeMap::from([
            ("BucketName".to_string(), bucket.to_string()),
            ("ObjectName".to_string(), key.to_string()),
        ]);
        let per_type = BTreeMap::from([("object".to_string(), Candidate::Values(values))]);
        let g = self.m.scope(action, &per_type, None, self.cmd, why)?;
        self.grants.push(g);
        Ok(())
    }

    fn bucket(
        &mut self,
        action: &str,
        bucket: &str,
        conditions: Vec<ConditionChoice>,
        why: &str,
    ) -> Result<(), Problem> {
        let values = BTreeMap::from([("BucketName".to_string(), bucket.to_string())]);
        let per_type = BTreeMap::from([("bucket".to_string(), Candidate::Values(values))]);
        let mut g = self.m.scope(action, &per_type, None, self.cmd, why)?;
        g.conditions = conditions;
        self.grants.push(g);
        Ok(())
    }

    /// `ListBucket` under a directory: an `s3:prefix` condition unless it is
    /// the whole bucket. awscli sends that one prefix on every page
    /// (`ListObjectsV2` paginates with a continuation token), so the
    /// condition is `StringEquals`, not a pattern.
    fn list(&mut self, path: &S3Path, why: &str) -> Result<(), Problem> {
        let dir = path.dir();
        let conditions = if dir.is_empty() {
            Vec::new()
        } else {
            vec![condition("StringEquals", "s3:prefix", &[dir])]
        };
        self.bucket("s3:ListBucket", &path.bucket, conditions, why)
    }

    fn uploads(&mut self, bucket: &str, keys: &[String], why: &str) -> Result<(), Problem> {
        for k in keys {
            self.object("s3:PutObject", bucket, k, why)?;
            self.object(
                "s3:AbortMultipartUpload",
                bucket,
                k,
                "files over 8 MiB go up in parts; a failed part aborts the upload",
            )?;
        }
        if self.flags.has("--acl") || self.flags.has("--grants") {
            for k in keys {
                self.object(
                    "s3:PutObjectAcl",
                    bucket,
                    k,
                    "--acl/--grants sets the object's ACL",
                )?;
            }
        }
        Ok(())
    }

    /// `cp`, `mv` and `sync`.
    fn copy(&mut self, is_move: bool, is_sync: bool) -> Result<(), Problem> {
        let (Some(src), Some(dst)) = (self.path(0)?, self.path(1)?) else {
            return Ok(());
        };
        let recursive = is_sync || self.flags.has("--recursive");
        let name = if is_sync {
            "sync"
        } else if is_move {
            "mv"
        } else {
            "cp"
        };
        match (&src, &dst) {
            (Path::Local(_), Path::Local(_)) => {
                return Err(Problem::Malformed(format!(
                    "aws s3 {name}: one path must be s3://"
                )))
            }
            (Path::Local(local), Path::S3(to)) => {
                let keys = if recursive {
                    let dir = to.dir();
                    self.patterns(&dir)
                } else {
                    vec![single_key(to, local.as_deref())?]
                };
                if is_sync {
                    self.list(to, "lists the destination to compare it with the source")?;
                }
                self.uploads(&to.bucket, &keys, "uploads the files")?;
                if is_sync && self.flags.has("--delete") {
                    for k in &keys {
                        self.object(
                            "s3:DeleteObject",
                            &to.bucket,
                            k,
                            "--delete removes objects no longer in the source",
                        )?;
                    }
                }
            }
            (Path::S3(from), Path::Local(_)) => {
                let keys = self.source_keys(from, recursive)?;
                for k in &keys {
                    self.object("s3:GetObject", &from.bucket, k, "downloads the objects")?;
                }
                if is_move {
                    for k in &keys {
                        self.object("s3:DeleteObject", &from.bucket, k, "mv deletes the source")?;
                    }
                }
            }
            (Path::S3(from), Path::S3(to)) => {
                let keys = self.source_keys(from, recursive)?;
                for k in &keys {
                    self.object(
                        "s3:GetObject",
                        &from.bucket,
                        k,
                        "CopyObject reads the source object",
                    )?;
                }
                let targets = if recursive {
                    let from_dir = from.dir();
                    let to_dir = to.dir();
                    keys.iter()
                        .map(|k| format!("{to_dir}{}", &k[from_dir.len().min(k.len())..]))
                        .collect()
                } else {
                    vec![single_key(to, Some(&from.key))?]
                };
                if is_sync {
                    self.list(to, "lists the destination to compare it with the source")?;
                }
                self.uploads(&to.bucket, &targets, "CopyObject writes the target object")?;
                if is_sync && self.flags.has("--delete") {
                    for k in &targets {
                        self.object(
                            "s3:DeleteObject",
                            &to.bucket,
                            k,
                            "--delete removes objects no longer in the source",
                        )?;
                    }
                }
                if is_move {
                    for k in &keys {
                        self.object("s3:DeleteObject", &from.bucket, k, "mv deletes the source")?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The source's keys: a directory's (listed) or one object's.
    fn source_keys(&mut self, from: &S3Path, recursive: bool) -> Result<Vec<String>, Problem> {
        if recursive {
            self.list(from, "lists the source objects")?;
            let dir = from.dir();
            Ok(self.patterns(&dir))
        } else {
            if from.key.is_empty() || from.key.ends_with('/') {
                return Err(Problem::Malformed(format!(
                    "s3://{}/{} names a directory: add --recursive",
                    from.bucket, from.key
                )));
            }
            Ok(vec![from.key.clone()])
        }
    }

    fn rm(&mut self) -> Result<(), Problem> {
        let Some(path) = self.path(0)? else {
            return Ok(());
        };
        let Path::S3(p) = path else {
            return Err(Problem::Malformed("aws s3 rm takes an s3:// path".into()));
        };
        let keys = self.source_keys(&p, self.flags.has("--recursive"))?;
        for k in &keys {
            self.object("s3:DeleteObject", &p.bucket, k, "deletes the objects")?;
        }
        Ok(())
    }

    fn ls(&mut self) -> Result<(), Problem> {
        if self.flags.positional.is_empty() {
            let g = self.m.scope(
                "s3:ListAllMyBuckets",
                &BTreeMap::new(),
                None,
                self.cmd,
                "lists the account's buckets",
            )?;
            self.grants.push(g);
            return Ok(());
        }
        let Some(path) = self.path(0)? else {
            return Ok(());
        };
        let Path::S3(p) = path else {
            return Err(Problem::Malformed("aws s3 ls takes an s3:// path".into()));
        };
        // `ls s3://b/p` lists with Prefix=p exactly as given.
        let conditions = if p.key.is_empty() {
            Vec::new()
        } else {
            vec![condition(
                "StringEquals",
                "s3:prefix",
                std::slice::from_ref(&p.key),
            )]
        };
        self.bucket("s3:ListBucket", &p.bucket, conditions, "lists the objects")
    }

    fn bucket_only(&mut self, action: &str, why: &str) -> Result<(), Problem> {
        let Some(path) = self.path(0)? else {
            return Ok(());
        };
        let Path::S3(p) = path else {
            return Err(Problem::Malformed(format!(
                "aws s3 {} takes an s3:// bucket",
                self.sub()
            )));
        };
        self.bucket(action, &p.bucket, Vec::new(), why)
    }

    fn rb(&mut self) -> Result<(), Problem> {
        let Some(path) = self.path(0)? else {
            return Ok(());
        };
        let Path::S3(p) = path else {
            return Err(Problem::Malformed("aws s3 rb takes an s3:// bucket".into()));
        };
        if self.flags.has("--force") {
            let root = S3Path {
                bucket: p.bucket.clone(),
                key: String::new(),
            };
            self.list(&root, "--force lists every object to delete it")?;
            self.object(
                "s3:DeleteObject",
                &p.bucket,
                "*",
                "--force deletes every object first",
            )?;
        }
        self.bucket(
            "s3:DeleteBucket",
            &p.bucket,
            Vec::new(),
            "deletes the bucket",
        )
    }

    fn presign(&mut self) -> Result<(), Problem> {
        let Some(path) = self.path(0)? else {
            return Ok(());
        };
        let Path::S3(p) = path else {
            return Err(Problem::Malformed(
                "aws s3 presign takes an s3:// object".into(),
            ));
        };
        self.object(
            "s3:GetObject",
            &p.bucket,
            &p.key,
            "presign signs locally; the URL's GET is authorised by the signer's s3:GetObject",
        )
    }
}

/// The key one file lands on: `s3://b/dir/` takes the source's name.
fn single_key(to: &S3Path, source: Option<&str>) -> Result<String, Problem> {
    if to.key.is_empty() || to.key.ends_with('/') {
        let Some(src) = source else {
            return Err(Problem::RunTime {
                what: "the source file's name".into(),
            });
        };
        let name = src.rsplit('/').find(|s| !s.is_empty()).unwrap_or(src);
        Ok(format!("{}{name}", to.key))
    } else {
        Ok(to.key.clone())
    }
}
