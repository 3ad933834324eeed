//! AWS's managed policies, as moto ships them (`moto/iam/aws_managed_policies.py`,
//! test-only, installed by `scripts/install.sh` into `.tools/venv`): a corpus of
//! real policies that nobody here wrote.
//!
//! The file is found through `MOTO_MANAGED_POLICIES` (which `scripts/install.sh`
//! exports) or, failing that, under this checkout's `.tools/venv`. A missing
//! corpus fails the tests that use it, with how to install it: a corpus test
//! that skips itself would pass without checking anything.

use std::path::PathBuf;
use std::sync::OnceLock;

/// One managed policy: its name and its document, as JSON text.
pub struct Managed {
    pub name: String,
    pub document: String,
}

/// Every managed policy in the corpus, sorted by name.
pub fn managed_policies() -> &'static [Managed] {
    static CORPUS: OnceLock<Vec<Managed>> = OnceLock::new();
    CORPUS.get_or_init(load)
}

fn corpus_path() -> PathBuf {
    if let Some(p) = std::env::var_os("MOTO_MANAGED_POLICIES") {
        return PathBuf::from(p);
    }
    let lib = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/lib");
    let found = std::fs::read_dir(&lib).ok().and_then(|dir| {
        dir.filter_map(Result::ok)
            .map(|e| {
                e.path()
                    .join("site-packages/moto/iam/aws_managed_policies.py")
            })
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "moto's managed-policy corpus is not installed under {}: run scripts/install.sh \
             (or set MOTO_MANAGED_POLICIES to moto/iam/aws_managed_policies.py)",
            lib.display()
        )
    })
}

fn load() -> Vec<Managed> {
    let path = corpus_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    // The data is one JSON object inside a Python triple-quoted string.
    let start = text
        .find("\"\"\"")
        .expect("the corpus opens a \"\"\" string")
        + 3;
    let end = text
        .rfind("\"\"\"")
        .expect("the corpus closes its \"\"\" string");
    let all: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text[start..end]).expect("the corpus is one JSON object");
    let mut out: Vec<Managed> = all
        .into_iter()
        .map(|(name, entry)| Managed {
            document: serde_json::to_string_pretty(&entry["Document"])
                .expect("a JSON value prints"),
            name,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[test]
fn the_corpus_holds_awss_managed_policies() {
    let all = managed_policies();
    // moto 5.2.5 ships 1,582; a much smaller count means the file was misread.
    assert!(
        all.len() > 1_500,
        "only {} managed policies read",
        all.len()
    );
    let admin = all
        .iter()
        .find(|m| m.name == "AdministratorAccess")
        .expect("AdministratorAccess is in the corpus");
    assert!(
        admin.document.contains("\"Action\": \"*\""),
        "{}",
        admin.document
    );
}
