use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::ui::components::text_field::{ComboboxAria, TextField};

/// One option of a [`Combobox`].
#[derive(Clone, PartialEq)]
pub struct ComboOption {
    /// The option's `data-testid`.
    pub testid: AttrValue,
    /// What the option shows; also its accessible name, so say in it
    /// whatever state matters ("chosen").
    pub content: Html,
    /// What the live region says once the option is picked
    /// ("Added s3 (Amazon S3)").
    pub announce: AttrValue,
}

#[derive(Properties, PartialEq)]
pub struct ComboboxProps {
    /// The input's id and `data-testid`; the listbox is `<id>-listbox`, its
    /// options `<id>-listbox-<n>`, the live region `<id>-status`.
    pub id: AttrValue,
    pub label: AttrValue,
    /// The listbox's accessible name.
    pub list_label: AttrValue,
    /// The text typed so far.
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// The options for `value`, best first (none for an empty query).
    pub options: Vec<ComboOption>,
    /// Gets the index of the picked option; the text is then cleared.
    pub on_pick: Callback<usize>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// A `data-testid` for the listbox.
    #[prop_or_default]
    pub list_testid: Option<AttrValue>,
}

/// What a key pressed in the input does.
#[derive(Clone, Copy, Debug, PartialEq)]
enum KeyOutcome {
    /// Open the list (if closed) with this option active.
    Activate(usize),
    Pick(usize),
    Close,
    Clear,
    /// Not ours: the input handles it (Home, End, letters...).
    Pass,
}

/// The WAI-ARIA APG combobox keys, for a list of `len` options:
/// - Down and Up move the active option and wrap around at either end; on a
///   closed list they open it, Down on the first option and Up on the last.
/// - Enter picks the active option, or the first when none is active yet
///   (so typing `s3` and pressing Enter adds the best match).
/// - Escape closes an open list and keeps the text; on a closed list it
///   clears the text.
/// - Home and End stay the input's, moving the caret in the text.
fn on_key(key: &str, open: bool, active: Option<usize>, len: usize, has_text: bool) -> KeyOutcome {
    let active = active.filter(|_| open);
    match key {
        "ArrowDown" if len > 0 => KeyOutcome::Activate(active.map_or(0, |i| (i + 1) % len)),
        "ArrowUp" if len > 0 => {
            KeyOutcome::Activate(active.map_or(len - 1, |i| (i + len - 1) % len))
        }
        "Enter" if open => KeyOutcome::Pick(active.unwrap_or(0)),
        "Escape" if open => KeyOutcome::Close,
        "Escape" if has_text => KeyOutcome::Clear,
        _ => KeyOutcome::Pass,
    }
}

/// A text input with a listbox of suggestions, after the WAI-ARIA APG
/// combobox pattern (list autocomplete): focus stays in the input,
/// `aria-activedescendant` names the active option, and a polite live
/// region says what was picked. Both pickers use it.
#[component]
pub fn Combobox(props: &ComboboxProps) -> Html {
    let active = use_state(|| None::<usize>);
    // Escape closes the list until the text changes or Down/Up reopen it.
    let dismissed = use_state(|| false);
    let announcement = use_state(String::new);

    let len = props.options.len();
    let open = !*dismissed && len > 0;
    let current = (*active).filter(|&i| open && i < len);
    let list_id = format!("{}-listbox", props.id);
    let option_id = |i: usize| format!("{list_id}-{i}");

    let pick = {
        let (active, dismissed, announcement) =
            (active.clone(), dismissed.clone(), announcement.clone());
        let (on_pick, on_change) = (props.on_pick.clone(), props.on_change.clone());
        let announces: Vec<AttrValue> = props.options.iter().map(|o| o.announce.clone()).collect();
        Callback::from(move |i: usize| {
            let Some(said) = announces.get(i) else {
                return;
            };
            announcement.set(said.to_string());
            active.set(None);
            dismissed.set(false);
            on_pick.emit(i);
            on_change.emit(String::new());
        })
    };
    let on_change = {
        let (active, dismissed) = (active.clone(), dismissed.clone());
        let on_change = props.on_change.clone();
        Callback::from(move |text: String| {
            active.set(None);
            dismissed.set(false);
            on_change.emit(text);
        })
    };
    // An Enter that came before the render for the latest keystroke: this
    // render's options are for older text, so it is answered once the
    // options catch up (a fast typist, or a test typing, gets there).
    // It holds the text the Enter was pressed on.
    let pending_enter = use_state(|| None::<String>);
    {
        let (pending_enter, pick) = (pending_enter.clone(), pick.clone());
        use_effect_with(
            ((*pending_enter).clone(), props.value.clone(), open, current),
            move |(pending, value, open, current)| {
                if pending.as_deref() == Some(value.as_str()) {
                    pending_enter.set(None);
                    if *open {
                        pick.emit(current.unwrap_or(0));
                    }
                }
            },
        );
    }
    let on_keydown = {
        let (active, dismissed) = (active.clone(), dismissed.clone());
        let (pick, on_change) = (pick.clone(), props.on_change.clone());
        let pending_enter = pending_enter.clone();
        let value = props.value.clone();
        let has_text = !value.is_empty();
        Callback::from(move |e: KeyboardEvent| {
            let live = e.target_unchecked_into::<HtmlInputElement>().value();
            if e.key() == "Enter" && live != value.as_str() {
                pending_enter.set(Some(live));
                e.prevent_default();
                return;
            }
            match on_key(&e.key(), open, current, len, has_text) {
                KeyOutcome::Activate(i) => {
                    active.set(Some(i));
                    dismissed.set(false);
                }
                KeyOutcome::Pick(i) => pick.emit(i),
                KeyOutcome::Close => dismissed.set(true),
                KeyOutcome::Clear => {
                    active.set(None);
                    dismissed.set(false);
                    on_change.emit(String::new());
                }
                KeyOutcome::Pass => return,
            }
            // The keys above are the list's: no caret move, no form submit.
            e.prevent_default();
        })
    };
    let aria = ComboboxAria {
        expanded: open,
        controls: AttrValue::from(list_id.clone()),
        active: current.map(|i| AttrValue::from(option_id(i))),
        on_keydown,
    };

    let items = props.options.iter().enumerate().map(|(i, option)| {
        let onclick = {
            let pick = pick.clone();
            Callback::from(move |_: MouseEvent| pick.emit(i))
        };
        // Keep the focus (and the caret) in the input when an option is clicked.
        let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
        let is_active = current == Some(i);
        // Not keyed: the i-th option reuses the i-th element, so a keystroke
        // patches ten rows' text and attributes instead of building new ones.
        html! {
            <li id={option_id(i)} role="option"
                class={classes!("combobox-option", is_active.then_some("active"))}
                aria-selected={is_active.to_string()}
                data-testid={option.testid.clone()} {onclick} {onmousedown}>
                { option.content.clone() }
            </li>
        }
    });
    html! {
        <div class="combobox">
            <TextField id={props.id.clone()} label={props.label.clone()} value={props.value.clone()}
                placeholder={props.placeholder.clone()} {on_change} combobox={aria} />
            <ul id={list_id.clone()} role="listbox" class="results combobox-list"
                aria-label={props.list_label.clone()} data-testid={props.list_testid.clone()}
                hidden={!open}>
                { for items }
            </ul>
            <p class="visually-hidden" role="status" aria-live="polite" data-testid={format!("{}-status", props.id)}>
                { (*announcement).clone() }
            </p>
        </div>
    }
}
