//! shopsim: an agent-based simulation of shoppers caught in the
//! personalization-privacy paradox.
//!
//! The library is a pure engine: it takes a validated [`scenario::Scenario`], owns its
//! random numbers and steps one day at a time. It does no terminal, file or stdout I/O;
//! the command line and the terminal UI in the `shopsim` binary are its clients.
//!
//! ```
//! use shopsim::scenario::Scenario;
//! use shopsim::sim::Engine;
//!
//! // A preset, made smaller with the same overrides the command line's `--set` takes.
//! let scenario = Scenario::preset("breach-shock")
//!     .and_then(|s| s.with_overrides(["simulation.shoppers=2000", "simulation.days=200"]))
//!     .expect("a shipped preset with valid overrides");
//! let mut engine = Engine::new(&scenario);
//! engine.run_to_end();
//! let summary = engine.summary();
//! assert_eq!(summary.days, 200);
//! assert_eq!(summary.breaches, 1);
//! // Talk exceeds action: more shoppers said they would leave than actually left.
//! assert!(summary.peak_stated_intent_to_leave > summary.churn_rate);
//!
//! // A fork continues on the same random numbers: identical until one branch changes.
//! let mut a = Engine::new(&scenario);
//! let mut b = a.fork();
//! a.step();
//! b.step();
//! assert_eq!(a.history(), b.history());
//! ```

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod calibration;
pub mod lesson;
pub mod model;
pub mod plot;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sweep;
pub mod units;
