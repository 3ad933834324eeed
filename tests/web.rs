//! Browser tests: wasm-bindgen-test in headless Chromium. They mount
//! components into a fresh root, flush yew's scheduler and read the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use policy_builder::policy::SizeLimit;
use policy_builder::ui::components::policy_preview::{PolicyPreview, PolicyPreviewProps};
use policy_builder::ui::components::size_meter::{SizeMeter, SizeMeterProps};
use policy_builder::ui::{App, AppProps};

wasm_bindgen_test_configure!(run_in_browser);

/// A hand-written catalog in the shipped format (see `catalog/format.rs`):
/// S3 with four actions, the bucket and object resource types and s3:prefix.
const TINY: &str = "iam-catalog\t2\tpkg\t1.0\n\
S\ts3\tAmazon S3\t4\n\
K\ts3:prefix\ts\n\
R\tbucket\tarn:${Partition}:s3:::${BucketName}\n\
R\tobject\tarn:${Partition}:s3:::${BucketName}/${ObjectName}\n\
%\n GetObject\n ListAllMyBuckets\n ListBucket\n PutObject\n\
%\nRLLW\n\
%\n1!\n\n0!\n1!\n\
%\n\n\n0\n\n\
%\n\n\n\n\n";

const EMPTY: &str = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}";

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

fn text(root: &Element, id: &str) -> String {
    by_testid(root, id)
        .unwrap_or_else(|| panic!("{id} is rendered"))
        .text_content()
        .unwrap_or_default()
}

async fn click(root: &Element, id: &str) {
    by_testid(root, id)
        .unwrap_or_else(|| panic!("{id} is rendered"))
        .unchecked_into::<HtmlElement>()
        .click();
    yew::scheduler::flush().await;
}

/// Types into an input the way a person does: set the value, fire `input`.
async fn type_into(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = by_testid(root, id)
        .unwrap_or_else(|| panic!("{id} is rendered"))
        .unchecked_into();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an input event");
    input.dispatch_event(&event).expect("dispatch");
    yew::scheduler::flush().await;
}

async fn mount_app() -> Element {
    let root = fresh_root();
    let props = AppProps {
        catalog_text: Some(AttrValue::from(TINY)),
        use_url: false,
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_empty_policy() {
    let root = mount_app().await;
    assert_eq!(text(&root, "policy-json"), EMPTY);
    assert!(text(&root, "no-credentials").contains("never asks for"));
    assert!(by_testid(&root, "recipe-js-publisher").is_some());
    assert!(by_testid(&root, "start-scratch").is_some());
    assert!(by_testid(&root, "start-import").is_some());
}

#[wasm_bindgen_test]
async fn policy_preview_colours_keys_and_keeps_the_text() {
    let root = fresh_root();
    let props = PolicyPreviewProps {
        json: AttrValue::from(EMPTY),
        stale: None,
        highlight: None,
    };
    yew::Renderer::<PolicyPreview>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "policy-json"), EMPTY);
    let keys = root.query_selector_all(".tok-key").expect("selector");
    assert_eq!(keys.length(), 2, "Version and Statement");
    let pre = root
        .query_selector("pre")
        .expect("selector")
        .expect("a pre");
    assert_eq!(pre.get_attribute("aria-live").as_deref(), Some("polite"));
}

/// A pasted policy's strings are text, never markup: the preview's text is
/// the document, character for character, and nothing in it becomes an
/// element.
#[wasm_bindgen_test]
async fn policy_preview_shows_markup_in_strings_as_text() {
    let root = fresh_root();
    let json = policy_builder::policy::Policy::parse(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::b/</code><img src=x data-x=\"1\">&amp;<b>\\"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}"#,
    )
    .expect("a policy")
    .to_json();
    for highlight in [None, Some(0), Some(1)] {
        let props = PolicyPreviewProps {
            json: AttrValue::from(json.clone()),
            stale: None,
            highlight,
        };
        yew::Renderer::<PolicyPreview>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        assert_eq!(text(&root, "policy-json"), json, "{highlight:?}");
        let code = by_testid(&root, "policy-json").expect("the code");
        for tag in ["img", "b", "code"] {
            assert!(
                code.query_selector(tag).expect("selector").is_none(),
                "no <{tag}> from a string ({highlight:?})"
            );
        }
        assert_eq!(
            root.query_selector_all("mark").expect("selector").length(),
            u32::from(highlight.is_some())
        );
        root.set_inner_html("");
    }
}

#[wasm_bindgen_test]
async fn policy_preview_highlights_one_statement_in_a_named_scroll_box() {
    let root = fresh_root();
    let json = policy_builder::policy::Policy::parse(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}"#,
    )
    .expect("a policy")
    .to_json();
    let props = PolicyPreviewProps {
        json: AttrValue::from(json.clone()),
        stale: None,
        highlight: Some(1),
    };
    yew::Renderer::<PolicyPreview>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "policy-json"), json, "the text is unchanged");
    let mark = text(&root, "policy-highlight");
    assert!(
        mark.contains("s3:PutObject") && !mark.contains("s3:GetObject"),
        "{mark}"
    );
    let pre = by_testid(&root, "policy-box").expect("the box");
    assert_eq!(pre.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(pre.get_attribute("role").as_deref(), Some("region"));
    assert!(pre.get_attribute("aria-label").is_some());
}

#[wasm_bindgen_test]
async fn size_meter_offers_to_minimise_only_when_over() {
    let cases = [
        (
            "under",
            100,
            SizeLimit::InlineUser,
            false,
            "100 / 2048 characters",
        ),
        (
            "over",
            3000,
            SizeLimit::InlineUser,
            true,
            "3000 / 2048 characters",
        ),
        (
            "managed fits",
            3000,
            SizeLimit::Managed,
            false,
            "3000 / 6144 characters",
        ),
    ];
    for (name, size, limit, offers, shown) in cases {
        let root = fresh_root();
        let props = SizeMeterProps {
            size,
            limit,
            minimized: false,
            on_limit: Callback::noop(),
            on_minimize: Callback::noop(),
        };
        yew::Renderer::<SizeMeter>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        assert_eq!(text(&root, "size-text"), shown, "{name}");
        assert_eq!(by_testid(&root, "minimize").is_some(), offers, "{name}");
    }
}

#[wasm_bindgen_test]
async fn param_form_shows_the_bucket_rule_and_keeps_the_last_policy() {
    let root = mount_app().await;
    click(&root, "recipe-js-publisher").await;
    assert!(text(&root, "policy-json").contains("arn:aws:s3:::mojito-example/js/container-name.js"));

    type_into(&root, "param-bucket", "Bad_Bucket").await;
    let error =
        by_testid(&root, "param-bucket-error").expect("the rule is shown next to the field");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(!error.text_content().unwrap_or_default().is_empty());
    assert!(
        text(&root, "policy-json").contains("mojito-example"),
        "a bad value keeps the last valid policy"
    );
    assert!(by_testid(&root, "policy-stale").is_some());

    type_into(&root, "param-bucket", "my-site").await;
    assert!(by_testid(&root, "param-bucket-error").is_none());
    assert!(text(&root, "policy-json").contains("arn:aws:s3:::my-site/js/container-name.js"));
}

#[wasm_bindgen_test]
async fn inputs_refuse_access_key_ids() {
    let root = mount_app().await;
    click(&root, "recipe-js-publisher").await;
    type_into(&root, "param-container", "AKIAIOSFODNN7EXAMPLE").await;
    assert!(text(&root, "param-container-credential").contains("never needs credentials"));
    let input: HtmlInputElement = by_testid(&root, "param-container")
        .expect("input")
        .unchecked_into();
    assert_eq!(
        input.value(),
        "container-name",
        "the refused text is put back"
    );
    assert!(!text(&root, "policy-json").contains("AKIA"));
}

#[wasm_bindgen_test]
async fn action_search_adds_an_action_to_its_service_group() {
    let root = mount_app().await;
    click(&root, "start-scratch").await;
    type_into(&root, "action-search", "putobject").await;
    let first = root
        .query_selector("[data-testid^=\"action-result-\"]")
        .expect("selector")
        .expect("a result");
    assert_eq!(
        first.get_attribute("data-testid").as_deref(),
        Some("action-result-s3:PutObject")
    );

    click(&root, "action-result-s3:PutObject").await;
    assert!(by_testid(&root, "group-s3").is_some());
    assert!(
        by_testid(&root, "group-error-s3").is_some(),
        "PutObject needs an object: said next to the group"
    );
    assert_eq!(text(&root, "policy-json"), EMPTY, "never falls back to *");

    type_into(&root, "arn-s3-object-BucketName", "my-bucket").await;
    type_into(&root, "arn-s3-object-ObjectName", "js/app.js").await;
    let json = text(&root, "policy-json");
    assert!(json.contains("\"s3:PutObject\""), "{json}");
    assert!(json.contains("arn:aws:s3:::my-bucket/js/app.js"), "{json}");
}

/// Presses `key` in an input the way a keyboard does: a bubbling,
/// cancelable `keydown` (built through `Reflect`, as web-sys's
/// KeyboardEventInit is not among the enabled features).
async fn press(root: &Element, id: &str, key: &str) {
    let input = by_testid(root, id).unwrap_or_else(|| panic!("{id} is rendered"));
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).expect("set key");
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).expect("set bubbles");
    js_sys::Reflect::set(&init, &"cancelable".into(), &true.into()).expect("set cancelable");
    let event = js_sys::Reflect::construct(
        &js_sys::Reflect::get(&gloo::utils::window(), &"KeyboardEvent".into())
            .expect("KeyboardEvent exists")
            .unchecked_into::<js_sys::Function>(),
        &js_sys::Array::of2(&"keydown".into(), &init),
    )
    .expect("a KeyboardEvent")
    .unchecked_into::<web_sys::Event>();
    input.dispatch_event(&event).expect("dispatch");
    yew::scheduler::flush().await;
}

/// An element by id inside `root` (earlier tests' apps stay mounted).
fn by_id(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[id=\"{id}\"]"))
        .expect("a valid selector")
}

fn attr(root: &Element, id: &str, name: &str) -> Option<String> {
    by_testid(root, id)
        .unwrap_or_else(|| panic!("{id} is rendered"))
        .get_attribute(name)
}

fn input_value(root: &Element, id: &str) -> String {
    by_testid(root, id)
        .unwrap_or_else(|| panic!("{id} is rendered"))
        .unchecked_into::<HtmlInputElement>()
        .value()
}

/// The `data-testid` of the option `aria-activedescendant` names, if any.
fn active_option(root: &Element, input: &str) -> Option<String> {
    let id = attr(root, input, "aria-activedescendant")?;
    let option = by_id(root, &id).unwrap_or_else(|| panic!("the active descendant {id} exists"));
    assert_eq!(option.get_attribute("role").as_deref(), Some("option"));
    assert_eq!(
        option.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    option.get_attribute("data-testid")
}

#[wasm_bindgen_test]
async fn service_picker_is_a_combobox_and_enter_picks_the_first_match() {
    let root = mount_app().await;
    click(&root, "start-scratch").await;
    let id = "service-search";
    assert_eq!(attr(&root, id, "role").as_deref(), Some("combobox"));
    assert_eq!(
        attr(&root, id, "aria-autocomplete").as_deref(),
        Some("list")
    );
    assert_eq!(attr(&root, id, "aria-expanded").as_deref(), Some("false"));

    type_into(&root, id, "s3").await;
    assert_eq!(attr(&root, id, "aria-expanded").as_deref(), Some("true"));
    let list = by_id(
        &root,
        &attr(&root, id, "aria-controls").expect("aria-controls"),
    )
    .expect("aria-controls names the listbox");
    assert_eq!(list.get_attribute("role").as_deref(), Some("listbox"));
    assert!(!list.has_attribute("hidden"));
    assert!(by_testid(&list, "service-s3").is_some());
    assert_eq!(
        active_option(&root, id),
        None,
        "nothing active before an arrow key"
    );

    let input: HtmlElement = by_testid(&root, id).expect("input").unchecked_into();
    input.focus().expect("focus the picker");
    press(&root, id, "Enter").await;
    assert!(
        by_testid(&root, "group-s3").is_some(),
        "Enter added the first match"
    );
    let focused = gloo::utils::document().active_element();
    assert_eq!(
        focused
            .and_then(|e| e.get_attribute("data-testid"))
            .as_deref(),
        Some(id),
        "the new group does not remount the picker: focus stays in it"
    );
    assert_eq!(text(&root, "service-search-status"), "Added s3 (Amazon S3)");
    assert_eq!(input_value(&root, id), "", "picking clears the text");
    assert_eq!(attr(&root, id, "aria-expanded").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn action_search_arrows_move_and_wrap_and_enter_toggles() {
    let root = mount_app().await;
    click(&root, "start-scratch").await;
    let id = "action-search";
    // TINY's s3 has GetObject and PutObject: equal rank and length, so
    // catalog order.
    type_into(&root, id, "object").await;
    let seen = |root: &Element| active_option(root, id);
    press(&root, id, "ArrowDown").await;
    assert_eq!(seen(&root).as_deref(), Some("action-result-s3:GetObject"));
    press(&root, id, "ArrowDown").await;
    assert_eq!(seen(&root).as_deref(), Some("action-result-s3:PutObject"));
    press(&root, id, "ArrowDown").await;
    assert_eq!(
        seen(&root).as_deref(),
        Some("action-result-s3:GetObject"),
        "Down wraps"
    );
    press(&root, id, "ArrowUp").await;
    assert_eq!(
        seen(&root).as_deref(),
        Some("action-result-s3:PutObject"),
        "Up wraps"
    );
    let selected = root
        .query_selector_all("[role=\"option\"][aria-selected=\"true\"]")
        .expect("selector");
    assert_eq!(selected.length(), 1, "one active option");

    press(&root, id, "Enter").await;
    assert_eq!(text(&root, "action-search-status"), "Added s3:PutObject");
    assert!(by_testid(&root, "group-s3").is_some());

    type_into(&root, id, "putobject").await;
    assert!(
        text(&root, "action-result-s3:PutObject").contains("chosen"),
        "a chosen action says so in its name"
    );
    press(&root, id, "Enter").await;
    assert_eq!(text(&root, "action-search-status"), "Removed s3:PutObject");
    type_into(&root, id, "putobject").await;
    assert!(!text(&root, "action-result-s3:PutObject").contains("chosen"));
}

#[wasm_bindgen_test]
async fn escape_closes_the_list_then_clears_the_text() {
    let root = mount_app().await;
    click(&root, "start-scratch").await;
    let id = "action-search";
    type_into(&root, id, "object").await;
    press(&root, id, "ArrowDown").await;
    press(&root, id, "Escape").await;
    assert_eq!(attr(&root, id, "aria-expanded").as_deref(), Some("false"));
    assert!(by_testid(&root, "action-results")
        .expect("list")
        .has_attribute("hidden"));
    assert_eq!(active_option(&root, id), None);
    assert_eq!(
        input_value(&root, id),
        "object",
        "the first Escape keeps the text"
    );

    press(&root, id, "Enter").await;
    assert!(
        by_testid(&root, "group-s3").is_none(),
        "Enter on a closed list picks nothing"
    );

    press(&root, id, "ArrowDown").await;
    assert_eq!(
        attr(&root, id, "aria-expanded").as_deref(),
        Some("true"),
        "Down reopens"
    );
    assert_eq!(
        active_option(&root, id).as_deref(),
        Some("action-result-s3:GetObject")
    );
    press(&root, id, "Escape").await;
    press(&root, id, "Escape").await;
    assert_eq!(input_value(&root, id), "", "the second Escape clears");
}

#[wasm_bindgen_test]
async fn an_enter_ahead_of_the_render_picks_from_the_latest_text() {
    let root = mount_app().await;
    click(&root, "start-scratch").await;
    let id = "action-search";
    type_into(&root, id, "get").await;
    // The next keystrokes' input event fires, and Enter follows before yew
    // renders: the handler still holds the options for "get".
    let input: HtmlInputElement = by_testid(&root, id).expect("input").unchecked_into();
    input.set_value("putobject");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an input event");
    input.dispatch_event(&event).expect("dispatch");
    press(&root, id, "Enter").await;
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "action-search-status"), "Added s3:PutObject");
    assert_eq!(input_value(&root, id), "");
}

#[wasm_bindgen_test]
async fn clicking_an_option_still_picks_it() {
    let root = mount_app().await;
    click(&root, "start-scratch").await;
    type_into(&root, "service-search", "amazon").await;
    click(&root, "service-s3").await;
    assert!(by_testid(&root, "group-s3").is_some());
    assert_eq!(text(&root, "service-search-status"), "Added s3 (Amazon S3)");
}

#[wasm_bindgen_test]
async fn import_reports_parse_errors_and_continues_into_the_builder() {
    let root = mount_app().await;
    click(&root, "start-import").await;
    let area: web_sys::HtmlTextAreaElement = by_testid(&root, "import-text")
        .expect("textarea")
        .unchecked_into();
    // A paste: an InputEvent whose inputType is insertFromPaste.
    let paste = |value: &str| {
        area.set_value(value);
        let event = js_sys::Reflect::construct(
            &js_sys::Reflect::get(&gloo::utils::window(), &"InputEvent".into())
                .unwrap()
                .unchecked_into::<js_sys::Function>(),
            &js_sys::Array::of2(
                &"input".into(),
                &js_sys::JSON::parse(r#"{"bubbles":true,"inputType":"insertFromPaste"}"#).unwrap(),
            ),
        )
        .expect("an InputEvent")
        .unchecked_into::<web_sys::Event>();
        area.dispatch_event(&event).expect("dispatch");
    };
    // Typing, sent as a plain Event with no inputType at all.
    let typed = |value: &str| {
        area.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
        area.dispatch_event(&event).expect("dispatch");
    };
    paste("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}");
    yew::scheduler::flush().await;
    assert!(text(&root, "import-error").starts_with("line 3, column"));

    typed(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
    );
    yew::scheduler::flush().await;
    assert!(
        by_testid(&root, "import-error").is_some(),
        "typing is analysed once it pauses, not on the keystroke"
    );
    sleep_ms(policy_builder::ui::hooks::SETTLE_MS as i32 + 80).await;
    yew::scheduler::flush().await;
    assert!(text(&root, "import-total").contains("1 actions"));
    click(&root, "continue-import").await;
    assert!(text(&root, "policy-json").contains("arn:aws:s3:::b/*"));
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer resolves");
}
