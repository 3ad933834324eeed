use std::rc::Rc;

use yew::prelude::*;

use crate::export::{export, Format, PolicyName};
use crate::policy::Policy;
use crate::ui::components::text_field::TextField;
use crate::ui::hooks::use_clipboard;

#[derive(Properties, PartialEq)]
pub struct ExportTabsProps {
    /// The policy the preview shows: what Copy exports.
    pub policy: Rc<Policy>,
    /// The policy the export text shows: the same once typing pauses.
    pub shown: Rc<Policy>,
}

/// The policy as an AWS CLI command, a CloudFormation template or a
/// Terraform resource (and JSON), one tab each.
#[component]
pub fn ExportTabs(props: &ExportTabsProps) -> Html {
    let tab = use_state(|| Format::AwsCli);
    let name = use_state(|| "iam-policy-builder-policy".to_string());
    let copy = use_clipboard();
    let parsed_name: Result<PolicyName, String> = name
        .parse()
        .map_err(|e: crate::export::NameError| e.to_string());
    // The text follows the policy when typing pauses, as the findings do;
    // Copy exports the policy as it is now.
    let text = use_memo(
        (props.shown.clone(), (*name).clone(), *tab),
        |(policy, name, tab)| exported(policy, name, *tab),
    );
    let on_name = {
        let name = name.clone();
        Callback::from(move |v: String| name.set(v))
    };
    let tabs = Format::ALL.iter().map(|f| {
        let selected = *tab == *f;
        let onclick = {
            let tab = tab.clone();
            let f = *f;
            Callback::from(move |_| tab.set(f))
        };
        html! {
            <button key={f.as_str()} type="button" role="tab" aria-selected={selected.to_string()}
                data-testid={format!("export-tab-{}", f.as_str())} {onclick}>{ label(*f) }</button>
        }
    });
    let on_copy = {
        let (copy, policy, name, tab) = (copy.clone(), props.policy.clone(), name.clone(), *tab);
        Callback::from(move |_| {
            if let Some(t) = exported(&policy, &name, tab) {
                copy.emit(t);
            }
        })
    };
    html! {
        <section class="export-tabs" aria-labelledby="export-title">
            <h2 id="export-title">{ "Export" }</h2>
            <TextField id="policy-name" label="Policy name" value={(*name).clone()} on_change={on_name}
                error={parsed_name.err().map(AttrValue::from)} />
            <div role="tablist" aria-label="Export format">{ for tabs }</div>
            <pre role="tabpanel" class="scroll-box" tabindex="0" aria-label={format!("{} text", label(*tab))}><code data-testid="export-text">{ (*text).clone().unwrap_or_default() }</code></pre>
            <button type="button" data-testid="copy-export" onclick={on_copy}>{ "Copy" }</button>
        </section>
    }
}

/// The policy in `format`, or nothing while the name is not a valid one.
fn exported(policy: &Policy, name: &str, format: Format) -> Option<String> {
    let name: PolicyName = name.parse().ok()?;
    Some(export(policy, &name, None, format))
}

fn label(f: Format) -> &'static str {
    match f {
        Format::Json => "JSON",
        Format::AwsCli => "AWS CLI",
        Format::CloudFormation => "CloudFormation",
        Format::Terraform => "Terraform",
    }
}
