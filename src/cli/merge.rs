//! `shopsim merge DIR... --out DIR`: combine shard outputs of one plan.

use super::error::CliError;
use super::report::{load_plan, read_runs, write_report};
use super::MergeArgs;
use shopsim::sweep::results::runs_csv;
use shopsim::sweep::{merge_runs, Merged};

pub const EXAMPLES: &str = "\
Examples:
  shopsim merge shard0/ shard1/ shard2/ --out merged/
  shopsim merge out/ --out out/          (shards that wrote into one directory)

Every DIR must hold the same plan (same plan hash), and OUT must be new, empty or hold that
plan too. Writes OUT/plan.json, OUT/runs-all.csv (one line per run, in plan order) and the
report (see `shopsim report`). Missing and duplicated runs are listed on stderr; identical
duplicates are kept once. With runs missing the exit status is 1 unless --allow-partial.";

pub fn merge(args: &MergeArgs) -> Result<(), CliError> {
    let mut plan = None;
    let mut sets = Vec::new();
    let mut duplicates = Vec::new();
    for dir in &args.dirs {
        let this = load_plan(dir)?;
        match &plan {
            None => plan = Some(this),
            Some(first) if first.hash != this.hash => {
                return Err(CliError::input(format!(
                    "{} holds plan {}, but {} holds plan {}: they are not shards of one sweep",
                    dir.display(),
                    this.hash,
                    args.dirs[0].display(),
                    first.hash
                )));
            }
            Some(_) => {}
        }
        let Some(plan) = &plan else { continue };
        let merged = read_runs(dir, plan)?;
        duplicates.extend(merged.duplicates);
        sets.push(merged.records);
    }
    let Some(plan) = plan else {
        return Err(CliError::input("give at least one sweep directory"));
    };
    let mut merged: Merged = merge_runs(&plan, &sets).map_err(CliError::input)?;
    merged.duplicates.extend(duplicates);
    // Like a sweep: OUT gets this plan, or must already hold it.
    super::sweep::prepare_directory(&args.out, &plan)?;
    let results = args.out.join("runs-all.csv");
    let _lock = crate::output::lock_for_writing(&results)?;
    crate::output::write_text(&results, &runs_csv(&plan, &merged.records))?;
    let say = |text: String| crate::output::print_error(&text);
    say(format!(
        "merged {} of {} runs into {}",
        merged.records.len(),
        plan.run_count(),
        args.out.join("runs-all.csv").display()
    ));
    if !merged.duplicates.is_empty() {
        merged.duplicates.sort();
        merged.duplicates.dedup();
        say(format!(
            "note: {} runs were found more than once (identical, kept once): {}",
            merged.duplicates.len(),
            preview(&merged.duplicates)
        ));
    }
    if !merged.missing.is_empty() {
        say(format!(
            "warning: {} runs are missing: {}",
            merged.missing.len(),
            preview(&merged.missing)
        ));
    }
    write_report(&args.out, &plan, &merged, args.allow_partial)
}

fn preview(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
    if ids.len() > shown.len() {
        format!("{} ...", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
