//! shopsim: an agent-based simulation of shoppers caught in the
//! personalization-privacy paradox.
//!
//! The library is a pure engine: it takes a validated [`scenario::Scenario`], owns its
//! random numbers and steps one day at a time. It does no terminal, file or stdout I/O;
//! the command line and the terminal UI in the `shopsim` binary are its clients.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod lesson;
pub mod model;
pub mod plot;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod sweep;
pub mod units;
