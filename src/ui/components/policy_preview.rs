use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PolicyPreviewProps {
    /// The policy document, already printed in the console's style.
    pub json: AttrValue,
}

/// The live policy document.
#[component]
pub fn PolicyPreview(props: &PolicyPreviewProps) -> Html {
    html! {
        <section class="policy-preview" aria-labelledby="policy-preview-title">
            <h2 id="policy-preview-title">{ "Policy" }</h2>
            <pre aria-live="polite"><code data-testid="policy-json">{ props.json.clone() }</code></pre>
        </section>
    }
}
