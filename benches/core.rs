//! Native benchmarks of the core: `cargo bench --bench core` (run by
//! scripts/bench.sh). Figures go to BENCHMARKS.md.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::BTreeMap;
    use std::hint::black_box;

    use criterion::Criterion;
    use policy_builder::arn::Partition;
    use policy_builder::catalog::{self, Catalog};
    use policy_builder::choices::{Choices, Group};
    use policy_builder::policy::Policy;
    use policy_builder::{
        commands, diff, explain, generate, import, opmap, recipe, session, share,
    };

    const AMPLIFY: &str = include_str!("../tests/fixtures/amplify-workshop-policy.json");
    const LARGE: &str = include_str!("../tests/fixtures/large-policy.json");
    const SCRIPT: &str = include_str!("fifty-line-script.sh");

    /// The values of the 50-line script's variables.
    pub fn script_params() -> BTreeMap<String, String> {
        [
            ("SITE_BUCKET", "my-site"),
            ("ARTIFACTS", "my-artifacts"),
            ("VERSION", "1.2.3"),
            ("DISTRIBUTION", "E2EXAMPLE1"),
            ("FUNCTION", "app"),
            ("TABLE", "releases"),
            ("ACCOUNT", "123456789012"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn longest_share_link(cat: &Catalog) -> String {
        let mut choices = Choices::default();
        let mut longest = String::new();
        'services: for service in cat.services() {
            let mut group = Group::new(service.prefix());
            for id in service.actions() {
                group.actions.insert(cat.action_info(id).name().to_string());
                let mut next = choices.clone();
                next.groups.push(group.clone());
                let text = share::encode(&next);
                if text.len() > share::MAX_TEXT {
                    break 'services;
                }
                longest = text;
            }
            choices.groups.push(group);
        }
        longest
    }

    pub fn benches(c: &mut Criterion) {
        let cat = catalog::bundled();
        c.bench_function("catalog_parse", |b| {
            b.iter(|| Catalog::parse(black_box(catalog::generated::CORE_TEXT)).unwrap())
        });
        let js = recipe::instantiate(
            &[recipe::find("js-publisher").unwrap()],
            &BTreeMap::from([
                ("account".to_string(), "123456789012".to_string()),
                ("distribution".to_string(), "E2EXAMPLE1".to_string()),
            ]),
            Partition::Aws,
        )
        .unwrap();
        c.bench_function("generate_js_publisher", |b| {
            b.iter(|| generate::generate(cat, black_box(&js.choices)).unwrap())
        });
        let amplify = Policy::parse(AMPLIFY).unwrap();
        c.bench_function("parse_amplify_seed", |b| {
            b.iter(|| Policy::parse(black_box(AMPLIFY)).unwrap())
        });
        c.bench_function("explain_amplify_seed", |b| {
            b.iter(|| explain::explain(cat, black_box(&amplify)))
        });
        // The Amplify workshop's policy against what the amplify-workshop
        // recipe generates for the same job: both directions, every action
        // of `s3:*`, `appsync:*` and `amplify:*` compared.
        let amplify_recipe = recipe::instantiate(
            &[recipe::find("amplify-workshop").unwrap()],
            &BTreeMap::from([
                ("project".to_string(), "todo".to_string()),
                ("env".to_string(), "dev".to_string()),
                ("region".to_string(), "us-east-1".to_string()),
                ("account".to_string(), "123456789012".to_string()),
            ]),
            Partition::Aws,
        )
        .unwrap();
        let recipe_policy = generate::generate(cat, &amplify_recipe.choices).unwrap();
        c.bench_function("diff_amplify_seed_vs_recipe", |b| {
            b.iter(|| diff::diff_policies(cat, black_box(&recipe_policy), black_box(&amplify)))
        });
        // The longest share link the decoder accepts (MAX_TEXT), filled
        // with real actions, service by service: decode, then generate.
        let longest = longest_share_link(cat);
        c.bench_function("share_decode_max_link", |b| {
            b.iter(|| {
                let choices: Choices = share::decode(black_box(&longest)).unwrap();
                session::generate_lenient(cat, &choices)
            })
        });
        // A pasted 100 KB policy with thousands of actions: parse, lint and
        // explain, as the import screen does.
        c.bench_function("import_large_policy", |b| {
            b.iter(|| import::import(cat, black_box(LARGE)).unwrap())
        });
        // The commands input: a 50-line deploy step mapped, then its policy
        // generated, as the page does on each keystroke.
        let params = script_params();
        let settings = commands::Settings {
            partition: Partition::Aws,
            account: Some("123456789012"),
            region: None,
        };
        let map = opmap::shipped();
        c.bench_function("map_50_line_script", |b| {
            b.iter(|| {
                let m = commands::map_script(cat, map, black_box(SCRIPT), &params, &settings);
                generate::generate(cat, &m.granted(&settings).choices).unwrap()
            })
        });
        c.bench_function("opmap_parse", |b| {
            b.iter(|| opmap::OperationMap::parse(black_box(opmap::generated::OPMAP_TEXT)).unwrap())
        });
        c.bench_function("search_putobject", |b| {
            b.iter(|| cat.search_actions(black_box("putobject"), 20))
        });
        // A query's first letter matches most of the catalog: the slow
        // keystroke of every search.
        c.bench_function("search_one_letter", |b| {
            b.iter(|| cat.search_actions(black_box("p"), 10))
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut c = criterion::Criterion::default().configure_from_args();
    native::benches(&mut c);
    c.final_summary();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
