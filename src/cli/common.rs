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
        let loaded = load::load(Some(scenario), &self.size.overrides(&self.set))?;
        for note in &loaded.notes {
            output::print_error(&format!("note: {note}"));
        }
        Ok(loaded)
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
    fn thread_requests_are_capped_at_the_cores() {
        assert_eq!(capped_threads(65535, 8), 8);
        assert_eq!(capped_threads(3, 8), 3);
        assert_eq!(capped_threads(1, 0), 1);
    }
}
