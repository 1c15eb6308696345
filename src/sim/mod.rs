//! Running the model: the engine, its events, random numbers and metrics.

pub mod baseline;
pub mod counterfactual;
pub mod engine;
pub mod events;
pub mod facts;
mod kernel;
pub mod metrics;
pub mod records;
pub mod rng;

pub use counterfactual::{run_pair, Comparison, RunOutcome};
pub use engine::{Engine, EventOrigin, EventRecord, StrategyChange};
pub use metrics::{DayMetrics, Summary};
