//! Deep links into the IAM console, per partition.

use crate::arn::Partition;

/// The IAM console's create-policy page for `partition`.
pub fn create_policy_url(partition: Partition) -> String {
    format!(
        "https://{}/iam/home#/policies/create",
        partition.console_host()
    )
}

/// What is left to do in the console after following the link.
pub fn next_steps() -> [&'static str; 3] {
    [
        "Choose the JSON tab and paste the policy (it is on your clipboard).",
        "Choose Next, name the policy and create it.",
        "Attach it to the user or group that does the job (Users or User groups → Add permissions → Attach policies directly).",
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_console_per_partition() {
        let cases = [
            (
                Partition::Aws,
                "https://console.aws.amazon.com/iam/home#/policies/create",
            ),
            (
                Partition::AwsCn,
                "https://console.amazonaws.cn/iam/home#/policies/create",
            ),
            (
                Partition::AwsUsGov,
                "https://console.amazonaws-us-gov.com/iam/home#/policies/create",
            ),
        ];
        for (partition, want) in cases {
            assert_eq!(create_policy_url(partition), want, "{partition}");
        }
    }
}
