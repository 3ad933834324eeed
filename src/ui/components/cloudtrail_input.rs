use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::cloudtrail::{CloudTrailError, EventOutcome, EventResult, MappedEvents};
use crate::session::cloudtrail_text;
use crate::trust::TrustError;
use crate::ui::components::auth_mode::{AuthModeChoice, CiFields};
use crate::ui::components::global_settings::GlobalSettings;
use crate::ui::state::{use_app_state, Msg};

#[derive(Properties, PartialEq)]
pub struct CloudTrailInputProps {
    /// The events read and mapped, once the operation map has loaded; an
    /// error when the text cannot be read.
    pub mapped: Option<Rc<Result<MappedEvents, CloudTrailError>>>,
    #[prop_or_default]
    pub load_error: Option<AttrValue>,
    #[prop_or_default]
    pub role_error: Option<TrustError>,
    /// Continue with the mapped permissions in the builder.
    pub on_customize: Callback<()>,
}

/// "Paste CloudTrail events": the console's JSON download, `aws cloudtrail
/// lookup-events` output or one event per line; what each event became.
#[component]
pub fn CloudTrailInput(props: &CloudTrailInputProps) -> Html {
    let state = use_app_state();
    let warning = use_state(|| None::<String>);
    let oninput = {
        let state = state.clone();
        let warning = warning.clone();
        let previous = state.cloudtrail_text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            if value == previous {
                return;
            }
            // The same rule as the state's: refused text never reaches it,
            // and the caller's key ids are shown redacted.
            match cloudtrail_text(&value) {
                Err(w) => {
                    area.set_value(&previous);
                    warning.set(Some(w));
                }
                Ok(_) => {
                    warning.set(None);
                    state.dispatch(Msg::SetCloudTrailText(value));
                }
            }
        })
    };
    let customize = {
        let on_customize = props.on_customize.clone();
        Callback::from(move |_| on_customize.emit(()))
    };
    let status = if let Some(e) = &props.load_error {
        html! { <p class="error" role="alert" data-testid="opmap-error">{ e.clone() }</p> }
    } else {
        let pasted = !state.cloudtrail_text.trim().is_empty();
        match props.mapped.as_deref() {
            Some(Ok(m)) => html! { <CloudTrailEvents mapped={Rc::new(m.clone())} /> },
            Some(Err(e)) if pasted => html! {
                <p class="field-error" role="alert" data-testid="cloudtrail-error">{ e.to_string() }</p>
            },
            None if pasted => html! {
                <p class="loading" role="status" data-testid="opmap-loading">
                    { "Loading the map from API operations to IAM actions…" }
                </p>
            },
            _ => html! {},
        }
    };
    let can_customize = matches!(props.mapped.as_deref(), Some(Ok(m)) if !m.grants.is_empty());
    html! {
        <>
            <div class="recipe-head">
                <h2>{ "The CloudTrail events of a run" }</h2>
                <p>{ "Paste the console's JSON download, the output of aws cloudtrail lookup-events, or one event per line. Each event becomes exactly the actions it needed, on the resources it named; events that were denied are marked. Who made each call (userIdentity) is dropped before anything reads it." }</p>
            </div>
            <label for="cloudtrail-text">{ "CloudTrail events (JSON)" }</label>
            <textarea id="cloudtrail-text" data-testid="cloudtrail-text" rows="10" spellcheck="false"
                autocomplete="off" placeholder="{\"Records\": [ … ]}"
                value={state.cloudtrail_text.clone()} {oninput} />
            if let Some(w) = &*warning {
                <p class="warning" role="alert" data-testid="cloudtrail-credential">{ w.clone() }</p>
            }
            <GlobalSettings />
            <AuthModeChoice />
            <CiFields error={props.role_error.clone()} />
            { status }
            <div class="cluster">
                <button type="button" data-testid="customize" onclick={customize} disabled={!can_customize}>
                    { "Customise the permissions" }
                </button>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct CloudTrailEventsProps {
    pub mapped: Rc<MappedEvents>,
}

/// What each event became: its actions, that it was denied, or why it adds
/// nothing.
#[component]
pub fn CloudTrailEvents(props: &CloudTrailEventsProps) -> Html {
    let m = &props.mapped;
    let unmapped = m.unmapped().count();
    let denied = m.events.iter().filter(|e| e.denied).count();
    let mut summary = format!(
        "{} event{}",
        m.events.len(),
        if m.events.len() == 1 { "" } else { "s" }
    );
    if denied > 0 {
        summary.push_str(&format!(", {denied} denied when they ran"));
    }
    if unmapped > 0 {
        summary.push_str(&format!(", {unmapped} not mapped (nothing added for them)"));
    }
    summary.push('.');
    html! {
        <section class="command-lines" aria-labelledby="events-title">
            <h3 id="events-title" class="small-heading">{ "Event by event" }</h3>
            <p class={classes!("summary", (unmapped > 0).then_some("warning"))} role="status"
                data-testid="cloudtrail-summary">{ summary }</p>
            { for m.notes.iter().map(|n| html! { <p class="help">{ n.clone() }</p> }) }
            <ol data-testid="cloudtrail-events">
                { for m.events.iter().map(event) }
            </ol>
        </section>
    }
}

fn event(e: &EventResult) -> Html {
    let (status, detail) = match &e.outcome {
        EventOutcome::Mapped(actions) => (
            "mapped",
            html! {
                <span class="actions">
                    { for actions.iter().map(|a| html! { <code key={a.clone()}>{ a.clone() }</code> }) }
                </span>
            },
        ),
        EventOutcome::NeedsNothing(why) => (
            "needs-nothing",
            html! { <span>{ format!("Needs no permission: {why}") }</span> },
        ),
        EventOutcome::Unmapped(p) => (
            "unmapped",
            html! { <span class="field-error">{ format!("Not mapped: {p}.") }</span> },
        ),
        EventOutcome::DeniedElsewhere(cause) => (
            "denied-elsewhere",
            html! { <span class="warning">{ format!("Denied when it ran: {cause}. Nothing is added.") }</span> },
        ),
    };
    html! {
        <li key={e.index} class={classes!("command-line", status, e.denied.then_some("was-denied"))}
            data-testid={format!("cloudtrail-event-{}", e.index)} data-status={status}
            data-denied={e.denied.to_string()}>
            <span class="line-no">
                { format!("event {}", e.index) }
                if let Some(t) = &e.time { { format!(" · {t}") } }
                if e.denied { <strong class="denied">{ " · denied when it ran" }</strong> }
            </span>
            <code class="command-text">{ format!("{} {}", e.source, e.name) }</code>
            <span class="outcome">{ detail }</span>
            if !e.notes.is_empty() {
                <small class="help">{ e.notes.join(" ") }</small>
            }
        </li>
    }
}
