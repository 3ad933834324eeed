//! What `from-commands` and `from-cloudtrail` share: where the resources
//! are (`--partition`, `--account`, `--region`), checked, and the policy
//! for what was granted.

use std::process::ExitCode;

use clap::Args;
use policy_builder::arn::{validate_account, validate_partition, validate_region};
use policy_builder::commands::{Granted, Settings};
use policy_builder::policy::Policy;
use policy_builder::{catalog, generate};

use crate::cli::unusable;

/// Where the resources are, for what the input does not say itself.
#[derive(Args, Debug, Clone)]
pub struct WhereArgs {
    /// aws, aws-cn or aws-us-gov.
    #[arg(long, default_value = "aws")]
    pub partition: String,
    /// The 12-digit account that holds the resources, where the input does
    /// not name it.
    #[arg(long)]
    pub account: Option<String>,
    /// The region, where the input does not name it.
    #[arg(long)]
    pub region: Option<String>,
}

impl WhereArgs {
    /// The settings, or exit 2 with the flag at fault.
    pub fn settings(&self) -> Result<Settings<'_>, ExitCode> {
        let partition = validate_partition(&self.partition)
            .map_err(|e| unusable(format!("--partition: {e}")))?;
        if let Some(a) = &self.account {
            validate_account(a).map_err(|e| unusable(format!("--account: {e}")))?;
        }
        if let Some(r) = &self.region {
            validate_region(partition, r).map_err(|e| unusable(format!("--region: {e}")))?;
        }
        Ok(Settings {
            partition,
            account: self.account.as_deref(),
            region: self.region.as_deref(),
        })
    }
}

/// The policy for what was granted; `None` when nothing needs a permission.
pub fn policy(granted: &Granted) -> Result<Option<Policy>, ExitCode> {
    if granted.choices.groups.is_empty() {
        return Ok(None);
    }
    generate::generate(catalog::bundled(), &granted.choices)
        .map(Some)
        .map_err(|e| unusable(format!("cannot build the policy: {e}")))
}
