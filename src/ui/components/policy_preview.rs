use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PolicyPreviewProps {
    /// The policy document, already printed in the console's style.
    pub json: AttrValue,
    /// Shown above the document, e.g. that a bad field kept the last valid policy.
    #[prop_or_default]
    pub stale: Option<AttrValue>,
}

/// The live policy document, with keys and strings coloured.
#[component]
pub fn PolicyPreview(props: &PolicyPreviewProps) -> Html {
    html! {
        <section class="policy-preview" aria-labelledby="policy-preview-title">
            <h2 id="policy-preview-title">{ "Policy" }</h2>
            if let Some(s) = &props.stale {
                <p class="stale" data-testid="policy-stale">{ s.clone() }</p>
            }
            <pre aria-live="polite"><code data-testid="policy-json">{ colour(&props.json) }</code></pre>
        </section>
    }
}

/// Splits JSON text into spans: object keys, string values, and the rest
/// as plain text. The text content is unchanged.
fn colour(json: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut plain = String::new();
    let mut chars = json.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '"' {
            plain.push(c);
            continue;
        }
        let mut end = json.len();
        let mut escaped = false;
        for (i, d) in chars.by_ref() {
            if escaped {
                escaped = false;
            } else if d == '\\' {
                escaped = true;
            } else if d == '"' {
                end = i + 1;
                break;
            }
        }
        let token = &json[start..end];
        let is_key = json[end..].trim_start().starts_with(':');
        if !plain.is_empty() {
            out.push(html! { { std::mem::take(&mut plain) } });
        }
        let class = if is_key { "tok-key" } else { "tok-str" };
        out.push(html! { <span class={class}>{ token.to_string() }</span> });
    }
    if !plain.is_empty() {
        out.push(html! { { plain } });
    }
    out.into_iter().collect()
}
