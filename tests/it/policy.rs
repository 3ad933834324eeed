use policy_builder::policy::{
    iam_size, ActionSpec, Condition, Effect, GrammarIssue, ParseErrorKind, Policy, ResourceSpec,
    SizeLimit, Statement,
};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;

/// Each broken document and the exact message it produces. Statements are
/// written on one line; `\n` starts the next one where the line matters.
#[test]
#[rustfmt::skip]
fn broken_documents_report_line_column_and_path() {
    let cases = [
        ("empty_text", "", "line 1, column 1: the document ends too early: expected a value"),
        ("malformed_json", "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}", "line 3, column 3: expected `,` or `}`, found `\"`"),
        ("single_quotes", "{'Version': '2012-10-17'}", "line 1, column 2: expected a key in double quotes, found `'` (JSON strings use double quotes)"),
        ("trailing_comma", "{\"Statement\": [],\n}", "line 2, column 1: remove this comma: JSON allows none before `]` or `}`"),
        ("unclosed_string_in_statement", "{\"Statement\": [{\"Effect\": \"Allow}]}", "line 1, column 36 (Statement[0].Effect): the document ends too early: expected `\"`"),
        ("top_level_array", "[]", "line 1, column 1: a policy must be a JSON object { … }, not an array"),
        ("top_level_string", "  \"policy\"", "line 1, column 3: a policy must be a JSON object { … }, not a string"),
        ("invalid_effect", "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": {\n        \"Effect\": \"Alow\",\n        \"Action\": \"s3:GetObject\",\n        \"Resource\": \"*\"\n    }\n}", "line 4, column 19 (Statement.Effect): Effect must be \"Allow\" or \"Deny\", not \"Alow\""),
        ("lowercase_effect", "{\"Statement\": [{\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}", "line 1, column 27 (Statement[0].Effect): Effect must be \"Allow\" or \"Deny\", not \"allow\""),
        ("effect_not_string", "{\"Statement\": [{\"Effect\": true, \"Action\": \"*\", \"Resource\": \"*\"}]}", "line 1, column 27 (Statement[0].Effect): expected a string, found a boolean"),
        ("missing_effect", "{\"Statement\": [\n  {\"Action\": \"*\", \"Resource\": \"*\"}]}", "line 2, column 3 (Statement[0]): the statement has no Effect: add \"Effect\": \"Allow\" or \"Effect\": \"Deny\""),
        ("both_action_and_not_action", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"NotAction\": \"iam:*\", \"Resource\": \"*\"}]}", "line 1, column 51 (Statement[0].NotAction): a statement has Action or NotAction, not both"),
        ("neither_action", "{\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"*\"}]}", "line 1, column 16 (Statement[0]): the statement has neither Action nor NotAction"),
        ("both_resource_and_not_resource", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"NotResource\": \"*\"}]}", "line 1, column 68 (Statement[0].NotResource): a statement has Resource or NotResource, not both"),
        ("neither_resource", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\"}]}", "line 1, column 16 (Statement[0]): the statement has neither Resource nor NotResource; identity policies need one"),
        ("unknown_element_with_hint", "{\"Statement\": [{\"Effect\": \"Allow\", \"Actions\": \"*\", \"Resource\": \"*\"}]}", "line 1, column 36 (Statement[0].Actions): unknown element \"Actions\"; did you mean \"Action\"?"),
        ("unknown_element_wrong_case", "{\"Statement\": [{\"effect\": \"Allow\"}]}", "line 1, column 17 (Statement[0].effect): unknown element \"effect\"; did you mean \"Effect\"?"),
        ("unknown_element_no_hint", "{\"Statement\": [{\"Effect\": \"Allow\", \"Priority\": 1}]}", "line 1, column 36 (Statement[0].Priority): unknown element \"Priority\""),
        ("unknown_top_level_element", "{\"Statements\": []}", "line 1, column 2 (Statements): unknown element \"Statements\"; did you mean \"Statement\"?"),
        ("principal", "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}", "line 1, column 36 (Statement[0].Principal): Principal is not allowed here: this looks like a resource-based policy (such as a bucket policy or a role trust policy); an identity policy applies to whoever it is attached to and names no principal"),
        ("not_principal", "{\"Statement\": [{\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"x\"}}]}", "line 1, column 35 (Statement[0].NotPrincipal): NotPrincipal is not allowed here: this looks like a resource-based policy (such as a bucket policy or a role trust policy); an identity policy applies to whoever it is attached to and names no principal"),
        ("sid_with_hyphen", "{\"Statement\": [{\"Sid\": \"read-only\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}", "line 1, column 24 (Statement[0].Sid): Sid \"read-only\" must contain only ASCII letters and digits"),
        ("sid_non_ascii", "{\"Statement\": [{\"Sid\": \"Lesen\u{e4}\"}]}", "line 1, column 24 (Statement[0].Sid): Sid \"Lesenä\" must contain only ASCII letters and digits"),
        ("duplicate_sid", "{\"Statement\": [\n{\"Sid\": \"A\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"},\n{\"Sid\": \"A\", \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}]}", "line 3, column 9 (Statement[1].Sid): Sid \"A\" is already used by an earlier statement; Sids must be unique"),
        ("empty_action_list", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}]}", "line 1, column 46 (Statement[0].Action): Action must not be an empty list"),
        ("empty_resource_list", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": []}]}", "line 1, column 63 (Statement[0].Resource): Resource must not be an empty list"),
        ("action_number_in_list", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", 5]}]}", "line 1, column 63 (Statement[0].Action[1]): expected a string, found a number"),
        ("action_object", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": {}}]}", "line 1, column 46 (Statement[0].Action): expected a string or an array of strings, found an object"),
        ("unsupported_version", "{\"Version\": \"2012-10-18\", \"Statement\": []}", "line 1, column 13 (Version): Version must be \"2012-10-17\" (or the older \"2008-10-17\"), not \"2012-10-18\""),
        ("version_as_date_number", "{\"Version\": 2012, \"Statement\": []}", "line 1, column 13 (Version): expected a string, found a number"),
        ("missing_statement", "{\"Version\": \"2012-10-17\"}", "line 1, column 1: the policy has no Statement"),
        ("statement_string", "{\"Statement\": \"Allow\"}", "line 1, column 15 (Statement): expected an object or an array of objects, found a string"),
        ("statement_item_not_object", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}, 7]}", "line 1, column 69 (Statement[1]): expected an object, found a number"),
        ("condition_value_object", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": {\"x\": 1}}}}]}", "line 1, column 114 (Statement[0].Condition.Bool.aws:SecureTransport): a condition value must be a string, number, boolean or an array of them, not an object"),
        ("condition_value_null", "{\"Statement\": [{\"Condition\": {\"Null\": {\"aws:TokenIssueTime\": null}}}]}", "line 1, column 62 (Statement[0].Condition.Null.aws:TokenIssueTime): expected a string, number, boolean or an array of them, found null"),
        ("condition_nested_array", "{\"Statement\": [{\"Condition\": {\"StringLike\": {\"s3:prefix\": [[\"a\"]]}}}]}", "line 1, column 60 (Statement[0].Condition.StringLike.s3:prefix[0]): expected a string, number or boolean inside a condition's array, found an array"),
        ("condition_operator_string", "{\"Statement\": [{\"Condition\": {\"Bool\": \"true\"}}]}", "line 1, column 39 (Statement[0].Condition.Bool): expected an object of condition keys, found a string"),
        ("duplicate_json_key", "{\"Statement\": [{\"Effect\": \"Allow\",\n \"Effect\": \"Deny\"}]}", "line 2, column 2 (Statement[0].Effect): \"Effect\" appears twice in the same object; each key may appear only once"),
        ("trailing_text", "{\"Statement\": []} x", "line 1, column 19: unexpected text after the end of the policy"),
        ("too_deep", &format!("{{\"Statement\": {}", "[".repeat(70)), "line 1, column 78 (Statement[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]): arrays and objects are nested more than 64 deep"),
        ("too_large", &" ".repeat(1_048_577), "line 1, column 1: the document is 1048577 bytes; documents larger than 1048576 bytes are not read"),
    ];
    for (name, text, want) in cases {
        let err = Policy::parse(text).expect_err(name);
        assert_eq!(err.to_string(), want, "{name}");
    }
}

#[test]
fn error_fields_are_separate() {
    let err = Policy::parse("{\"Statement\": [{}, {\"Effect\": \"Maybe\"}]}").expect_err("bad");
    assert_eq!(err.kind, ParseErrorKind::MissingEffect);
    assert_eq!((err.line, err.column), (1, 16));
    assert_eq!(err.path, "Statement[0]");
}

#[test]
fn accepts_every_form_iam_accepts() {
    let text = r#"{
        "Version": "2012-10-17",
        "Id": "ci-publisher",
        "Statement": [
            {
                "Sid": "S3List",
                "Effect": "Allow",
                "Action": ["s3:ListBucket"],
                "Resource": "arn:aws:s3:::mojito-example",
                "Condition": {
                    "StringLike": {"s3:prefix": ["js/*", "jsdev/*"]},
                    "Bool": {"aws:SecureTransport": true},
                    "NumericLessThan": {"s3:max-keys": 10.50}
                }
            },
            {
                "Effect": "Deny",
                "NotAction": "iam:*",
                "NotResource": ["arn:aws:s3:::a", "arn:aws:s3:::b"]
            }
        ]
    }"#;
    let mut condition = Condition::new();
    condition
        .entry("StringLike".into())
        .or_default()
        .insert("s3:prefix".into(), vec!["js/*".into(), "jsdev/*".into()]);
    condition
        .entry("Bool".into())
        .or_default()
        .insert("aws:SecureTransport".into(), vec!["true".into()]);
    condition
        .entry("NumericLessThan".into())
        .or_default()
        .insert("s3:max-keys".into(), vec!["10.50".into()]);
    let want = Policy {
        version: Some("2012-10-17".into()),
        id: Some("ci-publisher".into()),
        statements: vec![
            Statement {
                sid: Some("S3List".into()),
                effect: Effect::Allow,
                action: ActionSpec::Action(vec!["s3:ListBucket".into()]),
                resource: ResourceSpec::Resource(vec!["arn:aws:s3:::mojito-example".into()]),
                condition,
            },
            Statement {
                sid: None,
                effect: Effect::Deny,
                action: ActionSpec::NotAction(vec!["iam:*".into()]),
                resource: ResourceSpec::NotResource(vec![
                    "arn:aws:s3:::a".into(),
                    "arn:aws:s3:::b".into(),
                ]),
                condition: Condition::new(),
            },
        ],
    };
    assert_eq!(Policy::parse(text), Ok(want.clone()));
    assert_eq!(text.parse::<Policy>(), Ok(want));
}

#[test]
#[rustfmt::skip]
fn version_findings_are_separate_from_parse_errors() {
    let cases: [(&str, &str, &[GrammarIssue]); 3] = [
        ("current", r#"{"Version": "2012-10-17", "Statement": []}"#, &[]),
        ("old", r#"{"Version": "2008-10-17", "Statement": []}"#, &[GrammarIssue::OldVersion]),
        ("missing", r#"{"Statement": []}"#, &[GrammarIssue::MissingVersion]),
    ];
    for (name, text, want) in cases {
        let policy = Policy::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(policy.check_grammar(), want, "{name}");
    }
    assert!(GrammarIssue::MissingVersion.to_string().contains("add \"Version\": \"2012-10-17\""));
}

#[test]
#[rustfmt::skip]
fn sizes_match_what_iam_counts() {
    let cases = [
        ("empty_policy", Policy::empty().to_json(), 39),
        ("pretty_and_compact_agree", "{\n  \"Statement\" : [ ]\n}".to_string(), 16),
        ("string_spaces_count", r#"{"Id": "a b"}"#.to_string(), 12),
    ];
    for (name, text, want) in cases {
        assert_eq!(iam_size(&text), want, "{name}");
    }
    let policy = Policy::parse(&Policy::empty().to_json()).expect("empty policy parses");
    assert_eq!(policy.iam_size(), 39);
    assert!(policy.iam_size() <= SizeLimit::InlineUser.max_chars());
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9:*?/_.-]{0,12}",
        any::<String>(),
        "[\"\\\\\\n\\t\\u{0}-\\u{1f} é😀]{0,6}",
    ]
}

fn list() -> impl Strategy<Value = Vec<String>> {
    vec(text(), 1..4)
}

fn condition() -> impl Strategy<Value = Condition> {
    btree_map(text(), btree_map(text(), vec(text(), 0..3), 0..3), 0..3)
}

fn statement() -> impl Strategy<Value = Statement> {
    (
        prop_oneof![Just(Effect::Allow), Just(Effect::Deny)],
        prop_oneof![
            list().prop_map(ActionSpec::Action),
            list().prop_map(ActionSpec::NotAction)
        ],
        prop_oneof![
            list().prop_map(ResourceSpec::Resource),
            list().prop_map(ResourceSpec::NotResource)
        ],
        condition(),
    )
        .prop_map(|(effect, action, resource, condition)| Statement {
            sid: None,
            effect,
            action,
            resource,
            condition,
        })
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        prop_oneof![
            Just(None),
            Just(Some("2012-10-17".to_string())),
            Just(Some("2008-10-17".to_string()))
        ],
        proptest::option::of(text()),
        vec(
            (statement(), proptest::option::of("[a-zA-Z0-9]{0,6}")),
            0..4,
        ),
    )
        .prop_map(|(version, id, statements)| {
            // Sids are unique: number the generated ones.
            let statements = statements
                .into_iter()
                .enumerate()
                .map(|(i, (st, sid))| Statement {
                    sid: sid.map(|s| format!("{s}{i}")),
                    ..st
                })
                .collect();
            Policy {
                version,
                id,
                statements,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn parse_of_print_is_identity(p in policy()) {
        let printed = p.to_json();
        prop_assert_eq!(Policy::parse(&printed), Ok(p));
    }

    #[test]
    fn size_ignores_only_whitespace_outside_strings(p in policy()) {
        let pretty = p.to_json();
        let compact = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&pretty).expect("printer writes JSON")).expect("re-serialise");
        prop_assert_eq!(iam_size(&pretty), iam_size(&compact));
    }

    #[test]
    fn parse_never_panics(text in any::<String>()) {
        let _ = Policy::parse(&text);
    }

    #[test]
    fn parse_never_panics_on_policy_shaped_text(text in "[{}\\[\\]\":, a-zA-Z0-9\\\\\\n-]{0,80}") {
        let _ = Policy::parse(&text);
    }
}
