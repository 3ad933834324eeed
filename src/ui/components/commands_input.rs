use std::rc::Rc;

use yew::prelude::*;

use crate::commands::{Mapped, VarSource, Variable};
use crate::trust::TrustError;
use crate::ui::components::auth_mode::{AuthModeChoice, CiFields};
use crate::ui::components::command_lines::{CommandLines, CommandsSummary};
use crate::ui::components::embed_snippet::EmbedSnippet;
use crate::ui::components::global_settings::GlobalSettings;
use crate::ui::components::text_field::TextField;
use crate::ui::hooks::refusing_credentials;
use crate::ui::state::{use_app_state, Msg};

#[derive(Properties, PartialEq)]
pub struct CommandsInputProps {
    /// The script mapped, once the operation map has loaded.
    pub mapped: Option<Rc<Mapped>>,
    /// Why the operation map is not there, if it failed to load.
    #[prop_or_default]
    pub load_error: Option<AttrValue>,
    /// Why the role cannot be built yet.
    #[prop_or_default]
    pub role_error: Option<TrustError>,
    /// Continue with the mapped permissions in the builder.
    pub on_customize: Callback<()>,
}

/// "Paste the commands your job runs": the script, a field for each
/// `$VAR` the policy depends on, the scope (partition, account, region),
/// who uses it, and what each line became.
#[component]
pub fn CommandsInput(props: &CommandsInputProps) -> Html {
    let state = use_app_state();
    let warning = use_state(|| None::<String>);
    let embed = state.embed;
    let oninput = {
        let state = state.clone();
        refusing_credentials(state.commands.clone(), warning.clone(), move |v| {
            state.dispatch(Msg::SetCommands(v))
        })
    };
    let variables = props
        .mapped
        .as_ref()
        .map(|m| m.variables.clone())
        .unwrap_or_default();
    let fields = variables.iter().filter(|v| v.needed).map(|v| {
        let set = {
            let state = state.clone();
            let name = v.name.clone();
            Callback::from(move |value: String| {
                state.dispatch(Msg::SetCommandParam {
                    name: name.clone(),
                    value: value.trim().to_string(),
                })
            })
        };
        let value = state
            .command_params
            .get(&v.name)
            .cloned()
            .unwrap_or_default();
        let locked = state.commands_locked.contains(&v.name);
        let (help, error) = variable_help(v, !value.is_empty());
        html! {
            <div class="param" key={v.name.clone()}>
                <TextField id={format!("command-var-{}", v.name)} label={format!("${}", v.name)}
                    value={value} readonly={locked} error={error.map(AttrValue::from)}
                    help={AttrValue::from(help)} placeholder={v.value.clone().map(AttrValue::from)}
                    on_change={set} />
            </div>
        }
    });
    let has_fields = variables.iter().any(|v| v.needed);
    let customize = {
        let on_customize = props.on_customize.clone();
        Callback::from(move |_| on_customize.emit(()))
    };
    html! {
        <>
            <div class="recipe-head">
                <h2>{ "The commands your job runs" }</h2>
                if !embed {
                    <p>{ "Paste a shell script or CI step. Each AWS CLI command becomes exactly the actions it needs, on the resources it names; $VARIABLES become fields below. Nothing is run, and nothing leaves this page." }</p>
                }
            </div>
            if !embed {
                <label for="commands-text">{ "Commands (one per line; \\ continues a line, # starts a comment)" }</label>
                <textarea id="commands-text" data-testid="commands-text" rows="10" spellcheck="false"
                    autocomplete="off" placeholder="aws s3 sync build/ s3://$BUCKET --delete"
                    value={state.commands.clone()} {oninput} />
                if let Some(w) = &*warning {
                    <p class="warning" role="alert" data-testid="commands-credential">{ w.clone() }</p>
                }
            }
            <GlobalSettings />
            if embed {
                <AuthModeChoice />
                <CiFields error={props.role_error.clone()} />
            }
            if has_fields {
                <fieldset class="param-form" data-testid="command-vars">
                    <legend>{ "The script's variables" }</legend>
                    { for fields }
                </fieldset>
            }
            if !embed {
                <AuthModeChoice />
                <CiFields error={props.role_error.clone()} />
            }
            if let Some(e) = &props.load_error {
                <p class="error" role="alert" data-testid="opmap-error">{ e.clone() }</p>
            } else if let Some(m) = &props.mapped {
                // Embedded, the lines wait behind their tab.
                if embed {
                    <CommandsSummary mapped={m.clone()} />
                } else {
                    <CommandLines mapped={m.clone()} />
                }
            } else if !state.commands.trim().is_empty() {
                <p class="loading" role="status" data-testid="opmap-loading">
                    { "Loading the map from AWS CLI commands to IAM actions…" }
                </p>
            }
            if !embed {
                <div class="cluster">
                    <button type="button" data-testid="customize" onclick={customize}
                        disabled={props.mapped.as_ref().is_none_or(|m| m.grants.is_empty())}>
                        { "Customise the permissions" }
                    </button>
                </div>
                <EmbedSnippet />
            }
        </>
    }
}

/// The help line under a variable's field, and the error when the policy
/// waits for it.
fn variable_help(v: &Variable, given: bool) -> (String, Option<String>) {
    let used = format!("First used on line {}.", v.line);
    match v.source {
        _ if given => (used, None),
        VarSource::Script(line) => (
            format!("{used} The script sets it on line {line}; type a value to use another."),
            None,
        ),
        VarSource::Default => (
            format!("{used} The script's default applies unless you type one."),
            None,
        ),
        VarSource::RunTime(line) => (
            format!(
                "{used} Line {line} sets it from a command's output: give the value it will have, to scope the policy."
            ),
            None,
        ),
        VarSource::Param | VarSource::Missing => (
            used,
            Some(format!(
                "${} is required: the policy's resources depend on it",
                v.name
            )),
        ),
    }
}
