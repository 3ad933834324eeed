//! IAM roles for CI jobs through OIDC: the identity provider, the role's
//! trust policy, and the CI snippet that assumes it (issue 17).
//!
//! A CI job presents its own short-lived OIDC token to
//! `sts:AssumeRoleWithWebIdentity`; the trust policy pins the role to one
//! repository and ref (or environment) through the provider's `:aud` and
//! `:sub` condition keys. No access key exists to leak or rotate.
//!
//! ```
//! use std::collections::BTreeMap;
//! use policy_builder::arn::Partition;
//! use policy_builder::trust::{build, CiProvider, TrustRequest};
//!
//! let params = BTreeMap::from([
//!     ("repo".to_string(), "octo-org/octo-repo".to_string()),
//!     ("ref".to_string(), "refs/heads/main".to_string()),
//! ]);
//! let req = TrustRequest {
//!     provider: CiProvider::GitHub,
//!     params,
//!     partition: Partition::Aws,
//!     account: "123456789012".to_string(),
//! };
//! let setup = build(&req).unwrap();
//! assert_eq!(
//!     setup.provider.arn,
//!     "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
//! );
//! assert!(setup.trust_policy.to_json().contains("repo:octo-org/octo-repo:ref:refs/heads/main"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::arn::{validate_account, Partition};
use crate::policy::{
    ActionSpec, Condition, ConditionOut, Effect, OneOrMany, Policy, ResourceSpec, Statement,
    VERSION,
};
use crate::simulate::{simulate, Decision, Request};

mod export;
pub use self::export::{exports, ExportFormat};

/// The action a CI job calls with its OIDC token.
pub const ASSUME_ACTION: &str = "sts:AssumeRoleWithWebIdentity";

/// A CI system that issues OIDC tokens AWS can trust. Serialised by its
/// [`CiProvider::as_str`] name (`github`, `circleci`), as in the URL.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CiProvider {
    #[default]
    GitHub,
    GitLab,
    Bitbucket,
    CircleCi,
}

/// One parameter a provider needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    /// The name on the CLI (`--param NAME=VALUE`) and in the URL.
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub help: &'static str,
    pub example: &'static str,
}

const fn param(
    name: &'static str,
    label: &'static str,
    required: bool,
    help: &'static str,
    example: &'static str,
) -> ParamSpec {
    ParamSpec {
        name,
        label,
        required,
        help,
        example,
    }
}

// Facts about each provider, verified against the providers' own docs:
//
// GitHub — https://docs.github.com/en/actions/how-tos/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
//   "For the provider URL: Use https://token.actions.githubusercontent.com";
//   "For the Audience: Use sts.amazonaws.com if you are using the official
//   action"; condition example `"token.actions.githubusercontent.com:sub":
//   "repo:octo-org/octo-repo:ref:refs/heads/octo-branch"`; "If you use a
//   workflow with an environment, the sub field must reference the
//   environment name: repo:ORG-NAME/REPO-NAME:environment:ENVIRONMENT-NAME".
//   Pull requests: `repo:ORG-NAME/REPO-NAME:pull_request` (GitHub, "About
//   security hardening with OpenID Connect", example subject claims;
//   corroborated 2026-12-03 by public AWS and Azure trust configurations
//   that pin exactly this subject for pull-request workflows).
// GitLab — https://docs.gitlab.com/ci/secrets/id_token_authentication
//   "iss: Issuer of the token, which is the domain of the GitLab instance";
//   "sub: project_path:{group}/{project}:ref_type:{type}:ref:{branch_name}";
//   "aud: Intended audience for the token. Specified in the ID tokens
//   configuration" (`id_tokens: NAME: aud: ...`). The builder sets aud to the
//   instance URL, as GitLab's AWS guide does.
// Bitbucket — https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
//   `oidc: true` on the step; the token is in `$BITBUCKET_STEP_OIDC_TOKEN`;
//   the Identity provider URL and Audience are on the repository's
//   "OpenID Connect" settings page: provider
//   `api.bitbucket.org/2.0/workspaces/WORKSPACE/pipelines-config/identity/oidc`,
//   audience `ari:cloud:bitbucket::workspace/WORKSPACE-UUID`. The `sub`
//   format `{REPOSITORY-UUID}[:{ENVIRONMENT-UUID}]:{STEP-UUID}` comes from the
//   same page's claims section, which no stored copy shows in full: NOT
//   verified against Atlassian's text. Corroborated (2026-12-03) by public
//   trust policies in use: three independent Terraform/CDK modules pin
//   `…/pipelines-config/identity/oidc:sub` with StringLike `{REPO_UUID}:*`.
//   One third-party note says `{WORKSPACE-UUID}:{REPO-UUID}:*` instead; were
//   that right, this pattern would deny every token (fail closed), never
//   admit another repository.
// CircleCI — https://circleci.com/docs/openid-connect-tokens/
//   provider URL `https://oidc.circleci.com/org/<organization-id>`, audience
//   the organization ID; `sub` is
//   "org/<organization_id>/project/<project_id>/user/<user_id>, where
//   organization_id, project_id, and user_id are UUIDs"; the doc's
//   project-restricting condition is StringLike
//   `org/<organization_id>/project/<project_id>/user/*`.
impl CiProvider {
    pub const ALL: [CiProvider; 4] = [
        CiProvider::GitHub,
        CiProvider::GitLab,
        CiProvider::Bitbucket,
        CiProvider::CircleCi,
    ];

    /// The name on the CLI and in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            CiProvider::GitHub => "github",
            CiProvider::GitLab => "gitlab",
            CiProvider::Bitbucket => "bitbucket",
            CiProvider::CircleCi => "circleci",
        }
    }

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            CiProvider::GitHub => "GitHub Actions",
            CiProvider::GitLab => "GitLab CI",
            CiProvider::Bitbucket => "Bitbucket Pipelines",
            CiProvider::CircleCi => "CircleCI",
        }
    }

    /// The parameters the provider needs, in the order a form shows them.
    /// The parameter called `name`, if this provider has one.
    pub fn param(self, name: &str) -> Option<&'static ParamSpec> {
        self.params().iter().find(|p| p.name == name)
    }

    pub fn params(self) -> &'static [ParamSpec] {
        const GITHUB: &[ParamSpec] = &[
            param(
                "repo",
                "Repository",
                true,
                "owner/name",
                "octo-org/octo-repo",
            ),
            param(
                "ref",
                "Ref",
                false,
                "the branch or tag ref, e.g. refs/heads/main (give ref or environment)",
                "refs/heads/main",
            ),
            param(
                "environment",
                "Environment",
                false,
                "a GitHub deployment environment (give ref or environment)",
                "production",
            ),
        ];
        const GITLAB: &[ParamSpec] = &[
            param(
                "project",
                "Project",
                true,
                "group/project (subgroups allowed)",
                "my-group/my-project",
            ),
            param(
                "ref",
                "Branch",
                true,
                "the branch name, no refs/heads/",
                "main",
            ),
            param(
                "host",
                "GitLab host",
                false,
                "a self-managed GitLab host; default gitlab.com",
                "gitlab.com",
            ),
        ];
        const BITBUCKET: &[ParamSpec] = &[
            param(
                "workspace",
                "Workspace",
                true,
                "the workspace slug",
                "my-workspace",
            ),
            param(
                "workspace-uuid",
                "Workspace UUID",
                true,
                "in braces, as Bitbucket writes it",
                "{6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}",
            ),
            param(
                "repository-uuid",
                "Repository UUID",
                true,
                "in braces, as Bitbucket writes it",
                "{0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}",
            ),
            param(
                "environment-uuid",
                "Deployment environment UUID",
                false,
                "in braces; only steps deploying to this environment may assume the role",
                "{9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a}",
            ),
        ];
        const CIRCLECI: &[ParamSpec] = &[
            param(
                "org-id",
                "Organization ID",
                true,
                "a UUID, from Organization Settings",
                "11111111-2222-3333-4444-555555555555",
            ),
            param(
                "project-id",
                "Project ID",
                true,
                "a UUID, from Project Settings > Overview",
                "66666666-7777-8888-9999-000000000000",
            ),
        ];
        match self {
            CiProvider::GitHub => GITHUB,
            CiProvider::GitLab => GITLAB,
            CiProvider::Bitbucket => BITBUCKET,
            CiProvider::CircleCi => CIRCLECI,
        }
    }
}

impl fmt::Display for CiProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CI name that is not one of [`CiProvider::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCiProvider(pub String);

impl fmt::Display for UnknownCiProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown CI system {:?}: expected github, gitlab, bitbucket or circleci",
            self.0
        )
    }
}

impl std::error::Error for UnknownCiProvider {}

impl FromStr for CiProvider {
    type Err = UnknownCiProvider;

    fn from_str(s: &str) -> Result<CiProvider, UnknownCiProvider> {
        CiProvider::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownCiProvider(s.to_string()))
    }
}

/// What the user chose: the CI system, its identifiers, and the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustRequest {
    pub provider: CiProvider,
    /// Parameter name ([`ParamSpec::name`]) → value.
    pub params: BTreeMap<String, String>,
    pub partition: Partition,
    pub account: String,
}

/// A parameter the builder cannot use: which one, what was given, and the
/// rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustError {
    /// The parameter name (`repo`, `workspace-uuid`…, or `account`).
    pub param: String,
    /// What was given; `None` when the parameter is missing.
    pub value: Option<String>,
    pub rule: TrustRule,
}

/// The rule a parameter breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustRule {
    /// A required parameter is missing or empty.
    Required,
    /// A parameter this provider does not take.
    Unknown,
    /// GitHub `repo` is `owner/name`.
    OwnerName,
    /// GitHub `ref` starts with `refs/`.
    GitRef,
    /// GitHub: `ref` and `environment` together (the `sub` claim names one).
    RefOrEnvironment,
    /// GitLab `project` is `group/project`, subgroups allowed.
    GroupProject,
    /// A host name without scheme or path.
    Host,
    /// A Bitbucket UUID in braces: `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`.
    BracedUuid,
    /// A CircleCI id: a bare UUID.
    Uuid,
    /// A name with characters that cannot appear in it (wildcards, spaces,
    /// `:` or `/`), which would widen or break the `sub` match.
    Name,
    /// The account is 12 digits.
    Account,
}

impl TrustRule {
    /// The rule, as the error message states it.
    pub fn describe(self) -> &'static str {
        match self {
            TrustRule::Required => "is required",
            TrustRule::Unknown => "is not a parameter of this CI system",
            TrustRule::OwnerName => "must be owner/name, e.g. octo-org/octo-repo",
            TrustRule::GitRef => "must be a full ref starting with refs/, e.g. refs/heads/main",
            TrustRule::RefOrEnvironment => {
                "give ref or environment, not both: the token's sub names one of them"
            }
            TrustRule::GroupProject => "must be group/project (subgroups allowed), e.g. my-group/my-project",
            TrustRule::Host => "must be a host name such as gitlab.example.com, without https:// or a path",
            TrustRule::BracedUuid => {
                "must be a UUID in braces as Bitbucket writes it, e.g. {6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}"
            }
            TrustRule::Uuid => "must be a UUID, e.g. 11111111-2222-3333-4444-555555555555",
            TrustRule::Name => "must not contain wildcards (* ?), spaces, ':' or '/'",
            TrustRule::Account => "must be a 12-digit AWS account ID",
        }
    }
}

impl fmt::Display for TrustError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} {:?} {}", self.param, v, self.rule.describe()),
            None => write!(f, "{} {}", self.param, self.rule.describe()),
        }
    }
}

impl std::error::Error for TrustError {}

/// The OIDC identity provider to create in IAM.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OidcProvider {
    /// The provider URL, `https://` + host/path.
    pub url: String,
    /// The audience (client ID) to register.
    pub audience: String,
    /// `arn:${Partition}:iam::${Account}:oidc-provider/<host/path>`.
    pub arn: String,
}

impl OidcProvider {
    /// The URL without `https://`: the provider ARN's suffix and the prefix
    /// of its condition keys.
    pub fn host_path(&self) -> &str {
        self.url.trim_start_matches("https://")
    }
}

/// `Principal` of a trust statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// `{"Federated": "<provider ARN>"}`.
    Federated(String),
}

/// One statement of a role's trust policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustStatement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Principal,
    pub action: Vec<String>,
    pub condition: Condition,
}

/// A role's trust policy (`AssumeRolePolicyDocument`): statements with a
/// `Principal` and no `Resource`, which the identity-policy model lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustPolicy {
    pub statements: Vec<TrustStatement>,
}

impl TrustPolicy {
    /// Prints the document as the IAM console does (4-space indentation).
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        self.serialize(&mut ser)
            .expect("serialising strings and maps into a Vec cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// The identity-policy view the simulator evaluates: the same
    /// statements with `"Resource": "*"` (a trust policy has no resource;
    /// the role itself is the resource). The principal is checked apart.
    pub fn as_policy(&self) -> Policy {
        Policy {
            version: Some(VERSION.to_string()),
            id: None,
            statements: self
                .statements
                .iter()
                .map(|s| Statement {
                    sid: s.sid.clone(),
                    effect: s.effect,
                    action: ActionSpec::Action(s.action.clone()),
                    resource: ResourceSpec::Resource(vec!["*".to_string()]),
                    condition: s.condition.clone(),
                })
                .collect(),
        }
    }
}

struct PrincipalOut<'a>(&'a Principal);

impl Serialize for PrincipalOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        match self.0 {
            Principal::Federated(arn) => map.serialize_entry("Federated", arn)?,
        }
        map.end()
    }
}

impl Serialize for TrustStatement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = 4 + usize::from(self.sid.is_some());
        let mut st = s.serialize_struct("Statement", fields)?;
        if let Some(sid) = &self.sid {
            st.serialize_field("Sid", sid)?;
        }
        st.serialize_field("Effect", self.effect.as_str())?;
        st.serialize_field("Principal", &PrincipalOut(&self.principal))?;
        st.serialize_field("Action", &OneOrMany(&self.action))?;
        if !self.condition.is_empty() {
            st.serialize_field("Condition", &ConditionOut(&self.condition))?;
        }
        st.end()
    }
}

impl Serialize for TrustPolicy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Policy", 2)?;
        st.serialize_field("Version", VERSION)?;
        st.serialize_field("Statement", &self.statements)?;
        st.end()
    }
}

/// Everything the user copies: provider, trust policy, CI snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleSetup {
    pub provider: OidcProvider,
    pub trust_policy: TrustPolicy,
    /// CI configuration that assumes the role.
    pub snippet: String,
    /// A suggested role name, e.g. `ci-github-octo-repo`.
    pub role_name: String,
    /// The ARN the role will have, used in the snippet.
    pub role_arn: String,
}

fn get<'a>(req: &'a TrustRequest, name: &str) -> Option<&'a str> {
    req.params
        .get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
}

fn error(param: &str, value: Option<&str>, rule: TrustRule) -> TrustError {
    TrustError {
        param: param.to_string(),
        value: value.map(str::to_string),
        rule,
    }
}

fn required<'a>(req: &'a TrustRequest, name: &str) -> Result<&'a str, TrustError> {
    get(req, name).ok_or_else(|| error(name, None, TrustRule::Required))
}

/// A path segment: no wildcard, space, `:` or `/`, not empty, printable.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '*' | '?' | ':' | '/' | '$' | '"'))
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_braced_uuid(s: &str) -> bool {
    s.strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(is_uuid)
}

fn is_host(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn check(param: &str, value: &str, ok: bool, rule: TrustRule) -> Result<(), TrustError> {
    if ok {
        Ok(())
    } else {
        Err(error(param, Some(value), rule))
    }
}

/// The validated identity a trust policy binds to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Subject {
    /// An exact `sub` (StringEquals).
    Exact(String),
    /// A `sub` pattern whose `*` stands for a part the CI system varies per
    /// run (Bitbucket's step UUID, CircleCI's user) (StringLike).
    Pattern(String),
}

struct Resolved {
    host_path: String,
    audience: String,
    subject: Subject,
    role_name: String,
}

/// Checks the identifiers in the form's order, then the account, so the
/// first error is about the first field to fix.
fn resolve(req: &TrustRequest) -> Result<Resolved, TrustError> {
    let resolved = resolve_identity(req)?;
    if req.account.trim().is_empty() {
        return Err(error("account", None, TrustRule::Required));
    }
    validate_account(&req.account)
        .map_err(|_| error("account", Some(&req.account), TrustRule::Account))?;
    Ok(resolved)
}

fn resolve_identity(req: &TrustRequest) -> Result<Resolved, TrustError> {
    let known: Vec<&str> = req.provider.params().iter().map(|p| p.name).collect();
    if let Some((name, value)) = req
        .params
        .iter()
        .find(|(name, _)| !known.contains(&name.as_str()))
    {
        return Err(error(name, Some(value), TrustRule::Unknown));
    }
    match req.provider {
        CiProvider::GitHub => {
            let repo = required(req, "repo")?;
            let ok = matches!(repo.split_once('/'), Some((o, n)) if is_name(o) && is_name(n));
            check("repo", repo, ok, TrustRule::OwnerName)?;
            let name = repo.split_once('/').map_or(repo, |(_, n)| n);
            let qualifier = match (get(req, "ref"), get(req, "environment")) {
                (Some(_), Some(_)) => {
                    return Err(error(
                        "environment",
                        get(req, "environment"),
                        TrustRule::RefOrEnvironment,
                    ))
                }
                (None, None) => return Err(error("ref", None, TrustRule::Required)),
                (Some(r), None) => {
                    let ok = r.strip_prefix("refs/").is_some_and(|rest| {
                        !rest.is_empty()
                            && rest
                                .chars()
                                .all(|c| c.is_ascii_graphic() && !matches!(c, '*' | '?' | ':'))
                    });
                    check("ref", r, ok, TrustRule::GitRef)?;
                    format!("ref:{r}")
                }
                (None, Some(e)) => {
                    let ok = !e.contains(['*', '?', ':']) && !e.chars().any(char::is_control);
                    check("environment", e, ok, TrustRule::Name)?;
                    format!("environment:{e}")
                }
            };
            Ok(Resolved {
                host_path: "token.actions.githubusercontent.com".to_string(),
                audience: "sts.amazonaws.com".to_string(),
                subject: Subject::Exact(format!("repo:{repo}:{qualifier}")),
                role_name: format!("ci-github-{name}"),
            })
        }
        CiProvider::GitLab => {
            let project = required(req, "project")?;
            let segments: Vec<&str> = project.split('/').collect();
            let ok = segments.len() >= 2 && segments.iter().all(|s| is_name(s));
            check("project", project, ok, TrustRule::GroupProject)?;
            let branch = required(req, "ref")?;
            let ok = !branch.starts_with("refs/")
                && branch
                    .chars()
                    .all(|c| c.is_ascii_graphic() && !matches!(c, '*' | '?' | ':'));
            check("ref", branch, ok, TrustRule::Name)?;
            let host = get(req, "host").unwrap_or("gitlab.com");
            check("host", host, is_host(host), TrustRule::Host)?;
            let name = segments.last().copied().unwrap_or(project);
            Ok(Resolved {
                host_path: host.to_string(),
                audience: format!("https://{host}"),
                subject: Subject::Exact(format!(
                    "project_path:{project}:ref_type:branch:ref:{branch}"
                )),
                role_name: format!("ci-gitlab-{name}"),
            })
        }
        CiProvider::Bitbucket => {
            let workspace = required(req, "workspace")?;
            check("workspace", workspace, is_name(workspace), TrustRule::Name)?;
            let ws_uuid = required(req, "workspace-uuid")?;
            check(
                "workspace-uuid",
                ws_uuid,
                is_braced_uuid(ws_uuid),
                TrustRule::BracedUuid,
            )?;
            let repo_uuid = required(req, "repository-uuid")?;
            check(
                "repository-uuid",
                repo_uuid,
                is_braced_uuid(repo_uuid),
                TrustRule::BracedUuid,
            )?;
            let subject = match get(req, "environment-uuid") {
                Some(env) => {
                    check(
                        "environment-uuid",
                        env,
                        is_braced_uuid(env),
                        TrustRule::BracedUuid,
                    )?;
                    format!("{repo_uuid}:{env}:*")
                }
                None => format!("{repo_uuid}:*"),
            };
            Ok(Resolved {
                host_path: format!(
                    "api.bitbucket.org/2.0/workspaces/{workspace}/pipelines-config/identity/oidc"
                ),
                audience: format!(
                    "ari:cloud:bitbucket::workspace/{}",
                    &ws_uuid[1..ws_uuid.len() - 1]
                ),
                subject: Subject::Pattern(subject),
                role_name: format!("ci-bitbucket-{workspace}"),
            })
        }
        CiProvider::CircleCi => {
            let org = required(req, "org-id")?;
            check("org-id", org, is_uuid(org), TrustRule::Uuid)?;
            let project = required(req, "project-id")?;
            check("project-id", project, is_uuid(project), TrustRule::Uuid)?;
            Ok(Resolved {
                host_path: format!("oidc.circleci.com/org/{org}"),
                audience: org.to_string(),
                subject: Subject::Pattern(format!("org/{org}/project/{project}/user/*")),
                role_name: format!("ci-circleci-{}", &project[..8]),
            })
        }
    }
}

/// The provider, trust policy and snippet for `req`, or the parameter that
/// breaks a rule.
pub fn build(req: &TrustRequest) -> Result<RoleSetup, TrustError> {
    let r = resolve(req)?;
    let partition = req.partition.as_str();
    let provider = OidcProvider {
        url: format!("https://{}", r.host_path),
        audience: r.audience.clone(),
        arn: format!(
            "arn:{partition}:iam::{}:oidc-provider/{}",
            req.account, r.host_path
        ),
    };
    let mut condition = Condition::new();
    let key = |claim: &str| format!("{}:{claim}", r.host_path);
    condition
        .entry("StringEquals".to_string())
        .or_default()
        .insert(key("aud"), vec![r.audience.clone()]);
    let (op, sub) = match &r.subject {
        Subject::Exact(s) => ("StringEquals", s.clone()),
        Subject::Pattern(s) => ("StringLike", s.clone()),
    };
    condition
        .entry(op.to_string())
        .or_default()
        .insert(key("sub"), vec![sub]);
    let trust_policy = TrustPolicy {
        statements: vec![TrustStatement {
            sid: None,
            effect: Effect::Allow,
            principal: Principal::Federated(provider.arn.clone()),
            action: vec![ASSUME_ACTION.to_string()],
            condition,
        }],
    };
    let role_arn = format!("arn:{partition}:iam::{}:role/{}", req.account, r.role_name);
    let snippet = snippet(req, &provider, &role_arn);
    Ok(RoleSetup {
        provider,
        trust_policy,
        snippet,
        role_name: r.role_name,
        role_arn,
    })
}

// Snippets, each following its provider's doc:
// - GitHub: aws-actions/configure-aws-credentials README ("Assuming a
//   role"): `permissions: id-token: write`, `role-to-assume`, `aws-region`.
// - GitLab: GitLab "Configure OpenID Connect in AWS to retrieve temporary
//   credentials": `id_tokens` with `aud`, then the AWS CLI reads
//   AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (AWS CLI/SDK "assume role
//   with web identity" settings).
// - Bitbucket: the Atlassian page cited above: `oidc: true`, token in
//   `$BITBUCKET_STEP_OIDC_TOKEN`.
// - CircleCI: circleci/aws-cli orb, `aws-cli/setup` with `role_arn`.
fn snippet(req: &TrustRequest, provider: &OidcProvider, role_arn: &str) -> String {
    let region = req.partition.default_region();
    match req.provider {
        CiProvider::GitHub => {
            let trigger = match get(req, "environment") {
                Some(env) => format!("    environment: {env}\n"),
                None => String::new(),
            };
            format!(
                "permissions:\n  id-token: write\n  contents: read\n\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n{trigger}    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: {role_arn}\n          aws-region: {region}\n"
            )
        }
        CiProvider::GitLab => format!(
            "deploy:\n  id_tokens:\n    AWS_ID_TOKEN:\n      aud: {aud}\n  variables:\n    AWS_ROLE_ARN: {role_arn}\n    AWS_DEFAULT_REGION: {region}\n  script:\n    - echo \"$AWS_ID_TOKEN\" > /tmp/web-identity-token\n    - export AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/web-identity-token\n    - aws sts get-caller-identity\n",
            aud = provider.audience
        ),
        CiProvider::Bitbucket => {
            let deployment = if get(req, "environment-uuid").is_some() {
                "      deployment: production # the environment whose UUID the role trusts\n"
            } else {
                ""
            };
            format!(
                "pipelines:\n  default:\n    - step:\n        oidc: true\n{deployment}        script:\n          - export AWS_ROLE_ARN={role_arn}\n          - export AWS_DEFAULT_REGION={region}\n          - echo \"$BITBUCKET_STEP_OIDC_TOKEN\" > $(pwd)/web-identity-token\n          - export AWS_WEB_IDENTITY_TOKEN_FILE=$(pwd)/web-identity-token\n          - aws sts get-caller-identity\n"
            )
        }
        CiProvider::CircleCi => format!(
            "version: 2.1\norbs:\n  aws-cli: circleci/aws-cli@5\njobs:\n  deploy:\n    executor: aws-cli/default\n    steps:\n      - aws-cli/setup:\n          role_arn: {role_arn}\n          region: {region}\n      - run: aws sts get-caller-identity\nworkflows:\n  deploy:\n    jobs:\n      - deploy\n"
        ),
    }
}

/// A token the simulator can try: the configured identity or a neighbour.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Neighbour {
    pub label: String,
    /// Condition key (`<host/path>:sub`, `:aud`) → claim value.
    pub claims: BTreeMap<String, String>,
    /// What IAM should answer for a correct trust policy.
    pub expected_allowed: bool,
}

/// The configured identity's claims, then typical neighbours that must be
/// denied: another repository in the same organisation, a fork, another
/// branch, a pull request, another environment or workspace. Empty when
/// `req` is invalid.
pub fn neighbours(req: &TrustRequest) -> Vec<Neighbour> {
    let Ok(r) = resolve(req) else {
        return Vec::new();
    };
    let aud_key = format!("{}:aud", r.host_path);
    let sub_key = format!("{}:sub", r.host_path);
    let token = |label: &str, sub: String, aud: &str, expected_allowed: bool| Neighbour {
        label: label.to_string(),
        claims: BTreeMap::from([(aud_key.clone(), aud.to_string()), (sub_key.clone(), sub)]),
        expected_allowed,
    };
    let aud = r.audience.as_str();
    let mut out = Vec::new();
    match req.provider {
        CiProvider::GitHub => {
            let repo = get(req, "repo").unwrap_or_default();
            let (owner, name) = repo.split_once('/').unwrap_or((repo, repo));
            let qualifier = match get(req, "environment") {
                Some(e) => format!("environment:{e}"),
                None => format!("ref:{}", get(req, "ref").unwrap_or_default()),
            };
            out.push(token(
                "the configured repository",
                format!("repo:{repo}:{qualifier}"),
                aud,
                true,
            ));
            out.push(token(
                "another repository in the same organisation",
                format!("repo:{owner}/{name}-other:{qualifier}"),
                aud,
                false,
            ));
            out.push(token(
                "a fork",
                format!("repo:someone-else/{name}:{qualifier}"),
                aud,
                false,
            ));
            out.push(token(
                "another branch",
                format!("repo:{repo}:ref:refs/heads/feature"),
                aud,
                false,
            ));
            out.push(token(
                "a pull request",
                format!("repo:{repo}:pull_request"),
                aud,
                false,
            ));
            out.push(token(
                "another environment",
                format!("repo:{repo}:environment:staging-other"),
                aud,
                false,
            ));
        }
        CiProvider::GitLab => {
            let project = get(req, "project").unwrap_or_default();
            let branch = get(req, "ref").unwrap_or_default();
            let (group, name) = project.rsplit_once('/').unwrap_or((project, project));
            let sub = |p: &str, b: &str| format!("project_path:{p}:ref_type:branch:ref:{b}");
            out.push(token(
                "the configured project",
                sub(project, branch),
                aud,
                true,
            ));
            out.push(token(
                "another project in the same group",
                sub(&format!("{group}/{name}-other"), branch),
                aud,
                false,
            ));
            out.push(token(
                "a fork",
                sub(&format!("someone-else/{name}"), branch),
                aud,
                false,
            ));
            out.push(token("another branch", sub(project, "feature"), aud, false));
            out.push(token(
                "a tag with the branch's name",
                format!("project_path:{project}:ref_type:tag:ref:{branch}"),
                aud,
                false,
            ));
        }
        CiProvider::Bitbucket => {
            let repo = get(req, "repository-uuid").unwrap_or_default();
            let step = "{3e5c7a9b-1d2f-4a6b-8c0d-e1f2a3b4c5d6}";
            let other_repo = "{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}";
            let other_env = "{bbbbbbbb-cccc-4ddd-8eee-ffffffffffff}";
            let sub = |repo: &str| match get(req, "environment-uuid") {
                Some(env) => format!("{repo}:{env}:{step}"),
                None => format!("{repo}:{step}"),
            };
            out.push(token("the configured repository", sub(repo), aud, true));
            out.push(token(
                "another repository in the workspace",
                sub(other_repo),
                aud,
                false,
            ));
            let other_ws = "ari:cloud:bitbucket::workspace/cccccccc-dddd-4eee-8fff-000000000000";
            out.push(token("another workspace", sub(repo), other_ws, false));
            if get(req, "environment-uuid").is_some() {
                out.push(token(
                    "another deployment environment",
                    format!("{repo}:{other_env}:{step}"),
                    aud,
                    false,
                ));
                out.push(token(
                    "a step with no deployment",
                    format!("{repo}:{step}"),
                    aud,
                    false,
                ));
            }
        }
        CiProvider::CircleCi => {
            let org = get(req, "org-id").unwrap_or_default();
            let project = get(req, "project-id").unwrap_or_default();
            let user = "12345678-90ab-4cde-8f01-234567890abc";
            let other = "ffffffff-eeee-4ddd-8ccc-bbbbbbbbbbbb";
            let sub = |o: &str, p: &str| format!("org/{o}/project/{p}/user/{user}");
            out.push(token(
                "the configured project",
                sub(org, project),
                aud,
                true,
            ));
            out.push(token(
                "another project in the organisation",
                sub(org, other),
                aud,
                false,
            ));
            out.push(token(
                "another organisation",
                sub(other, project),
                other,
                false,
            ));
        }
    }
    out
}

/// Would IAM let a token with `claims` assume a role with `trust_policy`
/// through `provider_arn`? The statement's `Federated` principal must be
/// the provider; the conditions are evaluated by [`crate::simulate`] with
/// the claims as context keys.
pub fn evaluate(
    trust_policy: &TrustPolicy,
    provider_arn: &str,
    claims: &BTreeMap<String, String>,
) -> Decision {
    let trusting = TrustPolicy {
        statements: trust_policy
            .statements
            .iter()
            .filter(|s| match &s.principal {
                Principal::Federated(arn) => arn == provider_arn,
            })
            .cloned()
            .collect(),
    };
    let request = claims
        .iter()
        .fold(Request::new(ASSUME_ACTION, "*"), |r, (k, v)| {
            r.with(k, v.clone())
        });
    simulate(&trusting.as_policy(), &request).decision
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(provider: CiProvider, params: &[(&str, &str)]) -> TrustRequest {
        TrustRequest {
            provider,
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            partition: Partition::Aws,
            account: "123456789012".to_string(),
        }
    }

    const BB_WS: &str = "{6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}";
    const BB_REPO: &str = "{0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}";
    const BB_ENV: &str = "{9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a}";
    const ORG: &str = "11111111-2222-3333-4444-555555555555";
    const PROJ: &str = "66666666-7777-8888-9999-000000000000";

    fn valid() -> Vec<(&'static str, TrustRequest)> {
        vec![
            (
                "github ref",
                req(
                    CiProvider::GitHub,
                    &[("repo", "octo-org/octo-repo"), ("ref", "refs/heads/main")],
                ),
            ),
            (
                "github environment",
                req(
                    CiProvider::GitHub,
                    &[
                        ("repo", "octo-org/octo-repo"),
                        ("environment", "production"),
                    ],
                ),
            ),
            (
                "gitlab.com",
                req(
                    CiProvider::GitLab,
                    &[("project", "my-group/my-project"), ("ref", "main")],
                ),
            ),
            (
                "gitlab self-managed",
                req(
                    CiProvider::GitLab,
                    &[
                        ("project", "g/sub/p"),
                        ("ref", "main"),
                        ("host", "gitlab.example.com"),
                    ],
                ),
            ),
            (
                "bitbucket",
                req(
                    CiProvider::Bitbucket,
                    &[
                        ("workspace", "acme"),
                        ("workspace-uuid", BB_WS),
                        ("repository-uuid", BB_REPO),
                    ],
                ),
            ),
            (
                "bitbucket environment",
                req(
                    CiProvider::Bitbucket,
                    &[
                        ("workspace", "acme"),
                        ("workspace-uuid", BB_WS),
                        ("repository-uuid", BB_REPO),
                        ("environment-uuid", BB_ENV),
                    ],
                ),
            ),
            (
                "circleci",
                req(
                    CiProvider::CircleCi,
                    &[("org-id", ORG), ("project-id", PROJ)],
                ),
            ),
        ]
    }

    #[test]
    fn configured_identity_is_allowed_and_every_neighbour_denied() {
        for (name, r) in valid() {
            let setup = build(&r).unwrap_or_else(|e| panic!("{name}: {e}"));
            let tokens = neighbours(&r);
            assert!(tokens.len() >= 3, "{name}: too few neighbours");
            assert_eq!(
                tokens.iter().filter(|t| t.expected_allowed).count(),
                1,
                "{name}"
            );
            for t in tokens {
                let decision = evaluate(&setup.trust_policy, &setup.provider.arn, &t.claims);
                assert_eq!(
                    decision == Decision::Allowed,
                    t.expected_allowed,
                    "{name}: {} ({:?}) got {decision:?}",
                    t.label,
                    t.claims
                );
            }
        }
    }

    #[test]
    fn another_provider_arn_is_denied() {
        for (name, r) in valid() {
            let setup = build(&r).unwrap();
            let mine = neighbours(&r).remove(0).claims;
            let other = "arn:aws:iam::123456789012:oidc-provider/example.com";
            assert_ne!(
                evaluate(&setup.trust_policy, other, &mine),
                Decision::Allowed,
                "{name}"
            );
        }
    }

    #[test]
    fn provider_facts() {
        let cases = [
            (valid()[0].1.clone(), "https://token.actions.githubusercontent.com", "sts.amazonaws.com", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"),
            (valid()[3].1.clone(), "https://gitlab.example.com", "https://gitlab.example.com", "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com"),
            (valid()[4].1.clone(), "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc", "ari:cloud:bitbucket::workspace/6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11", "arn:aws:iam::123456789012:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc"),
            (valid()[6].1.clone(), "https://oidc.circleci.com/org/11111111-2222-3333-4444-555555555555", ORG, "arn:aws:iam::123456789012:oidc-provider/oidc.circleci.com/org/11111111-2222-3333-4444-555555555555"),
        ];
        for (r, url, aud, arn) in cases {
            let p = build(&r).unwrap().provider;
            assert_eq!(
                (p.url.as_str(), p.audience.as_str(), p.arn.as_str()),
                (url, aud, arn)
            );
        }
    }

    #[test]
    fn github_trust_policy_golden() {
        // Shape of GitHub's documented condition (see the table comment).
        let setup = build(&valid()[0].1).unwrap();
        let got: serde_json::Value = serde_json::from_str(&setup.trust_policy.to_json()).unwrap();
        let want = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"
                }}
            }]
        });
        assert_eq!(got, want);
    }

    #[test]
    fn partition_reaches_the_provider_arn() {
        let mut r = valid()[0].1.clone();
        r.partition = Partition::AwsCn;
        assert!(build(&r)
            .unwrap()
            .provider
            .arn
            .starts_with("arn:aws-cn:iam::"));
    }

    #[test]
    fn bad_params_name_the_rule() {
        type Case<'a> = (
            &'a str,
            CiProvider,
            &'a [(&'a str, &'a str)],
            &'a str,
            TrustRule,
        );
        let cases: &[Case] = &[
            (
                "repo missing",
                CiProvider::GitHub,
                &[("ref", "refs/heads/main")],
                "repo",
                TrustRule::Required,
            ),
            (
                "repo without owner",
                CiProvider::GitHub,
                &[("repo", "octo-repo"), ("ref", "refs/heads/main")],
                "repo",
                TrustRule::OwnerName,
            ),
            (
                "repo wildcard",
                CiProvider::GitHub,
                &[("repo", "octo-org/*"), ("ref", "refs/heads/main")],
                "repo",
                TrustRule::OwnerName,
            ),
            (
                "ref short",
                CiProvider::GitHub,
                &[("repo", "o/r"), ("ref", "main")],
                "ref",
                TrustRule::GitRef,
            ),
            (
                "ref wildcard",
                CiProvider::GitHub,
                &[("repo", "o/r"), ("ref", "refs/heads/*")],
                "ref",
                TrustRule::GitRef,
            ),
            (
                "neither ref nor env",
                CiProvider::GitHub,
                &[("repo", "o/r")],
                "ref",
                TrustRule::Required,
            ),
            (
                "both ref and env",
                CiProvider::GitHub,
                &[
                    ("repo", "o/r"),
                    ("ref", "refs/heads/main"),
                    ("environment", "prod"),
                ],
                "environment",
                TrustRule::RefOrEnvironment,
            ),
            (
                "unknown param",
                CiProvider::GitHub,
                &[("repo", "o/r"), ("ref", "refs/heads/main"), ("branch", "x")],
                "branch",
                TrustRule::Unknown,
            ),
            (
                "gitlab project one segment",
                CiProvider::GitLab,
                &[("project", "p"), ("ref", "main")],
                "project",
                TrustRule::GroupProject,
            ),
            (
                "gitlab host with scheme",
                CiProvider::GitLab,
                &[
                    ("project", "g/p"),
                    ("ref", "main"),
                    ("host", "https://gitlab.example.com"),
                ],
                "host",
                TrustRule::Host,
            ),
            (
                "gitlab ref wildcard",
                CiProvider::GitLab,
                &[("project", "g/p"), ("ref", "*")],
                "ref",
                TrustRule::Name,
            ),
            (
                "bitbucket uuid without braces",
                CiProvider::Bitbucket,
                &[
                    ("workspace", "acme"),
                    ("workspace-uuid", "6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11"),
                    ("repository-uuid", BB_REPO),
                ],
                "workspace-uuid",
                TrustRule::BracedUuid,
            ),
            (
                "bitbucket repo missing",
                CiProvider::Bitbucket,
                &[("workspace", "acme"), ("workspace-uuid", BB_WS)],
                "repository-uuid",
                TrustRule::Required,
            ),
            (
                "circleci org not uuid",
                CiProvider::CircleCi,
                &[("org-id", "acme"), ("project-id", PROJ)],
                "org-id",
                TrustRule::Uuid,
            ),
            (
                "circleci project braces",
                CiProvider::CircleCi,
                &[
                    ("org-id", ORG),
                    ("project-id", "{66666666-7777-8888-9999-000000000000}"),
                ],
                "project-id",
                TrustRule::Uuid,
            ),
        ];
        for (name, provider, params, param, rule) in cases {
            let err = build(&req(*provider, params)).unwrap_err();
            assert_eq!(
                (err.param.as_str(), err.rule),
                (*param, *rule),
                "{name}: {err}"
            );
            assert!(err.to_string().contains(param), "{name}");
        }
        let mut r = valid()[0].1.clone();
        r.account = "12345".to_string();
        assert_eq!(build(&r).unwrap_err().rule, TrustRule::Account);
    }

    #[test]
    fn provider_names_round_trip() {
        for p in CiProvider::ALL {
            assert_eq!(p.to_string().parse::<CiProvider>(), Ok(p));
        }
        assert!("jenkins".parse::<CiProvider>().is_err());
    }

    #[test]
    fn snippets_assume_the_role() {
        let cases = [
            (
                0,
                [
                    "aws-actions/configure-aws-credentials@v4",
                    "role-to-assume: arn:aws:iam::123456789012:role/ci-github-octo-repo",
                    "id-token: write",
                ],
            ),
            (
                2,
                [
                    "id_tokens:",
                    "AWS_WEB_IDENTITY_TOKEN_FILE",
                    "AWS_ROLE_ARN: arn:aws:iam::123456789012:role/",
                ],
            ),
            (
                4,
                [
                    "oidc: true",
                    "BITBUCKET_STEP_OIDC_TOKEN",
                    "AWS_WEB_IDENTITY_TOKEN_FILE",
                ],
            ),
            (
                6,
                [
                    "circleci/aws-cli",
                    "aws-cli/setup:",
                    "role_arn: arn:aws:iam::123456789012:role/",
                ],
            ),
        ];
        for (i, needles) in cases {
            let setup = build(&valid()[i].1).unwrap();
            for n in needles {
                assert!(
                    setup.snippet.contains(n),
                    "{i}: {n} not in\n{}",
                    setup.snippet
                );
            }
        }
    }
}
