//! From what a job runs to its policy (issue 16): the AWS CLI commands of a
//! CI step, mapped line by line through the [operation map](crate::opmap)
//! and the hand-written high-level commands (`aws s3 sync`, `wait`, …) to
//! [`Grant`]s, and from there to [`Choices`](crate::choices::Choices).

pub mod grant;

pub use grant::{to_choices, Grant, Granted};
