//! The levels a parameter takes: explicit values, choices, or a numeric range.

use crate::scenario::Location;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One level of a parameter: the value written into the scenario key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Level {
    Bool(bool),
    Integer(i64),
    Number(f64),
    Text(String),
}

impl fmt::Display for Level {
    /// The text used in `--set` assignments and result files; numbers in their shortest
    /// exact form, always with a decimal point so they stay floats.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Bool(value) => write!(f, "{value}"),
            Level::Integer(value) => write!(f, "{value}"),
            Level::Number(value) => write!(f, "{value:?}"),
            Level::Text(value) => f.write_str(value),
        }
    }
}

impl Level {
    /// The level as a number, for statistics and the Pareto front (`None` for text).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Level::Bool(value) => Some(f64::from(u8::from(*value))),
            Level::Integer(value) => Some(*value as f64),
            Level::Number(value) => Some(*value),
            Level::Text(_) => None,
        }
    }
}

/// The levels a parameter may take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// An explicit list (`values = [...]` or `choices = [...]`).
    List(Vec<Level>),
    /// An interval; `steps` levels in a grid, uniform in lhs and sobol designs.
    Range {
        low: f64,
        high: f64,
        /// Both bounds were written as integers: levels are whole numbers.
        integer: bool,
        steps: Option<u32>,
    },
}

impl Domain {
    /// The grid levels: the list, or `steps` evenly spaced values with both ends included
    /// (whole-number ranges are rounded and repeated levels dropped).
    pub fn grid_levels(&self) -> Vec<Level> {
        match self {
            Domain::List(levels) => levels.clone(),
            Domain::Range {
                low,
                high,
                integer,
                steps,
            } => {
                let steps = steps.unwrap_or(2).max(1);
                let mut levels: Vec<Level> = Vec::new();
                for i in 0..steps {
                    let value = if steps == 1 {
                        *low
                    } else {
                        let (i, last) = (f64::from(i), f64::from(steps - 1));
                        (low * (last - i) + high * i) / last
                    };
                    let level = if *integer {
                        Level::Integer(value.round() as i64)
                    } else {
                        Level::Number(value)
                    };
                    if levels.last() != Some(&level) {
                        levels.push(level);
                    }
                }
                levels
            }
        }
    }

    /// The level for a uniform number `u` in [0, 1) (lhs and sobol designs).
    pub fn level_at(&self, u: f64) -> Level {
        let u = u.clamp(0.0, 1.0);
        match self {
            Domain::List(levels) => {
                let index = ((u * levels.len() as f64) as usize).min(levels.len() - 1);
                levels[index].clone()
            }
            Domain::Range {
                low, high, integer, ..
            } => {
                if *integer {
                    let span = high - low + 1.0;
                    Level::Integer((low + (u * span).floor()).min(*high) as i64)
                } else {
                    Level::Number(low + u * (high - low))
                }
            }
        }
    }

    /// The levels worth trying on the base scenario: the list, or both bounds.
    pub(super) fn probe_levels(&self) -> Vec<Level> {
        match self {
            Domain::List(levels) => levels.clone(),
            Domain::Range {
                low, high, integer, ..
            } => [*low, *high]
                .iter()
                .map(|&bound| {
                    if *integer {
                        Level::Integer(bound as i64)
                    } else {
                        Level::Number(bound)
                    }
                })
                .collect(),
        }
    }
}

/// One `[[parameters]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The scenario key, as accepted by `--set` (e.g. `strategy.personalization`).
    pub key: String,
    pub domain: Domain,
    /// Where the key and each probed level were written, for errors found later.
    pub(super) key_location: Option<Location>,
    pub(super) level_locations: Vec<Option<Location>>,
}

impl Parameter {
    /// A parameter built in code (no file locations).
    pub fn new(key: impl Into<String>, domain: Domain) -> Parameter {
        Parameter {
            key: key.into(),
            domain,
            key_location: None,
            level_locations: Vec::new(),
        }
    }
}

/// Objectives of the Pareto front: metric names to maximize and to minimize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParetoObjectives {
    pub maximize: Vec<String>,
    pub minimize: Vec<String>,
}

impl Default for ParetoObjectives {
    fn default() -> Self {
        ParetoObjectives {
            maximize: vec!["total_revenue".into(), "final_mean_trust".into()],
            minimize: vec!["final_records_held".into()],
        }
    }
}
