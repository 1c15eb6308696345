//! Checking the model against the evidence: the stylized facts and the baseline's
//! buying figures. Both are clients of the engine (they build scenarios, run them
//! and measure), so they sit above `sim`, never inside it.

pub mod baseline;
pub mod facts;
pub mod fit;
pub mod nelder_mead;
pub mod orders;
pub mod panel;
