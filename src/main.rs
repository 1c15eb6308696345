mod tui;

use shopsim::scenario::{presets, Scenario};

fn main() -> anyhow::Result<()> {
    tui::run(Scenario::preset(presets::DEFAULT_PRESET)?)
}
