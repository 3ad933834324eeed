use std::rc::Rc;

use yew::prelude::*;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    #[default]
    Info,
}

impl Severity {
    pub(crate) fn class(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing worth telling the user about the policy, and where it belongs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    /// The statement it is about, by index in the policy shown.
    pub statement: Option<usize>,
    /// The recipe parameters whose values made that statement.
    pub params: Vec<String>,
    /// The builder groups (by index) whose actions are in that statement.
    pub groups: Vec<usize>,
}

#[derive(Properties, PartialEq)]
pub struct FindingsPanelProps {
    pub findings: Rc<Vec<Finding>>,
    /// The highlighted statement.
    #[prop_or_default]
    pub selected: Option<usize>,
    /// Select (or, again, deselect) a finding's statement in the policy.
    #[prop_or_default]
    pub on_select: Option<Callback<Option<usize>>>,
}

/// Errors, risks and notes about the policy, most severe first. A finding
/// about a statement can highlight that statement in the policy.
#[component]
pub fn FindingsPanel(props: &FindingsPanelProps) -> Html {
    let mut sorted: Vec<&Finding> = props.findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    let select = |f: &Finding| -> Html {
        let (Some(i), Some(on_select)) = (f.statement, props.on_select.clone()) else {
            return html! {};
        };
        let pressed = props.selected == Some(i);
        let onclick = Callback::from(move |_| on_select.emit((!pressed).then_some(i)));
        html! {
            <>
                { " " }
                <button type="button" class="link" data-testid="finding-select" aria-pressed={pressed.to_string()} {onclick}>
                    { format!("Show statement {} in the policy", i + 1) }
                </button>
            </>
        }
    };
    html! {
        <section class="findings" data-testid="findings" aria-labelledby="findings-title">
            <h2 id="findings-title">{ "Findings" }</h2>
            if sorted.is_empty() {
                <p class="ok">{ "Nothing to flag." }</p>
            } else {
                <ul>
                    { for sorted.iter().enumerate().map(|(i, f)| html! {
                        <li key={i} class={f.severity.class()} data-testid="finding"
                            data-statement={f.statement.map(|s| s.to_string())}>
                            <strong>{ format!("{:?}: ", f.severity) }</strong>{ f.message.clone() }
                            { select(f) }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
