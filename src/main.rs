//! The web app's entry point: trunk builds this binary for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<policy_builder::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("iam-policy-builder is the web app and runs in a browser: use ./serve, or the policy-builder CLI.");
    std::process::exit(2);
}
