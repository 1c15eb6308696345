//! Pieces shared by the analysis subcommands (`facts`, `compare`, `explain`, `baseline`).

use super::error::CliError;
use super::load::{self, LoadedScenario};
use super::output;
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

/// Runs `work` on a pool of `threads` worker threads, or on the default pool.
pub fn with_threads<T: Send>(
    threads: Option<u16>,
    work: impl FnOnce() -> T + Send,
) -> Result<T, CliError> {
    match threads {
        Some(threads) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build()
            .context("cannot start the worker threads")?
            .install(work)),
        None => Ok(work()),
    }
}
