//! `shopsim compare A B`: two scenarios on the same random numbers, side by side, with
//! their differences (B - A).

use super::common::{with_threads, ReportFormat, SizeArgs};
use super::error::CliError;
use crate::output;
use serde::Serialize;
use shopsim::report::format::whole_dollars;
use shopsim::sim::counterfactual::{run_pair, Comparison, SummaryDifference};
use shopsim::sim::metrics::Summary;

pub const EXAMPLES: &str = "\
Examples:
  shopsim compare balanced creepy-overreach
  shopsim compare balanced balanced --set strategy.consent=opt-in     (--set applies to both)
  shopsim compare my-shop.toml apple-like --days 180 --format json

Both runs use the same seed (A's unless --seed is given), so every shopper sees the same
random numbers in both: the differences are effects, not noise. `--set`, --days,
--shoppers and --seed apply to both scenarios.";

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The base scenario: a preset name or a scenario file.
    #[arg(value_name = "A")]
    pub a: String,

    /// The variant scenario: a preset name or a scenario file.
    #[arg(value_name = "B")]
    pub b: String,

    #[command(flatten)]
    pub size: SizeArgs,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

#[derive(Debug, Serialize)]
struct Side<'a> {
    scenario: &'a str,
    source: &'a str,
    summary: &'a Summary,
}

#[derive(Debug, Serialize)]
struct CompareDocument<'a> {
    seed: u64,
    a: Side<'a>,
    b: Side<'a>,
    /// B - A.
    difference: &'a SummaryDifference,
}

pub fn compare(args: &CompareArgs) -> Result<(), CliError> {
    let a = args.size.load(&args.a)?;
    let mut b = args.size.load(&args.b)?;
    let (sa, sb) = (&a.scenario.simulation, &b.scenario.simulation);
    if (sa.days, sa.shoppers) != (sb.days, sb.shoppers) {
        // Different horizons or sizes: the difference would mix the effect with the scale.
        return Err(CliError::input(format!(
            "{} runs {} days with {} shoppers, {} runs {} days with {} shoppers: \
             their difference would not be an effect of the scenarios",
            a.source, sa.days, sa.shoppers, b.source, sb.days, sb.shoppers
        ))
        .with_hint(
            "give both the same size, e.g. --days 365 --shoppers 5000 (they apply to both)",
        ));
    }
    let seed = a.scenario.simulation.seed;
    if b.scenario.simulation.seed != seed {
        output::print_error(&format!(
            "note: {} has seed {}; B runs on A's seed {seed} so both share random numbers",
            b.source, b.scenario.simulation.seed
        ));
        b.scenario.simulation.seed = seed;
    }
    let pair = with_threads(args.size.threads, || run_pair(&a.scenario, &b.scenario))?;
    match args.format {
        ReportFormat::Table => Ok(output::print(&table(
            (&output::printable(&a.source), &output::printable(&b.source)),
            seed,
            &pair,
        ))?),
        ReportFormat::Json => {
            let document = CompareDocument {
                seed,
                a: Side {
                    scenario: &a.scenario.name,
                    source: &a.source,
                    summary: &pair.base.summary,
                },
                b: Side {
                    scenario: &b.scenario.name,
                    source: &b.source,
                    summary: &pair.variant.summary,
                },
                difference: &pair.difference,
            };
            Ok(output::write_stdout(|out| {
                shopsim::report::write_json(out, &document)
            })?)
        }
    }
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

/// The side-by-side table.
fn table(sources: (&str, &str), seed: u64, pair: &Comparison) -> String {
    let (a, b) = (&pair.base.summary, &pair.variant.summary);
    let mut rows: Vec<[String; 4]> = vec![[
        String::new(),
        format!("A: {}", sources.0),
        format!("B: {}", sources.1),
        "B - A".to_string(),
    ]];
    for (label, kind, read) in FIGURES {
        rows.push([
            label.to_string(),
            cell(kind, read(a), false),
            cell(kind, read(b), false),
            cell(kind, read(b) - read(a), true),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut text = format!(
        "Seed {seed}, {} days, {} shoppers; both runs on the same random numbers.\n\n",
        a.days,
        shopsim::report::format::group(a.shoppers)
    );
    for row in &rows {
        text.push_str(&format!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}\n",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        ));
    }
    match pair.first_divergent_day() {
        Some(day) => text.push_str(&format!("\nThe runs first differ on day {day}.\n")),
        None => text.push_str("\nThe runs are identical.\n"),
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
