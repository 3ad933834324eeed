use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::cloudtrail::{CloudTrailError, MappedEvents};
use crate::commands::Mapped;
use crate::explain::explain;
use crate::generate::Generated;
use crate::lint;
use crate::placement::{groups_in_statement, params_in_statement};
use crate::policy::{Policy, SizeLimit};
use crate::recipe::{self, Reason};
use crate::session::{generate_lenient, shown_policy};
use crate::ui::components::access_level_toggles::AccessLevelToggles;
use crate::ui::components::action_search::ActionSearch;
use crate::ui::components::arn_form::ArnForm;
use crate::ui::components::auth_mode::{AuthModeChoice, CiFields};
use crate::ui::components::cloudtrail_input::CloudTrailInput;
use crate::ui::components::command_lines::CommandLines;
use crate::ui::components::commands_input::CommandsInput;
use crate::ui::components::condition_editor::ConditionEditor;
use crate::ui::components::embed_snippet::EmbedSnippet;
use crate::ui::components::embed_tabs::{EmbedTabs, Tab};
use crate::ui::components::export_tabs::ExportTabs;
use crate::ui::components::field_findings::FieldFindings;
use crate::ui::components::findings_panel::{Finding, FindingsPanel, Severity};
use crate::ui::components::global_settings::GlobalSettings;
use crate::ui::components::grants_table::GrantsTable;
use crate::ui::components::output_bar::OutputBar;
use crate::ui::components::param_form::ParamForm;
use crate::ui::components::policy_preview::PolicyPreview;
use crate::ui::components::role_outputs::{RoleOutputs, TrustTry};
use crate::ui::components::service_picker::ServicePicker;
use crate::ui::components::simulator::Simulator;
use crate::ui::components::size_meter::SizeMeter;
use crate::ui::hooks::{use_opmap, use_painted, use_settled, OpMapLoad};
use crate::ui::state::{use_app_state, use_catalog, Msg, Screen};

/// What the choices produce: derived, never stored in state.
#[derive(Clone, Debug, PartialEq)]
struct Built {
    generated: Generated,
    /// Per group that was left out: its index and why.
    group_errors: Vec<(usize, String)>,
    reasons: BTreeMap<String, Vec<Reason>>,
    notes: Vec<String>,
    /// What the policy leaves out and why (commands it could not map).
    warnings: Vec<String>,
}

/// The builder: the inputs on one side, the policy and what it means on the
/// other.
#[component]
pub fn BuilderScreen() -> Html {
    let state = use_app_state();
    let catalog = use_catalog();
    let commands_mode = state.screen == Screen::Commands;
    let cloudtrail_mode = state.screen == Screen::CloudTrail;
    let recipe_mode = !state.recipes.is_empty() && !commands_mode && !cloudtrail_mode;

    // The commands and CloudTrail inputs: the operation map is fetched the
    // first time one is shown, and the script (or the events) mapped each
    // time it or its scope changes.
    let opmap = use_opmap(commands_mode || cloudtrail_mode);
    let mapped: Rc<Option<Rc<Mapped>>> = {
        let catalog = catalog.clone();
        let snapshot = (*state).clone();
        use_memo(
            (
                commands_mode,
                opmap.clone(),
                state.commands.clone(),
                state.command_params.clone(),
                state.choices.partition,
                state.choices.account.clone(),
                state.choices.region.clone(),
            ),
            move |(on, load, ..)| match load {
                OpMapLoad::Ready(map) if *on => Some(Rc::new(snapshot.map_commands(&catalog, map))),
                _ => None,
            },
        )
    };
    let events: Rc<Option<Rc<Result<MappedEvents, CloudTrailError>>>> = {
        let catalog = catalog.clone();
        let snapshot = (*state).clone();
        use_memo(
            (
                cloudtrail_mode,
                opmap.clone(),
                state.cloudtrail_text.clone(),
                state.choices.partition,
                state.choices.account.clone(),
                state.choices.region.clone(),
            ),
            move |(on, load, ..)| match load {
                OpMapLoad::Ready(map) if *on => {
                    Some(Rc::new(snapshot.map_cloudtrail(&catalog, map)))
                }
                _ => None,
            },
        )
    };
    let opmap_error = match &opmap {
        OpMapLoad::Failed(why) if commands_mode || cloudtrail_mode => {
            Some(AttrValue::from(why.clone()))
        }
        _ => None,
    };

    // The recipe (or scratch, or commands) choices → policy. A recipe with
    // a bad value gives an error; the last good result stays on screen.
    let result = {
        let catalog = catalog.clone();
        let snapshot = (*state).clone();
        use_memo(
            (
                state.recipes.clone(),
                state.params.clone(),
                state.choices.clone(),
                mapped.clone(),
                events.clone(),
            ),
            move |(.., mapped, events)| match state_choices(
                &snapshot,
                mapped.as_deref(),
                events.as_deref(),
            ) {
                Ok(made) => {
                    let (generated, errors) = generate_lenient(&catalog, &made.choices);
                    Ok(Rc::new(Built {
                        generated,
                        group_errors: errors.iter().map(|e| (e.group, e.to_string())).collect(),
                        reasons: made.reasons,
                        notes: made.notes,
                        warnings: made.warnings,
                    }))
                }
                Err(e) => Err(e),
            },
        )
    };
    let last_good = use_mut_ref(|| None::<Rc<Built>>);
    if let Ok(b) = &*result {
        *last_good.borrow_mut() = Some(b.clone());
    }
    let built: Rc<Built> = last_good_or_empty(&last_good);
    let recipe_error = (*result).as_ref().err().cloned();

    let policy: Rc<Policy> = {
        let catalog = catalog.clone();
        use_memo(
            (built.clone(), state.minimize, state.size_limit),
            move |(b, min, limit)| shown_policy(&catalog, &b.generated.policy, *min, *limit),
        )
    };
    let json = use_memo(policy.clone(), |p| p.to_json());
    // Counted on the text already printed, not by printing again.
    let size = crate::policy::iam_size(&json);
    // Explaining and linting follow when typing pauses (see `use_settled`),
    // and, when the screen opens, once the policy has been painted.
    let painted = use_painted();
    // The export text and the download link follow it too.
    let (settled_policy, settled_built, settled_size, settled_json) =
        use_settled((policy.clone(), built.clone(), size, json.clone()));
    let explanation = {
        let catalog = catalog.clone();
        use_memo((painted, settled_policy.clone()), move |(painted, p)| {
            if *painted {
                explain(&catalog, p)
            } else {
                explain(&catalog, &Policy::empty())
            }
        })
    };
    let findings = {
        let catalog = catalog.clone();
        // The scratch groups are on screen only in the from-scratch builder.
        let groups = if commands_mode || cloudtrail_mode || recipe_mode {
            Vec::new()
        } else {
            state.choices.groups.clone()
        };
        // In the form's order, so a finding goes beside the first of its fields.
        let params: Option<Vec<(String, String)>> = recipe_mode.then(|| {
            state
                .recipes
                .iter()
                .filter_map(|id| recipe::find(id))
                .flat_map(|r| r.params.iter())
                .filter_map(|p| {
                    state
                        .params
                        .get(&p.name)
                        .map(|v| (p.name.clone(), v.clone()))
                })
                .collect()
        });
        let limit = state.size_limit;
        use_memo(
            (
                painted,
                settled_built.clone(),
                explanation.clone(),
                settled_size,
                limit,
            ),
            move |(painted, b, e, size, limit)| {
                if *painted {
                    collect_findings(&catalog, &groups, params.as_ref(), b, e, *size, *limit)
                } else {
                    Vec::new()
                }
            },
        )
    };
    // The statement a finding is about, highlighted in the policy. Lint
    // runs on the policy before minimising, so only the full policy has
    // the same statement numbers.
    let selected = use_state(|| None::<usize>);
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |s: Option<usize>| selected.set(s))
    };
    let highlight = (*selected).filter(|_| !state.minimize);
    let embed = state.embed;

    // The role for CI, when chosen: built from the CI identifiers, never
    // from the policy, so it follows every keystroke cheaply.
    let trust_request = Rc::new(state.trust_request());
    let role = use_memo(((*trust_request).clone(), state.auth), |(r, auth)| {
        (*auth == crate::session::AuthMode::Role).then(|| crate::trust::build(r).map(Rc::new))
    });
    let role_error = match &*role {
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    };
    // As for the policy: a bad identifier keeps the last good role on
    // screen, marked as such, until it is fixed.
    let last_role = use_mut_ref(|| None::<Rc<crate::trust::RoleSetup>>);
    let role_setup = match &*role {
        Some(Ok(s)) => {
            *last_role.borrow_mut() = Some(s.clone());
            Some(s.clone())
        }
        Some(Err(_)) => last_role.borrow().clone(),
        None => None,
    };
    let role_stale = role_error
        .as_ref()
        .filter(|_| role_setup.is_some())
        .map(|e| AttrValue::from(format!("Showing the last valid role: {e}")));

    let on_limit = {
        let state = state.clone();
        Callback::from(move |l| state.dispatch(Msg::SetSizeLimit(l)))
    };
    let on_minimize = {
        let state = state.clone();
        Callback::from(move |m| state.dispatch(Msg::SetMinimize(m)))
    };
    let customize = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Customize))
    };

    let customize_commands = {
        let state = state.clone();
        let mapped = mapped.clone();
        Callback::from(move |()| {
            if let Some(m) = &*mapped {
                let choices = m.granted(&state.commands_settings()).choices;
                state.dispatch(Msg::ContinueImport(choices));
            }
        })
    };
    let customize_events = {
        let state = state.clone();
        let events = events.clone();
        Callback::from(move |()| {
            if let Some(Ok(m)) = events.as_deref() {
                let choices = m.granted(&state.commands_settings()).choices;
                state.dispatch(Msg::ContinueImport(choices));
            }
        })
    };
    let open_error = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::OpenDenied))
    };
    let error_link = html! {
        <button type="button" class="link" data-testid="open-error" onclick={open_error}>
            { "Got an AccessDenied error? Add what it lacks" }
        </button>
    };
    let inputs = if cloudtrail_mode {
        html! {
            <>
                <CloudTrailInput mapped={(*events).clone()} load_error={opmap_error.clone()}
                    role_error={role_error.clone()} on_customize={customize_events} />
                { error_link.clone() }
            </>
        }
    } else if commands_mode {
        html! {
            <>
                <CommandsInput mapped={(*mapped).clone()} load_error={opmap_error}
                    role_error={role_error.clone()} on_customize={customize_commands} />
                if !embed { { error_link.clone() } }
            </>
        }
    } else if recipe_mode {
        let recipes: Vec<_> = state
            .recipes
            .iter()
            .filter_map(|id| recipe::find(id))
            .collect();
        html! {
            <>
                { for recipes.iter().map(|r| html! {
                    <div class="recipe-head" key={r.id.clone()}>
                        <h2>{ r.title.clone() }</h2>
                        <p>{ r.summary.clone() }</p>
                    </div>
                }) }
                // Embedded: partition and who uses it on one line, the CI
                // identifiers, then the recipe's own fields.
                if embed {
                    <div class="settings-row">
                        <GlobalSettings scope_fields={false} />
                        <AuthModeChoice />
                    </div>
                    <CiFields error={role_error.clone()} />
                } else {
                    <GlobalSettings scope_fields={false} />
                }
                // Embedded, the findings wait behind their tab.
                <ParamForm findings={if embed { Rc::default() } else { findings.clone() }} on_select={on_select.clone()} />
                if !embed {
                    <AuthModeChoice />
                    <CiFields error={role_error.clone()} />
                }
                if !embed {
                    <div class="cluster">
                        <button type="button" data-testid="customize" onclick={customize}
                            disabled={recipe_error.is_some()}>
                            { "Customise the permissions" }
                        </button>
                        { error_link.clone() }
                    </div>
                    <EmbedSnippet />
                }
            </>
        }
    } else {
        let groups = state.choices.groups.iter().enumerate().map(|(i, g)| {
            // A service can have several groups (one per set of resources,
            // after customising a recipe): the first is `group-s3`, the
            // next `group-s3-2`, and each keeps its own key.
            let nth = state.choices.groups[..i].iter().filter(|o| o.service == g.service).count();
            let id = if nth == 0 { g.service.clone() } else { format!("{}-{}", g.service, nth + 1) };
            let remove = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Msg::RemoveGroup(i)))
            };
            let error = built.group_errors.iter().find(|(gi, _)| *gi == i).map(|(_, e)| e.clone());
            let name = catalog.service(&g.service).map(|s| s.name().to_string()).unwrap_or_default();
            html! {
                <section key={id.clone()} class="group" data-testid={format!("group-{id}")}>
                    <header class="group-head">
                        <h2><code>{ g.service.clone() }</code>{ " " }{ name }</h2>
                        <button type="button" class="link" onclick={remove}
                            aria-label={format!("Remove {}", g.service)}>{ "Remove" }</button>
                    </header>
                    if let Some(e) = error {
                        <p class="field-error" role="alert" data-testid={format!("group-error-{id}")}>{ e }</p>
                    }
                    <FieldFindings findings={group_findings(&findings, i)}
                        testid={format!("group-findings-{id}")} on_select={on_select.clone()} />
                    if !g.actions.is_empty() {
                        <p class="chosen">{ "Actions: " }{ for g.actions.iter().map(|a| html! { <code key={a.clone()}>{ a.clone() }{ " " }</code> }) }</p>
                    }
                    <AccessLevelToggles group={i} />
                    <ArnForm group={i} />
                    <ConditionEditor group={i} />
                </section>
            }
        });
        html! {
            <>
                <GlobalSettings />
                <AuthModeChoice />
                <CiFields error={role_error.clone()} />
                <ServicePicker />
                <ActionSearch />
                <div class="cluster">{ error_link }</div>
                // Its own fragment: a flattened keyed list beside unkeyed
                // siblings makes yew diff by position from the end, so a new
                // group would remount the pickers (their state and focus).
                <>{ for groups }</>
            </>
        }
    };

    let stale = recipe_error
        .as_ref()
        .map(|e| AttrValue::from(format!("Showing the last valid policy: {e}")));
    let json_text = AttrValue::from((*json).clone());
    let size_meter = html! {
        <SizeMeter {size} limit={state.size_limit} minimized={state.minimize} {on_limit} {on_minimize} />
    };
    let findings_panel = html! {
        <FindingsPanel findings={findings.clone()} selected={highlight} on_select={on_select.clone()} />
    };
    let grants = html! {
        <GrantsTable explanation={explanation.clone()} reasons={Rc::new(settled_built.reasons.clone())} />
    };
    let simulator = html! {
        <>
            <Simulator policy={settled_policy.clone()} />
            if let Some(Ok(setup)) = &*role {
                <TrustTry setup={setup.clone()} request={trust_request.clone()} />
            }
        </>
    };
    let role_outputs = role_setup.as_ref().map(|setup| {
        html! { <RoleOutputs setup={setup.clone()} permissions={policy.clone()} stale={role_stale.clone()} /> }
    });
    let details = if !painted {
        html! {
            <p class="loading" role="status" data-testid="details-pending">
                { "Checking the policy…" }
            </p>
        }
    } else if embed {
        let mut tabs = vec![
            Tab {
                id: "why",
                label: "Why each permission",
                panel: grants,
            },
            Tab {
                id: "findings",
                label: "Findings",
                panel: findings_panel,
            },
            Tab {
                id: "try",
                label: "Try a request",
                panel: simulator,
            },
            Tab {
                id: "export",
                label: "Export",
                panel: html! { <>{ size_meter.clone() }<ExportTabs policy={policy.clone()} shown={settled_policy.clone()} /></> },
            },
        ];
        if let Some(m) = &*mapped {
            tabs.insert(
                0,
                Tab {
                    id: "lines",
                    label: "Line by line",
                    panel: html! { <CommandLines mapped={m.clone()} /> },
                },
            );
        }
        if let Some(panel) = role_outputs {
            tabs.insert(
                0,
                Tab {
                    id: "role",
                    label: "Role for CI",
                    panel,
                },
            );
        }
        html! { <EmbedTabs {tabs} label="More about this policy" /> }
    } else {
        html! {
            <>
                { role_outputs.unwrap_or_default() }
                <ExportTabs policy={policy.clone()} shown={settled_policy.clone()} />
                { findings_panel }
                { grants }
                { simulator }
            </>
        }
    };
    html! {
        <div class={classes!("builder", embed.then_some("compact"))}>
            <div class="inputs">{ inputs }</div>
            <div class="policy-pane" data-testid="policy-pane">
                <PolicyPreview json={json_text.clone()} {stale} {highlight} />
                if !embed { { size_meter } }
                <OutputBar json={json_text} download_json={AttrValue::from((*settled_json).clone())}
                    partition={state.choices.partition} compact={embed} />
            </div>
            <div class="details">{ details }</div>
        </div>
    }
}

/// The findings about group `i`'s statements.
fn group_findings(findings: &[Finding], i: usize) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.groups.contains(&i))
        .cloned()
        .collect()
}

/// What the policy is built from, with each action's reasons.
struct Made {
    choices: crate::choices::Choices,
    reasons: BTreeMap<String, Vec<Reason>>,
    notes: Vec<String>,
    warnings: Vec<String>,
}

fn state_choices(
    state: &crate::session::State,
    mapped: Option<&Mapped>,
    events: Option<&Result<MappedEvents, CloudTrailError>>,
) -> Result<Made, String> {
    let nothing = || Made {
        choices: crate::choices::Choices::default(),
        reasons: BTreeMap::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
    };
    if state.screen == Screen::CloudTrail {
        return match events {
            // The operation map is on its way, or nothing is pasted yet.
            None => Ok(nothing()),
            Some(Err(_)) if state.cloudtrail_text.trim().is_empty() => Ok(nothing()),
            Some(Err(e)) => Err(e.to_string()),
            Some(Ok(m)) => {
                let granted = m.granted(&state.commands_settings());
                Ok(Made {
                    choices: granted.choices,
                    reasons: granted.reasons,
                    notes: m.notes.clone(),
                    warnings: m
                        .unmapped()
                        .map(|(e, why)| {
                            format!(
                                "event {} ({} {}) is not in the policy: {why}",
                                e.index, e.source, e.name
                            )
                        })
                        .collect(),
                })
            }
        };
    }
    if state.screen == Screen::Commands {
        let Some(m) = mapped else {
            // The operation map is on its way: nothing yet, not an error.
            return Ok(Made {
                choices: crate::choices::Choices::default(),
                reasons: BTreeMap::new(),
                notes: Vec::new(),
                warnings: Vec::new(),
            });
        };
        let granted = m.granted(&state.commands_settings());
        let mut warnings: Vec<String> = m
            .unmapped()
            .map(|(l, p)| format!("line {} is not in the policy: {p}", l.line))
            .collect();
        warnings.extend(m.missing().map(|v| {
            format!(
                "${} (line {}) has no value: the commands that use it wait for one",
                v.name, v.line
            )
        }));
        return Ok(Made {
            choices: granted.choices,
            reasons: granted.reasons,
            notes: Vec::new(),
            warnings,
        });
    }
    match state.recipe_choices() {
        Some(Ok(made)) => Ok(Made {
            choices: made.choices,
            reasons: made.reasons,
            notes: made.notes,
            warnings: Vec::new(),
        }),
        Some(Err(e)) => Err(e.to_string()),
        None => Ok(Made {
            choices: state.choices.clone(),
            reasons: BTreeMap::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
        }),
    }
}

fn last_good_or_empty(last: &Rc<RefCell<Option<Rc<Built>>>>) -> Rc<Built> {
    last.borrow().clone().unwrap_or_else(|| {
        Rc::new(Built {
            generated: Generated {
                policy: Policy::empty(),
                suggestions: Vec::new(),
                notes: Vec::new(),
            },
            group_errors: Vec::new(),
            reasons: BTreeMap::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
        })
    })
}

fn collect_findings(
    catalog: &crate::catalog::Catalog,
    groups: &[crate::choices::Group],
    params: Option<&Vec<(String, String)>>,
    b: &Built,
    e: &crate::explain::Explanation,
    size: usize,
    limit: SizeLimit,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |severity, message: String| {
        out.push(Finding {
            severity,
            message,
            ..Finding::default()
        })
    };
    for (gi, msg) in &b.group_errors {
        let service = groups.get(*gi).map(|g| g.service.as_str()).unwrap_or("?");
        push(
            Severity::Error,
            format!("{service}: {msg} (left out of the policy until fixed)"),
        );
    }
    let _ = (e, size);
    let policy = &b.generated.policy;
    for f in lint::lint_with_limit(catalog, policy, limit) {
        let statement = f.location.statement;
        let about = statement.and_then(|i| policy.statements.get(i));
        out.push(Finding {
            severity: lint_severity(f.severity),
            message: describe(&f),
            statement,
            params: match (about, params) {
                (Some(s), Some(p)) => params_in_statement(s, p.iter().map(|(k, v)| (k, v))),
                _ => Vec::new(),
            },
            // A recipe's groups are not on screen; the builder's are.
            groups: match (about, params) {
                (Some(s), None) => groups_in_statement(s, groups),
                _ => Vec::new(),
            },
        });
    }
    let mut push = |severity, message: String| {
        out.push(Finding {
            severity,
            message,
            ..Finding::default()
        })
    };
    for w in &b.warnings {
        push(Severity::Warning, w.clone());
    }
    for n in b.notes.iter().chain(&b.generated.notes) {
        push(Severity::Info, n.clone());
    }
    for s in &b.generated.suggestions {
        push(Severity::Info, s.to_string());
    }
    out
}

/// The panel's severity for a lint finding.
pub(crate) fn lint_severity(s: lint::Severity) -> Severity {
    match s {
        lint::Severity::Error => Severity::Error,
        lint::Severity::Security | lint::Severity::Warning => Severity::Warning,
        _ => Severity::Info,
    }
}

/// A lint finding in one line: where, what, and the fix if there is one.
pub(crate) fn describe(f: &lint::Finding) -> String {
    let fix = f
        .fix
        .as_ref()
        .map(|x| format!(" Fix: {x}"))
        .unwrap_or_default();
    format!("{}: {}{fix}", f.location, f.message)
}
