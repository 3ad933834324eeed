use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::explain::{Explanation, Resources};
use crate::recipe::Reason;

/// The most rows shown; the counts above the table cover all of them.
const ROWS: usize = 300;

#[derive(Properties, PartialEq)]
pub struct GrantsTableProps {
    pub explanation: Rc<Explanation>,
    /// Why each action is there (`s3:PutObject` → reasons), from recipes.
    #[prop_or_default]
    pub reasons: Rc<BTreeMap<String, Vec<Reason>>>,
}

/// "What this grants": every action the policy allows, where, and why.
#[component]
pub fn GrantsTable(props: &GrantsTableProps) -> Html {
    let e = &props.explanation;
    let counts = e
        .counts
        .iter()
        .map(|(level, n)| format!("{level}: {n}"))
        .collect::<Vec<_>>()
        .join(" · ");
    let rows = e.grants.iter().take(ROWS).map(|g| {
        let resources: Vec<String> = g
            .scopes
            .iter()
            .flat_map(|s| match &s.resources {
                Resources::Only(list) => list.clone(),
                Resources::AllExcept(list) => vec![format!("all except {}", list.join(", "))],
            })
            .collect();
        let why = props
            .reasons
            .get(&g.name)
            .map(|r| r.iter().map(|r| r.reason.clone()).collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        html! {
            <tr key={g.name.clone()}>
                <td><code>{ g.name.clone() }</code></td>
                <td>{ g.access_level.to_string() }</td>
                <td class="resources">{ for resources.iter().map(|r| html! { <code>{ r.clone() }</code> }) }</td>
                <td>{ why }</td>
            </tr>
        }
    });
    html! {
        <section class="grants" data-testid="grants" aria-labelledby="grants-title">
            <h2 id="grants-title">{ "What this grants" }</h2>
            <p data-testid="grant-counts">{ format!("{} actions. {counts}", e.total()) }</p>
            if e.total() > 0 {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Every action the policy grants">
                    <table>
                        <thead><tr><th scope="col">{ "Action" }</th><th scope="col">{ "Level" }</th><th scope="col">{ "Resources" }</th><th scope="col">{ "Why" }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
