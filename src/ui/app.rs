use yew::prelude::*;

use crate::policy::Policy;
use crate::ui::components::builder_screen::BuilderScreen;
use crate::ui::components::error_screen::ErrorScreen;
use crate::ui::components::import_box::ImportBox;
use crate::ui::components::policy_preview::PolicyPreview;
use crate::ui::components::recipe_gallery::RecipeGallery;
use crate::ui::components::theme_toggle::ThemeToggle;
use crate::ui::hooks::{
    initial_state, use_catalog_loader, use_embed_height, use_first_paint_handover, use_theme,
    use_url_fragment, CatalogLoad,
};
use crate::ui::state::{CatalogRef, Msg, Screen, StateHandle};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The catalog's text, for tests; the app fetches it when `None`.
    #[prop_or_default]
    pub catalog_text: Option<AttrValue>,
    /// Read the preset and share link from the URL, and keep the fragment
    /// in step. Tests turn it off so they do not leak state to each other.
    #[prop_or(true)]
    pub use_url: bool,
}

impl Default for AppProps {
    fn default() -> AppProps {
        AppProps {
            catalog_text: None,
            use_url: true,
        }
    }
}

/// The root: owns the one reducer, loads the catalog and shows a screen.
#[component]
pub fn App(props: &AppProps) -> Html {
    let from_url = props.use_url;
    let state: StateHandle = use_reducer(move || initial_state(from_url));
    let catalog = use_catalog_loader(props.catalog_text.clone());
    // Not while the catalog loads: the first policy comes first (a share
    // link is compressed, tens of milliseconds in a page just started).
    let loading = matches!(catalog, CatalogLoad::Loading);
    use_url_fragment(Rc::new((*state).clone()), props.use_url && !loading);
    use_theme(state.theme);
    use_embed_height(state.embed);
    use_first_paint_handover(!loading);
    // The start screen's preview: nothing chosen yet, so the empty policy.
    let empty_json = use_memo((), |_| Policy::empty().to_json());

    let dismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::SetNotice(None)))
    };
    let needs_catalog = |body: Html| match &catalog {
        CatalogLoad::Loading => html! {
            <p class="loading" role="status" data-testid="catalog-loading">
                { "Loading the IAM catalog (every AWS service, action and resource type)…" }
            </p>
        },
        CatalogLoad::Failed(why) => html! {
            <p class="error" role="alert" data-testid="catalog-error">{ why.clone() }</p>
        },
        CatalogLoad::Ready(c) => html! {
            <ContextProvider<CatalogRef> context={CatalogRef(c.clone())}>{ body }</ContextProvider<CatalogRef>>
        },
    };
    let screen = match state.screen {
        Screen::Start => html! {
            <div class="start">
                <RecipeGallery />
                <PolicyPreview json={AttrValue::from((*empty_json).clone())} />
            </div>
        },
        Screen::Builder | Screen::Commands | Screen::CloudTrail => {
            needs_catalog(html! { <BuilderScreen /> })
        }
        Screen::AccessDenied => needs_catalog(html! { <ErrorScreen /> }),
        Screen::Import => needs_catalog(html! { <ImportBox /> }),
    };
    let go_start = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Show(Screen::Start)))
    };

    html! {
        <ContextProvider<StateHandle> context={state.clone()}>
            <div class={classes!("app", state.embed.then_some("embed"))}>
                if !state.embed {
                    <header class="app-header">
                        <div class="title-row">
                            <h1>{ "IAM Policy Builder" }</h1>
                            <ThemeToggle />
                        </div>
                        <p class="tagline">
                            { "Describe the job a user or role must do; get the least-privilege IAM policy for it, with a reason for every permission." }
                        </p>
                        <p class="no-credentials" data-testid="no-credentials">
                            { "This tool never asks for, stores or sends AWS credentials. Everything runs in your browser; nothing you type leaves this page." }
                        </p>
                    </header>
                } else {
                    // Embedded: no header, but still one page heading for
                    // screen readers.
                    <header class="visually-hidden">
                        <h1>{ "IAM Policy Builder" }</h1>
                    </header>
                }
                if let Some(notice) = &state.notice {
                    <div class="notice" role="alert" data-testid="notice">
                        <span>{ notice.clone() }</span>
                        <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                    </div>
                }
                if state.screen != Screen::Start && !state.embed {
                    <nav class="crumbs">
                        <button type="button" class="link" data-testid="back-to-start" onclick={go_start}>
                            { "← All jobs" }
                        </button>
                    </nav>
                }
                <main>{ screen }</main>
                if !state.embed {
                    <footer class="app-footer">
                        <p>{ "Policies are generated from the AWS Service Authorization Reference. Review them before use." }</p>
                    </footer>
                }
            </div>
        </ContextProvider<StateHandle>>
    }
}

use std::rc::Rc;
