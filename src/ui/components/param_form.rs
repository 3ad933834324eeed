use web_sys::HtmlInputElement;
use yew::prelude::*;

use std::rc::Rc;

use crate::recipe::{self, ParamKind};
use crate::ui::components::field_findings::FieldFindings;
use crate::ui::components::findings_panel::Finding;
use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, Msg};

#[derive(Properties, PartialEq)]
pub struct ParamFormProps {
    /// The policy's findings; those about a parameter show beside it.
    #[prop_or_default]
    pub findings: Rc<Vec<Finding>>,
    /// Highlight a finding's statement in the policy.
    #[prop_or_default]
    pub on_select: Callback<Option<usize>>,
}

/// One input per parameter of the chosen recipes, each checked as it is
/// typed; a bad value shows its rule next to the field, and so do the
/// policy's findings about the statements the value went into.
#[component]
pub fn ParamForm(props: &ParamFormProps) -> Html {
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
        // Each finding beside one field: the first, in the form's order, of
        // those whose values made its statement.
        let about: Vec<Finding> = props
            .findings
            .iter()
            .filter(|f| f.params.first() == Some(&p.name))
            .cloned()
            .collect();
        let beside = html! {
            <FieldFindings findings={about} testid={format!("field-findings-{}", p.name)}
                on_select={props.on_select.clone()} />
        };
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
                    { beside }
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
            <div class="param" key={p.name.clone()}>
                <TextField id={id} label={label} value={value}
                    readonly={locked} error={error.map(AttrValue::from)}
                    help={AttrValue::from(p.help.clone())} on_change={set} />
                { beside }
            </div>
        }
    });
    html! {
        <fieldset class="param-form" data-testid="param-form">
            <legend>{ "Your names and ids" }</legend>
            { for fields }
        </fieldset>
    }
}
