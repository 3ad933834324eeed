//! The yew web app (wasm32 only): small components over one reducer.
//!
//! [`state`] holds only what the user chose; everything shown (the policy,
//! its findings, exports) is derived from it at render time.

mod app;
pub mod components;
pub mod hooks;
pub mod state;

pub use app::{App, AppProps};
