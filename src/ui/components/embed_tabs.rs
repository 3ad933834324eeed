use web_sys::HtmlElement;
use yew::prelude::*;

/// One tab: its id (the tab's `data-testid` is `tab-<id>`), label and panel.
#[derive(Clone, PartialEq)]
pub struct Tab {
    pub id: &'static str,
    pub label: &'static str,
    pub panel: Html,
}

#[derive(Properties, PartialEq)]
pub struct EmbedTabsProps {
    pub tabs: Vec<Tab>,
    /// The tab list's accessible name.
    pub label: AttrValue,
}

/// The embed's secondary views behind tabs, closed until the reader opens
/// one, so the iframe stays short. The WAI-ARIA Tabs pattern with manual
/// activation: one tab in the Tab order (roving `tabindex`), arrow keys,
/// Home and End move between tabs, Enter or Space (a click) opens one, and
/// choosing the open tab again closes it.
#[component]
pub fn EmbedTabs(props: &EmbedTabsProps) -> Html {
    let open = use_state(|| None::<usize>);
    let focus = use_state(|| 0usize);
    let n = props.tabs.len();
    let refs = use_memo(n, |&n| {
        (0..n).map(|_| NodeRef::default()).collect::<Vec<_>>()
    });
    let onkeydown = {
        let (focus, refs) = (focus.clone(), refs.clone());
        Callback::from(move |e: KeyboardEvent| {
            if n == 0 {
                return;
            }
            let next = match e.key().as_str() {
                "ArrowRight" => (*focus + 1) % n,
                "ArrowLeft" => (*focus + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            focus.set(next);
            if let Some(el) = refs[next].cast::<HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    let tabs = props.tabs.iter().enumerate().map(|(i, t)| {
        let selected = *open == Some(i);
        let onclick = {
            let (open, focus) = (open.clone(), focus.clone());
            Callback::from(move |_| {
                focus.set(i);
                open.set(if *open == Some(i) { None } else { Some(i) });
            })
        };
        html! {
            <button key={t.id} type="button" role="tab" ref={refs[i].clone()}
                id={format!("tab-{}", t.id)} data-testid={format!("tab-{}", t.id)}
                aria-selected={selected.to_string()} aria-controls={format!("panel-{}", t.id)}
                tabindex={if i == *focus { "0" } else { "-1" }} {onclick}>
                { t.label }
            </button>
        }
    });
    let panels = props.tabs.iter().enumerate().map(|(i, t)| {
        let shown = *open == Some(i);
        html! {
            <div key={t.id} role="tabpanel" id={format!("panel-{}", t.id)} class="tab-panel"
                data-testid={format!("panel-{}", t.id)} aria-labelledby={format!("tab-{}", t.id)}
                tabindex="0" hidden={!shown}>
                if shown { { t.panel.clone() } }
            </div>
        }
    });
    html! {
        <div class="embed-tabs">
            <div role="tablist" aria-label={props.label.clone()} class="tablist" {onkeydown}>{ for tabs }</div>
            { for panels }
        </div>
    }
}
