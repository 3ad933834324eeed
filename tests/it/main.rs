//! Native integration tests: one binary, one module per part of the core.

mod arn;
mod cli;
mod policy;
