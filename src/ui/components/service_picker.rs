use yew::prelude::*;

use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, use_catalog, Msg};

/// How many services the picker lists at once.
const SHOWN: usize = 12;

/// A searchable list of services; picking one adds a group for it.
#[component]
pub fn ServicePicker() -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let query = use_state(String::new);
    let q = query.trim().to_ascii_lowercase();
    let matches: Vec<(String, String)> = if q.is_empty() {
        Vec::new()
    } else {
        catalog
            .services()
            .iter()
            .filter(|s| {
                s.prefix().to_ascii_lowercase().contains(&q)
                    || s.name().to_ascii_lowercase().contains(&q)
            })
            // Exact prefix first, then prefixes that start with the query.
            .map(|s| (s.prefix().to_string(), s.name().to_string()))
            .collect()
    };
    let mut matches = matches;
    matches.sort_by_key(|(p, _)| {
        (
            p.to_ascii_lowercase() != q,
            !p.to_ascii_lowercase().starts_with(&q),
            p.clone(),
        )
    });
    let on_change = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    let items = matches.into_iter().take(SHOWN).map(|(prefix, name)| {
        let onclick = {
            let state = state.clone();
            let query = query.clone();
            let prefix = prefix.clone();
            Callback::from(move |_| {
                state.dispatch(Msg::AddService(prefix.clone()));
                query.set(String::new());
            })
        };
        html! {
            <li key={prefix.clone()}>
                <button type="button" data-testid={format!("service-{prefix}")} {onclick}>
                    <code>{ prefix.clone() }</code>{ " " }{ name }
                </button>
            </li>
        }
    });
    html! {
        <div class="service-picker">
            <TextField id="service-search" label="Add a service" value={(*query).clone()}
                placeholder={AttrValue::from("s3, cloudfront, lambda…")} {on_change} />
            <ul class="results">{ for items }</ul>
        </div>
    }
}
