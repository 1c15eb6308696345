//! Running the model: the engine, its events, random numbers and metrics.

pub mod engine;
pub mod events;
pub mod metrics;
pub mod rng;

pub use engine::{Engine, EventOrigin, EventRecord, StrategyChange};
pub use metrics::{DayMetrics, Summary};
