//! The shopper model: who the shoppers are, what the retailer does, and the rules
//! that connect them.
//!
//! Every rule of `docs/MODEL.md` (E1-E22) is one function here, and every number it
//! uses is a documented field of [`params`]; the engine (`crate::sim`) only calls them.
//! Where each rule lives:
//!
//! - [`population`]: the day-0 population (E1) and its state;
//! - [`mechanisms`]: what the strategy implies (E2), consent (E3), and a visit: content,
//!   purchase, clicks and experience (E5-E11);
//! - [`daily`]: the steps every shopper takes every day, in `f32` for the engine's
//!   vector pass: visit chance (E4), recovery (E12), loyalty and churn (E13), survey
//!   (E14), word of mouth (E16);
//! - [`news`]: news of events (E15);
//! - [`retailer`]: records held (E17), breaches, the compliance gap, costs and fines
//!   (E18-E22);
//! - [`economics`]: the retailer's profit and loss: gross margin, the cost of each lever,
//!   money at the real customer scale (E23-E25);
//! - [`network`]: the social network word of mouth travels on.

pub(crate) mod daily;
pub mod economics;
pub mod events;
pub(crate) mod math;
pub(crate) mod mechanisms;
pub(crate) mod network;
pub(crate) mod news;
pub mod params;
pub(crate) mod population;
pub(crate) mod retailer;
pub mod segment;
pub mod spec;
pub mod strategy;
