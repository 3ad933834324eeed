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
//! parses the files instead, so a wasm32 build skips all of this.

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
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        return;
    }
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);

    println!(
        "cargo::rerun-if-changed=static/catalog/{}",
        catalog::generated::CORE_FILE
    );
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
