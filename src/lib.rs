//! # IAM Policy Builder
//!
//! Turns a job ("this CI user publishes `js/app.js` to bucket `mojito-example`
//! and invalidates one CloudFront distribution") into the least-privilege AWS
//! IAM policy for it, and explains what any policy really grants.
//!
//! This crate is the pure core: it does no I/O, holds no global state and has
//! no web dependency, so every part of it is tested natively. The yew web app
//! (the [`ui`] module, compiled only for `wasm32`) and the `policy-builder` CLI
//! are thin layers over it.
//!
//! ```
//! use policy_builder::policy::Policy;
//!
//! let empty = Policy::empty();
//! assert_eq!(
//!     empty.to_json(),
//!     "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}"
//! );
//! ```

#![forbid(unsafe_code)]

pub mod arn;
pub mod catalog;
pub mod choices;
pub mod cloudtrail;
pub mod commands;
pub mod console;
pub mod denied;
pub mod diff;
pub mod document;
pub mod explain;
pub mod export;
pub mod generate;
pub mod import;
pub mod lint;
pub mod opmap;
pub mod placement;
pub mod policy;
pub mod preset;
pub mod recipe;
pub mod sarif;
pub mod secrets;
pub mod session;
pub mod share;
pub mod simulate;
pub mod storage;
pub mod trust;
pub mod wildcard;

#[cfg(target_arch = "wasm32")]
pub mod ui;
