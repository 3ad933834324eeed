//! Native integration tests: one binary, one module per part of the core.

#![cfg(not(target_arch = "wasm32"))]

mod arn;
mod catalog;
mod ci_steps;
mod cli;
mod cli_moto;
mod cloudtrail;
mod commands;
mod denied;
mod diff;
mod differential;
mod document;
mod explain;
mod export;
mod generate;
mod hosting;
mod import;
mod lint;
mod managed;
mod managed_cli;
mod managed_lint;
mod opmap;
mod policy;
mod recipe;
mod sarif;
mod secrets;
mod simulate;
mod trust;
mod trust_moto;
