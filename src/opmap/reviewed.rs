//! The hand-reviewed rows of the operation map, each with its source.
//!
//! Everything here was checked against AWS's own documentation (the
//! Service Authorization Reference, a service's API reference or its
//! "required permissions" page); the row cites the page. An operation that
//! neither the catalog (by name) nor this table places stays unmapped.

/// S3's page mapping each API operation to the policy actions it needs.
const S3_PERMISSIONS: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html";

/// A reviewed operation → actions row.
pub(crate) struct ReviewedOperation {
    /// botocore's service name (`s3`, not `s3control`, whose operations of
    /// the same names are authorised by other actions). For the rows here
    /// it is also the IAM prefix.
    pub prefix: &'static str,
    /// botocore's operation name.
    pub api_name: &'static str,
    /// The actions that authorise it, `prefix:Action`.
    pub actions: &'static [&'static str],
    /// Actions whose resource comes from somewhere other than the
    /// operation's own inputs (CopyObject's source object is named by
    /// `--copy-source bucket/key`), so no binding is derived for them.
    pub unbound: &'static [&'static str],
    pub source: &'static str,
}

const fn row(
    prefix: &'static str,
    api_name: &'static str,
    actions: &'static [&'static str],
    source: &'static str,
) -> ReviewedOperation {
    ReviewedOperation {
        prefix,
        api_name,
        actions,
        unbound: &[],
        source,
    }
}

/// Operations whose action has another name than the operation.
pub(crate) const OPERATIONS: &[ReviewedOperation] = &[
    // S3: listing and reading.
    row("s3", "ListObjects", &["s3:ListBucket"], S3_PERMISSIONS),
    row("s3", "ListObjectsV2", &["s3:ListBucket"], S3_PERMISSIONS),
    row(
        "s3",
        "ListObjectVersions",
        &["s3:ListBucketVersions"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "ListMultipartUploads",
        &["s3:ListBucketMultipartUploads"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "ListParts",
        &["s3:ListMultipartUploadParts"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "ListBuckets",
        &["s3:ListAllMyBuckets"],
        S3_PERMISSIONS,
    ),
    row("s3", "HeadBucket", &["s3:ListBucket"], S3_PERMISSIONS),
    row("s3", "HeadObject", &["s3:GetObject"], S3_PERMISSIONS),
    // S3: writing. A multipart upload is authorised as one PutObject.
    row(
        "s3",
        "CreateMultipartUpload",
        &["s3:PutObject"],
        S3_PERMISSIONS,
    ),
    row("s3", "UploadPart", &["s3:PutObject"], S3_PERMISSIONS),
    row(
        "s3",
        "CompleteMultipartUpload",
        &["s3:PutObject"],
        S3_PERMISSIONS,
    ),
    ReviewedOperation {
        prefix: "s3",
        api_name: "CopyObject",
        actions: &["s3:GetObject", "s3:PutObject"],
        unbound: &["s3:GetObject"],
        source: S3_PERMISSIONS,
    },
    ReviewedOperation {
        prefix: "s3",
        api_name: "UploadPartCopy",
        actions: &["s3:GetObject", "s3:PutObject"],
        unbound: &["s3:GetObject"],
        source: S3_PERMISSIONS,
    },
    row("s3", "DeleteObjects", &["s3:DeleteObject"], S3_PERMISSIONS),
    // S3: bucket configuration, whose actions are named after the
    // configuration rather than the operation.
    row(
        "s3",
        "DeleteBucketCors",
        &["s3:PutBucketCORS"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketEncryption",
        &["s3:PutEncryptionConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketEncryption",
        &["s3:GetEncryptionConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketEncryption",
        &["s3:PutEncryptionConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketAnalyticsConfiguration",
        &["s3:PutAnalyticsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketIntelligentTieringConfiguration",
        &["s3:PutIntelligentTieringConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketInventoryConfiguration",
        &["s3:PutInventoryConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketLifecycle",
        &["s3:PutLifecycleConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketLifecycleConfiguration",
        &["s3:GetLifecycleConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketLifecycleConfiguration",
        &["s3:PutLifecycleConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketReplication",
        &["s3:PutReplicationConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketReplication",
        &["s3:GetReplicationConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketReplication",
        &["s3:PutReplicationConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketTagging",
        &["s3:PutBucketTagging"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketNotificationConfiguration",
        &["s3:GetBucketNotification"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketNotificationConfiguration",
        &["s3:PutBucketNotification"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeletePublicAccessBlock",
        &["s3:PutBucketPublicAccessBlock"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetPublicAccessBlock",
        &["s3:GetBucketPublicAccessBlock"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutPublicAccessBlock",
        &["s3:PutBucketPublicAccessBlock"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketAccelerateConfiguration",
        &["s3:GetAccelerateConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketAccelerateConfiguration",
        &["s3:PutAccelerateConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketAnalyticsConfiguration",
        &["s3:GetAnalyticsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "ListBucketAnalyticsConfigurations",
        &["s3:GetAnalyticsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketAnalyticsConfiguration",
        &["s3:PutAnalyticsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketIntelligentTieringConfiguration",
        &["s3:GetIntelligentTieringConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "ListBucketIntelligentTieringConfigurations",
        &["s3:GetIntelligentTieringConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketIntelligentTieringConfiguration",
        &["s3:PutIntelligentTieringConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketInventoryConfiguration",
        &["s3:GetInventoryConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "ListBucketInventoryConfigurations",
        &["s3:GetInventoryConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketInventoryConfiguration",
        &["s3:PutInventoryConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketMetricsConfiguration",
        &["s3:PutMetricsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketMetricsConfiguration",
        &["s3:GetMetricsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "ListBucketMetricsConfigurations",
        &["s3:GetMetricsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketMetricsConfiguration",
        &["s3:PutMetricsConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetBucketLifecycle",
        &["s3:GetLifecycleConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutBucketLifecycle",
        &["s3:PutLifecycleConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "DeleteBucketOwnershipControls",
        &["s3:PutBucketOwnershipControls"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "GetObjectLockConfiguration",
        &["s3:GetBucketObjectLockConfiguration"],
        S3_PERMISSIONS,
    ),
    row(
        "s3",
        "PutObjectLockConfiguration",
        &["s3:PutBucketObjectLockConfiguration"],
        S3_PERMISSIONS,
    ),
    // S3 Select reads the object: "You must have the s3:GetObject permission".
    row(
        "s3",
        "SelectObjectContent",
        &["s3:GetObject"],
        "https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html",
    ),
    // Lambda: the Invoke API is authorised by lambda:InvokeFunction.
    row(
        "lambda",
        "Invoke",
        &["lambda:InvokeFunction"],
        "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html",
    ),
    row(
        "lambda",
        "InvokeWithResponseStream",
        &["lambda:InvokeFunction"],
        "https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html",
    ),
];

/// Signing names that are not the service's IAM prefix: (signing name, IAM
/// prefix, source).
const PREFIXES: &[(&str, &str, &str)] = &[
    (
        "monitoring",
        "cloudwatch",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html",
    ),
    (
        "cloudcontrolapi",
        "cloudformation",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudcontrolapi.html",
    ),
    (
        "iotdata",
        "iot",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiot.html",
    ),
    (
        "IoTSecuredTunneling",
        "iot",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiot.html",
    ),
    (
        "iot-jobs-data",
        "iotjobsdata",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiotjobsdataplane.html",
    ),
    (
        "mturk-requester",
        "mechanicalturk",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmechanicalturk.html",
    ),
    (
        "tagging",
        "tag",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonresourcegrouptaggingapi.html",
    ),
];

/// The IAM prefix for a signing name, when it is not the signing name
/// itself, with the row's source.
pub(crate) fn iam_prefix(signing_name: &str) -> Option<(&'static str, &'static str)> {
    PREFIXES
        .iter()
        .find(|(s, _, _)| *s == signing_name)
        .map(|(_, p, src)| (*p, *src))
}

/// CloudTrail event sources of services whose signing name and endpoint
/// prefix differ, so that the generator could not derive one: (botocore
/// service name, event source, source).
const EVENT_SOURCES: &[(&str, &str, &str)] = &[(
    "ecr",
    // The page's example events carry "eventSource": "ecr.amazonaws.com".
    "ecr.amazonaws.com",
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/logging-using-cloudtrail.html",
)];

/// The reviewed CloudTrail event source of a botocore service, if any.
pub(crate) fn event_source(service_name: &str) -> Option<&'static str> {
    EVENT_SOURCES
        .iter()
        .find(|(n, _, _)| *n == service_name)
        .map(|(_, e, _)| *e)
}

/// The reviewed row for an operation, if any.
pub(crate) fn operation(prefix: &str, api_name: &str) -> Option<&'static ReviewedOperation> {
    OPERATIONS
        .iter()
        .find(|r| r.prefix == prefix && r.api_name == api_name)
}

/// An input member that fills a placeholder of another name.
pub(crate) struct Alias {
    pub prefix: &'static str,
    pub member: &'static str,
    pub placeholder: &'static str,
    /// The operations it holds for; empty for every operation of the service.
    pub only: &'static [&'static str],
    /// The row's citation; only the tests read it.
    #[cfg_attr(any(not(test), target_arch = "wasm32"), allow(dead_code))]
    pub source: &'static str,
}

/// Documented aliases between input members and ARN placeholders. Kept
/// small: an exact (case-insensitive) name match needs no row.
pub(crate) const ALIASES: &[Alias] = &[
    Alias {
        prefix: "s3",
        member: "Bucket",
        placeholder: "BucketName",
        only: &[],
        source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies",
    },
    Alias {
        prefix: "s3",
        member: "Key",
        placeholder: "ObjectName",
        only: &[],
        source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies",
    },
    // CloudFront's distribution operations name the distribution `Id`
    // (GetDistribution: "The distribution's ID"); elsewhere `Id` is the ID
    // of the operation's own resource (a cache policy, an invalidation).
    Alias {
        prefix: "cloudfront",
        member: "Id",
        placeholder: "DistributionId",
        only: &[
            "GetDistribution",
            "GetDistributionConfig",
            "UpdateDistribution",
            "DeleteDistribution",
            "UpdateDistributionWithStagingConfig",
            "AssociateDistributionWebACL",
            "DisassociateDistributionWebACL",
        ],
        source: "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_GetDistribution.html",
    },
    // IAM's resource ARNs carry the path; a name without one is the ARN
    // of an entity at the default path `/`.
    Alias {
        prefix: "iam",
        member: "RoleName",
        placeholder: "RoleNameWithPath",
        only: &[],
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns",
    },
    Alias {
        prefix: "iam",
        member: "UserName",
        placeholder: "UserNameWithPath",
        only: &[],
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns",
    },
];

/// The placeholder an input member fills by a documented alias.
pub(crate) fn alias(prefix: &str, api_name: &str, member: &str) -> Option<&'static Alias> {
    ALIASES.iter().find(|a| {
        a.prefix == prefix
            && a.member == member
            && (a.only.is_empty() || a.only.contains(&api_name))
    })
}

/// Inputs that take a name or a whole ARN: (botocore service, member, source).
/// Aliases and these rows are keyed by botocore service too.
const ACCEPTS_ARN: &[(&str, &str, &str)] = &[(
    "lambda",
    "FunctionName",
    // "Name formats: function name, function ARN, partial ARN".
    "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax",
)];

/// Whether an input takes an ARN as well as a name.
pub(crate) fn accepts_arn(prefix: &str, member: &str) -> bool {
    ACCEPTS_ARN
        .iter()
        .any(|(p, m, _)| *p == prefix && *m == member)
}
