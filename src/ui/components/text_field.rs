use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::secrets::find_credential;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The element id and `data-testid`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub readonly: bool,
    /// The rule the value breaks, shown next to the field.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Makes the input a combobox's (see `combobox.rs`).
    #[prop_or_default]
    pub combobox: Option<ComboboxAria>,
}

/// The combobox state an input carries, and its key handler.
#[derive(Clone, PartialEq)]
pub struct ComboboxAria {
    pub expanded: bool,
    /// The listbox's id.
    pub controls: AttrValue,
    /// The active option's id.
    pub active: Option<AttrValue>,
    pub on_keydown: Callback<KeyboardEvent>,
}

/// A labelled text input that refuses anything that looks like an AWS
/// credential: the text is put back, a warning shown, and nothing reaches
/// the state (so never the URL).
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let warning = use_state(|| None::<String>);
    let oninput = {
        let warning = warning.clone();
        let on_change = props.on_change.clone();
        let previous = props.value.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            if let Some(found) = find_credential(&text) {
                input.set_value(&previous);
                warning.set(Some(found.warning()));
            } else {
                warning.set(None);
                on_change.emit(text);
            }
        })
    };
    let id = props.id.clone();
    let combobox = props.combobox.as_ref();
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input
                id={id.clone()}
                type="text"
                data-testid={id.clone()}
                value={props.value.clone()}
                readonly={props.readonly}
                placeholder={props.placeholder.clone()}
                autocomplete="off"
                spellcheck="false"
                aria-invalid={props.error.is_some().to_string()}
                aria-describedby={props.error.is_some().then(|| error_id.clone())}
                role={combobox.map(|_| "combobox")}
                aria-autocomplete={combobox.map(|_| "list")}
                aria-expanded={combobox.map(|c| c.expanded.to_string())}
                aria-controls={combobox.map(|c| c.controls.clone())}
                aria-activedescendant={combobox.and_then(|c| c.active.clone())}
                onkeydown={combobox.map(|c| c.on_keydown.clone())}
                {oninput}
            />
            if let Some(help) = &props.help {
                <small class="help">{ help.clone() }</small>
            }
            if let Some(w) = &*warning {
                <p class="warning" role="alert" data-testid={format!("{id}-credential")}>{ w.clone() }</p>
            }
            if let Some(err) = &props.error {
                <p class="field-error" role="alert" id={error_id} data-testid={format!("{id}-error")}>{ err.clone() }</p>
            }
        </div>
    }
}
