//! The optional hosting stack, `hosting/cloudformation.json`: it parses, its
//! IAM policies parse and lint clean with this crate's own parser and linter,
//! its deploy policy is exactly what the `static-site-deploy` recipe
//! generates, and its Content-Security-Policy is `index.html`'s plus
//! `frame-ancestors`.
//!
//! CloudFormation fills in `Ref`, `Fn::GetAtt` and `Fn::Sub` at deploy time;
//! [`resolve`] fills them in here with sample values, and fails on any
//! reference to something the template does not declare.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use policy_builder::arn::Partition;
use policy_builder::catalog;
use policy_builder::generate::generate;
use policy_builder::lint::{lint_text, Severity};
use policy_builder::policy::{ActionSpec, Condition, Effect, Policy, ResourceSpec, SizeLimit};
use policy_builder::recipe;

const ACCOUNT: &str = "123456789012";
const STACK: &str = "iam-policy-builder";
/// What CloudFormation names the bucket: stack, logical id, random suffix.
const BUCKET: &str = "iam-policy-builder-sitebucket-1a2b3c4d5e6f";
const DISTRIBUTION: &str = "E2EXAMPLE12345";

fn repo_file(rel: &str) -> String {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn template() -> Value {
    serde_json::from_str(&repo_file("hosting/cloudformation.json"))
        .expect("hosting/cloudformation.json is JSON")
}

fn resource<'a>(template: &'a Value, id: &str) -> &'a Value {
    template["Resources"]
        .get(id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

fn embedding_default(template: &Value) -> String {
    template["Parameters"]["EmbeddingOrigins"]["Default"]
        .as_str()
        .expect("EmbeddingOrigins has a default")
        .to_string()
}

/// The values CloudFormation would fill in, for one deployment.
struct Samples<'a> {
    template: &'a Value,
    partition: Partition,
    embedding_origins: String,
}

impl<'a> Samples<'a> {
    fn new(template: &'a Value, partition: Partition) -> Samples<'a> {
        Samples {
            template,
            partition,
            embedding_origins: embedding_default(template),
        }
    }

    /// `{"Ref": name}` or `${name}` in `Fn::Sub`.
    fn reference(&self, name: &str) -> String {
        match name {
            "AWS::Partition" => return self.partition.as_str().to_string(),
            "AWS::AccountId" => return ACCOUNT.to_string(),
            "AWS::Region" => return "us-east-1".to_string(),
            "AWS::StackName" => return STACK.to_string(),
            _ => {}
        }
        let declared = self.template["Resources"].get(name).is_some()
            || self.template["Parameters"].get(name).is_some();
        assert!(
            declared,
            "Ref to {name}, which the template does not declare"
        );
        match name {
            "SiteBucket" => BUCKET.to_string(),
            "SiteDistribution" => DISTRIBUTION.to_string(),
            "EmbeddingOrigins" => self.embedding_origins.clone(),
            "DeployUserName" => "ci-deploy".to_string(),
            other => panic!("no sample value for Ref {other}: add one"),
        }
    }

    /// `{"Fn::GetAtt": [resource, attribute]}` or `${resource.attribute}`.
    fn attribute(&self, resource: &str, attribute: &str) -> String {
        assert!(
            self.template["Resources"].get(resource).is_some(),
            "Fn::GetAtt on {resource}, which the template does not declare"
        );
        match (resource, attribute) {
            ("SiteBucket", "Arn") => format!("arn:{}:s3:::{BUCKET}", self.partition.as_str()),
            ("SiteBucket", "RegionalDomainName") => {
                format!("{BUCKET}.s3.us-east-1.amazonaws.com")
            }
            ("SiteDistribution", "Id") => DISTRIBUTION.to_string(),
            ("SiteDistribution", "DomainName") => "d111111abcdef8.cloudfront.net".to_string(),
            ("SiteOriginAccessControl", "Id") => "E2OACEXAMPLE01".to_string(),
            ("SiteResponseHeadersPolicy", "Id") => {
                "11111111-2222-3333-4444-555555555555".to_string()
            }
            _ => panic!("no sample value for {resource}.{attribute}: add one"),
        }
    }

    /// `{"Fn::Sub": text}`: `${Name}`, `${Resource.Attribute}`, `${!Literal}`.
    fn sub(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find('}')
                .unwrap_or_else(|| panic!("unclosed ${{ in Fn::Sub {text:?}"));
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str(&format!("${{{literal}}}"));
            } else if let Some((resource, attribute)) = name.split_once('.') {
                out.push_str(&self.attribute(resource, attribute));
            } else {
                out.push_str(&self.reference(name));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// `value` with every `Ref`, `Fn::GetAtt` and `Fn::Sub` replaced by sample
/// values. Any other intrinsic function fails the test: give it a meaning
/// here before using it where this is called.
fn resolve(value: &Value, samples: &Samples<'_>) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(v, samples)).collect()),
        Value::Object(map) => {
            if let (1, Some((function, arg))) = (map.len(), map.iter().next()) {
                match function.as_str() {
                    "Ref" => {
                        let name = arg.as_str().expect("Ref takes a name");
                        return Value::String(samples.reference(name));
                    }
                    "Fn::GetAtt" => {
                        let (resource, attribute) = match arg {
                            Value::String(s) => s.split_once('.').expect("Fn::GetAtt Res.Attr"),
                            Value::Array(parts) if parts.len() == 2 => (
                                parts[0].as_str().expect("Fn::GetAtt resource"),
                                parts[1].as_str().expect("Fn::GetAtt attribute"),
                            ),
                            other => panic!("Fn::GetAtt takes [resource, attribute]: {other}"),
                        };
                        return Value::String(samples.attribute(resource, attribute));
                    }
                    "Fn::Sub" => {
                        let text = arg
                            .as_str()
                            .expect("Fn::Sub takes a string here (no variable map)");
                        return Value::String(samples.sub(text));
                    }
                    other if other.starts_with("Fn::") => {
                        panic!("resolve does not know {other}")
                    }
                    _ => {}
                }
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), resolve(v, samples)))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

#[test]
fn resolve_fills_in_references_and_keeps_literals() {
    let t = template();
    let samples = Samples::new(&t, Partition::AwsCn);
    let got = resolve(
        &json!({
            "a": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${SiteBucket}/${!Literal}"},
            "b": [{"Ref": "SiteDistribution"}, {"Fn::GetAtt": "SiteDistribution.DomainName"}],
            "c": {"Fn::GetAtt": ["SiteBucket", "Arn"]},
            "d": "plain"
        }),
        &samples,
    );
    assert_eq!(
        got,
        json!({
            "a": format!("arn:aws-cn:s3:::{BUCKET}/${{Literal}}"),
            "b": [DISTRIBUTION, "d111111abcdef8.cloudfront.net"],
            "c": format!("arn:aws-cn:s3:::{BUCKET}"),
            "d": "plain"
        })
    );
}

#[test]
#[should_panic(expected = "which the template does not declare")]
fn resolve_fails_on_an_undeclared_reference() {
    let t = template();
    resolve(
        &json!({"Fn::Sub": "arn:aws:s3:::${NoSuchBucket}/*"}),
        &Samples::new(&t, Partition::Aws),
    );
}

#[test]
fn template_parses_and_declares_the_stack() {
    let t = template();
    assert_eq!(t["AWSTemplateFormatVersion"], "2010-09-09");
    let types: BTreeMap<&str, &str> = t["Resources"]
        .as_object()
        .expect("Resources is an object")
        .iter()
        .map(|(id, r)| (id.as_str(), r["Type"].as_str().expect("Type")))
        .collect();
    let want = BTreeMap::from([
        ("SiteBucket", "AWS::S3::Bucket"),
        ("SiteBucketPolicy", "AWS::S3::BucketPolicy"),
        (
            "SiteOriginAccessControl",
            "AWS::CloudFront::OriginAccessControl",
        ),
        (
            "SiteResponseHeadersPolicy",
            "AWS::CloudFront::ResponseHeadersPolicy",
        ),
        ("SiteDistribution", "AWS::CloudFront::Distribution"),
        ("DeployPolicy", "AWS::IAM::ManagedPolicy"),
    ]);
    assert_eq!(types, want);

    let outputs = t["Outputs"].as_object().expect("Outputs");
    for name in ["BucketName", "DistributionDomainName", "DistributionId"] {
        assert!(outputs.contains_key(name), "output {name} missing");
    }
    assert_eq!(outputs["BucketName"]["Value"], json!({"Ref": "SiteBucket"}));
    assert_eq!(
        outputs["DistributionId"]["Value"],
        json!({"Ref": "SiteDistribution"})
    );
    assert_eq!(
        outputs["DistributionDomainName"]["Value"],
        json!({"Fn::GetAtt": ["SiteDistribution", "DomainName"]})
    );

    let description = t["Description"].as_str().expect("Description");
    assert!(description.contains("static-site-deploy"), "{description}");
    assert!(
        description.len() <= 1024,
        "CloudFormation allows 1024 bytes of Description"
    );
}

#[test]
fn bucket_is_private_and_served_only_through_cloudfront() {
    let t = template();
    let bucket = &resource(&t, "SiteBucket")["Properties"];
    assert_eq!(
        bucket["PublicAccessBlockConfiguration"],
        json!({
            "BlockPublicAcls": true,
            "BlockPublicPolicy": true,
            "IgnorePublicAcls": true,
            "RestrictPublicBuckets": true
        })
    );
    assert_eq!(
        bucket["OwnershipControls"]["Rules"],
        json!([{"ObjectOwnership": "BucketOwnerEnforced"}])
    );
    assert_eq!(
        bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
            ["ServerSideEncryptionByDefault"]["SSEAlgorithm"],
        "AES256"
    );
    assert!(
        bucket.get("WebsiteConfiguration").is_none(),
        "no website endpoint"
    );

    let oac = &resource(&t, "SiteOriginAccessControl")["Properties"]["OriginAccessControlConfig"];
    assert_eq!(oac["OriginAccessControlOriginType"], "s3");
    assert_eq!(oac["SigningBehavior"], "always");
    assert_eq!(oac["SigningProtocol"], "sigv4");

    let config = &resource(&t, "SiteDistribution")["Properties"]["DistributionConfig"];
    assert_eq!(config["Enabled"], true);
    assert_eq!(config["DefaultRootObject"], "index.html");
    assert_eq!(config["HttpVersion"], "http2and3");
    let origins = config["Origins"].as_array().expect("Origins");
    assert_eq!(origins.len(), 1);
    let origin = &origins[0];
    assert_eq!(
        origin["DomainName"],
        json!({"Fn::GetAtt": ["SiteBucket", "RegionalDomainName"]})
    );
    assert_eq!(
        origin["OriginAccessControlId"],
        json!({"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]})
    );
    assert_eq!(
        origin["S3OriginConfig"]["OriginAccessIdentity"], "",
        "OAC, not the legacy origin access identity"
    );
    let behaviour = &config["DefaultCacheBehavior"];
    assert_eq!(behaviour["TargetOriginId"], origin["Id"]);
    assert_eq!(behaviour["ViewerProtocolPolicy"], "redirect-to-https");
    assert_eq!(behaviour["AllowedMethods"], json!(["GET", "HEAD"]));
    assert_eq!(
        behaviour["ResponseHeadersPolicyId"],
        json!({"Fn::GetAtt": ["SiteResponseHeadersPolicy", "Id"]})
    );

    let headers = &resource(&t, "SiteResponseHeadersPolicy")["Properties"]
        ["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    assert_eq!(headers["ContentTypeOptions"]["Override"], true);
    assert_eq!(headers["ReferrerPolicy"]["ReferrerPolicy"], "no-referrer");
    let hsts = &headers["StrictTransportSecurity"];
    assert!(
        hsts["AccessControlMaxAgeSec"].as_u64().expect("max age") >= 31_536_000,
        "HSTS for at least a year: {hsts}"
    );
    for header in [
        "ContentSecurityPolicy",
        "ContentTypeOptions",
        "ReferrerPolicy",
        "StrictTransportSecurity",
    ] {
        assert_eq!(headers[header]["Override"], true, "{header} overrides");
    }
}

/// Every `PolicyDocument` in the template, by logical id, resolved.
fn policy_documents(template: &Value, partition: Partition) -> BTreeMap<String, Value> {
    let samples = Samples::new(template, partition);
    template["Resources"]
        .as_object()
        .expect("Resources")
        .iter()
        .filter_map(|(id, r)| {
            let doc = r["Properties"].get("PolicyDocument")?;
            Some((id.clone(), resolve(doc, &samples)))
        })
        .collect()
}

fn distribution_arn(partition: Partition) -> String {
    format!(
        "arn:{}:cloudfront::{ACCOUNT}:distribution/{DISTRIBUTION}",
        partition.as_str()
    )
}

/// The bucket policy is resource-based: its `Principal` is checked here and
/// removed, since the crate's parser reads identity policies, which have none.
fn without_cloudfront_principal(mut doc: Value) -> Value {
    let statements = doc["Statement"].as_array_mut().expect("Statement array");
    assert!(!statements.is_empty());
    for s in statements {
        let s = s.as_object_mut().expect("statement object");
        assert!(s.get("NotPrincipal").is_none(), "no NotPrincipal: {s:?}");
        let principal = s
            .remove("Principal")
            .expect("a bucket policy names a principal");
        assert_eq!(
            principal,
            json!({"Service": "cloudfront.amazonaws.com"}),
            "only CloudFront reads the bucket"
        );
    }
    doc
}

#[test]
fn policies_parse_and_lint_clean() {
    let t = template();
    let docs = policy_documents(&t, Partition::Aws);
    assert_eq!(
        docs.keys().map(String::as_str).collect::<Vec<_>>(),
        ["DeployPolicy", "SiteBucketPolicy"],
        "every policy document is checked here"
    );
    for (id, doc) in docs {
        let (doc, limit) = if id == "SiteBucketPolicy" {
            (without_cloudfront_principal(doc), None)
        } else {
            (doc, Some(SizeLimit::Managed))
        };
        let text = serde_json::to_string_pretty(&doc).expect("serialises");
        let policy = Policy::parse(&text).unwrap_or_else(|e| panic!("{id}: {e}\n{text}"));
        assert!(!policy.statements.is_empty(), "{id}: no statements");

        let findings = lint_text(catalog::bundled(), &text, limit).expect("parses");
        let serious: Vec<_> = findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .collect();
        assert!(serious.is_empty(), "{id}: {serious:#?}\n{text}");

        for (i, s) in policy.statements.iter().enumerate() {
            assert_eq!(s.effect, Effect::Allow, "{id}[{i}]");
            let ActionSpec::Action(actions) = &s.action else {
                panic!("{id}[{i}]: NotAction");
            };
            for a in actions {
                assert!(!a.contains(['*', '?']), "{id}[{i}]: wildcard action {a}");
            }
            let ResourceSpec::Resource(resources) = &s.resource else {
                panic!("{id}[{i}]: NotResource");
            };
            for r in resources {
                assert_ne!(r, "*", "{id}[{i}]: Resource \"*\"");
                assert!(r.starts_with("arn:aws:"), "{id}[{i}]: {r}");
            }
        }
    }
}

#[test]
fn bucket_policy_lets_only_this_distribution_read_objects() {
    let t = template();
    let doc = without_cloudfront_principal(
        policy_documents(&t, Partition::Aws)
            .remove("SiteBucketPolicy")
            .expect("bucket policy"),
    );
    let policy = Policy::parse(&doc.to_string()).expect("parses");
    let [statement] = policy.statements.as_slice() else {
        panic!("one statement: {}", policy.to_json());
    };
    assert_eq!(statement.effect, Effect::Allow);
    assert_eq!(
        statement.action,
        ActionSpec::Action(vec!["s3:GetObject".to_string()])
    );
    assert_eq!(
        statement.resource,
        ResourceSpec::Resource(vec![format!("arn:aws:s3:::{BUCKET}/*")])
    );
    // ArnEquals rather than the StringEquals of AWS's OAC example: the key
    // is of type ARN, AWS recommends ARN operators for it, and the linter
    // reports StringEquals as condition-operator-mismatch.
    let want: Condition = BTreeMap::from([(
        "ArnEquals".to_string(),
        BTreeMap::from([(
            "AWS:SourceArn".to_string(),
            vec![distribution_arn(Partition::Aws)],
        )]),
    )]);
    assert_eq!(statement.condition, want);
    assert_eq!(
        resource(&t, "SiteBucketPolicy")["Properties"]["Bucket"],
        json!({"Ref": "SiteBucket"})
    );
}

/// (effect, action, resource, condition): one per action and resource, so
/// two policies compare equal however their statements are grouped.
type Grant = (Effect, String, String, Condition);

fn grants(policy: &Policy) -> BTreeSet<Grant> {
    let mut out = BTreeSet::new();
    for s in &policy.statements {
        let ActionSpec::Action(actions) = &s.action else {
            panic!("NotAction in {}", policy.to_json());
        };
        let ResourceSpec::Resource(resources) = &s.resource else {
            panic!("NotResource in {}", policy.to_json());
        };
        for a in actions {
            for r in resources {
                out.insert((s.effect, a.clone(), r.clone(), s.condition.clone()));
            }
        }
    }
    out
}

#[test]
fn deploy_policy_is_the_static_site_deploy_recipe() {
    let t = template();
    let r = recipe::find("static-site-deploy").expect("recipe");
    let params = BTreeMap::from([
        ("bucket".to_string(), BUCKET.to_string()),
        ("distribution".to_string(), DISTRIBUTION.to_string()),
        ("account".to_string(), ACCOUNT.to_string()),
    ]);
    for partition in Partition::ALL {
        let made = recipe::instantiate(&[r], &params, partition).expect("instantiates");
        let want = generate(catalog::bundled(), &made.choices).expect("generates");
        let doc = policy_documents(&t, partition)
            .remove("DeployPolicy")
            .expect("deploy policy");
        let got = Policy::parse(&doc.to_string()).expect("parses");
        assert_eq!(
            grants(&got),
            grants(&want),
            "{partition}: the template's DeployPolicy and the static-site-deploy recipe \
             differ; the recipe generates\n{}",
            want.to_json()
        );
    }
}

/// The `content` attribute of the `<meta>` tag that has `attribute`.
fn meta_content(html: &str, attribute: &str) -> String {
    let at = html
        .find(attribute)
        .unwrap_or_else(|| panic!("index.html has no {attribute}"));
    let start = html[..at].rfind("<meta").expect("inside a <meta> tag");
    let end = at + html[at..].find('>').expect("the tag ends");
    let tag = &html[start..end];
    let key = "content=\"";
    let from = tag.find(key).expect("the tag has content=\"…\"") + key.len();
    let value = &tag[from..];
    let value = &value[..value.find('"').expect("content ends")];
    assert!(
        !value.contains('&'),
        "entities are not decoded here: {value}"
    );
    value.to_string()
}

#[test]
fn csp_is_index_html_plus_frame_ancestors() {
    let t = template();
    let html = repo_file("index.html");
    let meta_csp = meta_content(&html, r#"http-equiv="Content-Security-Policy""#);
    assert!(
        !meta_csp.contains("frame-ancestors"),
        "browsers ignore frame-ancestors in a meta tag: {meta_csp}"
    );
    let headers = &resource(&t, "SiteResponseHeadersPolicy")["Properties"]
        ["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    let csp = &headers["ContentSecurityPolicy"]["ContentSecurityPolicy"];

    let default = embedding_default(&t);
    assert!(default.starts_with("https://"), "{default}");
    let mut samples = Samples::new(&t, Partition::Aws);
    for origins in [default.as_str(), "https://a.example https://b.example:8443"] {
        samples.embedding_origins = origins.to_string();
        let header = resolve(csp, &samples);
        assert_eq!(
            header.as_str().expect("a string"),
            format!("{meta_csp}; frame-ancestors 'self' {origins}")
        );
    }

    let meta_referrer = meta_content(&html, r#"name="referrer""#);
    assert_eq!(headers["ReferrerPolicy"]["ReferrerPolicy"], meta_referrer);
}
