//! `shopsim compare A B [C..F]`: two to six scenarios on the same random numbers, side by
//! side, with their differences from A (B - A, C - A, ...). `--set` changes every side,
//! `--set-a` .. `--set-f` one side each.

use super::common::{side_letter, with_threads, ReportFormat, SideOverrides, SizeArgs};
use super::error::CliError;
use super::load::LoadedScenario;
use crate::output;
use serde::Serialize;
use shopsim::report::format::whole_dollars;
use shopsim::sim::counterfactual::{first_divergent_day, RunOutcome, SummaryDifference};
use shopsim::sim::metrics::Summary;
use shopsim::sim::Engine;

pub const EXAMPLES: &str = "\
Examples:
  shopsim compare balanced creepy-overreach
  shopsim compare balanced balanced --set-b strategy.consent=opt-in      (B only)
  shopsim compare balanced balanced balanced --set-b strategy.consent=opt-in \\
      --set-c strategy.consent=dashboard --set strategy.security=0.9     (--set: all)
  shopsim compare my-shop.toml apple-like --days 180 --format json

Every run uses the same seed (A's unless --seed is given), so every shopper sees the same
random numbers in all of them: the differences are effects, not noise. Give 2 to 6
scenarios, lettered A to F in order; differences are against A. `--set`, --days,
--shoppers and --seed apply to every scenario; `--set-a` only to A, `--set-b` only to B,
and so on up to `--set-f` (after `--set`, so a side's own value wins).";

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The base scenario: a preset name or a scenario file.
    #[arg(value_name = "A")]
    pub a: String,

    /// The variant scenario: a preset name or a scenario file.
    #[arg(value_name = "B")]
    pub b: String,

    /// Up to four more variants (C to F), each compared with A.
    #[arg(value_name = "MORE")]
    pub more: Vec<String>,

    #[command(flatten)]
    pub size: SizeArgs,

    #[command(flatten)]
    pub sides: SideOverrides,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

#[derive(Debug, Serialize)]
struct Side<'a> {
    /// The side's letter: A for the first scenario.
    side: String,
    scenario: &'a str,
    source: &'a str,
    /// This side's own overrides (`--set-a`, `--set-b`, ...), after `--set`.
    overrides: &'a [String],
    summary: &'a Summary,
}

#[derive(Debug, Serialize)]
struct Difference<'a> {
    /// The side compared with A.
    side: String,
    /// `side - A`.
    difference: &'a SummaryDifference,
    /// First day on which the side's daily figures differ from A's (none: identical).
    first_divergent_day: Option<u32>,
}

#[derive(Debug, Serialize)]
struct CompareDocument<'a> {
    seed: u64,
    a: Side<'a>,
    b: Side<'a>,
    /// B - A.
    difference: &'a SummaryDifference,
    /// Every side, A first (A and B repeat the fields above).
    sides: Vec<Side<'a>>,
    /// Every side but A, minus A.
    differences: Vec<Difference<'a>>,
}

/// One scenario of the comparison, loaded and run.
struct Compared {
    loaded: LoadedScenario,
    overrides: Vec<String>,
    outcome: RunOutcome,
}

pub fn compare(args: &CompareArgs) -> Result<(), CliError> {
    let mut arguments = vec![args.a.as_str(), args.b.as_str()];
    arguments.extend(args.more.iter().map(String::as_str));
    args.sides.check(arguments.len(), "compare")?;
    let mut loaded = Vec::with_capacity(arguments.len());
    for (index, argument) in arguments.iter().enumerate() {
        let assignments = args.sides.assignments(&args.size.set, index);
        loaded.push(args.size.load_with(argument, &assignments)?);
    }
    let seed = same_size_and_seed(&mut loaded)?;
    let runs = with_threads(args.size.threads, || {
        loaded
            .into_iter()
            .enumerate()
            .map(|(index, loaded)| {
                let outcome = RunOutcome::of(Engine::new(&loaded.scenario));
                Compared {
                    loaded,
                    overrides: args.sides.of_side(index).to_vec(),
                    outcome,
                }
            })
            .collect::<Vec<_>>()
    })?;
    let base = &runs[0].outcome;
    let differences: Vec<SummaryDifference> = runs
        .iter()
        .map(|run| SummaryDifference::between(&base.summary, &run.outcome.summary))
        .collect();
    match args.format {
        ReportFormat::Table => Ok(output::print(&table(seed, &runs))?),
        ReportFormat::Json => {
            let side = |index: usize| {
                let run: &Compared = &runs[index];
                Side {
                    side: side_letter(index).to_string(),
                    scenario: &run.loaded.scenario.name,
                    source: &run.loaded.source,
                    overrides: &run.overrides,
                    summary: &run.outcome.summary,
                }
            };
            let document = CompareDocument {
                seed,
                a: side(0),
                b: side(1),
                difference: &differences[1],
                sides: (0..runs.len()).map(side).collect(),
                differences: (1..runs.len())
                    .map(|index| Difference {
                        side: side_letter(index).to_string(),
                        difference: &differences[index],
                        first_divergent_day: first_divergent_day(
                            &base.history,
                            &runs[index].outcome.history,
                        ),
                    })
                    .collect(),
            };
            Ok(output::write_stdout(|out| {
                shopsim::report::write_json(out, &document)
            })?)
        }
    }
}

/// Checks that every side runs as many days with as many shoppers as A, and puts every
/// side on A's seed (with a note when it had another); returns the seed.
fn same_size_and_seed(sides: &mut [LoadedScenario]) -> Result<u64, CliError> {
    let Some((a, others)) = sides.split_first_mut() else {
        return Err(CliError::input("compare needs at least two scenarios"));
    };
    let sa = &a.scenario.simulation;
    let seed = sa.seed;
    for (offset, other) in others.iter_mut().enumerate() {
        let letter = side_letter(offset + 1);
        let so = &other.scenario.simulation;
        if (sa.days, sa.shoppers) != (so.days, so.shoppers) {
            // Different horizons or sizes: the difference would mix the effect with the scale.
            return Err(CliError::input(format!(
                "{} runs {} days with {} shoppers, {} runs {} days with {} shoppers: \
                 their difference would not be an effect of the scenarios",
                a.source, sa.days, sa.shoppers, other.source, so.days, so.shoppers
            ))
            .with_hint(
                "give all the same size, e.g. --days 365 --shoppers 5000 (they apply to all)",
            ));
        }
        if so.seed != seed {
            output::print_error(&format!(
                "note: {} has seed {}; {letter} runs on A's seed {seed} so all share random numbers",
                other.source, so.seed
            ));
            other.scenario.simulation.seed = seed;
        }
    }
    Ok(seed)
}

/// How a figure is written.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Money,
    Count,
    /// A share, written as a percentage; its difference in percentage points.
    Percent,
    /// A 0..1 mean (trust), three decimals.
    Mean,
}

fn cell(kind: Kind, value: f64, difference: bool) -> String {
    let sign = if difference && value > 0.0 { "+" } else { "" };
    match kind {
        Kind::Money => format!("{sign}{}", whole_dollars(value)),
        Kind::Count => {
            let grouped = shopsim::report::format::group(value.abs().round() as u64);
            let minus = if value < 0.0 { "-" } else { "" };
            format!("{sign}{minus}{grouped}")
        }
        Kind::Percent if difference => format!("{:+.2} pt", 100.0 * value),
        Kind::Percent => format!("{:.2} %", 100.0 * value),
        Kind::Mean if difference => format!("{value:+.4}"),
        Kind::Mean => format!("{value:.4}"),
    }
}

/// The figures compared, as (label, kind, reader).
type Figure = (&'static str, Kind, fn(&Summary) -> f64);

const FIGURES: [Figure; 17] = [
    ("revenue", Kind::Money, |s| s.total_revenue.dollars()),
    ("orders", Kind::Count, |s| s.total_orders as f64),
    ("visits", Kind::Count, |s| s.total_visits as f64),
    ("conversion rate", Kind::Percent, |s| s.conversion_rate),
    ("churn rate", Kind::Percent, |s| s.churn_rate),
    ("final mean trust", Kind::Mean, |s| s.final_mean_trust),
    ("peak intent to leave", Kind::Percent, |s| {
        s.peak_stated_intent_to_leave
    }),
    ("intent-action gap", Kind::Percent, |s| {
        s.paradox_gap.overall.intent_action_gap
    }),
    ("final opt-in rate", Kind::Percent, |s| s.final_opt_in_rate),
    ("recommendation CTR", Kind::Percent, |s| {
        s.recommendation_click_through
    }),
    ("attributed rec. revenue", Kind::Money, |s| {
        s.attributed_recommendation_revenue.dollars()
    }),
    ("breaches", Kind::Count, |s| f64::from(s.breaches)),
    ("breach cost", Kind::Money, |s| s.breach_cost.dollars()),
    ("fines", Kind::Money, |s| s.fines.dollars()),
    ("gross profit", Kind::Money, |s| s.gross_profit.dollars()),
    ("lever costs", Kind::Money, |s| s.lever_costs.dollars()),
    ("profit", Kind::Money, |s| s.profit.dollars()),
];

/// The side-by-side table: every side's figures, then each side minus A.
fn table(seed: u64, runs: &[Compared]) -> String {
    let a = &runs[0].outcome.summary;
    let mut header = vec![String::new()];
    for (index, run) in runs.iter().enumerate() {
        header.push(format!(
            "{}: {}",
            side_letter(index),
            output::printable(&run.loaded.source)
        ));
    }
    for index in 1..runs.len() {
        header.push(format!("{} - A", side_letter(index)));
    }
    let mut rows: Vec<Vec<String>> = vec![header];
    for (label, kind, read) in FIGURES {
        let mut row = vec![label.to_string()];
        row.extend(
            runs.iter()
                .map(|run| cell(kind, read(&run.outcome.summary), false)),
        );
        row.extend(
            runs.iter()
                .skip(1)
                .map(|run| cell(kind, read(&run.outcome.summary) - read(a), true)),
        );
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let all = if runs.len() == 2 {
        "both runs".to_string()
    } else {
        format!("all {} runs", runs.len())
    };
    let mut text = format!(
        "Seed {seed}, {} days, {} shoppers; {all} on the same random numbers.\n",
        a.days,
        shopsim::report::format::group(a.shoppers)
    );
    for (index, run) in runs.iter().enumerate() {
        if !run.overrides.is_empty() {
            text.push_str(&format!(
                "{}: {} with {}\n",
                side_letter(index),
                output::printable(&run.loaded.source),
                output::printable(&run.overrides.join(", "))
            ));
        }
    }
    text.push('\n');
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c == 0 {
                    format!("{cell:<w$}", w = widths[c])
                } else {
                    format!("{cell:>w$}", w = widths[c])
                }
            })
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    let base = &runs[0].outcome.history;
    if runs.len() == 2 {
        match first_divergent_day(base, &runs[1].outcome.history) {
            Some(day) => text.push_str(&format!("\nThe runs first differ on day {day}.\n")),
            None => text.push_str("\nThe runs are identical.\n"),
        }
    } else {
        text.push('\n');
        for (index, run) in runs.iter().enumerate().skip(1) {
            let letter = side_letter(index);
            match first_divergent_day(base, &run.outcome.history) {
                Some(day) => {
                    text.push_str(&format!("{letter} first differs from A on day {day}.\n"))
                }
                None => text.push_str(&format!("{letter} is identical to A.\n")),
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_signs_only_on_differences() {
        assert_eq!(cell(Kind::Money, 1500.0, false), "$1,500");
        assert_eq!(cell(Kind::Money, 1500.0, true), "+$1,500");
        assert_eq!(cell(Kind::Money, -1500.0, true), "-$1,500");
        assert_eq!(cell(Kind::Count, -1234.0, true), "-1,234");
        assert_eq!(cell(Kind::Percent, 0.0234, false), "2.34 %");
        assert_eq!(cell(Kind::Percent, -0.005, true), "-0.50 pt");
        assert_eq!(cell(Kind::Mean, 0.61234, false), "0.6123");
    }
}
