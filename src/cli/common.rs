//! Pieces shared by the analysis subcommands (`facts`, `compare`, `explain`, `baseline`).

use super::error::CliError;
use super::load::{self, LoadedScenario};
use crate::output;
use anyhow::Context;
use clap::ValueEnum;

/// Output formats of the analysis subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned text for people.
    Table,
    /// One JSON document for scripts.
    Json,
}

/// The size and seed shorthands of a run, as in `shopsim run`.
#[derive(Debug, Clone, clap::Args)]
pub struct SizeArgs {
    /// Override one scenario key, e.g. `--set strategy.personalization=0.8`. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    #[command(flatten)]
    pub size: super::SizeFlags,

    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl SizeArgs {
    /// Loads `scenario` with these overrides; notes go to standard error.
    pub fn load(&self, scenario: &str) -> Result<LoadedScenario, CliError> {
        self.load_with(scenario, &self.set)
    }

    /// Loads `scenario` with `assignments` in place of `--set` (e.g. `--set` followed by
    /// one side's `--set-b`), and the size shorthands; notes go to standard error.
    pub fn load_with(
        &self,
        scenario: &str,
        assignments: &[String],
    ) -> Result<LoadedScenario, CliError> {
        let loaded = load::load(Some(scenario), &self.size.overrides(assignments))?;
        for note in &loaded.notes {
            output::print_error(&format!("note: {note}"));
        }
        Ok(loaded)
    }
}

/// The most scenarios `compare` and `plot --compare` take at once: A to F.
pub const MAX_SIDES: usize = 6;

/// The letter naming side `index` of a comparison (A for the first scenario).
pub fn side_letter(index: usize) -> char {
    char::from(b'A' + (index.min(25) as u8))
}

/// Overrides of one side of a comparison (`--set-a` for A, the first scenario, `--set-b`
/// for B, ...), applied after the `--set` of both sides. Repeatable; later ones win.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SideOverrides {
    /// Override a key of scenario A only, e.g. `--set-a strategy.consent=opt-in`.
    #[arg(long = "set-a", value_name = "KEY=VALUE")]
    pub set_a: Vec<String>,
    /// Override a key of scenario B only, e.g. `--set-b strategy.consent=opt-in`.
    #[arg(long = "set-b", value_name = "KEY=VALUE")]
    pub set_b: Vec<String>,
    /// Override a key of scenario C only (the third).
    #[arg(long = "set-c", value_name = "KEY=VALUE")]
    pub set_c: Vec<String>,
    /// Override a key of scenario D only (the fourth).
    #[arg(long = "set-d", value_name = "KEY=VALUE")]
    pub set_d: Vec<String>,
    /// Override a key of scenario E only (the fifth).
    #[arg(long = "set-e", value_name = "KEY=VALUE")]
    pub set_e: Vec<String>,
    /// Override a key of scenario F only (the sixth).
    #[arg(long = "set-f", value_name = "KEY=VALUE")]
    pub set_f: Vec<String>,
}

impl SideOverrides {
    /// The overrides of side `index` (0 for A).
    pub fn of_side(&self, index: usize) -> &[String] {
        match index {
            0 => &self.set_a,
            1 => &self.set_b,
            2 => &self.set_c,
            3 => &self.set_d,
            4 => &self.set_e,
            5 => &self.set_f,
            _ => &[],
        }
    }

    /// A side's label: its scenario's name, with its own overrides if it has any.
    pub fn label(&self, name: &str, index: usize) -> String {
        match self.of_side(index) {
            [] => name.to_string(),
            own => format!("{name} with {}", own.join(", ")),
        }
    }

    /// `both` (the `--set` of every side) followed by side `index`'s own overrides, so
    /// that a side's own value wins over the shared one.
    pub fn assignments(&self, both: &[String], index: usize) -> Vec<String> {
        both.iter().chain(self.of_side(index)).cloned().collect()
    }

    /// Checks the scenario count (at most [`MAX_SIDES`], given as `sides`) and that no
    /// `--set-X` names a side that is not there.
    pub fn check(&self, sides: usize, what: &str) -> Result<(), CliError> {
        if !(1..=MAX_SIDES).contains(&sides) {
            return Err(CliError::input(format!(
                "{what} takes at most {MAX_SIDES} scenarios (A to F), got {sides}"
            ))
            .with_hint("compare at most six strategies at once (A to F)"));
        }
        for index in sides..MAX_SIDES {
            if let Some(first) = self.of_side(index).first() {
                let letter = side_letter(index).to_ascii_lowercase();
                return Err(CliError::input(format!(
                    "--set-{letter} {first}: there is no scenario {} ({what} got {sides})",
                    side_letter(index)
                ))
                .with_hint(format!(
                    "sides are lettered in order: A is the first scenario, B the second; \
                     the last here is --set-{}",
                    side_letter(sides - 1).to_ascii_lowercase()
                )));
            }
        }
        Ok(())
    }
}

/// Runs `work` on a pool of `threads` worker threads (`--threads`, `--jobs`), or on the
/// default pool (one thread per core). More threads than cores only add overhead (and
/// 65535 of them exhaust the machine), so a larger request is capped, with a note.
pub fn with_threads<T: Send>(
    threads: Option<u16>,
    work: impl FnOnce() -> T + Send,
) -> Result<T, CliError> {
    let Some(requested) = threads else {
        return Ok(work());
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = capped_threads(requested, cores);
    if threads < usize::from(requested) {
        output::print_error(&format!(
            "note: {requested} threads asked for, {threads} used: this machine has {cores} cores"
        ));
    }
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the worker threads")?
        .install(work))
}

/// The threads worth starting for a request on a machine with `cores` cores.
pub fn capped_threads(requested: u16, cores: usize) -> usize {
    usize::from(requested).clamp(1, cores.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_own_overrides_follow_the_shared_ones() {
        let sides = SideOverrides {
            set_b: vec!["strategy.consent=opt-in".to_string()],
            ..SideOverrides::default()
        };
        let both = ["strategy.consent=opt-out".to_string()];
        assert_eq!(sides.assignments(&both, 0), both.to_vec());
        assert_eq!(
            sides.assignments(&both, 1),
            vec!["strategy.consent=opt-out", "strategy.consent=opt-in"]
        );
        assert!(sides.check(2, "compare").is_ok());
        assert!(sides.check(1, "compare").is_err(), "B is not there");
        assert!(SideOverrides::default().check(0, "compare").is_err());
        assert!(sides.check(7, "compare").is_err());
        let c = SideOverrides {
            set_c: vec!["strategy.security=1".to_string()],
            ..SideOverrides::default()
        };
        assert!(c.check(2, "compare").is_err());
        assert!(c.check(3, "compare").is_ok());
        assert_eq!((side_letter(0), side_letter(5)), ('A', 'F'));
    }

    #[test]
    fn thread_requests_are_capped_at_the_cores() {
        assert_eq!(capped_threads(65535, 8), 8);
        assert_eq!(capped_threads(3, 8), 3);
        assert_eq!(capped_threads(1, 0), 1);
    }
}
