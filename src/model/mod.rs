//! The shopper model: who the shoppers are, what the retailer does, and the rules
//! that connect them. Every mechanism is one function in [`mechanisms`].

pub mod segment;
pub mod strategy;
