use std::rc::Rc;

use yew::prelude::*;

use crate::policy::Policy;
use crate::simulate::{simulate, Request};
use crate::ui::components::text_field::TextField;

#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    pub policy: Rc<Policy>,
}

/// Try a request against the policy: allowed or denied, and by which
/// statement.
#[component]
pub fn Simulator(props: &SimulatorProps) -> Html {
    let action = use_state(String::new);
    let resource = use_state(String::new);
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    let result = (!action.trim().is_empty()).then(|| {
        let resource = if resource.trim().is_empty() {
            "*"
        } else {
            resource.trim()
        };
        let outcome = simulate(&props.policy, &Request::new(action.trim(), resource));
        let by = outcome.deciding.map(|i| {
            let sid = props.policy.statements.get(i).and_then(|s| s.sid.clone());
            format!(
                " — statement {}{}",
                i + 1,
                sid.map(|s| format!(" ({s})")).unwrap_or_default()
            )
        });
        (
            outcome.is_allowed(),
            format!("{}{}", outcome.decision, by.unwrap_or_default()),
        )
    });
    html! {
        <section class="simulator" aria-labelledby="simulator-title">
            <h2 id="simulator-title">{ "Try a request" }</h2>
            <TextField id="sim-action" label="Action" value={(*action).clone()}
                placeholder={AttrValue::from("s3:PutObject")} on_change={set(&action)} />
            <TextField id="sim-resource" label="Resource ARN" value={(*resource).clone()}
                placeholder={AttrValue::from("arn:aws:s3:::bucket/js/app.js")} on_change={set(&resource)} />
            if let Some((allowed, text)) = result {
                <p class={if allowed { "allowed" } else { "denied" }} data-testid="sim-result" aria-live="polite">{ text }</p>
            }
        </section>
    }
}
