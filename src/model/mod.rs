//! The shopper model: who the shoppers are, what the retailer does, and the rules
//! that connect them. Every mechanism is one function in [`mechanisms`] or [`retailer`].

pub mod economics;
pub mod events;
pub mod math;
pub mod mechanisms;
pub mod network;
pub mod params;
pub mod population;
pub mod retailer;
pub mod segment;
pub mod strategy;
