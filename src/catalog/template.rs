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
    // Only an ARN's first 2,048 characters are read.
    let arn = match arn.char_indices().nth(2048) {
        Some((cut, _)) => &arn[..cut],
        None => arn,
    };
    let parts = split(template);
    // Reachable positions in the ARN (byte offsets at character
    // boundaries) before and after each part: O(parts * n^2), with no
    // allocation but the two rows. Comparing bytes is comparing characters:
    // a placeholder's run stops only at `:` or `/`, which are never part of
    // a longer character, and ends only on a character boundary.
    let bytes = arn.as_bytes();
    let n = bytes.len();
    let boundary = |i: usize| i == n || (bytes[i] & 0xC0) != 0x80;
    let mut at = vec![false; n + 1];
    let mut next = vec![false; n + 1];
    at[0] = true;
    for part in &parts {
        next.fill(false);
        let mut any = false;
        for pos in (0..=n).filter(|&p| at[p]) {
            match part {
                Part::Literal(lit) => {
                    let end = pos + lit.len();
                    if end <= n && &bytes[pos..end] == lit.as_bytes() {
                        next[end] = true;
                        any = true;
                    }
                }
                Part::Placeholder {
                    no_colon, no_slash, ..
                } => {
                    for end in pos + 1..=n {
                        let c = bytes[end - 1];
                        if (*no_colon && c == b':') || (*no_slash && c == b'/') {
                            break;
                        }
                        if boundary(end) {
                            next[end] = true;
                            any = true;
                        }
                    }
                }
            }
        }
        if !any {
            return false;
        }
        std::mem::swap(&mut at, &mut next);
    }
    at[n]
}

enum Part<'a> {
    Literal(&'a str),
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

fn split(template: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            parts.push(Part::Literal(&rest[..start]));
        }
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 2..start + len];
        let after_slash = rest[..start].ends_with('/')
            || (start == 0 && matches!(parts.last(), Some(Part::Literal(l)) if l.ends_with('/')));
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
        parts.push(Part::Literal(rest));
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

    #[cfg(not(target_arch = "wasm32"))]
    /// The matcher as first written: over characters, with every
    /// (part, position) state kept. The reference the faster one is
    /// checked against.
    fn plain_matches(template: &str, arn: &str) -> bool {
        let parts = super::split(template);
        let arn: Vec<char> = arn.chars().take(2048).collect();
        let mut states = vec![vec![false; arn.len() + 1]; parts.len() + 1];
        states[0][0] = true;
        for (pi, part) in parts.iter().enumerate() {
            for pos in 0..=arn.len() {
                if !states[pi][pos] {
                    continue;
                }
                match part {
                    super::Part::Literal(lit) => {
                        let lit: Vec<char> = lit.chars().collect();
                        let end = pos + lit.len();
                        if end <= arn.len() && arn[pos..end] == lit[..] {
                            states[pi + 1][end] = true;
                        }
                    }
                    super::Part::Placeholder {
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

    /// Every resource type's template in the catalog against ARNs made
    /// from its own service's templates, filled with values that hold `:`,
    /// `/`, `*`, several-byte characters or nothing; and ARNs longer than
    /// the 2,048 characters read. The fast matcher agrees with the plain one.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_with_the_plain_matcher() {
        let catalog = crate::catalog::bundled();
        let fills = [
            "x",
            "a/b",
            "a:b",
            "*",
            "é",
            "aé/ü:ß",
            "b/jsdev/app*",
            "",
            "/ci/app",
        ];
        let fill = |template: &str, value: &str| {
            let mut out = String::new();
            for part in super::split(template) {
                match part {
                    super::Part::Literal(l) => out.push_str(l),
                    super::Part::Placeholder { .. } => out.push_str(value),
                }
            }
            out
        };
        let (mut checked, mut matched) = (0, 0);
        for service in catalog.services() {
            let templates: Vec<&str> = catalog
                .resource_types_of(service.prefix())
                .into_iter()
                .map(|t| t.arn())
                .collect();
            let mut arns: Vec<String> = templates
                .iter()
                .flat_map(|t| fills.iter().map(|v| fill(t, v)))
                .collect();
            arns.push(format!(
                "arn:aws:{}:::{}",
                service.prefix(),
                "é".repeat(2100)
            ));
            arns.push(format!("arn:aws:s3:::b/{}", "k".repeat(2100)));
            for t in &templates {
                for arn in &arns {
                    let want = plain_matches(t, arn);
                    assert_eq!(template_matches(t, arn), want, "{t} vs {arn}");
                    checked += 1;
                    matched += usize::from(want);
                }
            }
        }
        assert!(
            checked > 100_000 && matched > 5_000,
            "{checked} pairs, {matched} matches"
        );
        // Two placeholders side by side each need a whole character.
        for (arn, want) in [
            ("arn:aws:x:::é", false),
            ("arn:aws:x:::éé", true),
            ("arn:aws:x:::ab", true),
        ] {
            let t = "arn:${Partition}:x:::${A}${B}";
            assert_eq!(plain_matches(t, arn), want, "{arn}");
            assert_eq!(template_matches(t, arn), want, "{arn}");
        }
    }
}
