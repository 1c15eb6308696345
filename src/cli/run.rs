//! `shopsim run`: simulate a scenario headless and write its report.

use super::common::with_threads;
use super::error::CliError;
use super::load;
use super::{Format, RunArgs};
use crate::output::{self, Destination};
use shopsim::report::{self, RunReport, SummaryDocument, WithCounterfactual};
use shopsim::sim::counterfactual::{incremental_figures, IncrementalFigures, RunOutcome};
use shopsim::sim::Engine;

pub const EXAMPLES: &str = "\
Examples:
  shopsim run                                      balanced preset, daily CSV on stdout
  shopsim run apple-like --days 90 --out apple.csv
  shopsim run my-shop.toml --format json --out run.json
  shopsim run --set strategy.personalization=0.8 --set strategy.consent=opt-in --summary
  shopsim run breach-shock --seed 7 --shoppers 2000 | head -5
  shopsim run breach-shock --counterfactual --summary   what personalization and the breach did

The `--set` overrides apply first, then --days, --shoppers and --seed. `--days N` leaves
out scheduled events after day N (with a note on stderr); `--set simulation.days=N` rejects
them, like the scenario file would.
CSV columns start with: day, active_shoppers, churned_total, mean_trust, mean_loyalty,
visits, orders, conversion_rate, revenue, cumulative_revenue, opt_in_rate,
stated_intent_to_leave, negative_sentiment, records_held, breach_cost (see README.md).";

/// From this many scheduled events on, `--counterfactual` says how many runs it does.
const COUNTERFACTUAL_NOTE_EVENTS: usize = 10;

/// Runs the scenario to its last day and writes the requested report.
pub fn run(args: &RunArgs) -> Result<(), CliError> {
    let loaded = load::load(
        Some(&args.scenario.scenario),
        &args.size.overrides(&args.scenario.set),
    )?;
    for note in &loaded.notes {
        output::print_error(&format!("note: {note}"));
    }
    let destination = Destination::from_arg(args.out.as_deref());
    let events = loaded.scenario.events.len();
    if args.counterfactual && events >= COUNTERFACTUAL_NOTE_EVENTS {
        output::print_error(&format!(
            "note: --counterfactual runs the scenario {} times: once as given, once at \
             personalization 0 and once without each of its {events} events",
            events + 2
        ));
    }

    let simulate = || {
        let mut engine = Engine::new(&loaded.scenario);
        engine.run_to_end();
        let figures = args.counterfactual.then(|| {
            let outcome = RunOutcome {
                summary: engine.summary(),
                history: engine.history().to_vec(),
                events: engine.events().to_vec(),
            };
            incremental_figures(&loaded.scenario, &outcome)
        });
        (engine, figures)
    };
    let (engine, figures) = with_threads(args.threads, simulate)?;

    let run_report = RunReport::from_engine(&engine, &loaded.source);
    let written = if args.summary {
        let document = SummaryDocument {
            scenario: run_report.scenario,
            source: run_report.source,
            seed: run_report.seed,
            summary: &run_report.summary,
        };
        match &figures {
            Some(counterfactual) => destination.write(|out| {
                report::write_json(
                    out,
                    &WithCounterfactual {
                        report: document,
                        counterfactual,
                    },
                )
            }),
            None => destination.write(|out| report::write_summary_json(out, &document)),
        }
    } else {
        match (args.format, &figures) {
            (Format::Csv, _) => {
                if let Some(figures) = &figures {
                    output::print_error(&counterfactual_text(figures));
                }
                destination.write(|out| report::write_daily_csv(out, engine.history()))
            }
            (Format::Json, Some(counterfactual)) => destination.write(|out| {
                report::write_json(
                    out,
                    &WithCounterfactual {
                        report: &run_report,
                        counterfactual,
                    },
                )
            }),
            (Format::Json, None) => {
                destination.write(|out| report::write_run_json(out, &run_report))
            }
        }
    };
    Ok(written?)
}

/// The incremental figures as text, for standard error beside a CSV.
pub fn counterfactual_text(figures: &IncrementalFigures) -> String {
    use shopsim::report::format::whole_dollars;
    let p = &figures.personalization;
    let ratio = match p.attribution_ratio {
        Some(ratio) => format!("x{ratio:.1}"),
        None => "no ratio: personalization added nothing".to_string(),
    };
    let mut text = format!(
        "counterfactual: personalization added {} of revenue ({} with, {} at personalization 0); \
         recommendations were credited {} ({ratio}); incremental profit {}",
        whole_dollars(p.incremental_revenue.dollars()),
        whole_dollars(p.revenue.dollars()),
        whole_dollars(p.revenue_without_personalization.dollars()),
        whole_dollars(p.attributed_recommendation_revenue.dollars()),
        whole_dollars(p.incremental_profit.dollars()),
    );
    for e in &figures.events {
        text.push_str(&format!(
            "\ncounterfactual: {} on day {} (severity {:.2}): abnormal churn {:+.2} % of \
             shoppers ({:+} shoppers), trust loss {:.4} at worst and {:.4} at the end, \
             revenue lost {}, profit lost {}",
            e.kind,
            e.day,
            e.severity,
            100.0 * e.abnormal_churn,
            e.shoppers_lost,
            e.peak_trust_loss,
            e.final_trust_loss,
            whole_dollars(e.revenue_lost.dollars()),
            whole_dollars(e.profit_lost.dollars())
        ));
    }
    text
}
