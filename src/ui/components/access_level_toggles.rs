use yew::prelude::*;

use crate::catalog::AccessLevel;
use crate::ui::hooks::use_descriptions;
use crate::ui::state::{use_app_state, use_catalog, Msg};

#[derive(Properties, PartialEq)]
pub struct AccessLevelTogglesProps {
    /// The group's index in the choices.
    pub group: usize,
}

/// A toggle per access level of the group's service, with its action count;
/// each level expands to tick single actions (descriptions load on demand).
#[component]
pub fn AccessLevelToggles(props: &AccessLevelTogglesProps) -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let expanded = use_state(|| None::<AccessLevel>);
    let descriptions = use_descriptions(expanded.is_some());
    let Some(group) = state.choices.groups.get(props.group) else {
        return html! {};
    };
    let service = group.service.clone();
    let counts = catalog.level_counts(&service);
    let gi = props.group;
    let levels = AccessLevel::ALL.iter().filter(|l| counts.get(l).copied().unwrap_or(0) > 0).map(|&level| {
        let count = counts.get(&level).copied().unwrap_or(0);
        let id = format!("level-{service}-{}", level.id());
        let on = group.levels.contains(&level);
        let onchange = {
            let state = state.clone();
            Callback::from(move |_: Event| state.dispatch(Msg::ToggleLevel { group: gi, level }))
        };
        let is_open = *expanded == Some(level);
        let toggle_open = {
            let expanded = expanded.clone();
            Callback::from(move |_| expanded.set(if is_open { None } else { Some(level) }))
        };
        let actions = is_open.then(|| {
            catalog.actions_of(&service, Some(level)).into_iter().map(|aid| {
                let info = catalog.action_info(aid);
                let name = info.name().to_string();
                let checked = on || group.actions.contains(&name);
                let aid_str = format!("action-{}", info.full_name());
                let desc = descriptions.as_ref().and_then(|d| d.get(aid.0 as usize)).cloned();
                let onchange = {
                    let state = state.clone();
                    let (service, name) = (service.clone(), name.clone());
                    Callback::from(move |_: Event| {
                        state.dispatch(Msg::ToggleAction { service: service.clone(), action: name.clone() })
                    })
                };
                html! {
                    <li key={name.clone()}>
                        <input type="checkbox" id={aid_str.clone()} data-testid={aid_str.clone()} {checked} disabled={on} {onchange} />
                        <label for={aid_str}><code>{ name }</code></label>
                        if let Some(d) = desc { <small class="help">{ d }</small> }
                    </li>
                }
            }).collect::<Html>()
        });
        html! {
            <li key={level.id()} class="level-row">
                <input type="checkbox" id={id.clone()} data-testid={id.clone()} checked={on} {onchange} />
                <label for={id}>{ format!("{level} ({count})") }</label>
                <button type="button" class="link" aria-expanded={is_open.to_string()} onclick={toggle_open}>
                    { if is_open { "Hide actions" } else { "Choose actions" } }
                </button>
                if let Some(list) = actions { <ul class="action-list">{ list }</ul> }
            </li>
        }
    });
    html! {
        <fieldset class="access-levels">
            <legend>{ "Access levels" }</legend>
            <ul>{ for levels }</ul>
        </fieldset>
    }
}
