//! Side effects, each in one small hook: loading the catalog, the URL
//! (preset query and share fragment), the theme attribute, the clipboard and
//! the height message to an embedding page.

use std::cell::Cell;
use std::rc::Rc;

use gloo::utils::{document, window};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::catalog::{generated, Catalog};
use crate::opmap::{self, OperationMap};
use crate::session::{Screen, State, Theme};
use crate::share;

/// Where the catalog is.
#[derive(Clone)]
pub enum CatalogLoad {
    Loading,
    Ready(Rc<Catalog>),
    Failed(String),
}

/// The longest [`use_painted`] waits for an animation frame.
const PAINT_WAIT_MS: u32 = 100;

/// How long after the catalog has loaded its search index is built.
const SEARCH_INDEX_AFTER_MS: u32 = 100;

/// Fetches and parses the catalog once (`catalog/<file>` next to the page),
/// or parses `text` when given (tests, which have no server).
#[hook]
pub fn use_catalog_loader(text: Option<AttrValue>) -> CatalogLoad {
    let load = use_state(|| match &text {
        Some(t) => match Catalog::parse(t) {
            Ok(c) => CatalogLoad::Ready(Rc::new(c)),
            Err(e) => CatalogLoad::Failed(e.to_string()),
        },
        None => CatalogLoad::Loading,
    });
    {
        let load = load.clone();
        use_effect_with((), move |_| {
            if matches!(*load, CatalogLoad::Loading) {
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = fetch_catalog().await;
                    if let CatalogLoad::Ready(c) = &loaded {
                        // The search index (a lowercase copy of every name)
                        // is not needed for the first policy: build it
                        // once that is on screen, before anyone types.
                        let c = c.clone();
                        gloo::timers::callback::Timeout::new(SEARCH_INDEX_AFTER_MS, move || {
                            c.prepare_search()
                        })
                        .forget();
                    }
                    load.set(loaded);
                });
            }
        });
    }
    (*load).clone()
}

async fn fetch_catalog() -> CatalogLoad {
    let url = format!("catalog/{}", generated::CORE_FILE);
    let failed = |why: String| {
        CatalogLoad::Failed(format!(
            "The IAM catalog ({url}) could not be loaded: {why}. Check your connection and reload the page."
        ))
    };
    let response = match gloo::net::http::Request::get(&url).send().await {
        Ok(r) if r.ok() => r,
        Ok(r) => return failed(format!("the server answered {}", r.status())),
        Err(e) => return failed(e.to_string()),
    };
    // As bytes: one copy into wasm memory, not a UTF-16 to UTF-8 re-encoding
    // of 780 KB (16 ms in a profile of the page load).
    let bytes = match response.binary().await {
        Ok(b) => b,
        Err(e) => return failed(e.to_string()),
    };
    match String::from_utf8(bytes) {
        Ok(text) => match Catalog::parse(&text) {
            Ok(c) => CatalogLoad::Ready(Rc::new(c)),
            Err(e) => failed(e.to_string()),
        },
        Err(_) => failed("the file is not UTF-8 text".to_string()),
    }
}

/// Fetches the action descriptions (one line per action, in catalog order
/// after a header line) the first time `wanted` is true.
#[hook]
pub fn use_descriptions(wanted: bool) -> Option<Rc<Vec<String>>> {
    let lines = use_state(|| None::<Rc<Vec<String>>>);
    {
        let lines = lines.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted && lines.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let url = format!("catalog/{}", generated::DESCRIPTIONS_FILE);
                    if let Ok(r) = gloo::net::http::Request::get(&url).send().await {
                        if let Ok(text) = r.text().await {
                            let v = text.lines().skip(1).map(String::from).collect();
                            lines.set(Some(Rc::new(v)));
                        }
                    }
                });
            }
        });
    }
    (*lines).clone()
}

/// Where the operation map is.
#[derive(Clone)]
pub enum OpMapLoad {
    /// Not asked for yet, or on its way.
    Loading,
    Ready(Rc<OperationMap>),
    Failed(String),
}

impl PartialEq for OpMapLoad {
    fn eq(&self, other: &OpMapLoad) -> bool {
        match (self, other) {
            (OpMapLoad::Loading, OpMapLoad::Loading) => true,
            (OpMapLoad::Ready(a), OpMapLoad::Ready(b)) => Rc::ptr_eq(a, b),
            (OpMapLoad::Failed(a), OpMapLoad::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// Fetches and parses the operation map (`catalog/opmap-….txt`, about
/// 180 KB gzipped) the first time `wanted` is true: only the commands
/// input needs it, so no other page pays for it.
#[hook]
pub fn use_opmap(wanted: bool) -> OpMapLoad {
    let load = use_state(|| OpMapLoad::Loading);
    let started = use_mut_ref(|| false);
    {
        let load = load.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted && !*started.borrow() {
                *started.borrow_mut() = true;
                wasm_bindgen_futures::spawn_local(async move {
                    load.set(fetch_opmap().await);
                });
            }
        });
    }
    (*load).clone()
}

async fn fetch_opmap() -> OpMapLoad {
    let url = format!("catalog/{}", opmap::generated::OPMAP_FILE);
    let failed = |why: String| {
        OpMapLoad::Failed(format!(
            "The map from AWS CLI commands to IAM actions ({url}) could not be loaded: {why}. Check your connection and reload the page; the rest of the builder still works."
        ))
    };
    let response = match gloo::net::http::Request::get(&url).send().await {
        Ok(r) if r.ok() => r,
        Ok(r) => return failed(format!("the server answered {}", r.status())),
        Err(e) => return failed(e.to_string()),
    };
    let bytes = match response.binary().await {
        Ok(b) => b,
        Err(e) => return failed(e.to_string()),
    };
    match String::from_utf8(bytes) {
        Ok(text) => match OperationMap::parse(&text) {
            Ok(m) => OpMapLoad::Ready(Rc::new(m)),
            Err(e) => failed(e.to_string()),
        },
        Err(_) => failed("the file is not UTF-8 text".to_string()),
    }
}

/// The state the page opens on: the query's preset, then the fragment's
/// share link, applied before the first render so that a preset link's
/// first screen is its builder (not the start page, replaced a moment
/// later). A bad link becomes a notice and a fresh builder, never a blank
/// page.
pub fn initial_state(from_url: bool) -> State {
    if !from_url {
        return State::default();
    }
    let location = window().location();
    State::from_link(
        &location.search().unwrap_or_default(),
        &location.hash().unwrap_or_default(),
    )
}

/// The page's URL with the state in the fragment (`#s=…`).
pub fn share_url(state: &State) -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!("{origin}{}#s={}", page_path(), share::encode(state))
}

/// The page's path and query, without the fragment.
fn page_path() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// Keeps the fragment in step with the state, without adding history
/// entries, once typing pauses: `history.replaceState` costs about 3 ms a
/// call in Chromium, more than everything else a keystroke does.
#[hook]
pub fn use_url_fragment(state: Rc<State>, enabled: bool) {
    use_after_pause((state, enabled), move |(state, enabled)| {
        if enabled {
            replace_fragment(&state)
        }
    });
}

fn replace_fragment(state: &State) {
    let path = page_path();
    let url = if matches!(state.screen, Screen::Builder | Screen::Commands) {
        format!("{path}#s={}", share::encode(state))
    } else {
        path
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Sets `data-theme` on `<html>` (no attribute: follow the system).
#[hook]
pub fn use_theme(theme: Theme) {
    use_effect_with(theme, |&theme| {
        if let Some(html) = document().document_element() {
            let _ = match theme {
                Theme::Auto => html.remove_attribute("data-theme"),
                t => html.set_attribute("data-theme", t.as_str()),
            };
        }
    });
}

/// Takes the page over from the first policy that `static/preload.js`
/// painted before the app loaded (`.first-paint`, which hides the app's
/// tree until then): once `ready` (the catalog is in, so the builder, or
/// the reason it cannot open, is on screen), the painted copy goes.
#[hook]
pub fn use_first_paint_handover(ready: bool) {
    use_effect_with(ready, |&ready| {
        if ready {
            if let Ok(Some(painted)) = document().query_selector(".first-paint") {
                painted.remove();
            }
        }
    });
}

/// A callback that copies text to the clipboard.
#[hook]
pub fn use_clipboard() -> Callback<String> {
    use_callback((), |text: String, _| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&text);
    })
}

/// In embed mode, tells the embedding page how tall the content is, each time
/// it changes, so the iframe can fit it:
///
/// ```js
/// window.addEventListener("message", (e) => {
///   // e.data = { type: "iam-policy-builder:height", height: 1234 } (CSS pixels)
///   if (e.data?.type === "iam-policy-builder:height") iframe.style.height = e.data.height + "px";
/// });
/// ```
#[hook]
pub fn use_embed_height(embed: bool) {
    use_effect_with(embed, |&embed| {
        let mut observer = None;
        if embed {
            let last = Rc::new(Cell::new(-1));
            let post = Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| {
                post_height(&last);
            });
            if let Ok(obs) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
                if let Some(body) = document().body() {
                    obs.observe(&body);
                }
                observer = Some((obs, post));
            }
        }
        move || {
            if let Some((obs, _post)) = observer {
                obs.disconnect();
            }
        }
    });
}

fn post_height(last: &Cell<i32>) {
    // The body's own height, not the document's scrollHeight: that one is
    // never less than the iframe, so it could grow but never shrink back
    // when the reader closes a tab.
    let Some(body) = document().body() else {
        return;
    };
    let height = body.scroll_height();
    if height == last.get() {
        return;
    }
    last.set(height);
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &"iam-policy-builder:height".into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&msg, "*");
    }
}

/// How long typing must pause before the heavy views follow.
pub const SETTLE_MS: u32 = 120;

/// `value`, once it has stopped changing for [`SETTLE_MS`]: the findings,
/// the grants table and the simulator follow the policy when typing pauses,
/// so a keystroke only waits for generating and printing the JSON. Each new
/// value cancels the pending one (dropping a gloo `Timeout` clears it).
#[hook]
pub fn use_settled<T: Clone + PartialEq + 'static>(value: T) -> T {
    // `use_state_eq`: setting the value it already holds (the first render,
    // or typing that returns to it) does not render again.
    let settled = use_state_eq(|| value.clone());
    {
        let settled = settled.clone();
        use_after_pause(value, move |v| settled.set(v));
    }
    (*settled).clone()
}

/// False until the component's first render has been painted, then true
/// (one render later). What a screen shows first (the policy) is painted
/// before what follows it (the findings, the grants, the exports), which
/// are built on the next render: `requestAnimationFrame` runs just before
/// the paint, and a timeout set from it runs after.
///
/// A browser may hold animation frames back: a background tab, or an
/// embed's iframe scrolled out of view. So a plain timeout of
/// [`PAINT_WAIT_MS`] gives the same signal if no frame comes first; an
/// embed then reports its full height to the docs page while it is still
/// out of view, not when the reader scrolls to it.
#[hook]
pub fn use_painted() -> bool {
    let painted = use_state_eq(|| false);
    {
        let painted = painted.clone();
        use_effect_with((), move |_| {
            let fallback = {
                let painted = painted.clone();
                gloo::timers::callback::Timeout::new(PAINT_WAIT_MS, move || painted.set(true))
            };
            let after_paint = Closure::once_into_js(move || {
                gloo::timers::callback::Timeout::new(0, move || painted.set(true)).forget();
            });
            if window()
                .request_animation_frame(after_paint.unchecked_ref())
                .is_err()
            {
                after_paint
                    .unchecked_into::<js_sys::Function>()
                    .call0(&JsValue::NULL)
                    .ok();
            }
            // Dropping the fallback cancels it, if the screen goes first.
            move || drop(fallback)
        });
    }
    *painted
}

/// Runs `run` with `value` once `value` has stopped changing for
/// [`SETTLE_MS`]. Each new value cancels the pending run: dropping a gloo
/// `Timeout` clears it.
#[hook]
fn use_after_pause<T, F>(value: T, run: F)
where
    T: Clone + PartialEq + 'static,
    F: FnOnce(T) + 'static,
{
    use_effect_with(value, move |v| {
        let v = v.clone();
        let pending = gloo::timers::callback::Timeout::new(SETTLE_MS, move || run(v));
        move || drop(pending)
    });
}

/// The `oninput` of a text box whose text may never hold a credential: a
/// value that looks like one is put back to `previous` and `warning` says
/// why; a changed value clears the warning and goes to `accept`. An input
/// event that changes nothing (the browser's own, after the refused text
/// was put back) keeps the warning up.
pub fn refusing_credentials(
    previous: String,
    warning: UseStateHandle<Option<String>>,
    accept: impl Fn(String) + 'static,
) -> Callback<InputEvent> {
    Callback::from(move |e: InputEvent| {
        let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        let value = area.value();
        if let Some(found) = crate::secrets::find_credential(&value) {
            area.set_value(&previous);
            warning.set(Some(found.warning()));
            return;
        }
        if value != previous {
            warning.set(None);
            accept(value);
        }
    })
}
