use yew::prelude::*;

use crate::ui::components::findings_panel::Finding;

#[derive(Properties, PartialEq)]
pub struct FieldFindingsProps {
    /// The findings about this field (already chosen by the caller).
    pub findings: Vec<Finding>,
    /// `data-testid` of the list.
    pub testid: AttrValue,
    /// Highlight a finding's statement in the policy.
    pub on_select: Callback<Option<usize>>,
}

/// The findings about one field, shown beside it; each can highlight its
/// statement in the policy.
#[component]
pub fn FieldFindings(props: &FieldFindingsProps) -> Html {
    if props.findings.is_empty() {
        return html! {};
    }
    let items = props.findings.iter().enumerate().map(|(i, f)| {
        let select = f.statement.map(|s| {
            let on_select = props.on_select.clone();
            let onclick = Callback::from(move |_| on_select.emit(Some(s)));
            html! {
                <button type="button" class="link" data-testid="field-finding-select" {onclick}>
                    { format!("Show statement {}", s + 1) }
                </button>
            }
        });
        html! {
            <li key={i} class={f.severity.class()}>
                { f.message.clone() }{ " " }{ for select }
            </li>
        }
    });
    html! {
        <ul class="field-findings" data-testid={props.testid.clone()} aria-label="Findings about this field">
            { for items }
        </ul>
    }
}
