use web_sys::HtmlAnchorElement;
use yew::prelude::*;

use crate::arn::Partition;
use crate::console;
use crate::ui::hooks::{share_url, use_clipboard};
use crate::ui::state::use_app_state;

#[derive(Properties, PartialEq)]
pub struct OutputBarProps {
    /// The policy as the preview shows it: what Copy copies.
    pub json: AttrValue,
    /// The same once typing pauses: what the Download link holds until
    /// it is clicked.
    pub download_json: AttrValue,
    pub partition: Partition,
    /// Embed mode: only Copy JSON and the console (the rest is under Export).
    #[prop_or_default]
    pub compact: bool,
}

/// Copy, open the console, download, share.
#[component]
pub fn OutputBar(props: &OutputBarProps) -> Html {
    let state = use_app_state();
    let copy = use_clipboard();
    let copied = use_state(|| None::<&'static str>);
    let on_copy = {
        let (copy, copied, json) = (copy.clone(), copied.clone(), props.json.to_string());
        Callback::from(move |_| {
            copy.emit(json.clone());
            copied.set(Some("Policy JSON copied."));
        })
    };
    let on_console = {
        let (copy, copied, json) = (copy.clone(), copied.clone(), props.json.to_string());
        // A plain click: the link opens the console; the copy happens too.
        Callback::from(move |_: MouseEvent| {
            copy.emit(json.clone());
            copied.set(Some("console"));
        })
    };
    let on_share = {
        let (copy, copied) = (copy.clone(), copied.clone());
        Callback::from(move |_| {
            copy.emit(share_url(&state));
            copied.set(Some("Link copied: it holds your choices, never free text."));
        })
    };
    // Encoding the whole document on every keystroke was most of this
    // bar's work; a click sets the link to the policy as it is now, before
    // the browser follows it.
    let download = use_memo(props.download_json.clone(), |json| download_href(json));
    let download_ref = use_node_ref();
    let on_download = {
        let (download_ref, json) = (download_ref.clone(), props.json.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = download_ref.cast::<HtmlAnchorElement>() {
                a.set_href(&download_href(&json));
            }
        })
    };
    html! {
        <div class="output-bar">
            <button type="button" data-testid="copy-json" onclick={on_copy}>{ "Copy JSON" }</button>
            <a class="button" data-testid="open-console" href={console::create_policy_url(props.partition)}
                target="_blank" rel="noopener noreferrer" onclick={on_console}>
                { "Create this policy in the IAM console" }
            </a>
            if !props.compact {
                <a class="button" data-testid="download-json" href={(*download).clone()} download="policy.json"
                    ref={download_ref} onclick={on_download}>{ "Download JSON" }</a>
                <button type="button" data-testid="share-link" onclick={on_share}>{ "Copy share link" }</button>
            }
            if let Some(msg) = *copied {
                if msg == "console" {
                    <ol class="next-steps" data-testid="next-steps" aria-live="polite">
                        { for console::next_steps().iter().map(|step| html! { <li key={*step}>{ *step }</li> }) }
                    </ol>
                } else {
                    <p class="copied" role="status">{ msg }</p>
                }
            }
        </div>
    }
}

/// The policy as a `data:` link for the Download button.
fn download_href(json: &str) -> String {
    format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}
