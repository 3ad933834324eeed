use std::rc::Rc;

use yew::prelude::*;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    fn class(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing worth telling the user about the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
}

#[derive(Properties, PartialEq)]
pub struct FindingsPanelProps {
    pub findings: Rc<Vec<Finding>>,
}

/// Errors, risks and notes about the policy, most severe first.
#[component]
pub fn FindingsPanel(props: &FindingsPanelProps) -> Html {
    let mut sorted: Vec<&Finding> = props.findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    html! {
        <section class="findings" data-testid="findings" aria-labelledby="findings-title">
            <h2 id="findings-title">{ "Findings" }</h2>
            if sorted.is_empty() {
                <p class="ok">{ "Nothing to flag." }</p>
            } else {
                <ul>
                    { for sorted.iter().enumerate().map(|(i, f)| html! {
                        <li key={i} class={f.severity.class()}>
                            <strong>{ format!("{:?}: ", f.severity) }</strong>{ f.message.clone() }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
