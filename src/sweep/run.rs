//! Running one planned run: base scenario + the point's levels + the run's seed.

use super::metrics::summary_metrics;
use super::plan::{Plan, PlannedRun};
use super::results::RunRecord;
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::metrics::DayMetrics;
use crate::sim::Engine;

/// What one run produced: its record and, when asked for, its daily history.
#[derive(Debug, Clone)]
pub struct RunOutput {
    pub record: RunRecord,
    pub history: Option<Vec<DayMetrics>>,
}

/// The scenario of a planned run: `base` (the plan's resolved base scenario) with the
/// point's levels and the run's seed applied.
pub fn scenario_of(
    plan: &Plan,
    base: &Scenario,
    run: &PlannedRun,
) -> Result<Scenario, ScenarioError> {
    base.with_overrides(plan.assignments(run))
}

/// Simulates a planned run to its last day and measures the plan's metrics. Runs are
/// independent: any number may execute at once, in any order, with the same results.
pub fn execute(
    plan: &Plan,
    base: &Scenario,
    run: &PlannedRun,
    keep_history: bool,
) -> Result<RunOutput, ScenarioError> {
    let scenario = scenario_of(plan, base, run)?;
    let mut engine = Engine::new(&scenario);
    engine.run_to_end();
    let metrics = summary_metrics(&engine.summary(), &plan.metrics);
    Ok(RunOutput {
        record: RunRecord::new(plan, run, metrics),
        history: keep_history.then(|| engine.history().to_vec()),
    })
}
