//! Builds the bundled catalog's and operation map's tables at compile time,
//! so the CLI does not parse either file when it starts.
//!
//! The committed files are parsed here by the crate's own parsers
//! (`src/catalog/format.rs`, `src/opmap/format.rs`, compiled into this
//! script against stand-ins of their types), and what they produced is
//! written to `OUT_DIR` as Rust arrays of numbers plus one text file of
//! strings each; `src/catalog/built.rs` and `src/opmap/built.rs` include
//! them. The arrays hold no pointers, so the binary needs no relocations
//! for them and the loader maps them in untouched. The web app fetches and
//! parses the files instead, so a wasm32 build skips all of this, but for
//! one small part of the catalog: the services the recipes name, which the
//! page's first policy reads without fetching the file.

// The parsers' error types and helpers the tables do not need.
#![allow(dead_code)]

use std::env;
use std::fs;
use std::path::Path;

#[path = "build/catalog.rs"]
mod catalog;
#[path = "build/opmap.rs"]
mod opmap;
#[path = "src/storage.rs"]
mod storage;
#[path = "build/tables.rs"]
mod tables;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build");
    println!(
        "cargo::rerun-if-changed=static/catalog/{}",
        catalog::generated::CORE_FILE
    );
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);

    // For every target: the recipes' part of the catalog, which the page's
    // first policy reads instead of fetching the whole file.
    let services = recipe_services(Path::new(RECIPES));
    let part = catalog::part(catalog::generated::CORE_TEXT, &services);
    fs::write(out.join("catalog-recipe-part.txt"), part).expect("write catalog-recipe-part.txt");

    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        return;
    }
    let (code, strings) = catalog::tables(catalog::generated::CORE_TEXT);
    fs::write(out.join("catalog-tables.rs"), code).expect("write catalog-tables.rs");
    fs::write(out.join("catalog-strings.txt"), strings).expect("write catalog-strings.txt");

    println!(
        "cargo::rerun-if-changed=static/catalog/{}",
        opmap::generated::OPMAP_FILE
    );
    let (code, strings) = opmap::tables(opmap::generated::OPMAP_TEXT);
    fs::write(out.join("opmap-tables.rs"), code).expect("write opmap-tables.rs");
    fs::write(out.join("opmap-strings.txt"), strings).expect("write opmap-strings.txt");
}

/// Where the recipes are (`src/recipe.rs` includes every file there).
const RECIPES: &str = "src/recipe/data";

/// Every service prefix the recipes name: the value of each `"service"`
/// field, at any depth. The unit test
/// `catalog::tests::the_recipe_part_has_every_recipe_service` checks the
/// result against the recipes as `src/recipe.rs` reads them.
fn recipe_services(dir: &Path) -> Vec<String> {
    println!("cargo::rerun-if-changed={}", dir.display());
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) if k == "service" => out.push(s.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut services = Vec::new();
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("read src/recipe/data")
        .map(|e| e.expect("read src/recipe/data").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("read a recipe");
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        walk(&value, &mut services);
    }
    services.sort();
    services.dedup();
    services
}
