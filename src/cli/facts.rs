//! `shopsim facts`: checks the 16 stylized facts (13 of the calibration brief, 3 on profit) and prints
//! what each measured, what it should be, and whether it passes; with `--contexts N`, over
//! a Latin hypercube of N contexts, the share of contexts where each holds.

use super::common::{with_threads, ReportFormat};
use super::error::CliError;
use crate::output;
use serde::Serialize;
use shopsim::calibration::facts::{
    check_fact, latin_hypercube, survey, Context, FactResult, FactSizes, FactSurvey, FACT_COUNT,
    REQUIRED_SHARE,
};
use std::time::Instant;

pub const EXAMPLES: &str = "\
Examples:
  shopsim facts                          all 16 facts at full size (20,000 shoppers x 5 seeds)
  shopsim facts --shoppers 5000          the size of the test suite
  shopsim facts --format json > facts.json
  shopsim facts --fact 1 --fact 13      only facts 1 and 13
  shopsim facts --contexts 40            every fact in 40 contexts (Latin hypercube over the
                                         plausible region; 4,000 shoppers x 2 seeds each)

Exit status: 0 when every fact passes (with --contexts: holds in at least 90 % of its
contexts), 1 when any fails, 2 on invalid input.
At full size a release build takes a minute or two; progress goes to standard error.";

#[derive(Debug, clap::Args)]
pub struct FactsArgs {
    /// Shoppers in every run behind a fact [default: 20000; with --contexts: 4000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub shoppers: Option<u32>,

    /// Seeds per fact (seeds 1..=N); results are averaged over them [default: 5; with
    /// --contexts: 2].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub seeds: Option<u32>,

    /// Check every fact in N contexts drawn by a Latin hypercube over the plausible region
    /// (docs/MODEL.md, section 9), on the same seeds in each.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub contexts: Option<u32>,

    /// Seed of the Latin hypercube of --contexts.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "contexts")]
    pub contexts_seed: u64,

    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Check only fact N (1 to 16). Repeatable; default: all facts.
    #[arg(long = "fact", value_name = "N", value_parser = clap::value_parser!(u8).range(1..=16))]
    pub only: Vec<u8>,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// Seconds after which progress lines appear on standard error.
const QUIET_SECONDS: f64 = 2.0;

/// The JSON document of `facts --format json`.
#[derive(Debug, Serialize)]
struct FactsDocument<'a> {
    shoppers: u32,
    days: u32,
    seeds: u32,
    passed: usize,
    total: usize,
    facts: Vec<FactRow<'a>>,
}

#[derive(Debug, Serialize)]
struct FactRow<'a> {
    number: u8,
    title: &'a str,
    /// Non-finite values (an unknown fact) serialize as null.
    value: Option<f64>,
    measured: &'a str,
    expected: &'a str,
    pass: bool,
}

/// Default size of every context's runs under `--contexts`.
const CONTEXT_SIZES: FactSizes = FactSizes {
    shoppers: 4_000,
    seeds: 2,
    ..FactSizes::FULL
};

pub fn facts(args: &FactsArgs) -> Result<(), CliError> {
    let defaults = if args.contexts.is_some() {
        CONTEXT_SIZES
    } else {
        FactSizes::FULL
    };
    let sizes = FactSizes {
        shoppers: args.shoppers.unwrap_or(defaults.shoppers),
        seeds: args.seeds.unwrap_or(defaults.seeds),
        ..defaults
    };
    let mut numbers: Vec<u8> = if args.only.is_empty() {
        (1..=FACT_COUNT).collect()
    } else {
        args.only.clone()
    };
    numbers.sort_unstable();
    numbers.dedup();
    if let Some(n) = args.contexts {
        return facts_across_contexts(args, &numbers, n, sizes);
    }
    let count = numbers.len();
    let started = Instant::now();
    let results = with_threads(args.threads, || {
        numbers
            .iter()
            .enumerate()
            .map(|(done, &number)| {
                let result = check_fact(number, sizes);
                let elapsed = started.elapsed().as_secs_f64();
                if elapsed > QUIET_SECONDS {
                    output::print_error(&format!(
                        "[{}/{count}] fact {number} {} ({elapsed:.0} s)",
                        done + 1,
                        if result.pass { "passes" } else { "FAILS" }
                    ));
                }
                result
            })
            .collect::<Vec<_>>()
    })?;
    let passed = results.iter().filter(|r| r.pass).count();
    match args.format {
        ReportFormat::Table => output::print(&table(&results, sizes))?,
        ReportFormat::Json => {
            let document = FactsDocument {
                shoppers: sizes.shoppers,
                days: sizes.days,
                seeds: sizes.seeds,
                passed,
                total: results.len(),
                facts: results
                    .iter()
                    .map(|r| FactRow {
                        number: r.number,
                        title: r.title,
                        value: r.value.is_finite().then_some(r.value),
                        measured: &r.measured,
                        expected: r.expected,
                        pass: r.pass,
                    })
                    .collect(),
            };
            output::write_stdout(|out| shopsim::report::write_json(out, &document))?;
        }
    }
    if passed == results.len() {
        Ok(())
    } else {
        Err(CliError::Reported(std::process::ExitCode::from(1)))
    }
}

/// The JSON document of `facts --contexts N --format json`.
#[derive(Debug, Serialize)]
struct ContextsDocument<'a> {
    shoppers: u32,
    days: u32,
    seeds: u32,
    contexts_seed: u64,
    required_share: f64,
    region: shopsim::calibration::facts::Region,
    contexts: &'a [Context],
    facts: Vec<SurveyRow<'a>>,
}

#[derive(Debug, Serialize)]
struct SurveyRow<'a> {
    number: u8,
    title: &'a str,
    applies: &'a str,
    applicable: usize,
    held: usize,
    share: f64,
    holds_widely: bool,
    /// One row per applicable context, in design order.
    outcomes: Vec<OutcomeRow<'a>>,
}

#[derive(Debug, Serialize)]
struct OutcomeRow<'a> {
    context: usize,
    value: Option<f64>,
    measured: &'a str,
    pass: bool,
}

fn facts_across_contexts(
    args: &FactsArgs,
    numbers: &[u8],
    n: u32,
    sizes: FactSizes,
) -> Result<(), CliError> {
    let contexts = latin_hypercube(n as usize, args.contexts_seed);
    output::print_error(&format!(
        "checking {} facts in {n} contexts at {} shoppers x {} days x {} seeds ...",
        numbers.len(),
        sizes.shoppers,
        sizes.days,
        sizes.seeds
    ));
    let started = Instant::now();
    let surveys = with_threads(args.threads, || survey(numbers, &contexts, sizes))?;
    output::print_error(&format!("done in {:.0} s", started.elapsed().as_secs_f64()));
    match args.format {
        ReportFormat::Table => output::print(&contexts_table(
            &surveys,
            &contexts,
            sizes,
            args.contexts_seed,
        ))?,
        ReportFormat::Json => {
            let document = ContextsDocument {
                shoppers: sizes.shoppers,
                days: sizes.days,
                seeds: sizes.seeds,
                contexts_seed: args.contexts_seed,
                required_share: REQUIRED_SHARE,
                region: shopsim::calibration::facts::REGION,
                contexts: &contexts,
                facts: surveys
                    .iter()
                    .map(|f| SurveyRow {
                        number: f.number,
                        title: f.title,
                        applies: f.where_it_applies,
                        applicable: f.outcomes.len(),
                        held: f.held(),
                        share: f.share(),
                        holds_widely: f.holds_widely(),
                        outcomes: f
                            .outcomes
                            .iter()
                            .map(|o| OutcomeRow {
                                context: o.context,
                                value: o.result.value.is_finite().then_some(o.result.value),
                                measured: &o.result.measured,
                                pass: o.result.pass,
                            })
                            .collect(),
                    })
                    .collect(),
            };
            output::write_stdout(|out| shopsim::report::write_json(out, &document))?;
        }
    }
    if surveys.iter().all(FactSurvey::holds_widely) {
        Ok(())
    } else {
        Err(CliError::Reported(std::process::ExitCode::from(1)))
    }
}

/// Worst contexts shown per fact in the table.
const WORST_SHOWN: usize = 2;

/// The summary table of `--contexts`: one line per fact with the share of contexts where
/// it holds, then its worst contexts (settings and what was measured).
pub fn contexts_table(
    surveys: &[FactSurvey],
    contexts: &[Context],
    sizes: FactSizes,
    contexts_seed: u64,
) -> String {
    let mut text = format!(
        "Stylized facts in {} contexts (Latin hypercube, contexts seed {contexts_seed}) at {} \
         shoppers x {} days x {} seeds each\n\n",
        contexts.len(),
        shopsim::report::format::group(u64::from(sizes.shoppers)),
        sizes.days,
        sizes.seeds
    );
    text.push_str(&format!("{:<58}{:>8}{:>8}\n", "fact", "holds", "share"));
    for f in surveys {
        let verdict = if f.holds_widely() { "" } else { "  BELOW 90 %" };
        let heading = format!("{:>2}  {}", f.number, f.title);
        text.push_str(&format!(
            "{heading:<58}{:>8}{:>7.0} %{verdict}\n",
            format!("{}/{}", f.held(), f.outcomes.len()),
            100.0 * f.share()
        ));
    }
    text.push_str("\nWorst contexts per fact\n");
    for f in surveys {
        text.push_str(&format!("\n{:>2}  {}\n", f.number, f.title));
        push_wrapped(&mut text, "applies: ", f.where_it_applies);
        for o in f.worst(WORST_SHOWN) {
            let verdict = if o.result.pass { "holds" } else { "FAILS" };
            push_wrapped(
                &mut text,
                "context: ",
                &format!(
                    "#{} {verdict}: {}",
                    o.context,
                    contexts[o.context].describe()
                ),
            );
            push_wrapped(&mut text, "measured: ", &o.result.measured);
        }
    }
    let widely = surveys.iter().filter(|f| f.holds_widely()).count();
    text.push_str(&format!(
        "\n{widely}/{} facts hold in at least {:.0} % of their contexts\n",
        surveys.len(),
        100.0 * REQUIRED_SHARE
    ));
    text
}

/// Width the measured and expected texts are wrapped to.
const TEXT_WIDTH: usize = 86;

/// One block per fact: number, title and verdict, then what was measured and expected.
pub fn table(results: &[FactResult], sizes: FactSizes) -> String {
    let mut text = format!(
        "Stylized facts at {} shoppers x {} days x {} seeds (common random numbers)\n\n",
        shopsim::report::format::group(u64::from(sizes.shoppers)),
        sizes.days,
        sizes.seeds
    );
    for r in results {
        let verdict = if r.pass { "pass" } else { "FAIL" };
        let heading = format!("{:>2}  {}", r.number, r.title);
        text.push_str(&format!("{heading:<70}{verdict:>6}\n"));
        push_wrapped(&mut text, "measured: ", &r.measured);
        push_wrapped(&mut text, "expected: ", r.expected);
    }
    let passed = results.iter().filter(|r| r.pass).count();
    text.push_str(&format!("\n{passed}/{} pass\n", results.len()));
    text
}

fn push_wrapped(text: &mut String, label: &str, body: &str) {
    let indent = " ".repeat(4 + label.len());
    let mut line = format!("    {label}");
    let mut fresh = true;
    for word in body.split_whitespace() {
        if !fresh && line.len() + 1 + word.len() > TEXT_WIDTH {
            text.push_str(&line);
            text.push('\n');
            line = indent.clone();
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    text.push_str(&line);
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(number: u8, pass: bool) -> FactResult {
        FactResult {
            number,
            title: "Inverted U",
            value: 0.05,
            measured: "revenue ($k) by personalization 0.0:1 0.1:2 ".repeat(5),
            expected: "peak strictly inside (0, 1)",
            pass,
        }
    }

    #[test]
    fn table_counts_passes_and_wraps_long_texts() {
        let text = table(&[result(1, true), result(2, false)], FactSizes::TEST);
        assert!(text.ends_with("1/2 pass\n"), "{text}");
        assert!(text.contains(" 1  Inverted U"), "{text}");
        assert!(text.contains("FAIL"), "{text}");
        assert!(text.lines().all(|l| l.len() <= 90), "{text}");
        assert!(text.starts_with("Stylized facts at 5,000 shoppers x 365 days x 5 seeds"));
    }
}
