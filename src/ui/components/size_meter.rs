use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::policy::SizeLimit;

#[derive(Properties, PartialEq)]
pub struct SizeMeterProps {
    /// The policy's size as IAM counts it (whitespace not counted).
    pub size: usize,
    pub limit: SizeLimit,
    /// Whether the user asked for the minimised policy.
    #[prop_or_default]
    pub minimized: bool,
    pub on_limit: Callback<SizeLimit>,
    pub on_minimize: Callback<bool>,
}

fn label(limit: SizeLimit) -> &'static str {
    match limit {
        SizeLimit::Managed => "Managed policy",
        SizeLimit::InlineUser => "Inline, on a user",
        SizeLimit::InlineGroup => "Inline, on a group",
        SizeLimit::InlineRole => "Inline, on a role",
    }
}

/// The policy's size against where it will be stored, with a way to shorten
/// it when it does not fit.
#[component]
pub fn SizeMeter(props: &SizeMeterProps) -> Html {
    let max = props.limit.max_chars();
    let over = props.size > max;
    let onchange = {
        let on_limit = props.on_limit.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(l) = select.value().parse() {
                on_limit.emit(l);
            }
        })
    };
    let minimize = {
        let on = props.on_minimize.clone();
        let next = !props.minimized;
        Callback::from(move |_| on.emit(next))
    };
    html! {
        <div class={classes!("size-meter", over.then_some("over"))} data-testid="size-meter">
            <label for="size-limit">{ "Stored as" }</label>
            <select id="size-limit" data-testid="size-limit" {onchange}>
                { for SizeLimit::ALL.iter().map(|l| html! {
                    <option key={l.as_str()} value={l.as_str()} selected={*l == props.limit}>
                        { format!("{} ({} characters)", label(*l), l.max_chars()) }
                    </option>
                }) }
            </select>
            <meter min="0" max={max.to_string()} value={props.size.to_string()}
                high={(max * 9 / 10).to_string()} aria-label="Policy size" />
            <span data-testid="size-text">{ format!("{} / {} characters", props.size, max) }</span>
            if over {
                <p class="field-error" role="alert">{ "Too large for this limit: IAM will refuse it." }</p>
            }
            if over || props.minimized {
                <button type="button" data-testid="minimize" onclick={minimize}>
                    { if props.minimized { "Show the full policy" } else { "Minimise (use wildcards)" } }
                </button>
            }
        </div>
    }
}
