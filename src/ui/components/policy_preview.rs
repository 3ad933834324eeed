use web_sys::HtmlElement;
use yew::prelude::*;

use crate::placement::statement_span;

#[derive(Properties, PartialEq)]
pub struct PolicyPreviewProps {
    /// The policy document, already printed in the console's style.
    pub json: AttrValue,
    /// Shown above the document, e.g. that a bad field kept the last valid policy.
    #[prop_or_default]
    pub stale: Option<AttrValue>,
    /// The statement to highlight (its index), e.g. the one a finding is about.
    #[prop_or_default]
    pub highlight: Option<usize>,
}

/// The live policy document, with keys and strings coloured, in its own
/// scrolling box (focusable and named, so keyboard users can scroll it).
#[component]
pub fn PolicyPreview(props: &PolicyPreviewProps) -> Html {
    let pre = use_node_ref();
    let mark = use_node_ref();
    let span = props.highlight.and_then(|i| statement_span(&props.json, i));
    {
        // Bring the highlighted statement into the box's view (the box only:
        // scrollIntoView would scroll the page, and an embedding page too).
        let (pre, mark) = (pre.clone(), mark.clone());
        use_effect_with(span.clone(), move |_| {
            if let (Some(pre), Some(mark)) = (pre.cast::<HtmlElement>(), mark.cast::<HtmlElement>())
            {
                pre.set_scroll_top(mark.offset_top() - 8);
            }
        });
    }
    let body = match span {
        Some(r) => html! {
            <>
                { colour(&props.json[..r.start]) }
                <mark class="statement-highlight" data-testid="policy-highlight" ref={mark}>{ colour(&props.json[r.clone()]) }</mark>
                { colour(&props.json[r.end..]) }
            </>
        },
        None => colour(&props.json),
    };
    html! {
        <section class="policy-preview" aria-labelledby="policy-preview-title">
            <h2 id="policy-preview-title">{ "Policy" }</h2>
            if let Some(s) = &props.stale {
                <p class="stale" data-testid="policy-stale">{ s.clone() }</p>
            }
            <pre class="scroll-box" ref={pre} tabindex="0" role="region" aria-label="Policy JSON"
                data-testid="policy-box" aria-live="polite"><code data-testid="policy-json">{ body }</code></pre>
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
