use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::import::{import, ImportError};
use crate::secrets::find_credential;
use crate::ui::components::builder_screen::describe;
use crate::ui::hooks::SETTLE_MS;
use crate::ui::state::{use_app_state, use_catalog, Msg};

/// Paste a policy: where it is broken, or what it grants and what is risky,
/// and a way to continue narrowing it in the builder.
#[component]
pub fn ImportBox() -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let warning = use_state(|| None::<String>);
    let text = state.import_text.clone();
    // The text the result below is for. A paste (or drop) is analysed at
    // once; typing is analysed once it pauses, so editing a 100 KB policy
    // does not parse, lint and explain all of it on every keystroke.
    let analyzed = use_state(|| text.clone());
    let pending = use_mut_ref(|| None::<Timeout>);
    let imported = {
        let catalog = catalog.clone();
        use_memo((*analyzed).clone(), move |t| {
            (!t.trim().is_empty()).then(|| import(&catalog, t))
        })
    };
    let oninput = {
        let state = state.clone();
        let warning = warning.clone();
        let previous = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            if let Some(found) = find_credential(&value) {
                area.set_value(&previous);
                warning.set(Some(found.warning()));
                return;
            }
            warning.set(None);
            state.dispatch(Msg::SetImportText(value.clone()));
            let analyzed = analyzed.clone();
            // Read defensively: a plain `Event("input")` (autofill, scripts,
            // tests) has no inputType, and web-sys' getter would trap on it.
            let whole = js_sys::Reflect::get(&e, &"inputType".into())
                .ok()
                .and_then(|t| t.as_string())
                .is_some_and(|t| t.starts_with("insertFrom"));
            *pending.borrow_mut() = if whole {
                analyzed.set(value);
                None
            } else {
                Some(Timeout::new(SETTLE_MS, move || analyzed.set(value)))
            };
        })
    };
    let body = match &*imported {
        None => html! { <p class="help">{ "Paste a policy document (JSON) above." }</p> },
        Some(Err(ImportError::Credential(found))) => html! {
            <p class="warning" role="alert" data-testid="import-credential">{ found.warning() }</p>
        },
        Some(Err(ImportError::Parse(e))) => html! {
            <p class="field-error" role="alert" data-testid="import-error">{ e.to_string() }</p>
        },
        Some(Ok(imported)) => {
            let e = &imported.explanation;
            let wide: Vec<String> = e
                .wildcard_resource(&catalog)
                .map(|g| g.name.clone())
                .collect();
            let pm: Vec<String> = e.permissions_management().map(|g| g.name.clone()).collect();
            let counts = e
                .counts
                .iter()
                .map(|(l, n)| html! { <li key={l.id()}>{ format!("{l}: {n}") }</li> });
            let choices = imported.choices.clone();
            let skipped: Vec<String> = imported
                .left_out
                .iter()
                .chain(&imported.scoping)
                .cloned()
                .collect();
            let findings = &imported.findings;
            let go = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Msg::ContinueImport(choices.clone())))
            };
            html! {
                <div class="import-result">
                    <p data-testid="import-total"><strong>{ format!("It grants {} actions.", e.total()) }</strong></p>
                    <ul class="counts">{ for counts }</ul>
                    <section class="findings" data-testid="findings">
                        <h3>{ "Findings" }</h3>
                        <ul>
                            if !pm.is_empty() {
                                <li class="warning">{ format!("{} permissions-management actions: {}", pm.len(), pm.iter().take(20).cloned().collect::<Vec<_>>().join(", ")) }</li>
                            }
                            if !wide.is_empty() {
                                <li class="warning">{ format!("{} actions on every resource although they can be scoped", wide.len()) }</li>
                            }
                            { for findings.iter().enumerate().map(|(i, f)| html! {
                                <li key={format!("lint-{i}")} class={f.severity.as_str()}>{ describe(f) }</li>
                            }) }
                            { for e.unmatched.iter().map(|u| html! { <li class="info">{ format!("`{}` matches no known action", u.pattern) }</li> }) }
                            { for skipped.iter().map(|s| html! { <li class="info">{ s.clone() }</li> }) }
                        </ul>
                    </section>
                    <button type="button" data-testid="continue-import" onclick={go}>{ "Continue in the builder" }</button>
                </div>
            }
        }
    };
    html! {
        <section class="import-box" aria-labelledby="import-title">
            <h2 id="import-title">{ "Paste an existing policy" }</h2>
            <label for="import-text">{ "Policy JSON" }</label>
            <textarea id="import-text" data-testid="import-text" rows="14" spellcheck="false"
                value={text} {oninput} />
            if let Some(w) = &*warning {
                <p class="warning" role="alert" data-testid="import-credential">{ w.clone() }</p>
            }
            { body }
        </section>
    }
}
