use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::session::AuthMode;
use crate::trust::{CiProvider, TrustError};
use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, Msg};

/// Who uses the permissions: an IAM user with access keys, or a role a CI
/// job assumes with its own OIDC token.
#[component]
pub fn AuthModeChoice() -> Html {
    let state = use_app_state();
    let radio = |mode: AuthMode, label: &'static str| {
        let id = format!("auth-{}", mode.as_str());
        let onchange = {
            let state = state.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                if input.checked() {
                    state.dispatch(Msg::SetAuth(mode));
                }
            })
        };
        html! {
            <div class="field checkbox">
                <input type="radio" name="auth-mode" id={id.clone()} data-testid={id.clone()}
                    value={mode.as_str()} checked={state.auth == mode} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    html! {
        <fieldset class="auth-mode" data-testid="auth-mode">
            <legend>{ "Who uses it" }</legend>
            <div class="choices">
                // Embedded, shorter, to share a line with the partition.
                { radio(AuthMode::User, if state.embed { "IAM user with keys" } else { "An IAM user with access keys" }) }
                { radio(AuthMode::Role, if state.embed { "Role for CI (recommended)" } else { "A role for CI (recommended)" }) }
            </div>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct CiFieldsProps {
    /// Why the role cannot be built yet, when it cannot: shown beside the
    /// identifier it is about.
    #[prop_or_default]
    pub error: Option<TrustError>,
}

/// With the role chosen: the CI system and its identifiers (`repo`,
/// `ref`…), each checked as it is typed. Nothing when the user is an IAM
/// user.
#[component]
pub fn CiFields(props: &CiFieldsProps) -> Html {
    let state = use_app_state();
    if state.auth != AuthMode::Role {
        return Html::default();
    }
    let on_ci = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(ci) = select.value().parse::<CiProvider>() {
                state.dispatch(Msg::SetCi(ci));
            }
        })
    };
    // Embedded, the examples in the placeholders stand in for the help
    // lines, to keep the iframe short.
    let compact = state.embed;
    let values = state.ci_values();
    let error = props.error.as_ref();
    let fields = state.ci.params().iter().map(|spec| {
        let set = {
            let state = state.clone();
            let name = spec.name.to_string();
            Callback::from(move |value: String| {
                state.dispatch(Msg::SetCiParam {
                    name: name.clone(),
                    value,
                })
            })
        };
        let label = if spec.required {
            spec.label.to_string()
        } else {
            format!("{} (optional)", spec.label)
        };
        let field_error = error
            .filter(|e| e.param == spec.name)
            .map(|e| AttrValue::from(e.to_string()));
        html! {
            <TextField key={spec.name} id={format!("ci-param-{}", spec.name)} {label}
                value={values.get(spec.name).cloned().unwrap_or_default()}
                readonly={state.ci_locked.contains(spec.name)}
                error={field_error}
                help={(!compact).then(|| AttrValue::from(spec.help))}
                placeholder={AttrValue::from(spec.example)} on_change={set} />
        }
    });
    // The role's ARN needs the account: from the field the screen already
    // has, else from one here.
    let account_above = state.shows_account_field();
    let account_error = error
        .filter(|e| e.param == "account")
        .map(|e| AttrValue::from(e.to_string()));
    let on_account = {
        let state = state.clone();
        Callback::from(move |a: String| state.dispatch(Msg::SetAccount(a)))
    };
    html! {
        <fieldset class="ci-fields" data-testid="ci-fields">
            <legend>{ "The CI job that assumes the role" }</legend>
            if !compact {
                <p class="help">
                    { "No access keys to leak or rotate: the CI job assumes the role with its own short-lived OIDC token, and the trust policy admits only the repository and branch you name." }
                </p>
            }
            <div class="ci-grid">
                <div class="field">
                    <label for="ci-provider">{ "CI system" }</label>
                    <select id="ci-provider" data-testid="ci-provider" onchange={on_ci}>
                        { for CiProvider::ALL.iter().map(|ci| html! {
                            <option key={ci.as_str()} value={ci.as_str()} selected={*ci == state.ci}>{ ci.label() }</option>
                        }) }
                    </select>
                </div>
                { for fields }
                if !account_above {
                    <TextField id="ci-account" label="Account id (for the role's ARN)"
                        value={state.choices.account.clone().unwrap_or_default()}
                        error={account_error.clone()} placeholder={AttrValue::from("123456789012")}
                        on_change={on_account} />
                }
            </div>
            if account_above {
                if let Some(e) = account_error {
                    <p class="field-error" role="alert" data-testid="ci-account-error">
                        { format!("The role's ARN needs the Account id: {e}") }
                    </p>
                }
            }
        </fieldset>
    }
}
