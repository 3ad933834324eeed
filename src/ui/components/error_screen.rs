use std::rc::Rc;

use yew::prelude::*;

use crate::commands::{with_grants, Grant};
use crate::denied::{self, Denial, DeniedError, Log};
use crate::generate::generate;
use crate::policy::Policy;
use crate::simulate::Decision;
use crate::ui::hooks::{refusing_credentials, use_opmap, OpMapLoad};
use crate::ui::state::{use_app_state, use_catalog, Msg, Screen};

/// What the pasted text means for the builder: each denial read, what the
/// identity policy lacks, and the statements adding it would append.
#[derive(PartialEq)]
struct Reading {
    log: Log,
    /// Per denial: the grant that fixes it, or why there is none.
    grants: Vec<Result<Grant, DeniedError>>,
}

/// "Paste an AccessDenied error": reads the message (or a CI log holding
/// several), says for each what was denied and by which policy, and, when
/// the identity policy lacks a statement, shows exactly what adding it to
/// the builder appends, before anything changes.
#[component]
pub fn ErrorScreen() -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let warning = use_state(|| None::<String>);
    let text = state.error_text.clone();
    let reading = {
        let catalog = catalog.clone();
        use_memo(text.clone(), move |t| {
            if t.trim().is_empty() {
                return None;
            }
            Some(match denied::parse_log(t) {
                // Nothing readable: parse_all's error says what it expected,
                // or what an encoded or bare message needs instead.
                Ok(log) if log.denials.is_empty() => match denied::parse_all(t) {
                    Err(e) => Err(e),
                    Ok(_) => Ok(Rc::new(Reading {
                        log,
                        grants: Vec::new(),
                    })),
                },
                Ok(log) => {
                    let grants = log.denials.iter().map(|d| d.grant(&catalog)).collect();
                    Ok(Rc::new(Reading { log, grants }))
                }
                Err(e) => Err(e),
            })
        })
    };
    // The builder it adds to, which may need the operation map.
    // S3's bare `Access Denied` is explained with what its operation needs.
    let explains = match &*reading {
        Some(Err(e)) => e.wants_map(),
        Some(Ok(r)) => r.log.unreadable.iter().any(DeniedError::wants_map),
        None => false,
    };
    let needs_map = explains || matches!(state.denied_from, Screen::Commands | Screen::CloudTrail);
    let opmap = use_opmap(needs_map);
    let map = match &opmap {
        OpMapLoad::Ready(m) => Some(m.clone()),
        _ => None,
    };
    let base = {
        let catalog = catalog.clone();
        let snapshot = (*state).clone();
        let map = map.clone();
        use_memo(
            (map.as_ref().map(Rc::as_ptr), state.denied_from),
            move |_| snapshot.denied_base(&catalog, map.as_deref()),
        )
    };

    let oninput = {
        let state = state.clone();
        refusing_credentials(text.clone(), warning.clone(), move |v| {
            state.dispatch(Msg::SetErrorText(v))
        })
    };

    // Nothing is lost: the builder the user came from, as they left it.
    let back = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Show(state.denied_from)))
    };

    let body = match &*reading {
        None => html! {
            <p class="help">{ "Paste the error your job printed: the AWS CLI's \"An error occurred (AccessDenied) …\", an SDK's message, or the whole CI log." }</p>
        },
        Some(Err(e)) => html! {
            <p class="field-error" role="alert" data-testid="error-unrecognised">{ e.explain(&catalog, map.as_deref()) }</p>
        },
        Some(Ok(r)) => {
            let preview = preview(&state, &catalog, r, &base);
            html! {
                <>
                    <ol class="denials" data-testid="denials">
                        { for r.log.denials.iter().zip(&r.grants).enumerate().map(|(i, (d, g))| denial(i, d, g)) }
                        { for r.log.unreadable.iter().enumerate().map(|(i, e)| html! {
                            <li key={format!("u{i}")} class="denial unreadable" data-testid={format!("unreadable-{i}")}>
                                <p class="warning">{ e.explain(&catalog, map.as_deref()) }</p>
                            </li>
                        }) }
                    </ol>
                    { preview }
                </>
            }
        }
    };
    html! {
        <section class="error-screen" aria-labelledby="error-title">
            <h2 id="error-title">{ "Paste an AccessDenied error" }</h2>
            <p>{ "It says what was denied and by which policy. When the user's or role's own policy lacks the permission, it shows the exact statement to add, and adds it to the builder when you say so." }</p>
            <label for="error-text">{ "The error, or the log that holds it" }</label>
            <textarea id="error-text" data-testid="error-text" rows="8" spellcheck="false" autocomplete="off"
                placeholder="An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:ListBucket on resource: &quot;arn:aws:s3:::my-bucket&quot; because no identity-based policy allows the s3:ListBucket action"
                value={text} {oninput} />
            if let Some(w) = &*warning {
                <p class="warning" role="alert" data-testid="error-credential">{ w.clone() }</p>
            }
            { body }
            if state.denied_from != Screen::Start {
                <p>
                    <button type="button" class="link" data-testid="error-back" onclick={back}>
                        { "← Back to the builder, unchanged" }
                    </button>
                </p>
            }
        </section>
    }
}

/// One denial: what, on what, for whom, and why; what fixes it.
fn denial(i: usize, d: &Denial, grant: &Result<Grant, DeniedError>) -> Html {
    let resource = d.resource.clone().unwrap_or_else(|| "*".to_string());
    let verdict = match (d.is_identity_fix(), grant) {
        (true, Ok(_)) => html! {
            <p class="ok">{ format!("The identity policy lacks it: allow {} on {resource}.", d.action) }</p>
        },
        (true, Err(e)) => html! { <p class="field-error">{ e.to_string() }</p> },
        (false, _) => html! {
            <p class="warning">{ "Not the identity policy's to fix: nothing is added." }</p>
        },
    };
    html! {
        <li key={i} class="denial" data-testid={format!("denial-{i}")}
            data-fix={(d.is_identity_fix() && grant.is_ok()).to_string()}>
            <dl class="facts">
                <dt>{ "Action" }</dt><dd><code>{ d.action.clone() }</code></dd>
                <dt>{ "Resource" }</dt><dd><code>{ resource }</code></dd>
                if let Some(p) = &d.principal {
                    <dt>{ "Denied to" }</dt><dd><code>{ p.clone() }</code></dd>
                }
                if let Some(op) = &d.operation {
                    <dt>{ "Call" }</dt><dd><code>{ op.clone() }</code></dd>
                }
                <dt>{ "Why" }</dt><dd>{ capitalised(&d.cause.to_string()) }</dd>
            </dl>
            { verdict }
        </li>
    }
}

/// The change adding the fixable denials makes to the builder, shown before
/// it applies, with the button that applies it.
fn preview(
    state: &crate::ui::state::StateHandle,
    catalog: &Rc<crate::catalog::Catalog>,
    r: &Reading,
    base: &Option<Result<crate::choices::Choices, String>>,
) -> Html {
    let grants: Vec<Grant> = r
        .grants
        .iter()
        .filter_map(|g| g.as_ref().ok())
        .cloned()
        .collect();
    if grants.is_empty() {
        return html! {
            <p data-testid="error-nothing">{ "Nothing to add: no denial above is the identity policy's to fix." }</p>
        };
    }
    let base = match base {
        None => {
            return html! { <p class="loading" role="status">{ "Loading the builder's commands…" }</p> }
        }
        Some(Err(e)) => {
            return html! { <p class="field-error" role="alert">{ format!("The builder's policy has an error to fix first: {e}") }</p> }
        }
        Some(Ok(b)) => b,
    };
    let before = generate(catalog, base).unwrap_or_else(|_| Policy::empty());
    let addition = match denied::add_to_policy(catalog, &before, &grants, base.partition) {
        Ok(a) => a,
        Err(e) => return html! { <p class="field-error" role="alert">{ e.to_string() }</p> },
    };
    let unchanged = addition.unchanged.iter().map(|u| {
        let g = &grants[u.grant];
        let n = u.statement.map(|s| format!("statement {}", s + 1)).unwrap_or_else(|| "a statement".into());
        let what = match u.decision {
            Decision::Allowed => format!("The builder's policy already allows {} ({n}): the denial is not its doing.", g.action),
            _ => format!("The builder's own {n} denies {}: remove or narrow that Deny; an Allow cannot override it.", g.action),
        };
        html! { <li>{ what }</li> }
    });
    let to_add: Vec<Grant> = grants
        .iter()
        .enumerate()
        .filter(|(i, _)| !addition.unchanged.iter().any(|u| u.grant == *i))
        .map(|(_, g)| g.clone())
        .collect();
    let target = match state.denied_from {
        Screen::Builder if !state.recipes.is_empty() => {
            "the recipe's policy, which becomes a custom policy you can edit"
        }
        Screen::Builder => "your policy",
        Screen::Commands => {
            "the policy of your commands, which becomes a custom policy you can edit"
        }
        Screen::CloudTrail => {
            "the policy of your events, which becomes a custom policy you can edit"
        }
        _ => "a new policy",
    };
    let added = Policy {
        statements: addition.added.clone(),
        ..Policy::empty()
    };
    let apply = {
        let state = state.clone();
        let merged = with_grants(base, &to_add);
        Callback::from(move |_| state.dispatch(Msg::ContinueImport(merged.clone())))
    };
    html! {
        <section class="error-preview" aria-labelledby="error-preview-title">
            <h3 id="error-preview-title">{ format!("The change to {target}") }</h3>
            if addition.added.is_empty() {
                <p data-testid="error-nothing">{ "Nothing to add." }</p>
            } else {
                <p>{ format!("It appends {} statement{}; nothing else changes:", addition.added.len(), if addition.added.len() == 1 { "" } else { "s" }) }</p>
                <pre class="scroll-box" tabindex="0" role="region" aria-label="Statements to add">
                    <code data-testid="error-preview">{ added.to_json() }</code>
                </pre>
            }
            if !addition.unchanged.is_empty() {
                <ul class="unchanged" data-testid="error-unchanged">{ for unchanged }</ul>
            }
            if !to_add.is_empty() {
                <button type="button" data-testid="apply-error" onclick={apply}>{ "Add to the builder" }</button>
            }
        </section>
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
