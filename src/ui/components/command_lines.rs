use std::rc::Rc;

use yew::prelude::*;

use crate::commands::{LineResult, Mapped, Outcome};

#[derive(Properties, PartialEq)]
pub struct CommandLinesProps {
    pub mapped: Rc<Mapped>,
}

/// What each line of the script became: the actions it needs, or why it
/// adds nothing (not the AWS CLI, needs no permission, waits for a
/// variable, could not be mapped, with a did-you-mean).
#[component]
pub fn CommandLines(props: &CommandLinesProps) -> Html {
    let lines = &props.mapped.lines;
    html! {
        <section class="command-lines" aria-labelledby="command-lines-title">
            <h3 id="command-lines-title" class="small-heading">{ "Line by line" }</h3>
            <CommandsSummary mapped={props.mapped.clone()} />
            <ol data-testid="command-lines">
                { for lines.iter().enumerate().map(|(i, l)| {
                    // Commands that share a line (`a && b`): the first is
                    // `command-line-N`, the next `command-line-N.2`, ….
                    let nth = lines[..i].iter().filter(|p| p.line == l.line).count();
                    line(i, nth, l)
                }) }
            </ol>
        </section>
    }
}

/// One sentence on the whole script: how many lines mapped, or how many
/// add nothing to the policy because they could not be mapped.
#[component]
pub fn CommandsSummary(props: &CommandLinesProps) -> Html {
    let lines = &props.mapped.lines;
    let unmapped = props.mapped.unmapped().count();
    let summary = match (lines.is_empty(), unmapped) {
        (true, _) => "No command yet.".to_string(),
        (false, 0) => format!("{} of {} lines mapped.", mapped_count(lines), lines.len()),
        (false, n) => format!(
            "{n} line{} could not be mapped and add nothing to the policy.",
            if n == 1 { "" } else { "s" }
        ),
    };
    html! {
        <p class={classes!("summary", (unmapped > 0).then_some("warning"))} role="status"
            data-testid="command-lines-summary">{ summary }</p>
    }
}

fn mapped_count(lines: &[LineResult]) -> usize {
    lines
        .iter()
        .filter(|l| matches!(l.outcome, Outcome::Mapped(_)))
        .count()
}

fn line(index: usize, nth: usize, l: &LineResult) -> Html {
    let (status, detail) = match &l.outcome {
        Outcome::Mapped(actions) => (
            "mapped",
            html! {
                <span class="actions">
                    { for actions.iter().map(|a| html! { <code key={a.clone()}>{ a.clone() }</code> }) }
                </span>
            },
        ),
        Outcome::NeedsNothing(why) => (
            "needs-nothing",
            html! { <span>{ format!("Needs no permission: {why}") }</span> },
        ),
        Outcome::NotAws(what) if what == "an assignment" => (
            "not-aws",
            html! { <span>{ "A variable assignment." }</span> },
        ),
        Outcome::NotAws(what) if what.is_empty() => {
            ("not-aws", html! { <span>{ "Ignored." }</span> })
        }
        Outcome::NotAws(what) => (
            "not-aws",
            html! { <span>{ format!("Ignored: `{what}` is not the AWS CLI.") }</span> },
        ),
        Outcome::Pending(vars) => (
            "pending",
            html! {
                <span>{ format!("Waits for a value of {}.", vars.iter().map(|v| format!("${v}")).collect::<Vec<_>>().join(", ")) }</span>
            },
        ),
        Outcome::Unmapped(problem) => (
            "unmapped",
            html! { <span class="field-error">{ format!("Not mapped: {problem}.") }</span> },
        ),
    };
    let notes = l.notes.join(" ");
    html! {
        <li key={index} class={classes!("command-line", status)} data-status={status}
            data-testid={if nth == 0 { format!("command-line-{}", l.line) } else { format!("command-line-{}.{}", l.line, nth + 1) }}>
            <span class="line-no">{ format!("line {}", l.line) }</span>
            <code class="command-text">{ l.text.clone() }</code>
            <span class="outcome">{ detail }</span>
            if !notes.is_empty() {
                <small class="help">{ notes }</small>
            }
        </li>
    }
}
