use std::collections::BTreeMap;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::arn::{self, ArnTemplate};
use crate::choices::{ArnChoice, ResourceChoice};
use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, use_catalog, Msg};

/// Placeholders the global settings fill.
const GLOBAL: [&str; 3] = ["Partition", "Account", "Region"];

#[derive(Properties, PartialEq)]
pub struct ArnFormProps {
    pub group: usize,
}

/// For each resource type the group's actions accept, one field per ARN
/// placeholder, or an explicit (and flagged) "All resources".
#[component]
pub fn ArnForm(props: &ArnFormProps) -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let Some(group) = state.choices.groups.get(props.group) else {
        return html! {};
    };
    let gi = props.group;
    let partition = state.choices.partition;
    // Resource type → ARN template, for every chosen action.
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: Vec<_> = group
        .actions
        .iter()
        .filter_map(|a| catalog.action(&format!("{}:{a}", group.service)))
        .collect();
    for level in &group.levels {
        ids.extend(catalog.actions_of(&group.service, Some(*level)));
    }
    for id in ids {
        for rt in catalog.action_info(id).resource_types() {
            types.insert(rt.name().to_string(), rt.arn().to_string());
        }
    }
    if types.is_empty() {
        return html! {};
    }
    let rows = types.into_iter().map(|(rt, template)| {
        let chosen = group.resources.get(&rt);
        let all = matches!(chosen, Some(ResourceChoice::All));
        let list: &[ArnChoice] = match chosen {
            Some(ResourceChoice::Some(l)) => l,
            _ => &[],
        };
        let values = match list.first() {
            Some(ArnChoice::Values(v)) => v.clone(),
            _ => BTreeMap::new(),
        };
        let whole_arns: Vec<String> = list
            .iter()
            .filter_map(|c| match c {
                ArnChoice::Arn(a) => Some(a.clone()),
                ArnChoice::Values(_) => None,
            })
            .collect();
        let placeholders: Vec<String> = template
            .parse::<ArnTemplate>()
            .map(|t| t.placeholders().into_iter().map(String::from).collect())
            .unwrap_or_default();
        let all_id = format!("all-{}-{rt}", group.service);
        let on_all = {
            let state = state.clone();
            let rt = rt.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                state.dispatch(Msg::SetAllResources { group: gi, resource_type: rt.clone(), all: input.checked() })
            })
        };
        let fields = placeholders.iter().filter(|p| !GLOBAL.contains(&p.as_str())).map(|p| {
            let value = values.get(p).cloned().unwrap_or_default();
            let error = (!value.is_empty())
                .then(|| arn::validate_value(p, &value, partition).err())
                .flatten()
                .map(|e| AttrValue::from(e.to_string()));
            let on_change = {
                let state = state.clone();
                let (rt, p) = (rt.clone(), p.clone());
                Callback::from(move |value: String| {
                    state.dispatch(Msg::SetResource { group: gi, resource_type: rt.clone(), placeholder: p.clone(), value })
                })
            };
            html! {
                <TextField key={p.clone()} id={format!("arn-{}-{rt}-{p}", group.service)} label={p.clone()}
                    value={value} {error} readonly={all} {on_change} />
            }
        });
        html! {
            <fieldset key={rt.clone()} class={classes!("arn-row", all.then_some("all-resources"))}>
                <legend><code>{ rt.clone() }</code></legend>
                <p class="template"><code>{ template.clone() }</code></p>
                if !all { { for fields } }
                if !whole_arns.is_empty() {
                    <ul class="arns">{ for whole_arns.iter().map(|a| html! { <li key={a.clone()}><code>{ a.clone() }</code></li> }) }</ul>
                }
                <div class="field checkbox">
                    <input type="checkbox" id={all_id.clone()} data-testid={all_id.clone()} checked={all} onchange={on_all} />
                    <label for={all_id}>{ "All resources (\"*\")" }</label>
                </div>
                if all {
                    <p class="warning" role="note">{ format!("Every {rt} in the account: only choose this if the job really needs it.") }</p>
                }
            </fieldset>
        }
    });
    html! {
        <div class="arn-form">
            <h3>{ "Resources" }</h3>
            { for rows }
        </div>
    }
}
