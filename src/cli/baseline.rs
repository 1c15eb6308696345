//! `shopsim baseline`: purchase behaviour of a run next to published e-commerce figures
//! (calibration fact 13).

use super::common::{with_threads, ReportFormat, SizeArgs};
use super::error::CliError;
use crate::output;
use serde::Serialize;
use shopsim::calibration::baseline::{
    BaselineFigures, Benchmark, BgNbd, CDNOW_BG_NBD, CONVERSION_BENCHMARK, DISPERSION_BENCHMARK,
    REPEAT_BENCHMARK,
};
use shopsim::sim::Engine;

pub const EXAMPLES: &str = "\
Examples:
  shopsim baseline                          the balanced preset
  shopsim baseline --shoppers 20000 --seed 3
  shopsim baseline apple-like --format json

The CDNOW BG/NBD figures (Fader, Hardie & Lee 2005) describe a cohort of first-time
buyers of one retailer, in weeks; they are a reference for the shape, not a target.";

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    /// A preset name (see `shopsim scenarios`) or the path of a scenario TOML file.
    #[arg(value_name = "SCENARIO", default_value = shopsim::scenario::presets::DEFAULT_PRESET)]
    pub scenario: String,

    #[command(flatten)]
    pub size: SizeArgs,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// A measured figure next to its benchmark.
#[derive(Debug, Serialize)]
struct Check {
    value: f64,
    benchmark: Benchmark,
    within: bool,
}

impl Check {
    fn new(value: f64, benchmark: Benchmark) -> Check {
        Check {
            value,
            benchmark,
            within: (benchmark.accept_low..=benchmark.accept_high).contains(&value),
        }
    }
}

/// The CDNOW reference, with the expectation over the run's length.
#[derive(Debug, Serialize)]
struct Reference {
    model: BgNbd,
    mean_weekly_rate_while_alive: f64,
    weeks: f64,
    expected_repeat_purchases: f64,
}

#[derive(Debug, Serialize)]
struct BaselineDocument<'a> {
    scenario: &'a str,
    source: &'a str,
    seed: u64,
    figures: &'a BaselineFigures,
    conversion: Check,
    repeat_purchase: Check,
    dispersion: Check,
    cdnow_bg_nbd: Reference,
}

pub fn baseline(args: &BaselineArgs) -> Result<(), CliError> {
    let loaded = args.size.load(&args.scenario)?;
    let figures = with_threads(args.size.threads, || {
        let mut engine = Engine::new(&loaded.scenario);
        engine.run_to_end();
        BaselineFigures::of_engine(&engine)
    })?;
    let weeks = f64::from(figures.days) / 7.0;
    let document = BaselineDocument {
        scenario: &loaded.scenario.name,
        source: &loaded.source,
        seed: loaded.scenario.simulation.seed,
        figures: &figures,
        conversion: Check::new(figures.conversion_rate, CONVERSION_BENCHMARK),
        repeat_purchase: Check::new(figures.repeat_purchase_share, REPEAT_BENCHMARK),
        dispersion: Check::new(figures.orders_variance_to_mean, DISPERSION_BENCHMARK),
        cdnow_bg_nbd: Reference {
            model: CDNOW_BG_NBD,
            mean_weekly_rate_while_alive: CDNOW_BG_NBD.mean_weekly_rate(),
            weeks,
            expected_repeat_purchases: CDNOW_BG_NBD.expected_purchases(weeks),
        },
    };
    match args.format {
        ReportFormat::Table => Ok(output::print(&table(&document))?),
        ReportFormat::Json => Ok(output::write_stdout(|out| {
            shopsim::report::write_json(out, &document)
        })?),
    }
}

fn range(b: &Benchmark, percent: bool) -> String {
    let scale = if percent { 100.0 } else { 1.0 };
    let unit = if percent { " %" } else { "" };
    if b.accept_high.is_finite() {
        format!("{}-{}{unit}", b.accept_low * scale, b.accept_high * scale)
    } else {
        format!(">= {}{unit}", b.accept_low * scale)
    }
}

fn table(d: &BaselineDocument<'_>) -> String {
    let f = d.figures;
    let mut text = format!(
        "{} ({}), seed {}: {} shoppers, {} days\n\n",
        d.scenario,
        d.source,
        d.seed,
        shopsim::report::format::group(f.shoppers),
        f.days
    );
    text.push_str(&format!(
        "{:<34} {:>9}  {:<20} {:>10}\n",
        "figure", "measured", "typical (published)", "accepted"
    ));
    let rows = [
        (&d.conversion, true),
        (&d.repeat_purchase, true),
        (&d.dispersion, false),
    ];
    for (check, percent) in rows {
        let value = if percent {
            format!("{:.2} %", 100.0 * check.value)
        } else {
            format!("{:.2}", check.value)
        };
        let typical: String = check.benchmark.typical.chars().take(20).collect();
        text.push_str(&format!(
            "{:<34} {:>9}  {:<20} {:>10}  {}\n",
            check.benchmark.name,
            value,
            typical,
            range(&check.benchmark, percent),
            if check.within { "ok" } else { "OUTSIDE" }
        ));
    }
    text.push_str(&format!(
        "\nOrders per shopper: mean {:.2}; no order {:.1} % (Poisson with that mean: {:.1} %)\n",
        f.mean_orders_per_shopper,
        100.0 * f.zero_order_share,
        100.0 * f.poisson_zero_order_share
    ));
    let classes = ["0", "1", "2", "3", "4", "5+"];
    let shares: Vec<String> = classes
        .iter()
        .zip(f.orders_histogram)
        .map(|(k, s)| format!("{k}: {:.1} %", 100.0 * s))
        .collect();
    text.push_str(&format!("  distribution: {}\n", shares.join(", ")));
    text.push_str(&format!(
        "Repeat buyers: one order every {:.0} days on average (observed days / orders)\n",
        f.mean_days_between_orders
    ));
    let r = &d.cdnow_bg_nbd;
    text.push_str(&format!(
        "\nReference, BG/NBD fit to CDNOW (Fader, Hardie & Lee 2005; weeks):\n  \
         r = {}, alpha = {}, a = {}, b = {}\n  purchase rate while alive {:.3} a week \
         (one every {:.0} days)\n  expected repeat purchases of a new customer in {:.0} \
         weeks: {:.2}\n",
        r.model.r,
        r.model.alpha,
        r.model.a,
        r.model.b,
        r.mean_weekly_rate_while_alive,
        7.0 / r.mean_weekly_rate_while_alive,
        r.weeks,
        r.expected_repeat_purchases
    ));
    text
}
