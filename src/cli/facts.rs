//! `shopsim facts`: checks the 16 stylized facts (13 of the calibration brief, 3 on profit) and prints
//! what each measured, what it should be, and whether it passes.

use super::common::{with_threads, ReportFormat};
use super::error::CliError;
use crate::output;
use serde::Serialize;
use shopsim::calibration::facts::{check_fact, FactResult, FactSizes, FACT_COUNT};
use std::time::Instant;

pub const EXAMPLES: &str = "\
Examples:
  shopsim facts                          all 16 facts at full size (20,000 shoppers x 5 seeds)
  shopsim facts --shoppers 5000          the size of the test suite
  shopsim facts --format json > facts.json
  shopsim facts --fact 1 --fact 13      only facts 1 and 13

Exit status: 0 when every fact passes, 1 when any fails, 2 on invalid input.
At full size a release build takes a minute or two; progress goes to standard error.";

#[derive(Debug, clap::Args)]
pub struct FactsArgs {
    /// Shoppers in every run behind a fact.
    #[arg(long, value_name = "N", default_value_t = FactSizes::FULL.shoppers,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub shoppers: u32,

    /// Seeds per fact (seeds 1..=N); results are averaged over them.
    #[arg(long, value_name = "N", default_value_t = FactSizes::FULL.seeds,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub seeds: u32,

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

pub fn facts(args: &FactsArgs) -> Result<(), CliError> {
    let sizes = FactSizes {
        shoppers: args.shoppers,
        seeds: args.seeds,
        ..FactSizes::FULL
    };
    let mut numbers: Vec<u8> = if args.only.is_empty() {
        (1..=FACT_COUNT).collect()
    } else {
        args.only.clone()
    };
    numbers.sort_unstable();
    numbers.dedup();
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
