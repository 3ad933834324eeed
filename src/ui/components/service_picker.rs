use yew::prelude::*;

use crate::ui::components::combobox::{ComboOption, Combobox};
use crate::ui::state::{use_app_state, use_catalog, Msg};

/// How many services the picker lists at once.
const SHOWN: usize = 12;

/// A combobox of services, ranked by `Catalog::search_services`; picking
/// one adds a group for it.
#[component]
pub fn ServicePicker() -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let query = use_state(String::new);
    let services = catalog.search_services(&query, SHOWN);
    let options: Vec<ComboOption> = services
        .iter()
        .map(|s| {
            let (prefix, name) = (s.prefix(), s.name());
            let added = state.choices.groups.iter().any(|g| g.service == prefix);
            ComboOption {
                testid: AttrValue::from(format!("service-{prefix}")),
                content: html! { <><code>{ prefix.to_string() }</code>{ " " }{ name.to_string() }</> },
                announce: AttrValue::from(if added {
                    format!("{prefix} ({name}) is already added")
                } else {
                    format!("Added {prefix} ({name})")
                }),
            }
        })
        .collect();
    let on_pick = {
        let prefixes: Vec<String> = services.iter().map(|s| s.prefix().to_string()).collect();
        Callback::from(move |i: usize| {
            if let Some(prefix) = prefixes.get(i) {
                state.dispatch(Msg::AddService(prefix.clone()));
            }
        })
    };
    let on_change = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    html! {
        <div class="service-picker">
            <Combobox id="service-search" label="Add a service" list_label="Services"
                value={(*query).clone()} placeholder={AttrValue::from("s3, cloudfront, lambda…")}
                {options} {on_pick} {on_change} />
        </div>
    }
}
