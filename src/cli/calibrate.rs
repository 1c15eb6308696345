//! `shopsim calibrate`: fit the shopper baseline to a retailer's order history and check
//! it on the holdout (issue 15). The fit is the library's
//! ([`shopsim::calibration::fit`]); this module reads the history, shows progress and
//! writes the five files.

use super::error::CliError;
use crate::output;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use shopsim::calibration::fit::{self, FitReport, FitSettings, TrackingRow, FITTED_KEYS};
use shopsim::calibration::orders::{read_cdnow, read_csv, CivilDay, CsvColumns};
use shopsim::calibration::panel::Panel;
use shopsim::model::params::ModelParams;
use shopsim::model::spec::{Table, Value};
use shopsim::plot::{Chart, Marker, Series};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

pub const EXAMPLES: &str = "\
Examples:
  shopsim calibrate data/cdnow/CDNOW_master.txt --out cdnow-fit
  shopsim calibrate data/cdnow/CDNOW_master.txt --out cdnow-fit \\
      --calibration-end 1997-09-30 --holdout-end 1998-06-30
  shopsim calibrate orders.csv --out shop-fit --customer-column Email \\
      --date-column 'Created at' --amount-column Total
  shopsim run cdnow-fit/fitted.toml --summary

Writes DIR/fitted.toml (a scenario with the fitted [model] table and the cohort),
DIR/tracking.csv, DIR/conditional.csv, DIR/fit.json and DIR/tracking.svg. Files ending
in .csv are read as CSV; anything else in CDNOW's format. Without dates, the history's
span is split into two halves of whole weeks: calibration, then holdout.";

/// How the order history is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrdersFormat {
    /// By the file name: `.csv` is CSV, anything else CDNOW.
    Auto,
    /// CDNOW's whitespace-separated panel: id, YYYYMMDD, items, dollars.
    Cdnow,
    /// A CSV with a header row (see the column flags).
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The order history: CDNOW's text format or a CSV with customer, date and amount.
    #[arg(value_name = "ORDERS")]
    pub orders: PathBuf,

    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Last day of the calibration window (YYYY-MM-DD); default: the middle of the history.
    #[arg(long, value_name = "DATE")]
    pub calibration_end: Option<String>,

    /// Last day of the holdout (YYYY-MM-DD); default: the last purchase.
    #[arg(long, value_name = "DATE")]
    pub holdout_end: Option<String>,

    /// How ORDERS is written.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OrdersFormat::Auto)]
    pub format: OrdersFormat,

    /// CSV column holding the customer (a Shopify export: Email).
    #[arg(long, value_name = "NAME", default_value = "customer_id")]
    pub customer_column: String,

    /// CSV column holding the order date (a Shopify export: "Created at").
    #[arg(long, value_name = "NAME", default_value = "date")]
    pub date_column: String,

    /// CSV column holding the order amount (a Shopify export: Total).
    #[arg(long, value_name = "NAME", default_value = "amount")]
    pub amount_column: String,

    /// Seed of the simulation (the common random numbers of the fit).
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,

    /// Most simulation runs the search may use.
    #[arg(long, value_name = "N", default_value_t = FitSettings::default().max_evaluations)]
    pub max_evaluations: usize,

    /// Simulated replicates of the cohort per run of the search (each a different seed);
    /// the moments compared are their mean. More replicates chase less simulation noise
    /// and cost time in proportion.
    #[arg(long, value_name = "N", default_value_t = FitSettings::default().replicates as u32,
          value_parser = clap::value_parser!(u32).range(1..=16))]
    pub replicates: u32,

    /// Holds a fitted key at a value instead of fitting it, e.g. `--fix base_conversion=0.03`
    /// (a conversion rate known from web analytics). Repeatable.
    #[arg(long, value_name = "KEY=VALUE")]
    pub fix: Vec<String>,
}

/// `--fix KEY=VALUE`: the key's index in [`FITTED_KEYS`] and a value within its range.
fn fixed_key(text: &str) -> Result<(usize, f64), CliError> {
    let keys = FITTED_KEYS.join(", ");
    let (key, value) = text.split_once('=').ok_or_else(|| {
        CliError::input(format!("--fix {text:?} is not KEY=VALUE"))
            .with_hint(format!("e.g. --fix base_conversion=0.03; keys: {keys}"))
    })?;
    let (key, value) = (key.trim(), value.trim());
    let index = FITTED_KEYS.iter().position(|k| *k == key).ok_or_else(|| {
        CliError::input(format!("--fix: {key:?} is not a fitted key"))
            .with_hint(format!("fix one of: {keys}"))
    })?;
    let number: f64 = value.parse().map_err(|_| {
        CliError::input(format!("--fix {key}: {value:?} is not a number"))
            .with_hint("write a plain number, e.g. 0.03")
    })?;
    let mut probe = ModelParams::default();
    let log_scaled = fit::log_scaled(index);
    let allowed = ModelParams::spec(key).is_some_and(|spec| {
        spec.set(&mut probe, Value::Number(number)) && (number > 0.0 || !log_scaled)
    });
    if !allowed {
        let above_zero = if log_scaled {
            "; this fitted key must be above 0"
        } else {
            ""
        };
        return Err(
            CliError::input(format!("--fix {key}={value} is outside the key's range")).with_hint(
                format!(
                    "README.md, section \"Scenario files\", lists model.{key}'s range{above_zero}"
                ),
            ),
        );
    }
    Ok((index, number))
}

fn date(flag: &str, text: &str) -> Result<CivilDay, CliError> {
    CivilDay::parse(text).ok_or_else(|| {
        CliError::input(format!("{flag} {text:?} is not a date"))
            .with_hint("write dates as YYYY-MM-DD, e.g. 1997-09-30")
    })
}

pub fn calibrate(args: &CalibrateArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let fixed = args
        .fix
        .iter()
        .map(|text| fixed_key(text))
        .collect::<Result<Vec<_>, _>>()?;
    let origin = args.orders.display().to_string();
    let text = output::read_data(&args.orders, "give an order history: CDNOW's text or a CSV")?;
    let csv = match args.format {
        OrdersFormat::Csv => true,
        OrdersFormat::Cdnow => false,
        OrdersFormat::Auto => args
            .orders
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
    };
    let history = if csv {
        let columns = CsvColumns {
            customer_id: args.customer_column.clone(),
            date: args.date_column.clone(),
            amount: args.amount_column.clone(),
        };
        read_csv(&text, &origin, &columns)
    } else {
        read_cdnow(&text, &origin)
    }
    .map_err(|e| {
        let hint = e.hint.clone();
        let error = CliError::input(e.to_string().lines().next().unwrap_or_default().to_string());
        match hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        }
    })?;
    let Some((first, last)) = history.span() else {
        return Err(CliError::input(format!("{origin}: no purchases to fit")));
    };
    let holdout_end = match &args.holdout_end {
        Some(text) => date("--holdout-end", text)?.0 - first.0 + 1,
        None => last.0 - first.0 + 1,
    };
    let calibration_end = match &args.calibration_end {
        Some(text) => date("--calibration-end", text)?.0 - first.0 + 1,
        None => 7 * (holdout_end.max(14) / 14),
    };
    if calibration_end < 7 || holdout_end <= calibration_end {
        return Err(CliError::input(format!(
            "the calibration window ({calibration_end} days from {first}) must be at least a \
             week and end before the holdout ({holdout_end} days)"
        ))
        .with_hint(
            "choose --calibration-end before --holdout-end, both after the first purchase",
        ));
    }
    let transactions = history.transactions();
    let panel = Panel::new(
        &transactions,
        first,
        calibration_end as u32,
        holdout_end as u32,
    );
    output::print_error(&format!(
        "{origin}: {} rows, {} refunds left out, {} customers in the cohort ({} first bought \
         after calibration, left out); calibration {first} + {calibration_end} days, holdout to \
         day {holdout_end}",
        history.counts.rows,
        history.counts.refunds,
        panel.customers.len(),
        panel.late_customers
    ));
    let settings = FitSettings {
        seed: args.seed,
        max_evaluations: args.max_evaluations.max(8),
        replicates: args.replicates as usize,
        fixed,
        ..FitSettings::default()
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(settings.max_evaluations as u64);
        let style = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} runs  best {msg}  elapsed {elapsed}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    });
    let name = format!(
        "Fitted to {}",
        args.orders
            .file_name()
            .map_or(origin.clone(), |n| n.to_string_lossy().to_string())
    );
    let fitted = fit::fit(&panel, &transactions, &settings, &name, |progress| {
        if let Some(bar) = &bar {
            bar.set_position(progress.evaluation as u64);
            bar.set_message(format!("{:.1}", progress.best));
        } else if progress.evaluation % 20 == 0 {
            output::print_error(&format!(
                "fit: {} runs, best objective {:.1}",
                progress.evaluation, progress.best
            ));
        }
    })
    .map_err(|e| CliError::input(format!("{origin}: {e}")))?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let outcome = fit::simulate_cohort(&fitted.scenario, panel.calibration_end);
    let report = FitReport::new(&panel, &outcome);
    let seconds = started.elapsed().as_secs_f64();

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let parameters: serde_json::Map<String, serde_json::Value> = ModelParams::SPECS
        .iter()
        .filter(|spec| !fitted.scenario.model.is_unset(spec.key))
        .filter_map(|spec| match spec.get(&fitted.scenario.model) {
            Value::Number(x) => Some((spec.key.to_string(), serde_json::json!(x))),
            Value::Whole(n) => Some((spec.key.to_string(), serde_json::json!(n))),
            _ => None,
        })
        .collect();
    let document = serde_json::json!({
        "orders": origin,
        "start": first.to_string(),
        "calibration_days": calibration_end,
        "holdout_days": holdout_end - calibration_end,
        "customers": panel.customers.len(),
        "read": {
            "rows": history.counts.rows,
            "refunds_left_out": history.counts.refunds,
            "zero_amounts": history.counts.zero_amount,
            "customers_after_calibration_left_out": panel.late_customers,
        },
        "method": "simulated method of moments, Nelder-Mead, common random numbers",
        "fitted_keys": FITTED_KEYS,
        "fixed_keys": settings
            .fixed
            .iter()
            .map(|&(i, x)| (FITTED_KEYS[i].to_string(), serde_json::json!(x)))
            .collect::<serde_json::Map<_, _>>(),
        "parameters": parameters,
        "seed": settings.seed,
        "replicates": settings.replicates,
        "objective": fitted.objective,
        "objective_terms": fitted.objective_terms,
        "evaluations": fitted.evaluations,
        "seconds": seconds,
        "errors": report.errors,
    });
    let json = serde_json::to_string_pretty(&document).context("cannot write fit.json")?;
    let svg = tracking_chart(&report)
        .to_svg()
        .context("cannot draw tracking.svg")?;
    output::write_text(
        &args.out.join("fitted.toml"),
        &fitted.scenario.to_toml_string(),
    )?;
    output::write_text(&args.out.join("tracking.csv"), &report.tracking_csv())?;
    output::write_text(&args.out.join("conditional.csv"), &report.conditional_csv())?;
    output::write_text(&args.out.join("fit.json"), &format!("{json}\n"))?;
    output::write_text(&args.out.join("tracking.svg"), &svg)?;
    let e = &report.errors;
    let buckets: Vec<String> = e
        .conditional_error_percent
        .iter()
        .map(|x| format!("{x:+.1}"))
        .collect();
    output::print(&format!(
        "fitted in {seconds:.1} s ({} runs): holdout repeats {} simulated vs {} actual \
         ({:+.1} %), tracking MAPE weeks {}-{} {:.2} %, conditional errors by calibration \
         repeats 0..7+: {} %\nwrote {}/fitted.toml, tracking.csv, conditional.csv, fit.json, \
         tracking.svg\n",
        fitted.evaluations,
        e.holdout_simulated_repeat,
        e.holdout_actual_repeat,
        e.holdout_error_percent,
        report.calibration_weeks + 1,
        report.tracking.len(),
        e.tracking_mape_holdout_percent,
        buckets.join(", "),
        args.out.display()
    ))?;
    Ok(())
}

/// The tracking chart: actual and simulated cumulative repeats by week, the end of
/// calibration marked.
fn tracking_chart(report: &FitReport) -> Chart {
    let series = |label: &str, value: fn(&TrackingRow) -> u64| Series {
        label: label.to_string(),
        points: report
            .tracking
            .iter()
            .map(|row| (f64::from(row.week), value(row) as f64))
            .collect(),
    };
    Chart {
        title: "Cumulative repeat transactions".to_string(),
        x_label: "week".to_string(),
        y_label: "repeat transactions".to_string(),
        series: vec![
            series("actual", |row| row.actual_cumulative_repeat),
            series("simulated", |row| row.simulated_cumulative_repeat),
        ],
        markers: vec![Marker {
            day: report.calibration_weeks,
            label: "end of calibration".to_string(),
        }],
    }
}
