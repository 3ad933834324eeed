//! Native integration tests: one binary, one module per part of the core.

#![cfg(not(target_arch = "wasm32"))]

mod cli;
mod export;
mod secrets;
