//! Scenario sweeps: run many variants of a scenario and say which strategies win, by how
//! much, and how sure we are.
//!
//! ```text
//! experiment TOML ──parse──▶ Experiment ──resolve against base──▶ Plan (points x replicates,
//!   run ids, seeds, hash) ──shard──▶ runs ──execute (rayon)──▶ RunRecord lines (CSV)
//!   ──merge──▶ all records ──analysis──▶ Report (estimates, Sobol indices, Pareto front)
//! ```
//!
//! * [`experiment`]: the experiment file format and its validation (located
//!   [`crate::scenario::ScenarioError`]s, like scenario files).
//! * [`design`]: grid, Latin hypercube and Saltelli/Sobol designs.
//! * [`plan`]: the deterministic plan, run ids and seeds, sharding, the plan hash.
//! * [`run`]: executing one planned run on the engine.
//! * [`results`]: result records, their CSV lines, parsing, merging.
//! * [`stats`]: confidence intervals, Sobol indices, Pareto fronts.
//! * [`analysis`]: the report assembled from a plan and its records.
//! * [`metrics`]: metric names (numeric `Summary` fields) and their extraction.
//!
//! Everything here is pure: reading and writing files, threads and progress display
//! belong to the `shopsim sweep`, `merge` and `report` commands.

pub mod analysis;
pub(crate) mod design;
pub(crate) mod experiment;
pub mod metrics;
pub(crate) mod plan;
pub mod results;
pub mod run;
pub mod stats;

#[cfg(test)]
mod tests;

pub use analysis::Report;
pub use experiment::{DesignKind, Domain, Experiment, Level, Parameter, ParetoObjectives};
pub use plan::{Plan, PlannedRun};
pub use results::{merge_runs, parse_runs, Merged, ParsedRuns, RunRecord};
pub use run::{execute, RunOutput};
