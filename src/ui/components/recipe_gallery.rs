use yew::prelude::*;

use crate::recipe;
use crate::ui::state::{use_app_state, Msg, Screen};

/// The first screen: one card per job, plus the two other ways in.
#[component]
pub fn RecipeGallery() -> Html {
    let state = use_app_state();
    let cards = recipe::all().iter().map(|r| {
        let onclick = {
            let state = state.clone();
            let id = r.id.clone();
            Callback::from(move |_| state.dispatch(Msg::PickRecipe(id.clone())))
        };
        html! {
            <li key={r.id.clone()}>
                <button type="button" class="card" data-testid={format!("recipe-{}", r.id)} {onclick}>
                    <span class="card-title">{ r.title.clone() }</span>
                    <span class="card-summary">{ r.summary.clone() }</span>
                </button>
            </li>
        }
    }).collect::<Vec<Html>>();
    let scratch = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::StartScratch))
    };
    let commands = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::StartCommands))
    };
    let error = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::OpenDenied))
    };
    let cloudtrail = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::StartCloudTrail))
    };
    let import = Callback::from(move |_| state.dispatch(Msg::Show(Screen::Import)));
    html! {
        <section class="recipe-gallery" aria-labelledby="gallery-title">
            <h2 id="gallery-title">{ "What must the user or role do?" }</h2>
            <ul class="cards">
                { for cards.into_iter() }
                <li key="scratch">
                    <button type="button" class="card other" data-testid="start-scratch" onclick={scratch}>
                        <span class="card-title">{ "Start from scratch" }</span>
                        <span class="card-summary">{ "Pick services, access levels and actions yourself." }</span>
                    </button>
                </li>
                <li key="commands">
                    <button type="button" class="card other" data-testid="start-commands" onclick={commands}>
                        <span class="card-title">{ "Paste the commands your job runs" }</span>
                        <span class="card-summary">{ "A CI step or shell script: each AWS CLI command becomes exactly the permissions it needs." }</span>
                    </button>
                </li>
                <li key="error">
                    <button type="button" class="card other" data-testid="start-error" onclick={error}>
                        <span class="card-title">{ "Paste an AccessDenied error" }</span>
                        <span class="card-summary">{ "See what was denied and by which policy, and add exactly what is missing." }</span>
                    </button>
                </li>
                <li key="cloudtrail">
                    <button type="button" class="card other" data-testid="start-cloudtrail" onclick={cloudtrail}>
                        <span class="card-title">{ "Paste CloudTrail events" }</span>
                        <span class="card-summary">{ "The events of a run become the policy they needed, denied calls marked." }</span>
                    </button>
                </li>
                <li key="import">
                    <button type="button" class="card other" data-testid="start-import" onclick={import}>
                        <span class="card-title">{ "Paste an existing policy" }</span>
                        <span class="card-summary">{ "See what it really grants, what is risky, and narrow it." }</span>
                    </button>
                </li>
            </ul>
        </section>
    }
}
