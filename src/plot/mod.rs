//! Charts of runs for slides and handouts: daily metrics over time, one line per metric
//! per run, with the runs' events marked.
//!
//! [`Chart::from_runs`] picks the daily columns by their CSV names (see
//! [`crate::report::COLUMNS`]) and labels the y axis with their unit;
//! [`Chart::to_svg`] renders it with `plotters` into a `String`, [`Chart::to_png`] into PNG
//! bytes. [`sweep::SweepChart`] draws a sweep's response curve: a metric's mean per point
//! against one parameter, with its 95 % confidence band and the Pareto front marked;
//! [`sweep::ScatterChart`] two of its metrics against each other, one dot per point with
//! interval whiskers on both axes; [`sweep::SobolChart`] a Sobol sweep's first-order and
//! total indices as bars, with their intervals and the seed-noise floor.
//! Text uses DejaVu Sans, embedded in the crate (see [`render`]).
//! Nothing here touches files; the command line writes the text or bytes.

use crate::report::columns::{Value, COLUMNS};
use crate::sim::engine::EventRecord;
use crate::sim::metrics::DayMetrics;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use render::{Draw, Scale};
use std::fmt;

mod render;
pub mod sweep;

pub use render::PNG_EDGE;

/// SVG chart size in pixels (16:9, fits a slide).
pub const SIZE: (u32, u32) = render::DESIGN_SIZE;

/// PNG size the command line writes: 16:9, sharp on a full-screen slide.
pub const PNG_SIZE: (u32, u32) = (1600, 900);

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
    #[error(
        "a PNG of {width}x{height} pixels cannot be drawn: each side must be within 200..=4096"
    )]
    Size { width: u32, height: u32 },
    #[error("unknown parameter {name:?}; the sweep varies: {known}")]
    UnknownParameter { name: String, known: String },
    #[error(
        "parameter {name:?} has text levels; the x axis needs a numeric parameter ({numeric})"
    )]
    NotNumeric { name: String, numeric: String },
    #[error("{lines} lines (one per combination of the other parameters' levels) are too many for one chart, at most {max}: fix some parameters' levels, or use a grid design with few levels")]
    TooManyLines { lines: usize, max: usize },
    #[error("a scatter needs two different metrics, got {0} twice")]
    SameMetric(String),
    #[error("Sobol indices need a sobol design; this sweep's design is {design}")]
    NotSobol { design: &'static str },
    #[error("no point of the sweep has {name} = {level}; its levels are: {known}")]
    NoSuchLevel {
        name: String,
        level: String,
        known: String,
    },
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
        // Only a segment's means are ever missing (on a day without shoppers).
        Value::Fraction(_) | Value::Missing => Unit::Share,
    })
}

/// A day with every figure zero, to learn a column's value type.
fn zero_day() -> DayMetrics {
    DayMetrics {
        day: 0,
        active_shoppers: 0,
        churned_today: 0,
        churned_total: 0,
        distrust_churned_total: 0.0,
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
        gross_profit: crate::units::Cents::ZERO,
        lever_costs: crate::units::Cents::ZERO,
        costs: Default::default(),
        profit: crate::units::Cents::ZERO,
        cumulative_profit: crate::units::Cents::ZERO,
    }
}

fn as_number(value: Value) -> f64 {
    match value {
        Value::Count(count) => count as f64,
        Value::Money(cents) => cents.dollars(),
        Value::Fraction(fraction) => fraction,
        Value::Missing => f64::NAN,
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
                // A mean over nobody is left out, not drawn as 0.
                let points = run
                    .history
                    .iter()
                    .map(|day| (f64::from(day.day), as_number((column.value)(day))))
                    .filter(|(_, value)| value.is_finite())
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

    /// The chart as an SVG document of [`SIZE`].
    pub fn to_svg(&self) -> Result<String, PlotError> {
        render::svg(self)
    }

    /// The chart as a PNG image of `width` x `height` pixels; text and lines scale with
    /// the size (each side within [`PNG_EDGE`]).
    pub fn to_png(&self, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
        render::png(self, width, height)
    }
}

impl Draw for Chart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
        scale: Scale,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let points = || self.series.iter().flat_map(|s| s.points.iter());
        let (mut x_min, mut x_max, y_min, y_max) = points().fold(
            (
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ),
            |(x0, x1, y0, y1), (x, y)| (x0.min(*x), x1.max(*x), y0.min(*y), y1.max(*y)),
        );
        if !x_min.is_finite() {
            (x_min, x_max) = (0.0, 1.0);
        }
        if x_max <= x_min {
            x_max = x_min + 1.0;
        }
        let (y_low, y_high) = render::y_range(y_min, y_max);

        root.fill(&WHITE)?;
        let y_tick = render::tick_label(y_high - y_low);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, scale.font(28.0))
            .margin(scale.px(16.0))
            .x_label_area_size(scale.px(52.0))
            .y_label_area_size(scale.px(84.0))
            .build_cartesian_2d(x_min..x_max, y_low..y_high)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .x_label_formatter(&|day| format!("{day:.0}"))
            .y_desc(&self.y_label)
            .y_label_formatter(&y_tick)
            .label_style(scale.font(15.0))
            .axis_desc_style(scale.font(18.0))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;

        for marker in &self.markers {
            let day = f64::from(marker.day);
            let grey = RGBColor(110, 110, 110);
            chart.draw_series(DashedLineSeries::new(
                [(day, y_low), (day, y_high)],
                scale.px(6.0),
                scale.px(4.0),
                grey.stroke_width(scale.px(1.0)),
            ))?;
            // The label sits beside the line's top, on the side with more room.
            let right_half = day > (x_min + x_max) / 2.0;
            let (anchor, offset) = if right_half {
                (HPos::Right, -(scale.px(6.0) as i32))
            } else {
                (HPos::Left, scale.px(6.0) as i32)
            };
            let style = scale
                .font(15.0)
                .color(&grey)
                .pos(Pos::new(anchor, VPos::Top));
            chart.draw_series(std::iter::once(
                EmptyElement::at((day, y_high))
                    + Text::new(marker.label.clone(), (offset, scale.px(4.0) as i32), style),
            ))?;
        }

        let stroke = scale.px(2.5);
        for (index, series) in self.series.iter().enumerate() {
            let color = render::color(index);
            let swatch = scale.px(24.0) as i32;
            chart
                .draw_series(LineSeries::new(
                    series.points.iter().copied(),
                    color.stroke_width(stroke),
                ))?
                .label(&series.label)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + swatch, y)], color.stroke_width(stroke))
                });
        }
        if !self.series.is_empty() {
            chart
                .configure_series_labels()
                .label_font(scale.font(16.0))
                .legend_area_size(scale.px(30.0))
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(render::legend_position(
                    self.series.iter().map(|s| s.points.as_slice()),
                    (x_min, x_max),
                    (y_low, y_high),
                ))
                .draw()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
