//! The first policy, before the app: a small WebAssembly module (the core
//! without yew, the analysis or the other inputs) that a preset or share
//! link's page loads first. It reads the link, generates the policy from
//! the catalog and hands the printed document to the loader
//! (`static/first-paint.js`), which paints it. The app loads after that and
//! takes the page over; where this module cannot paint (the start page, the
//! commands input, a bad recipe value), the loader starts the app at once.

#[cfg(target_arch = "wasm32")]
mod web {
    use policy_builder::recipe;
    use policy_builder::session::{State, Theme};
    use wasm_bindgen::prelude::*;

    /// What the page paints first, or `undefined` when there is nothing to
    /// paint (the app then starts at once and says why, if something is
    /// wrong). The catalog arrives as bytes: one copy into this module's
    /// memory, not a UTF-16 round trip.
    #[wasm_bindgen]
    pub fn first_policy(search: &str, hash: &str, catalog: &[u8]) -> Option<FirstPolicy> {
        let state = State::from_link(search, hash);
        // A notice (a bad query or share link) is the app's to show.
        if state.notice.is_some() {
            return None;
        }
        let text = std::str::from_utf8(catalog).ok()?;
        let policy = state.first_policy_from_text(text)?;
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
        })
    }

    /// The policy document and what the page needs to lay it out as the
    /// app will.
    #[wasm_bindgen(getter_with_clone)]
    pub struct FirstPolicy {
        /// The document, printed as the builder prints it.
        pub json: String,
        /// `[[title, summary], ...]` (JSON), one per recipe.
        pub heads: String,
        /// The link asks for the compact layout of an iframe.
        pub embed: bool,
        /// `light` or `dark` when the link sets one.
        pub theme: Option<String>,
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("first-policy is part of the web app and runs in a browser.");
        std::process::exit(2);
    }
}
