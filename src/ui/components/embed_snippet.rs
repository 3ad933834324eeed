use gloo::utils::window;
use yew::prelude::*;

use crate::preset::{embed_preset, embed_snippet};
use crate::ui::hooks::use_clipboard;
use crate::ui::state::use_app_state;

/// "Embed this in your docs": the iframe snippet that opens exactly this
/// builder (the recipe, its values, the locked fields, the theme) in embed
/// mode, with the script that fits the iframe to it, and a Copy button.
#[component]
pub fn EmbedSnippet() -> Html {
    let state = use_app_state();
    let open = use_state(|| false);
    let copy = use_clipboard();
    let copied = use_state(|| false);
    let Some(preset) = embed_preset(&state) else {
        return html! {};
    };
    let toggle = {
        let (open, copied) = (open.clone(), copied.clone());
        Callback::from(move |_| {
            open.set(!*open);
            copied.set(false);
        })
    };
    let snippet = if *open {
        let location = window().location();
        let origin = location.origin().unwrap_or_default();
        let path = location.pathname().unwrap_or_default();
        embed_snippet(&origin, &path, &preset)
    } else {
        String::new()
    };
    let on_copy = {
        let (copy, copied, snippet) = (copy.clone(), copied.clone(), snippet.clone());
        Callback::from(move |_| {
            copy.emit(snippet.clone());
            copied.set(true);
        })
    };
    html! {
        <section class="embed-snippet" aria-labelledby="embed-title">
            <h2 id="embed-title" class="small-heading">
                <button type="button" class="disclosure" data-testid="show-embed"
                    aria-expanded={open.to_string()} aria-controls="embed-body" onclick={toggle}>
                    { "Embed this in your docs" }
                </button>
            </h2>
            <div id="embed-body" hidden={!*open}>
                if *open {
                    <p class="help">
                        { "Paste this into a docs page: it shows this recipe with these values (locked fields stay read-only) and fits its height to the content. Only messages from this builder's origin resize it." }
                    </p>
                    <pre class="scroll-box" tabindex="0" role="region" aria-label="Embed snippet">
                        <code data-testid="embed-snippet">{ snippet }</code>
                    </pre>
                    <button type="button" data-testid="copy-embed" onclick={on_copy}>{ "Copy snippet" }</button>
                    if *copied {
                        <p class="copied" role="status">{ "Snippet copied." }</p>
                    }
                }
            </div>
        </section>
    }
}
