//! Browser tests: wasm-bindgen-test in headless Chromium. They mount
//! components into a fresh root, flush yew's scheduler and read the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

use policy_builder::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("create a div");
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("append the root");
    root
}

fn by_testid(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .expect("a valid selector")
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_empty_policy() {
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    let preview = by_testid(&root, "policy-json").expect("the policy preview is rendered");
    assert_eq!(
        preview.text_content().unwrap_or_default(),
        "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}"
    );
    let note = by_testid(&root, "no-credentials").expect("the no-credentials statement");
    assert!(note
        .text_content()
        .unwrap_or_default()
        .contains("never asks for"));
}
