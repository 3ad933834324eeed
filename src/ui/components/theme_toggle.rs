use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::ui::state::{use_app_state, Msg, Theme};

/// Light, dark, or follow the system.
#[component]
pub fn ThemeToggle() -> Html {
    let state = use_app_state();
    let current = state.theme;
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Ok(t) = select.value().parse::<Theme>() {
            state.dispatch(Msg::SetTheme(t));
        }
    });
    let option = |t: Theme, label: &'static str| {
        html! { <option key={t.as_str()} value={t.as_str()} selected={t == current}>{ label }</option> }
    };
    html! {
        <div class="theme-toggle">
            <label for="theme">{ "Theme" }</label>
            <select id="theme" data-testid="theme" {onchange}>
                { option(Theme::Auto, "System") }
                { option(Theme::Light, "Light") }
                { option(Theme::Dark, "Dark") }
            </select>
        </div>
    }
}
