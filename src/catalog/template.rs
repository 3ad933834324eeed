//! Does an ARN fit an ARN template?
//!
//! A placeholder (`${BucketName}`) matches a non-empty run of characters.
//! `${Partition}`, `${Region}` and `${Account}` never contain `:`, and no
//! placeholder contains `/` except the template's last when it follows a `/`
//! or is named like a path (`ObjectName`, `RoleNameWithPath`, `SecretId`):
//! so `arn:aws:s3:::b` fits `bucket` and not `object`, while
//! `role/${RoleNameWithPath}` accepts `role/path/name`. The rule errs on the
//! side of matching (`table/t/index/i` also fits `table/${TableName}`), so
//! the explainer never hides a grant. Wildcards in the ARN are ordinary
//! characters here.

pub(crate) fn template_matches(template: &str, arn: &str) -> bool {
    let parts = split(template);
    let arn: Vec<char> = arn.chars().take(2048).collect();
    // Reachable (part index, position) states, deduplicated: O(parts * n^2).
    let mut states = vec![vec![false; arn.len() + 1]; parts.len() + 1];
    states[0][0] = true;
    for (pi, part) in parts.iter().enumerate() {
        for pos in 0..=arn.len() {
            if !states[pi][pos] {
                continue;
            }
            match part {
                Part::Literal(lit) => {
                    let end = pos + lit.len();
                    if end <= arn.len() && arn[pos..end] == lit[..] {
                        states[pi + 1][end] = true;
                    }
                }
                Part::Placeholder {
                    no_colon, no_slash, ..
                } => {
                    for end in pos + 1..=arn.len() {
                        let c = arn[end - 1];
                        if (*no_colon && c == ':') || (*no_slash && c == '/') {
                            break;
                        }
                        states[pi + 1][end] = true;
                    }
                }
            }
        }
    }
    states[parts.len()][arn.len()]
}

enum Part {
    Literal(Vec<char>),
    Placeholder {
        no_colon: bool,
        no_slash: bool,
        /// Named after something that holds `/` wherever it stands.
        holds_slash: bool,
    },
}

/// Placeholders whose values hold `/` even before the end of an ARN:
/// CloudWatch Logs group names (`/aws/lambda/fn`; "a-z, A-Z, 0-9, '_',
/// '-', '/', '.' and '#'", CreateLogGroup in the CloudWatch Logs API
/// reference), as in `log-group:/ci/app:log-stream:run-1`.
fn holds_slash(name: &str) -> bool {
    matches!(name, "LogGroupName")
}

fn split(template: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            parts.push(Part::Literal(rest[..start].chars().collect()));
        }
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 2..start + len];
        let after_slash = rest[..start].ends_with('/')
            || (start == 0
                && matches!(parts.last(), Some(Part::Literal(l)) if l.last() == Some(&'/')));
        let path_like = ["Path", "ObjectName", "SecretId", "ParameterName"]
            .iter()
            .any(|p| name.contains(p));
        parts.push(Part::Placeholder {
            no_colon: matches!(name, "Partition" | "Region" | "Account"),
            no_slash: !(after_slash || path_like || holds_slash(name)),
            holds_slash: holds_slash(name),
        });
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.chars().collect()));
    }
    // Only the last placeholder may hold `/` (object keys, role paths).
    let last = parts
        .iter()
        .rposition(|p| matches!(p, Part::Placeholder { .. }));
    for (i, p) in parts.iter_mut().enumerate() {
        if let Part::Placeholder {
            no_slash,
            holds_slash,
            ..
        } = p
        {
            if Some(i) != last && !*holds_slash {
                *no_slash = true;
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::template_matches;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    const DIST: &str = "arn:${Partition}:cloudfront::${Account}:distribution/${DistributionId}";
    const FUNCTION: &str = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
    const TABLE: &str = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
    const STREAM: &str =
        "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";

    #[test]
    fn table() {
        let cases = [
            (
                "bucket fits bucket",
                BUCKET,
                "arn:aws:s3:::mojito-example",
                true,
            ),
            (
                "object is not a bucket",
                BUCKET,
                "arn:aws:s3:::mojito-example/js/a.js",
                false,
            ),
            (
                "object fits object",
                OBJECT,
                "arn:aws:s3:::mojito-example/js/a.js",
                true,
            ),
            (
                "bucket is not an object",
                OBJECT,
                "arn:aws:s3:::mojito-example",
                false,
            ),
            ("wildcard object", OBJECT, "arn:aws:s3:::b/jsdev/app*", true),
            ("star bucket", BUCKET, "arn:aws:s3:::*", true),
            ("cn partition", OBJECT, "arn:aws-cn:s3:::b/k", true),
            (
                "role with path",
                ROLE,
                "arn:aws:iam::123456789012:role/service-role/x",
                true,
            ),
            ("role", ROLE, "arn:aws:iam::123456789012:role/x", true),
            (
                "user is not a role",
                ROLE,
                "arn:aws:iam::123456789012:user/x",
                false,
            ),
            (
                "distribution",
                DIST,
                "arn:aws:cloudfront::123456789012:distribution/E2ABC",
                true,
            ),
            (
                "distribution needs account",
                DIST,
                "arn:aws:cloudfront:::distribution/E2ABC",
                false,
            ),
            (
                "function",
                FUNCTION,
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                true,
            ),
            (
                "function version is not a function",
                FUNCTION,
                "arn:aws:lambda:us-east-1:123456789012:function:f:1",
                true,
            ),
            (
                "a log group name holds slashes before the stream",
                STREAM,
                "arn:aws:logs:us-east-1:123456789012:log-group:/ci/app:log-stream:run-1",
                true,
            ),
            (
                "a log stream is not a log group's name",
                STREAM,
                "arn:aws:logs:us-east-1:123456789012:log-group:/ci/app",
                false,
            ),
            (
                "table",
                TABLE,
                "arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/t",
                true,
            ),
            (
                "permissive: an index path fits table",
                TABLE,
                "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/i",
                true,
            ),
            (
                "function name has no slash",
                FUNCTION,
                "arn:aws:lambda:us-east-1:123456789012:function:a/b",
                false,
            ),
            ("other service", TABLE, "arn:aws:s3:::b", false),
        ];
        for (name, template, arn, want) in cases {
            assert_eq!(template_matches(template, arn), want, "{name}");
        }
    }
}
