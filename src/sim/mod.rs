//! Running the model: the engine, its events, random numbers and metrics.

pub mod events;
pub mod rng;
