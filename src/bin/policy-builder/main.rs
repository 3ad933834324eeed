//! `policy-builder`: the native CLI over the same core as the web app.

#[cfg(not(target_arch = "wasm32"))]
mod catalog_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod explain_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod generate_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod lint_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod minimize_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod recipes_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod simulate_cmd;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
