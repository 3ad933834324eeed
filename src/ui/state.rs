//! The one reducer: what the user chose ([`State`]) and the messages that
//! change it ([`Msg`]). The logic lives in the core ([`crate::session`]) so
//! native tests drive it; this file only plugs it into yew and provides the
//! context handles.

use std::rc::Rc;

use yew::prelude::*;

use crate::catalog::Catalog;
pub use crate::session::{Msg, Screen, State, Theme};

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        Rc::new((*self).clone().apply(msg))
    }
}

/// The reducer handle every component reads and dispatches to.
pub type StateHandle = UseReducerHandle<State>;

/// The parsed catalog, shared by context and never copied into state.
#[derive(Clone)]
pub struct CatalogRef(pub Rc<Catalog>);

impl PartialEq for CatalogRef {
    fn eq(&self, other: &CatalogRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The app state from context.
#[hook]
pub fn use_app_state() -> StateHandle {
    use_context::<StateHandle>().expect("App provides the state context")
}

/// The catalog from context (provided only once it has loaded).
#[hook]
pub fn use_catalog() -> Rc<Catalog> {
    use_context::<CatalogRef>()
        .expect("the builder renders only after the catalog loaded")
        .0
}
