//! Running the model: the engine, its events, random numbers and metrics.

pub mod counterfactual;
pub mod engine;
mod kernel;
pub mod metrics;
pub(crate) mod records;

pub use counterfactual::{run_pair, Comparison, RunOutcome};
pub use engine::{Engine, EventOrigin, EventRecord, StrategyChange};
pub use metrics::{DayMetrics, Summary};
