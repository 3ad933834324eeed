//! The first policy, before the app: a small WebAssembly module (the core
//! without yew, the analysis or the other inputs) that a preset or share
//! link's page loads first. It reads the link, generates the policy from
//! the recipes' part of the catalog, which it carries, or else from the
//! catalog file, and hands the printed document to `static/preload.js`,
//! which paints it. The app loads after that (`static/loader.js`) and
//! takes the page over; where this module cannot paint (the start page, the
//! commands input, a bad recipe value), the loader starts the app at once.

#[cfg(target_arch = "wasm32")]
mod web {
    use policy_builder::catalog::RECIPE_PART;
    use policy_builder::recipe;
    use policy_builder::session::{NotInPart, State, Theme};
    use wasm_bindgen::prelude::*;

    /// What the page paints first, or `undefined` when there is nothing to
    /// paint (the app then starts at once and says why, if something is
    /// wrong). The recipes' part of the catalog is in this module
    /// (`catalog::RECIPE_PART`), so a recipe's policy needs no fetch. For
    /// choices outside it, called without `catalog` this answers with
    /// `needs_catalog`, and `preload.js` calls again with the catalog file's
    /// bytes: one copy into this module's memory, not a UTF-16 round trip.
    #[wasm_bindgen]
    pub fn first_policy(search: &str, hash: &str, catalog: Option<Vec<u8>>) -> Option<FirstPolicy> {
        let state = State::from_link(search, hash);
        // A notice (a bad query or share link) is the app's to show.
        if state.notice.is_some() {
            return None;
        }
        let policy = match state.first_policy_from_part(RECIPE_PART) {
            Ok(policy) => policy?,
            Err(NotInPart) => match catalog {
                Some(bytes) => state.first_policy_from_text(std::str::from_utf8(&bytes).ok()?)?,
                None => {
                    return Some(FirstPolicy {
                        needs_catalog: true,
                        ..FirstPolicy::default()
                    })
                }
            },
        };
        // Each recipe's title and summary, as the builder heads them.
        let heads: Vec<(&str, &str)> = state
            .recipes
            .iter()
            .filter_map(|id| recipe::find(id))
            .map(|r| (r.title.as_str(), r.summary.as_str()))
            .collect();
        Some(FirstPolicy {
            json: policy.to_json(),
            heads: serde_json::to_string(&heads).ok()?,
            embed: state.embed,
            theme: match state.theme {
                Theme::Auto => None,
                t => Some(t.as_str().to_string()),
            },
            needs_catalog: false,
        })
    }

    /// The policy document and what the page needs to lay it out as the
    /// app will.
    #[wasm_bindgen(getter_with_clone)]
    #[derive(Default)]
    pub struct FirstPolicy {
        /// The document, printed as the builder prints it.
        pub json: String,
        /// `[[title, summary], ...]` (JSON), one per recipe.
        pub heads: String,
        /// The link asks for the compact layout of an iframe.
        pub embed: bool,
        /// `light` or `dark` when the link sets one.
        pub theme: Option<String>,
        /// The choices name a service outside the recipes' part: call
        /// again with the catalog file (nothing else is set).
        pub needs_catalog: bool,
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("first-policy is part of the web app and runs in a browser.");
        std::process::exit(2);
    }
}
