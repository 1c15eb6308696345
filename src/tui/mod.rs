//! The terminal UI (placeholder until the real one lands).

use shopsim::scenario::Scenario;

/// Opens the terminal UI on `scenario`.
pub fn run(scenario: Scenario) -> anyhow::Result<()> {
    let _ = scenario;
    anyhow::bail!("the terminal UI is not built yet; use `shopsim run` for headless runs")
}
