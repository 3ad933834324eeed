use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::choices::ConditionChoice;
use crate::ui::components::text_field::TextField;
use crate::ui::state::{use_app_state, Msg};

/// The conditions the editor offers: label, operator, key (a `{tag}` in the
/// key is replaced by the tag name typed before the value).
const KINDS: [(&str, &str, &str); 6] = [
    ("S3 key prefix (s3:prefix)", "StringLike", "s3:prefix"),
    (
        "Passed to service (iam:PassedToService)",
        "StringEquals",
        "iam:PassedToService",
    ),
    ("Source IP (aws:SourceIp)", "IpAddress", "aws:SourceIp"),
    (
        "Only over HTTPS (aws:SecureTransport)",
        "Bool",
        "aws:SecureTransport",
    ),
    (
        "Requested region (aws:RequestedRegion)",
        "StringEquals",
        "aws:RequestedRegion",
    ),
    (
        "Resource tag (aws:ResourceTag/<key>=<value>)",
        "StringEquals",
        "aws:ResourceTag/",
    ),
];

#[derive(Properties, PartialEq)]
pub struct ConditionEditorProps {
    pub group: usize,
}

/// The group's conditions, and a small form to add a common one.
#[component]
pub fn ConditionEditor(props: &ConditionEditorProps) -> Html {
    let state = use_app_state();
    let kind = use_state(|| 0usize);
    let value = use_state(String::new);
    let Some(group) = state.choices.groups.get(props.group) else {
        return html! {};
    };
    let gi = props.group;
    let (_, operator, key) = KINDS[*kind];
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            kind.set(select.value().parse().unwrap_or(0));
        })
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |v: String| value.set(v))
    };
    let add = {
        let state = state.clone();
        let value = value.clone();
        Callback::from(move |_| {
            let v = value.trim().to_string();
            let condition = if key.ends_with('/') {
                let Some((tag, tag_value)) = v.split_once('=') else {
                    return;
                };
                ConditionChoice {
                    operator: operator.into(),
                    key: format!("{key}{}", tag.trim()),
                    values: vec![tag_value.trim().to_string()],
                }
            } else if key == "aws:SecureTransport" {
                ConditionChoice {
                    operator: operator.into(),
                    key: key.into(),
                    values: vec!["true".into()],
                }
            } else if v.is_empty() {
                return;
            } else {
                ConditionChoice {
                    operator: operator.into(),
                    key: key.into(),
                    values: v
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                }
            };
            state.dispatch(Msg::AddCondition {
                group: gi,
                condition,
            });
            value.set(String::new());
        })
    };
    let existing = group.conditions.iter().enumerate().map(|(i, c)| {
        let remove = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Msg::RemoveCondition { group: gi, index: i }))
        };
        html! {
            <li key={format!("{}-{}-{}", c.operator, c.key, c.values.join(","))}>
                <code>{ format!("{} {} {}", c.operator, c.key, c.values.join(", ")) }</code>
                <button type="button" class="link" onclick={remove} aria-label={format!("Remove condition {}", c.key)}>{ "Remove" }</button>
            </li>
        }
    });
    let select_id = format!("condition-kind-{}", group.service);
    html! {
        <fieldset class="condition-editor">
            <legend>{ "Conditions" }</legend>
            <ul>{ for existing }</ul>
            <div class="field">
                <label for={select_id.clone()}>{ "Add a condition" }</label>
                <select id={select_id} onchange={on_kind}>
                    { for KINDS.iter().enumerate().map(|(i, (label, _, _))| html! {
                        <option key={i} value={i.to_string()} selected={i == *kind}>{ *label }</option>
                    }) }
                </select>
            </div>
            if key != "aws:SecureTransport" {
                <TextField id={format!("condition-value-{}", group.service)} label="Value (comma-separated)"
                    value={(*value).clone()} on_change={on_value} />
            }
            <button type="button" onclick={add}>{ "Add condition" }</button>
        </fieldset>
    }
}
