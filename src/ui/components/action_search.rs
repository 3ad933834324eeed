use yew::prelude::*;

use crate::ui::components::combobox::{ComboOption, Combobox};
use crate::ui::state::{use_app_state, use_catalog, Msg};

/// How many actions the search lists.
const SHOWN: usize = 10;

/// A combobox of actions found by any part of their name ("putobject" →
/// `s3:PutObject`, ranked by `Catalog::search_actions`); picking one adds
/// it to its service's group, or takes it out if it was already chosen.
#[component]
pub fn ActionSearch() -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let query = use_state(String::new);
    let results = if query.trim().is_empty() {
        Vec::new()
    } else {
        catalog.search_actions(query.trim(), SHOWN)
    };
    let picks: Vec<(String, String)> = results
        .iter()
        .map(|&id| {
            let info = catalog.action_info(id);
            (info.service().to_string(), info.name().to_string())
        })
        .collect();
    let options: Vec<ComboOption> = results
        .iter()
        .map(|&id| {
            let info = catalog.action_info(id);
            let full = info.full_name();
            let chosen = state
                .choices
                .groups
                .iter()
                .any(|g| g.service == info.service() && g.actions.contains(info.name()));
            ComboOption {
                testid: AttrValue::from(format!("action-result-{full}")),
                content: html! {
                    <>
                        <code>{ full.clone() }</code>
                        <span class="level">
                            { info.access_level().to_string() }
                            if chosen {
                                <span class="chosen">{ ", chosen" }</span>
                            }
                        </span>
                    </>
                },
                announce: AttrValue::from(if chosen {
                    format!("Removed {full}")
                } else {
                    format!("Added {full}")
                }),
            }
        })
        .collect();
    let on_pick = Callback::from(move |i: usize| {
        if let Some((service, action)) = picks.get(i) {
            state.dispatch(Msg::ToggleAction {
                service: service.clone(),
                action: action.clone(),
            });
        }
    });
    let on_change = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    html! {
        <div class="action-search">
            <Combobox id="action-search" label="Find an action" list_label="Actions"
                value={(*query).clone()} placeholder={AttrValue::from("putobject, invalidation…")}
                list_testid={AttrValue::from("action-results")}
                {options} {on_pick} {on_change} />
        </div>
    }
}
