//! `policy-builder`: the native CLI over the same core as the web app.

/// `println!` that ends the program quietly when stdout is closed (as when
/// piped into `head`) instead of panicking on the broken pipe.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! out {
    () => {
        $crate::cli::write_out(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!($($arg)*))
    };
}

#[cfg(not(target_arch = "wasm32"))]
mod catalog_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod diff_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod explain_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod from_cloudtrail_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod from_commands_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod from_error_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod generate_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod import_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod lint_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod mapping;
#[cfg(not(target_arch = "wasm32"))]
mod minimize_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod recipes_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod simulate_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod trust_cmd;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
