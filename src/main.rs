mod tui;

use shopsim::scenario::{presets, Scenario};

/// Stand-in until the CLI lands: `shopsim [PRESET | FILE.toml]` opens the TUI.
fn main() -> anyhow::Result<()> {
    let scenario = match std::env::args().nth(1) {
        Some(path) if path.ends_with(".toml") => {
            Scenario::from_toml_str(&std::fs::read_to_string(&path)?, &path)?
        }
        Some(name) => Scenario::preset(&name)?,
        None => Scenario::preset(presets::DEFAULT_PRESET)?,
    };
    tui::run(scenario)
}
