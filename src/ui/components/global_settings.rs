use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::arn::{self, Partition};
use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, Msg};

#[derive(Properties, PartialEq)]
pub struct GlobalSettingsProps {
    /// Show the account and region fields (recipes have their own).
    #[prop_or(true)]
    pub scope_fields: bool,
}

/// Partition, account and region: they fill `${Partition}`, `${Account}`
/// and `${Region}` in every ARN.
#[component]
pub fn GlobalSettings(props: &GlobalSettingsProps) -> Html {
    let state = use_app_state();
    let partition = state.choices.partition;
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(p) = select.value().parse::<Partition>() {
                state.dispatch(Msg::SetPartition(p));
            }
        })
    };
    let account = state.choices.account.clone().unwrap_or_default();
    let region = state.choices.region.clone().unwrap_or_default();
    let account_error = (!account.is_empty())
        .then(|| arn::validate_account(&account).err())
        .flatten()
        .map(|e| AttrValue::from(e.to_string()));
    let region_error = (!region.is_empty())
        .then(|| arn::validate_region(partition, &region).err())
        .flatten()
        .map(|e| AttrValue::from(e.to_string()));
    let set_account = {
        let state = state.clone();
        Callback::from(move |v: String| state.dispatch(Msg::SetAccount(v.trim().to_string())))
    };
    let set_region =
        Callback::from(move |v: String| state.dispatch(Msg::SetRegion(v.trim().to_string())));
    html! {
        <fieldset class={classes!("global-settings", props.scope_fields.then_some("with-scope"))}>
            <legend>{ "Where" }</legend>
            <div class="field">
                <label for="partition">{ "Partition" }</label>
                <select id="partition" data-testid="partition" {onchange}>
                    { for Partition::ALL.iter().map(|p| html! {
                        <option key={p.as_str()} value={p.as_str()} selected={*p == partition}>{ p.as_str() }</option>
                    }) }
                </select>
            </div>
            if props.scope_fields {
                <TextField id="account" label="Account id (optional)" value={account}
                    error={account_error} placeholder={AttrValue::from("123456789012")} on_change={set_account} />
                <TextField id="region" label="Region (optional)" value={region}
                    error={region_error} placeholder={AttrValue::from(partition.default_region())} on_change={set_region} />
            }
        </fieldset>
    }
}
