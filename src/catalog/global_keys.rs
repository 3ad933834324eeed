//! AWS global condition keys, which the per-service data does not list
//! (it has no `aws` service; only the tag keys appear, under each service).
//! Source: IAM User Guide, "AWS global condition context keys", unless a
//! line says otherwise. Service-prefixed keys that come with any request
//! (`ec2:SourceInstanceARN`, `lambda:SourceFunctionArn`) are not listed
//! here: the dataset has them ([`super::Catalog::request_wide_keys`]).

use super::{ConditionKey, ConditionType};

use ConditionType::{Arn, ArrayOfString, Bool, Date, IpAddress, Numeric, String};

const KEYS: &[(&str, ConditionType)] = &[
    ("aws:CalledVia", ArrayOfString),
    ("aws:CalledViaFirst", String),
    ("aws:CalledViaLast", String),
    ("aws:CurrentTime", Date),
    ("aws:EpochTime", Date),
    ("aws:FederatedProvider", String),
    ("aws:MultiFactorAuthAge", Numeric),
    ("aws:MultiFactorAuthPresent", Bool),
    ("aws:PrincipalAccount", String),
    ("aws:PrincipalArn", Arn),
    ("aws:PrincipalIsAWSService", Bool),
    ("aws:PrincipalOrgID", String),
    ("aws:PrincipalOrgPaths", ArrayOfString),
    ("aws:PrincipalServiceName", String),
    ("aws:PrincipalServiceNamesList", ArrayOfString),
    ("aws:PrincipalTag/${TagKey}", String),
    ("aws:PrincipalType", String),
    ("aws:Referer", String),
    ("aws:RequestedRegion", String),
    ("aws:RequestTag/${TagKey}", String),
    ("aws:ResourceAccount", String),
    ("aws:ResourceOrgID", String),
    ("aws:ResourceOrgPaths", ArrayOfString),
    ("aws:ResourceTag/${TagKey}", String),
    ("aws:SecureTransport", Bool),
    ("aws:SourceAccount", String),
    ("aws:SourceArn", Arn),
    ("aws:SourceIdentity", String),
    ("aws:SourceIp", IpAddress),
    ("aws:SourceOrgID", String),
    ("aws:SourceOrgPaths", ArrayOfString),
    ("aws:SourceVpc", String),
    ("aws:SourceVpce", String),
    ("aws:TagKeys", ArrayOfString),
    ("aws:TokenIssueTime", Date),
    ("aws:UserAgent", String),
    ("aws:userid", String),
    ("aws:username", String),
    ("aws:ViaAWSService", Bool),
    ("aws:VpcSourceIp", IpAddress),
    ("aws:Ec2InstanceSourceVpc", String),
    ("aws:Ec2InstanceSourcePrivateIPv4", IpAddress),
    ("aws:VpceAccount", String),
    ("aws:VpceOrgID", String),
    ("aws:VpceOrgPaths", ArrayOfString),
    ("aws:SourceVpcArn", Arn),
    ("aws:AssumedRoot", Bool),
    // Agent Toolkit for AWS user guide, "Identity-based policy examples for
    // AWS MCP Server" and "Troubleshooting AWS MCP Server identity and access".
    ("aws:ViaAWSMCPService", Bool),
    ("aws:CalledViaAWSMCP", String),
    // AWS managed policy AWSMcpServiceActionsFullAccess conditions `*` on it.
    ("aws:IsMcpServiceAction", Bool),
];

/// The global key `name` refers to, if any (case-insensitive; tag keys
/// resolve to their `${TagKey}` template).
pub(super) fn find(name: &str) -> Option<ConditionKey> {
    KEYS.iter()
        .find(|(k, _)| super::key_matches(k, name))
        .map(|&(k, kind)| ConditionKey {
            name: k.into(),
            kind,
        })
}

/// Every global key, for pickers.
pub fn all() -> impl Iterator<Item = ConditionKey> {
    KEYS.iter().map(|&(k, kind)| ConditionKey {
        name: k.into(),
        kind,
    })
}
