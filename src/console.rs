//! Where the policy goes next in the AWS console, and what is left to do there.
//!
//! The builder never signs in to AWS: it links to the console page that
//! creates a customer managed policy and says, in three steps, what the user
//! still has to do there.
//!
//! ```
//! use policy_builder::console::create_policy_url;
//!
//! assert_eq!(
//!     create_policy_url("aws").unwrap(),
//!     "https://console.aws.amazon.com/iam/home#/policies/create"
//! );
//! assert!(create_policy_url("aws-iso").is_err());
//! ```

use std::fmt;

/// The IAM console page that creates a customer managed policy, for one
/// partition: `"aws"`, `"aws-cn"` or `"aws-us-gov"`.
///
/// Each partition has its own console host (the China regions and GovCloud
/// are separate from the commercial console), so a link to the wrong one
/// would ask the user to sign in to an account they do not have.
pub fn create_policy_url(partition: &str) -> Result<String, ConsoleError> {
    let host = match partition {
        "aws" => "console.aws.amazon.com",
        "aws-cn" => "console.amazonaws.cn",
        "aws-us-gov" => "console.amazonaws-us-gov.com",
        _ => {
            return Err(ConsoleError {
                input: partition.to_string(),
                kind: ConsoleErrorKind::UnknownPartition,
            })
        }
    };
    Ok(format!("https://{host}/iam/home#/policies/create"))
}

/// The three steps left in the console after opening [`create_policy_url`]
/// with the policy copied to the clipboard.
pub fn next_steps() -> [&'static str; 3] {
    [
        "Choose the JSON tab, replace what is there with the copied policy and choose Next.",
        "Name the policy (and describe it, if you like), then choose Create policy.",
        "Attach the policy to the IAM user or group that needs it: open the user or group, \
         choose Add permissions, then Attach policies directly, and select the policy.",
    ]
}

/// A console link that could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleError {
    /// The text that was given.
    pub input: String,
    /// What was wrong with it.
    pub kind: ConsoleErrorKind,
}

/// What was wrong with the input to a console link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsoleErrorKind {
    /// The partition is not one of `aws`, `aws-cn` or `aws-us-gov`; the
    /// isolated partitions have no public console to link to.
    UnknownPartition,
}

impl fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ConsoleErrorKind::UnknownPartition => write!(
                f,
                "unknown partition {:?}: expected aws, aws-cn or aws-us-gov",
                self.input
            ),
        }
    }
}

impl std::error::Error for ConsoleError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_policy_url_per_partition() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("commercial",  "aws",        Some("https://console.aws.amazon.com/iam/home#/policies/create")),
            ("china",       "aws-cn",     Some("https://console.amazonaws.cn/iam/home#/policies/create")),
            ("govcloud",    "aws-us-gov", Some("https://console.amazonaws-us-gov.com/iam/home#/policies/create")),
            ("iso",         "aws-iso",    None),
            ("empty",       "",           None),
            ("upper case",  "AWS",        None),
        ];
        for (name, partition, want) in cases {
            let got = create_policy_url(partition);
            match want {
                Some(url) => assert_eq!(got.as_deref(), Ok(*url), "{name}"),
                None => assert_eq!(
                    got,
                    Err(ConsoleError {
                        input: partition.to_string(),
                        kind: ConsoleErrorKind::UnknownPartition
                    }),
                    "{name}"
                ),
            }
        }
    }

    #[test]
    fn unknown_partition_error_names_the_input() {
        let err = create_policy_url("aws-iso-b").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown partition \"aws-iso-b\": expected aws, aws-cn or aws-us-gov"
        );
    }

    #[test]
    fn next_steps_cover_json_tab_name_and_attach() {
        let [paste, name, attach] = next_steps();
        assert!(paste.contains("JSON tab"), "{paste}");
        assert!(name.contains("Name the policy"), "{name}");
        assert!(attach.contains("Attach the policy"), "{attach}");
        assert!(attach.contains("user or group"), "{attach}");
    }
}
