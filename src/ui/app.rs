use yew::prelude::*;

use crate::policy::Policy;
use crate::ui::components::policy_preview::PolicyPreview;

/// The root component.
#[component]
pub fn App() -> Html {
    // Derived, never stored: the policy shown is always computed from the
    // user's choices. With no choices yet, that is the empty policy.
    let policy_json = use_memo((), |_| Policy::empty().to_json());

    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "IAM Policy Builder" }</h1>
                <p class="tagline">
                    { "Describe the job a user or role must do; get the least-privilege IAM policy for it, with a reason for every permission." }
                </p>
                <p class="no-credentials" data-testid="no-credentials">
                    { "This tool never asks for, stores or sends AWS credentials. Everything runs in your browser; nothing you type leaves this page." }
                </p>
            </header>
            <main>
                <PolicyPreview json={(*policy_json).clone()} />
            </main>
        </div>
    }
}
