//! The CI role as infrastructure code: CloudFormation, Terraform, or AWS CLI
//! commands creating the OIDC provider, the role with its trust policy, and
//! the permissions policy inline.
//!
//! Thumbprints: `CreateOpenIDConnectProvider`'s `ThumbprintList` "is
//! optional. If it is not included, IAM will retrieve and use the top
//! intermediate certificate authority (CA) thumbprint of the OpenID Connect
//! identity provider server certificate" (IAM API reference, via
//! https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/iam/aws.sdk.kotlin.services.iam.model/-create-open-id-connect-provider-request/thumbprint-list.html),
//! and AWS now verifies these IdPs' JWKS endpoints against its library of
//! trusted root CAs (UpdateOpenIDConnectProviderThumbprint, AWS CLI
//! reference). So no thumbprint is written: none is needed, and a made-up
//! one would be wrong. CloudFormation's `AWS::IAM::OIDCProvider` lists
//! `ThumbprintList` as optional in the current CDK v2 `CfnOIDCProviderProps`
//! (CDK v1 required it); Terraform's `thumbprint_list` is optional in recent
//! AWS providers (not verified here: add one if your provider version asks).

use std::fmt::Write as _;

use crate::policy::Policy;

use super::RoleSetup;

/// Which infrastructure code to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExportFormat {
    CloudFormation,
    Terraform,
    AwsCli,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::CloudFormation,
        ExportFormat::Terraform,
        ExportFormat::AwsCli,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::CloudFormation => "CloudFormation",
            ExportFormat::Terraform => "Terraform",
            ExportFormat::AwsCli => "AWS CLI",
        }
    }
}

/// The name of the inline permissions policy.
const POLICY_NAME: &str = "permissions";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("policies print valid JSON")
}

/// The provider, the role and its permissions as `format`.
pub fn exports(setup: &RoleSetup, permissions: &Policy, format: ExportFormat) -> String {
    let trust = setup.trust_policy.to_json();
    let perms = permissions.to_json();
    match format {
        ExportFormat::CloudFormation => {
            // The trust policy names the provider by ARN; CloudFormation
            // creates the provider first through DependsOn.
            let template = serde_json::json!({
                "AWSTemplateFormatVersion": "2010-09-09",
                "Description": format!("IAM role {} for CI through OIDC", setup.role_name),
                "Resources": {
                    "OidcProvider": {
                        "Type": "AWS::IAM::OIDCProvider",
                        "Properties": {
                            "Url": setup.provider.url,
                            "ClientIdList": [setup.provider.audience],
                        }
                    },
                    "CiRole": {
                        "Type": "AWS::IAM::Role",
                        "DependsOn": "OidcProvider",
                        "Properties": {
                            "RoleName": setup.role_name,
                            "AssumeRolePolicyDocument": json(&trust),
                            "Policies": [{
                                "PolicyName": POLICY_NAME,
                                "PolicyDocument": json(&perms),
                            }],
                        }
                    }
                },
                "Outputs": {
                    "RoleArn": {"Value": {"Fn::GetAtt": ["CiRole", "Arn"]}}
                }
            });
            serde_json::to_string_pretty(&template).expect("JSON values always serialize")
        }
        ExportFormat::Terraform => {
            // Heredocs interpolate `${` and `%{`; `$${` and `%%{` write
            // them literally, which keeps IAM policy variables such as
            // `${aws:username}` intact.
            let heredoc = |doc: &str| doc.replace("${", "$${").replace("%{", "%%{");
            let mut out = String::new();
            let _ = writeln!(
                out,
                "resource \"aws_iam_openid_connect_provider\" \"ci\" {{\n  url            = {url:?}\n  client_id_list = [{aud:?}]\n}}\n",
                url = setup.provider.url,
                aud = setup.provider.audience
            );
            let _ = writeln!(
                out,
                "resource \"aws_iam_role\" \"ci\" {{\n  name               = {name:?}\n  assume_role_policy = <<-POLICY\n{trust}\n  POLICY\n  depends_on         = [aws_iam_openid_connect_provider.ci]\n}}\n",
                name = setup.role_name,
                trust = heredoc(&trust)
            );
            let _ = write!(
                out,
                "resource \"aws_iam_role_policy\" \"ci\" {{\n  name   = {POLICY_NAME:?}\n  role   = aws_iam_role.ci.id\n  policy = <<-POLICY\n{perms}\n  POLICY\n}}\n",
                perms = heredoc(&perms)
            );
            out
        }
        ExportFormat::AwsCli => {
            let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
            let compact = |doc: &str| json(doc).to_string();
            format!(
                "aws iam create-open-id-connect-provider --url {url} --client-id-list {aud}\n\naws iam create-role --role-name {name} --assume-role-policy-document {trust}\n\naws iam put-role-policy --role-name {name} --policy-name {POLICY_NAME} --policy-document {perms}\n",
                url = quote(&setup.provider.url),
                aud = quote(&setup.provider.audience),
                name = quote(&setup.role_name),
                trust = quote(&compact(&trust)),
                perms = quote(&compact(&perms)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arn::Partition;
    use crate::trust::{build, CiProvider, TrustRequest};

    fn setup() -> RoleSetup {
        build(&TrustRequest {
            provider: CiProvider::GitHub,
            params: [("repo", "o/r"), ("ref", "refs/heads/main")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            partition: Partition::Aws,
            account: "123456789012".to_string(),
        })
        .unwrap()
    }

    fn permissions() -> Policy {
        Policy::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn cloudformation_holds_provider_role_and_policy() {
        let s = setup();
        let v = json(&exports(&s, &permissions(), ExportFormat::CloudFormation));
        let r = &v["Resources"];
        assert_eq!(r["OidcProvider"]["Type"], "AWS::IAM::OIDCProvider");
        assert_eq!(r["OidcProvider"]["Properties"]["Url"], s.provider.url);
        assert_eq!(
            r["CiRole"]["Properties"]["AssumeRolePolicyDocument"],
            json(&s.trust_policy.to_json())
        );
        assert_eq!(
            r["CiRole"]["Properties"]["Policies"][0]["PolicyDocument"],
            json(&permissions().to_json())
        );
    }

    #[test]
    fn terraform_escapes_policy_variables() {
        let out = exports(&setup(), &permissions(), ExportFormat::Terraform);
        for needle in [
            "aws_iam_openid_connect_provider",
            "aws_iam_role\" \"ci\"",
            "aws_iam_role_policy",
            "$${aws:username}",
        ] {
            assert!(out.contains(needle), "{needle} not in\n{out}");
        }
        assert!(!out.contains("/${aws:username}"), "{out}");
    }

    #[test]
    fn cli_commands_quote_the_documents() {
        let out = exports(&setup(), &permissions(), ExportFormat::AwsCli);
        let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("aws ")).collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[0].starts_with("aws iam create-open-id-connect-provider --url 'https://token.actions.githubusercontent.com'"));
        assert!(
            lines[1].contains("--assume-role-policy-document '{"),
            "{out}"
        );
        assert!(lines[2].contains("put-role-policy"), "{out}");
    }
}
