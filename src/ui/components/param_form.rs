use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::recipe::{self, ParamKind};
use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, Msg};

/// One input per parameter of the chosen recipes, each checked as it is
/// typed; a bad value shows its rule next to the field.
#[component]
pub fn ParamForm() -> Html {
    let state = use_app_state();
    let partition = state.choices.partition;
    let params = state
        .recipes
        .iter()
        .filter_map(|id| recipe::find(id))
        .flat_map(|r| r.params.iter());
    let fields = params.map(|p| {
        let value = state.params.get(&p.name).cloned().unwrap_or_default();
        let locked = state.locked.contains(&p.name);
        let id = format!("param-{}", p.name);
        let set = {
            let state = state.clone();
            let name = p.name.clone();
            Callback::from(move |value: String| {
                state.dispatch(Msg::SetParam {
                    name: name.clone(),
                    value,
                })
            })
        };
        if p.kind == ParamKind::Bool {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                set.emit(input.checked().to_string());
            });
            return html! {
                <div class="field checkbox" key={p.name.clone()}>
                    <input type="checkbox" id={id.clone()} data-testid={id.clone()}
                        checked={value == "true"} disabled={locked} {onchange} />
                    <label for={id}>{ p.label.clone() }</label>
                    <small class="help">{ p.help.clone() }</small>
                </div>
            };
        }
        let trimmed = value.trim();
        let error = if trimmed.is_empty() {
            (!p.optional).then(|| format!("{} is required", p.label))
        } else {
            recipe::validate_param(p, trimmed, partition)
                .err()
                .map(|e| e.to_string())
        };
        let label = if p.optional {
            format!("{} (optional)", p.label)
        } else {
            p.label.clone()
        };
        html! {
            <TextField key={p.name.clone()} id={id} label={label} value={value}
                readonly={locked} error={error.map(AttrValue::from)}
                help={AttrValue::from(p.help.clone())} on_change={set} />
        }
    });
    html! {
        <fieldset class="param-form" data-testid="param-form">
            <legend>{ "Your names and ids" }</legend>
            { for fields }
        </fieldset>
    }
}
