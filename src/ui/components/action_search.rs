use yew::prelude::*;

use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, use_catalog, Msg};

/// How many actions the search lists.
const SHOWN: usize = 10;

/// Find an action by any part of its name ("putobject" → `s3:PutObject`);
/// picking it adds it to its service's group.
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
    let on_change = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    let items = results.into_iter().map(|id| {
        let info = catalog.action_info(id);
        let full = info.full_name();
        let chosen = state
            .choices
            .groups
            .iter()
            .any(|g| g.service == info.service() && g.actions.contains(info.name()));
        let onclick = {
            let state = state.clone();
            let query = query.clone();
            let (service, action) = (info.service().to_string(), info.name().to_string());
            Callback::from(move |_| {
                state.dispatch(Msg::ToggleAction {
                    service: service.clone(),
                    action: action.clone(),
                });
                query.set(String::new());
            })
        };
        html! {
            <li key={full.clone()}>
                <button type="button" data-testid={format!("action-result-{full}")} aria-pressed={chosen.to_string()} {onclick}>
                    <code>{ full.clone() }</code>
                    <span class="level">{ info.access_level().to_string() }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="action-search">
            <TextField id="action-search" label="Find an action" value={(*query).clone()}
                placeholder={AttrValue::from("putobject, invalidation…")} {on_change} />
            <ul class="results" data-testid="action-results">{ for items }</ul>
        </div>
    }
}
