//! One component per file, named after what the user sees.

pub mod policy_preview;
