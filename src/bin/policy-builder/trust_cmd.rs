//! `policy-builder trust`: the trust policy of an IAM role a CI job assumes
//! with its OIDC token.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use policy_builder::arn::Partition;
use policy_builder::trust::{build, exports, CiProvider, ExportFormat, RoleSetup, TrustRequest};

use crate::cli::{read_policy, refuse_credentials, unusable};

/// The role's trust policy for a CI system: `sts:AssumeRoleWithWebIdentity`
/// for its OIDC provider, bound by `:aud` and `:sub` to one repository.
#[derive(Args, Debug, Clone)]
pub struct TrustArgs {
    /// The CI system: github, gitlab, bitbucket or circleci.
    #[arg(long = "ci")]
    pub ci: CiProvider,
    /// A parameter of the CI system, e.g. `repo=owner/name`. github: repo,
    /// ref | environment; gitlab: project, ref, host; bitbucket: workspace,
    /// workspace-uuid, repository-uuid, environment-uuid; circleci: org-id,
    /// project-id.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The 12-digit AWS account that holds the role.
    #[arg(long)]
    pub account: String,
    /// aws, aws-cn or aws-us-gov.
    #[arg(long, default_value = "aws")]
    pub partition: String,
    /// `text` prints the trust policy; `json` adds the provider and snippet.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Instead of the trust policy, infrastructure code creating the
    /// provider, the role and its permissions (needs `--permissions`).
    #[arg(long, value_enum, requires = "permissions")]
    pub export: Option<Export>,
    /// The role's permissions policy (JSON), e.g. from `generate`.
    #[arg(long, value_name = "FILE")]
    pub permissions: Option<PathBuf>,
}

/// `--export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Export {
    Cloudformation,
    Terraform,
    AwsCli,
}

/// Output format of `trust`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The trust policy document.
    Text,
    /// `{"trust_policy", "provider": {url, audience, arn}, "role_name", "snippet"}`.
    Json,
}

pub fn run(args: &TrustArgs) -> ExitCode {
    let mut params = BTreeMap::new();
    for pair in &args.params {
        if let Err(code) = refuse_credentials("--param", pair) {
            return code;
        }
        let Some((name, value)) = pair.split_once('=') else {
            return unusable(format!("--param {pair:?} must be NAME=VALUE"));
        };
        params.insert(name.trim().to_string(), value.trim().to_string());
    }
    let partition: Partition = match policy_builder::arn::validate_partition(&args.partition) {
        Ok(p) => p,
        Err(e) => return unusable(e),
    };
    let req = TrustRequest {
        provider: args.ci,
        params,
        partition,
        account: args.account.trim().to_string(),
    };
    match build(&req) {
        Ok(setup) => {
            match (args.export, &args.permissions) {
                (Some(export), Some(path)) => {
                    let permissions = match read_policy(path) {
                        Ok(p) => p,
                        Err(code) => return code,
                    };
                    let format = match export {
                        Export::Cloudformation => ExportFormat::CloudFormation,
                        Export::Terraform => ExportFormat::Terraform,
                        Export::AwsCli => ExportFormat::AwsCli,
                    };
                    out!("{}", exports(&setup, &permissions, format));
                }
                _ => out!("{}", render(&setup, args.format)),
            }
            ExitCode::SUCCESS
        }
        Err(e) => unusable(format!("--ci {}: {e}", args.ci)),
    }
}

fn render(setup: &RoleSetup, format: Format) -> String {
    match format {
        Format::Text => setup.trust_policy.to_json(),
        Format::Json => {
            let policy: serde_json::Value = serde_json::from_str(&setup.trust_policy.to_json())
                .expect("a trust policy prints valid JSON");
            serde_json::to_string_pretty(&serde_json::json!({
                "trust_policy": policy,
                "provider": setup.provider,
                "role_name": setup.role_name,
                "role_arn": setup.role_arn,
                "snippet": setup.snippet,
            }))
            .expect("JSON values always serialize")
        }
    }
}
