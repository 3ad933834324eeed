use std::rc::Rc;

use yew::prelude::*;

use crate::lint;
use crate::policy::Policy;
use crate::simulate::Decision;
use crate::trust::{evaluate, exports, neighbours, ExportFormat, RoleSetup, TrustRequest};
use crate::ui::hooks::use_clipboard;

#[derive(Properties, PartialEq)]
pub struct RoleOutputsProps {
    pub setup: Rc<RoleSetup>,
    /// The permissions policy the builder generates, attached to the role.
    pub permissions: Rc<Policy>,
    /// Set when the identifiers now break a rule and this is the last
    /// valid role.
    #[prop_or_default]
    pub stale: Option<AttrValue>,
}

/// The role path's results, each ready to copy: the OIDC provider, the
/// trust policy, the CI snippet, and the whole setup as infrastructure code.
#[component]
pub fn RoleOutputs(props: &RoleOutputsProps) -> Html {
    let copy = use_clipboard();
    let copied = use_state(|| None::<&'static str>);
    let format = use_state(|| ExportFormat::CloudFormation);
    let setup = &props.setup;
    let trust_json = use_memo(setup.clone(), |s| s.trust_policy.to_json());
    // The generated trust policy, linted like a pasted one: nothing is
    // expected, and anything found is shown, not hidden.
    let findings = use_memo(trust_json.clone(), |t| {
        lint::lint_trust(t).unwrap_or_default()
    });
    let export_text = use_memo(
        (setup.clone(), props.permissions.clone(), *format),
        |(s, p, f)| exports(s, p, *f),
    );
    let copy_button = |testid: &'static str, text: String, done: &'static str| {
        let (copy, copied) = (copy.clone(), copied.clone());
        let onclick = Callback::from(move |_| {
            copy.emit(text.clone());
            copied.set(Some(done));
        });
        html! { <button type="button" data-testid={testid} {onclick}>{ "Copy" }</button> }
    };
    let tabs = ExportFormat::ALL.iter().map(|f| {
        let onclick = {
            let (format, f) = (format.clone(), *f);
            Callback::from(move |_| format.set(f))
        };
        let id = export_id(*f);
        html! {
            <button key={id} type="button" role="tab" aria-selected={(*format == *f).to_string()}
                data-testid={format!("role-export-tab-{id}")} {onclick}>{ f.label() }</button>
        }
    });
    html! {
        <section class="role-outputs" aria-labelledby="role-title" data-testid="role-outputs">
            <h2 id="role-title">{ "The role for CI" }</h2>
            if let Some(why) = &props.stale {
                <p class="warning" role="status" data-testid="role-stale">{ why.clone() }</p>
            }
            <ol class="role-steps">
                <li>
                    <h3>{ "Create the OIDC identity provider (once per account)" }</h3>
                    <dl class="facts">
                        <dt>{ "Provider URL" }</dt>
                        <dd><code data-testid="oidc-url">{ setup.provider.url.clone() }</code></dd>
                        <dt>{ "Audience" }</dt>
                        <dd><code data-testid="oidc-audience">{ setup.provider.audience.clone() }</code></dd>
                        <dt>{ "Provider ARN" }</dt>
                        <dd><code data-testid="oidc-arn">{ setup.provider.arn.clone() }</code></dd>
                    </dl>
                </li>
                <li>
                    <h3>{ "Create the role with this trust policy" }</h3>
                    <p class="help">
                        { "Role " }<code data-testid="role-name">{ setup.role_name.clone() }</code>
                        { ": only a token whose audience and subject match below may assume it." }
                    </p>
                    <pre class="scroll-box" tabindex="0" aria-label="Trust policy JSON"><code data-testid="trust-policy-json">{ (*trust_json).clone() }</code></pre>
                    { copy_button("copy-trust-policy", (*trust_json).clone(), "Trust policy copied.") }
                    if !findings.is_empty() {
                        <ul class="findings" data-testid="trust-findings">
                            { for findings.iter().map(|f| html! { <li>{ f.message.clone() }</li> }) }
                        </ul>
                    }
                </li>
                <li>
                    <h3>{ "Attach the permissions policy" }</h3>
                    <p class="help">{ "The policy this page builds (Copy JSON), as the role's inline or managed policy." }</p>
                </li>
                <li>
                    <h3>{ "Assume it from the CI job" }</h3>
                    <pre class="scroll-box" tabindex="0" aria-label="CI snippet"><code data-testid="ci-snippet">{ setup.snippet.clone() }</code></pre>
                    { copy_button("copy-ci-snippet", setup.snippet.clone(), "CI snippet copied.") }
                </li>
            </ol>
            <h3>{ "All of it as code" }</h3>
            <div role="tablist" aria-label="Role export format">{ for tabs }</div>
            <pre role="tabpanel" class="scroll-box" tabindex="0" aria-label={format!("{} text", format.label())}><code data-testid="role-export-text">{ (*export_text).clone() }</code></pre>
            { copy_button("copy-role-export", (*export_text).clone(), "Copied.") }
            if let Some(msg) = *copied {
                <p class="copied" role="status">{ msg }</p>
            }
        </section>
    }
}

fn export_id(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::CloudFormation => "cloudformation",
        ExportFormat::Terraform => "terraform",
        ExportFormat::AwsCli => "aws-cli",
    }
}

#[derive(Properties, PartialEq)]
pub struct TrustTryProps {
    pub setup: Rc<RoleSetup>,
    pub request: Rc<TrustRequest>,
}

/// "Try a request" for the role: the configured repository's token and its
/// typical neighbours (another repository, a fork, another branch, a pull
/// request…), each evaluated against the trust policy, with the answer a
/// correct policy gives.
#[component]
pub fn TrustTry(props: &TrustTryProps) -> Html {
    let rows = use_memo((props.setup.clone(), props.request.clone()), |(s, r)| {
        neighbours(r)
            .into_iter()
            .map(|n| {
                let allowed =
                    evaluate(&s.trust_policy, &s.provider.arn, &n.claims) == Decision::Allowed;
                (n, allowed)
            })
            .collect::<Vec<_>>()
    });
    let sub_suffix = ":sub";
    html! {
        <section class="trust-try" aria-labelledby="trust-try-title" data-testid="trust-try">
            <h3 id="trust-try-title">{ "Who can assume the role" }</h3>
            <p class="help">{ "sts:AssumeRoleWithWebIdentity with each token's claims, evaluated against the trust policy." }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Each token and the answer">
                <table>
                    <thead><tr><th>{ "Token from" }</th><th>{ "sub claim" }</th><th>{ "Answer" }</th></tr></thead>
                    <tbody>
                        { for rows.iter().enumerate().map(|(i, (n, allowed))| {
                            let sub = n.claims.iter().find(|(k, _)| k.ends_with(sub_suffix)).map(|(_, v)| v.clone()).unwrap_or_default();
                            let ok = *allowed == n.expected_allowed;
                            html! {
                                <tr key={i} data-testid={format!("trust-try-{i}")}
                                    data-allowed={allowed.to_string()} data-expected={n.expected_allowed.to_string()}>
                                    <td>{ n.label.clone() }</td>
                                    <td><code>{ sub }</code></td>
                                    <td class={if *allowed { "allowed" } else { "denied" }}>
                                        { if *allowed { "Allowed" } else { "Denied" } }
                                        if !ok {
                                            <strong>{ " — not what a correct trust policy answers" }</strong>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
