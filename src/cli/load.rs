//! The SCENARIO argument: a preset name or a scenario file, plus overrides.

use super::error::CliError;
use crate::output;
use shopsim::model::events::ScheduledEvent;
use shopsim::scenario::presets::DEFAULT_PRESET;
use shopsim::scenario::Scenario;
use std::path::Path;

/// A scenario ready to run, and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    /// The preset name or the path as the user gave it.
    pub source: String,
    /// Things the user should know about how the overrides were applied.
    pub notes: Vec<String>,
}

/// Overrides from the command line, applied after the scenario is read.
#[derive(Debug, Clone, Default)]
pub struct Overrides<'a> {
    /// `--set KEY=VALUE`, in order; later ones win.
    pub assignments: &'a [String],
    pub days: Option<u32>,
    pub shoppers: Option<u32>,
    pub seed: Option<u64>,
}

/// Whether the SCENARIO argument names a file rather than a preset: it contains a path
/// separator, ends in `.toml`, or is an existing file.
pub fn is_path(argument: &str) -> bool {
    argument.contains('/')
        || argument.contains(std::path::MAIN_SEPARATOR)
        || argument.ends_with(".toml")
        || Path::new(argument).is_file()
}

/// Reads the scenario named by `argument` (the default preset when absent) and applies
/// the overrides: `--set` assignments first, then the `--days`, `--shoppers` and
/// `--seed` shorthands, so a shorthand wins over a `--set` of the same key.
///
/// `--days N` shortens a run on purpose, so it drops the scenario's events planned
/// after day N (with a note) instead of rejecting them; `--set simulation.days=N` is
/// validated strictly, like the file.
pub fn load(argument: Option<&str>, overrides: &Overrides<'_>) -> Result<LoadedScenario, CliError> {
    let source = argument.unwrap_or(DEFAULT_PRESET);
    let mut scenario = if is_path(source) {
        read_file(Path::new(source))?
    } else {
        // The message already names the preset and lists the known ones.
        Scenario::preset(source).map_err(|error| {
            CliError::input(error.message).with_hint(
                "run `shopsim scenarios` for descriptions, or give a path to a .toml file",
            )
        })?
    };
    if !overrides.assignments.is_empty() {
        scenario = scenario.with_overrides(overrides.assignments)?;
    }
    let shorthands = [
        ("--days", "simulation.days", overrides.days.map(u64::from)),
        (
            "--shoppers",
            "simulation.shoppers",
            overrides.shoppers.map(u64::from),
        ),
        ("--seed", "simulation.seed", overrides.seed),
    ];
    let mut notes = Vec::new();
    if let Some(days) = overrides.days {
        let (kept, dropped): (Vec<ScheduledEvent>, Vec<ScheduledEvent>) =
            scenario.events.iter().partition(|event| event.day <= days);
        if !dropped.is_empty() {
            let listed: Vec<String> = dropped
                .iter()
                .map(|event| format!("{} on day {}", event.kind, event.day))
                .collect();
            notes.push(format!(
                "--days {days} leaves out the scenario's events after day {days}: {}",
                listed.join(", ")
            ));
            scenario.events = kept;
        }
    }
    for (flag, key, value) in shorthands {
        if let Some(value) = value {
            scenario = scenario
                .with_override(&format!("{key}={value}"))
                .map_err(|mut error| {
                    error.origin = format!("{flag} {value}");
                    error
                })?;
        }
    }
    Ok(LoadedScenario {
        scenario,
        source: source.to_string(),
        notes,
    })
}

/// Reads and validates a scenario file; errors carry the path as given. Only a regular
/// file of at most [`output::TEXT_FILE_LIMIT`] bytes is read (scenarios are a few KB).
pub fn read_file(path: &Path) -> Result<Scenario, CliError> {
    let text = output::read_input(
        path,
        output::TEXT_FILE_LIMIT,
        "give a preset name (see `shopsim scenarios`) or the path of a scenario .toml file",
    )?;
    Ok(Scenario::from_toml_str(&text, &path.display().to_string())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_separators_or_toml_suffix_are_paths() {
        assert!(is_path("scenarios/balanced.toml"));
        assert!(is_path("./mine"));
        assert!(is_path("mine.toml"));
        assert!(!is_path("balanced"));
        assert!(!is_path("amazon-like"));
    }

    #[test]
    fn shorthands_override_the_preset_and_win_over_set() {
        let assignments = vec!["simulation.days=20".to_string()];
        let loaded = load(
            Some("balanced"),
            &Overrides {
                assignments: &assignments,
                days: Some(12),
                shoppers: Some(300),
                seed: Some(9),
            },
        )
        .expect("valid overrides");
        assert_eq!(loaded.scenario.simulation.days, 12);
        assert_eq!(loaded.scenario.simulation.shoppers, 300);
        assert_eq!(loaded.scenario.simulation.seed, 9);
        assert_eq!(loaded.source, "balanced");
    }

    #[test]
    fn days_drops_later_events_with_a_note_but_set_does_not() {
        let shortened = load(
            Some("breach-shock"),
            &Overrides {
                days: Some(30),
                ..Overrides::default()
            },
        )
        .expect("--days shortens the run");
        assert!(shortened.scenario.events.is_empty());
        assert_eq!(shortened.notes.len(), 1);
        assert!(
            shortened.notes[0].contains("breach on day 180"),
            "{:?}",
            shortened.notes
        );

        let kept = load(
            Some("breach-shock"),
            &Overrides {
                days: Some(200),
                ..Overrides::default()
            },
        )
        .expect("the event is inside the run");
        assert_eq!(kept.scenario.events.len(), 1);
        assert!(kept.notes.is_empty());

        let assignments = vec!["simulation.days=30".to_string()];
        let strict = load(
            Some("breach-shock"),
            &Overrides {
                assignments: &assignments,
                ..Overrides::default()
            },
        );
        assert!(strict.is_err(), "--set is validated like the file");
    }

    #[test]
    fn an_invalid_shorthand_is_blamed_on_its_flag() {
        let error = load(
            None,
            &Overrides {
                days: Some(0),
                ..Overrides::default()
            },
        )
        .expect_err("zero days is out of range");
        let text = error.to_string();
        assert!(text.contains("--days 0"), "{text}");
        assert!(matches!(error, CliError::Input { .. }));
    }

    #[test]
    fn a_missing_file_is_an_input_error_with_a_hint() {
        let error = load(Some("no/such/file.toml"), &Overrides::default())
            .expect_err("the file does not exist");
        let text = error.to_string();
        assert!(text.contains("no/such/file.toml: no such file"), "{text}");
        assert!(text.contains("hint:"), "{text}");
    }
}
