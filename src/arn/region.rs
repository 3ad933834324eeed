//! The region codes of each partition, hard-coded so the core needs no I/O.
//!
//! Source: the AWS General Reference "AWS Regions" table and the
//! `partitions.json` shipped with the AWS SDKs. A region AWS launches after
//! this table was written is reported as unknown until it is added here.

/// Regions of the commercial `aws` partition, in the order AWS lists them.
pub(crate) const AWS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
];

/// Regions of the `aws-cn` partition (Beijing and Ningxia).
pub(crate) const AWS_CN: &[&str] = &["cn-north-1", "cn-northwest-1"];

/// Regions of the `aws-us-gov` partition.
pub(crate) const AWS_US_GOV: &[&str] = &["us-gov-west-1", "us-gov-east-1"];
