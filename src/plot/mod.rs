//! Charts of runs for slides and handouts: daily metrics over time, one line per metric
//! per run, with the runs' events marked.
//!
//! [`Chart::from_runs`] picks the daily columns by their CSV names (see
//! [`crate::report::COLUMNS`]) and labels the y axis with their unit;
//! [`Chart::to_svg`] renders it with `plotters` into a `String`. Only SVG is produced: a
//! bitmap would need a font rasterizer and a font file shipped with the crate, and SVG
//! scales cleanly on slides (convert it with any SVG tool if a PNG is needed).
//! Nothing here touches files; the command line writes the string.

use crate::report::columns::{Value, COLUMNS};
use crate::sim::engine::EventRecord;
use crate::sim::metrics::DayMetrics;
use plotters::prelude::*;
use std::fmt;

/// Chart size in pixels (16:9, fits a slide).
pub const SIZE: (u32, u32) = (1024, 576);

/// A line of the chart: one metric of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// (day, value) points in day order.
    pub points: Vec<(f64, f64)>,
}

/// A vertical line at an event's day.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub day: u32,
    pub label: String,
}

/// Everything drawn on a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    pub markers: Vec<Marker>,
}

/// One run to chart: its label (the scenario's name), its days and its events.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub label: &'a str,
    pub history: &'a [DayMetrics],
    pub events: &'a [EventRecord],
}

/// A chart that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlotError {
    #[error("unknown metric {name:?}; metrics are the daily CSV columns: {known}")]
    UnknownMetric { name: String, known: String },
    #[error("nothing to plot: {0}")]
    Empty(&'static str),
    #[error("cannot draw the chart: {0}")]
    Drawing(String),
}

/// The unit a daily column is measured in, for the y axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Dollars,
    Shoppers,
    /// A share or a mean on the 0..1 scale (trust, loyalty, opt-in, intent).
    Share,
    /// Visits, orders, clicks.
    Count,
    /// Records held (shoppers x breadth of data per record).
    Records,
    /// A change of mean trust in a day.
    TrustChange,
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Dollars => "dollars",
            Unit::Shoppers => "shoppers",
            Unit::Share => "share / mean (0-1)",
            Unit::Count => "count per day",
            Unit::Records => "records",
            Unit::TrustChange => "trust change per day",
        })
    }
}

/// The unit of a daily column.
pub fn unit_of(column: &str) -> Option<Unit> {
    let found = COLUMNS.iter().find(|c| c.name == column)?;
    let sample = (found.value)(&zero_day());
    Some(match sample {
        Value::Money(_) => Unit::Dollars,
        _ if column.starts_with("trust_change") => Unit::TrustChange,
        _ if column == "records_held" => Unit::Records,
        _ if column.contains("shoppers")
            || column.contains("churned")
            || column.starts_with("churn_") =>
        {
            Unit::Shoppers
        }
        Value::Count(_) => Unit::Count,
        Value::Fraction(_) => Unit::Share,
    })
}

/// A day with every figure zero, to learn a column's value type.
fn zero_day() -> DayMetrics {
    DayMetrics {
        day: 0,
        active_shoppers: 0,
        churned_today: 0,
        churned_total: 0,
        mean_trust: 0.0,
        mean_loyalty: 0.0,
        visits: 0,
        orders: 0,
        conversion_rate: 0.0,
        revenue: crate::units::Cents::ZERO,
        cumulative_revenue: crate::units::Cents::ZERO,
        recommendation_clicks: 0,
        attributed_recommendation_revenue: crate::units::Cents::ZERO,
        opt_in_rate: 0.0,
        stated_intent_to_leave: 0.0,
        negative_sentiment: 0.0,
        records_held: 0.0,
        breach_cost: crate::units::Cents::ZERO,
        fines: crate::units::Cents::ZERO,
        segments: Default::default(),
        trust_change: Default::default(),
        churn_natural: 0.0,
        churn_distrust: 0.0,
    }
}

fn as_number(value: Value) -> f64 {
    match value {
        Value::Count(count) => count as f64,
        Value::Money(cents) => cents.dollars(),
        Value::Fraction(fraction) => fraction,
    }
}

impl Chart {
    /// A chart of `metrics` (daily CSV column names) for each run, one line per metric per
    /// run, labelled `metric` (one run) or `run: metric`, with every event that fired
    /// marked. The y axis names the metrics' unit, or each metric's unit when they differ.
    pub fn from_runs(runs: &[Run<'_>], metrics: &[&str], title: &str) -> Result<Chart, PlotError> {
        if metrics.is_empty() {
            return Err(PlotError::Empty("no metric given"));
        }
        let mut units = Vec::new();
        let mut columns = Vec::new();
        for metric in metrics {
            let column = COLUMNS.iter().find(|c| c.name == *metric);
            let (Some(column), Some(unit)) = (column, unit_of(metric)) else {
                let known: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
                return Err(PlotError::UnknownMetric {
                    name: (*metric).to_string(),
                    known: known.join(", "),
                });
            };
            columns.push(column);
            units.push((*metric, unit));
        }
        let mut series = Vec::new();
        for run in runs {
            for column in &columns {
                let label = if runs.len() > 1 {
                    format!("{}: {}", run.label, column.name)
                } else {
                    column.name.to_string()
                };
                let points = run
                    .history
                    .iter()
                    .map(|day| (f64::from(day.day), as_number((column.value)(day))))
                    .collect();
                series.push(Series { label, points });
            }
        }
        let mut markers: Vec<Marker> = Vec::new();
        for run in runs {
            for event in run.events {
                let label = format!("{} (day {})", event.kind, event.day);
                if !markers.iter().any(|m| m.label == label) {
                    markers.push(Marker {
                        day: event.day,
                        label,
                    });
                }
            }
        }
        let first = units[0].1;
        let y_label = if units.iter().all(|(_, unit)| *unit == first) {
            first.to_string()
        } else {
            let each: Vec<String> = units.iter().map(|(m, u)| format!("{m}: {u}")).collect();
            each.join("; ")
        };
        Ok(Chart {
            title: title.to_string(),
            x_label: "day".to_string(),
            y_label,
            series,
            markers,
        })
    }

    /// The chart as an SVG document.
    pub fn to_svg(&self) -> Result<String, PlotError> {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
            self.draw(&root)
                .map_err(|error| PlotError::Drawing(error.to_string()))?;
            root.present()
                .map_err(|error| PlotError::Drawing(error.to_string()))?;
        }
        Ok(svg)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let points = || self.series.iter().flat_map(|s| s.points.iter());
        let (mut x_min, mut x_max, mut y_min, mut y_max) = points().fold(
            (
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ),
            |(x0, x1, y0, y1), (x, y)| (x0.min(*x), x1.max(*x), y0.min(*y), y1.max(*y)),
        );
        if !x_min.is_finite() {
            (x_min, x_max, y_min, y_max) = (0.0, 1.0, 0.0, 1.0);
        }
        if x_max <= x_min {
            x_max = x_min + 1.0;
        }
        let pad = if y_max > y_min {
            (y_max - y_min) * 0.05
        } else {
            1.0
        };
        // Shares and counts read best from zero when zero is near.
        let y_low = if y_min >= 0.0 && y_min < (y_max - y_min) {
            0.0
        } else {
            y_min - pad
        };
        let (y_low, y_high) = (y_low, y_max + pad);

        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 26))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(84)
            .build_cartesian_2d(x_min..x_max, y_low..y_high)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .x_label_formatter(&|day| format!("{day:.0}"))
            .y_desc(&self.y_label)
            .axis_desc_style(("sans-serif", 18))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;

        for marker in &self.markers {
            let day = f64::from(marker.day);
            let grey = RGBColor(120, 120, 120);
            chart.draw_series(DashedLineSeries::new(
                [(day, y_low), (day, y_high)],
                6,
                4,
                grey.stroke_width(1),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                marker.label.clone(),
                (day, y_high),
                ("sans-serif", 14).into_font().color(&grey),
            )))?;
        }

        for (index, series) in self.series.iter().enumerate() {
            let color = Palette99::pick(index).to_rgba();
            chart
                .draw_series(LineSeries::new(
                    series.points.iter().copied(),
                    color.stroke_width(2),
                ))?
                .label(&series.label)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2))
                });
        }
        if !self.series.is_empty() {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(SeriesLabelPosition::LowerRight)
                .draw()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
