//! A sweep's response curve: one metric's mean per point against one parameter, with the
//! 95 % confidence interval of the mean as a shaded band and the Pareto-front points
//! circled. Points that differ in other parameters make separate lines (one per
//! combination of their levels, e.g. one per transparency level).
//!
//! The numbers come from [`Report::build`] (mean and Student-t interval per point, the
//! Pareto front); this module only arranges and draws them. Its submodules draw the same
//! report otherwise: [`ScatterChart`] (two metrics against each other) and
//! [`SobolChart`] (a Sobol sweep's indices as bars).

use super::render::{self, Draw, Scale};
use super::PlotError;
use crate::sweep::analysis::Report;
use crate::sweep::experiment::Level;
use crate::sweep::stats::Direction;
use plotters::coord::Shift;
use plotters::prelude::*;

mod legend;
mod scatter;
mod sobol;

use legend::{draw_legend, Swatch};

pub use scatter::{ScatterChart, ScatterPoint, MAX_NUMBERED};
pub use sobol::{SobolBar, SobolChart};

/// Most lines on one chart; more would not be readable (and a Latin hypercube or Sobol
/// design, whose points share no levels, would make one line per point).
pub const MAX_LINES: usize = 8;

/// One point of a line: a design point's parameter value and its metric's estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponsePoint {
    /// The point's number in the plan.
    pub point: usize,
    pub x: f64,
    pub mean: f64,
    /// 95 % confidence interval of the mean; NaN with fewer than two replicates.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Whether the point is on the sweep's Pareto front.
    pub on_front: bool,
}

/// The points sharing the levels of every parameter but the x axis, in x order.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseLine {
    /// The other parameters' levels (`transparency = 0.5`), or the metric's name when
    /// only the x parameter varies.
    pub label: String,
    pub points: Vec<ResponsePoint>,
}

/// Everything drawn on a sweep chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub lines: Vec<ResponseLine>,
    /// Legend text of the confidence band.
    pub band_label: String,
    /// Legend text of the Pareto-front markers; `None` when the sweep has no objectives.
    pub front_label: Option<String>,
}

/// The report with only the points whose parameter `key` is at `level`, for each
/// `(key, level)` of `filters` (a level matches by its text, or as a number: `0.5` matches
/// `0.50`). Fixing parameters this way cuts a sweep down to a chart's worth of lines.
pub fn only_levels(report: &Report, filters: &[(String, String)]) -> Result<Report, PlotError> {
    let mut kept = report.clone();
    for (key, level) in filters {
        let parameter = report
            .parameters
            .iter()
            .position(|p| p == key)
            .ok_or_else(|| PlotError::UnknownParameter {
                name: key.clone(),
                known: report.parameters.join(", "),
            })?;
        let matches = |candidate: &Level| {
            let text = candidate.to_string();
            text == *level
                || matches!(
                    (candidate.as_number(), level.parse::<f64>()),
                    (Some(a), Ok(b)) if a == b
                )
        };
        let before = kept.points.len();
        kept.points.retain(|p| matches(&p.levels[parameter]));
        if kept.points.is_empty() && before > 0 {
            let mut known: Vec<String> = report
                .points
                .iter()
                .map(|p| p.levels[parameter].to_string())
                .collect();
            known.sort();
            known.dedup();
            return Err(PlotError::NoSuchLevel {
                name: key.clone(),
                level: level.clone(),
                known: known.join(", "),
            });
        }
    }
    Ok(kept)
}

impl SweepChart {
    /// The response curve of `metric` (default: the report's first) against parameter
    /// `x` (default: the first parameter whose levels are numbers and vary), titled
    /// `title` (default: the sweep's name and the metric).
    pub fn from_report(
        report: &Report,
        metric: Option<&str>,
        x: Option<&str>,
        title: Option<&str>,
    ) -> Result<SweepChart, PlotError> {
        if report.points.is_empty() {
            return Err(PlotError::Empty("the sweep has no results"));
        }
        let metric_index = match metric {
            None => 0,
            Some(name) => report
                .metrics
                .iter()
                .position(|m| m == name)
                .ok_or_else(|| PlotError::UnknownMetric {
                    name: name.to_string(),
                    known: report.metrics.join(", "),
                })?,
        };
        let metric = report
            .metrics
            .get(metric_index)
            .ok_or(PlotError::Empty("the sweep has no metrics"))?;

        let levels_of = |parameter: usize| report.points.iter().map(move |p| &p.levels[parameter]);
        let numeric = |parameter: usize| levels_of(parameter).all(|l| l.as_number().is_some());
        let varies = |parameter: usize| {
            let first = &report.points[0].levels[parameter];
            levels_of(parameter).any(|l| l != first)
        };
        let numeric_names = || {
            let names: Vec<&str> = (0..report.parameters.len())
                .filter(|&p| numeric(p))
                .map(|p| report.parameters[p].as_str())
                .collect();
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        };
        let x_index = match x {
            Some(name) => {
                let index = report
                    .parameters
                    .iter()
                    .position(|p| p == name)
                    .ok_or_else(|| PlotError::UnknownParameter {
                        name: name.to_string(),
                        known: report.parameters.join(", "),
                    })?;
                if !numeric(index) {
                    return Err(PlotError::NotNumeric {
                        name: name.to_string(),
                        numeric: numeric_names(),
                    });
                }
                index
            }
            None => (0..report.parameters.len())
                .find(|&p| numeric(p) && varies(p))
                .or_else(|| (0..report.parameters.len()).find(|&p| numeric(p)))
                .ok_or(PlotError::Empty(
                    "no numeric parameter to put on the x axis",
                ))?,
        };
        // The other parameters that vary tell the lines apart.
        let others: Vec<usize> = (0..report.parameters.len())
            .filter(|&p| p != x_index && varies(p))
            .collect();

        let mut lines: Vec<(Vec<&Level>, ResponseLine)> = Vec::new();
        for point in &report.points {
            let key: Vec<&Level> = others.iter().map(|&p| &point.levels[p]).collect();
            let estimate = &point.estimates[metric_index];
            let response = ResponsePoint {
                point: point.point,
                x: point.levels[x_index].as_number().unwrap_or(f64::NAN),
                mean: estimate.mean,
                ci_low: estimate.ci_low,
                ci_high: estimate.ci_high,
                on_front: report.pareto_front.contains(&point.point),
            };
            match lines.iter_mut().find(|(levels, _)| *levels == key) {
                Some((_, line)) => line.points.push(response),
                None => {
                    let label = if others.is_empty() {
                        metric.clone()
                    } else {
                        let each: Vec<String> = others
                            .iter()
                            .zip(&key)
                            .map(|(&p, level)| {
                                format!("{} = {level}", short(&report.parameters[p]))
                            })
                            .collect();
                        each.join(", ")
                    };
                    lines.push((
                        key,
                        ResponseLine {
                            label,
                            points: vec![response],
                        },
                    ));
                }
            }
        }
        if lines.len() > MAX_LINES {
            return Err(PlotError::TooManyLines {
                lines: lines.len(),
                max: MAX_LINES,
            });
        }
        let mut lines: Vec<ResponseLine> = lines.into_iter().map(|(_, line)| line).collect();
        for line in &mut lines {
            line.points.sort_by(|a, b| a.x.total_cmp(&b.x));
        }

        let x_key = &report.parameters[x_index];
        let x_unit = parameter_unit(x_key, levels_of(x_index));
        let replicates: Vec<usize> = report
            .points
            .iter()
            .map(|p| p.estimates[metric_index].n)
            .collect();
        let (fewest, most) = (
            replicates.iter().min().copied().unwrap_or(0),
            replicates.iter().max().copied().unwrap_or(0),
        );
        let runs = if fewest == most && most == 1 {
            "1 run per point: no interval".to_string()
        } else if fewest == most {
            format!("{most} runs per point")
        } else {
            format!("{fewest}-{most} runs per point")
        };
        let front_label = front_label(report);
        Ok(SweepChart {
            title: title.map_or_else(|| format!("{}: {metric}", report.name), str::to_string),
            x_label: match x_unit {
                Some(unit) => format!("{x_key} ({unit})"),
                None => x_key.clone(),
            },
            y_label: match metric_unit(metric) {
                Some(unit) => format!("{metric} ({unit})"),
                None => metric.clone(),
            },
            lines,
            band_label: format!("95 % confidence interval of the mean ({runs})"),
            front_label,
        })
    }

    /// The chart as an SVG document of [`super::SIZE`].
    pub fn to_svg(&self) -> Result<String, PlotError> {
        render::svg(self)
    }

    /// The chart as a PNG image of `width` x `height` pixels (each within
    /// [`super::PNG_EDGE`]).
    pub fn to_png(&self, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
        render::png(self, width, height)
    }
}

/// The legend text of the Pareto-front rings, `Pareto front (max a, min b)`; `None` when
/// the sweep has no objectives.
fn front_label(report: &Report) -> Option<String> {
    (!report.pareto_objectives.is_empty()).then(|| {
        let objectives: Vec<String> = report
            .pareto_objectives
            .iter()
            .map(|o| {
                let direction = match o.direction {
                    Direction::Maximize => "max",
                    Direction::Minimize => "min",
                };
                format!("{direction} {}", o.metric)
            })
            .collect();
        format!("Pareto front ({})", objectives.join(", "))
    })
}

/// [`front_label`] as legend lines: "Pareto front", then the objectives one per line.
fn front_legend(label: &str) -> Vec<String> {
    match label.split_once(" (") {
        Some((head, objectives)) => std::iter::once(head.to_string())
            .chain(
                objectives
                    .trim_end_matches(')')
                    .split(", ")
                    .map(|o| format!("  {o}")),
            )
            .collect(),
        None => vec![label.to_string()],
    }
}

/// The last part of a dotted key (`strategy.transparency` -> `transparency`).
fn short(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

/// The unit of a sweep metric (a numeric field of a run's summary), from its name.
pub fn metric_unit(metric: &str) -> Option<&'static str> {
    let name = short(metric);
    Some(
        if ["revenue", "cost", "fines", "profit"]
            .iter()
            .any(|m| name.contains(m))
            || metric.starts_with("costs.")
        {
            "dollars"
        } else if name.contains("shoppers") {
            "shoppers"
        } else if name == "customers" {
            "customers"
        } else if name.contains("records_held") {
            "records"
        } else if name == "days" {
            "days"
        } else if name.ends_with("_gap") {
            // Paradox gaps: one share minus another.
            "difference of shares, -1 to 1"
        } else if [
            "rate",
            "trust",
            "loyalty",
            "intent",
            "click_through",
            "churn",
            "concern",
        ]
        .iter()
        .any(|m| name.contains(m))
        {
            "share / mean, 0-1"
        } else if ["orders", "visits", "breaches"]
            .iter()
            .any(|m| name.ends_with(m))
        {
            "count"
        } else {
            return None;
        },
    )
}

/// The unit of a scenario key used as a sweep parameter: days and shoppers by name,
/// shares for the population mix, otherwise "0-1" when every level lies in 0..=1 (the
/// strategy levers).
fn parameter_unit<'a>(
    key: &str,
    mut levels: impl Iterator<Item = &'a Level>,
) -> Option<&'static str> {
    if key.ends_with("days") {
        Some("days")
    } else if key == "simulation.shoppers" {
        Some("shoppers")
    } else if key.starts_with("population.") {
        Some("share, 0-1")
    } else if levels.all(|l| l.as_number().is_some_and(|v| (0.0..=1.0).contains(&v))) {
        Some("0-1")
    } else {
        None
    }
}

/// The x and y ranges that hold every mean and interval, with a little room.
fn ranges(lines: &[ResponseLine]) -> ((f64, f64), (f64, f64)) {
    let points = || lines.iter().flat_map(|l| l.points.iter());
    let finite = |v: &f64| v.is_finite();
    let xs = points().map(|p| p.x).filter(finite);
    let (x_min, x_max) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let (x_min, x_max) = if !x_min.is_finite() {
        (0.0, 1.0)
    } else if x_max <= x_min {
        (x_min - 0.5, x_max + 0.5)
    } else {
        // Room for the markers at the ends.
        let pad = (x_max - x_min) * 0.03;
        (x_min - pad, x_max + pad)
    };
    let ys = points()
        .flat_map(|p| [p.mean, p.ci_low, p.ci_high])
        .filter(finite);
    let (y_min, y_max) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    ((x_min, x_max), render::y_range(y_min, y_max))
}

/// Runs of consecutive points with a finite interval: the pieces of a band.
fn band_pieces(points: &[ResponsePoint]) -> Vec<Vec<(f64, f64)>> {
    let mut pieces = Vec::new();
    let mut current: Vec<&ResponsePoint> = Vec::new();
    for point in points.iter().chain(std::iter::once(&ResponsePoint {
        point: usize::MAX,
        x: f64::NAN,
        mean: f64::NAN,
        ci_low: f64::NAN,
        ci_high: f64::NAN,
        on_front: false,
    })) {
        if point.ci_low.is_finite() && point.ci_high.is_finite() {
            current.push(point);
            continue;
        }
        if current.len() >= 2 {
            let upper = current.iter().map(|p| (p.x, p.ci_high));
            let lower = current.iter().rev().map(|p| (p.x, p.ci_low));
            pieces.push(upper.chain(lower).collect());
        }
        current.clear();
    }
    pieces
}

impl SweepChart {
    /// The legend's entries: a swatch and one or more lines of text each.
    fn legend(&self) -> Vec<(Swatch, Vec<String>)> {
        let mut entries: Vec<(Swatch, Vec<String>)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let parts = line.label.split(", ").map(str::to_string).collect();
                (Swatch::Line(render::color(index)), parts)
            })
            .collect();
        // "95 % confidence interval of the mean (4 runs per point)" on three lines.
        let band = match self.band_label.split_once(" of ") {
            Some((head, tail)) => match tail.split_once(" (") {
                Some((middle, end)) => vec![head.into(), format!("of {middle}"), format!("({end}")],
                None => vec![head.into(), format!("of {tail}")],
            },
            None => vec![self.band_label.clone()],
        };
        entries.push((Swatch::Band, band));
        if let Some(label) = &self.front_label {
            entries.push((Swatch::Ring, front_legend(label)));
        }
        entries
    }
}

/// The plot area and the legend column of a framed chart ([`framed`]).
pub(super) type PlotAndLegend<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

/// The frame every sweep chart shares: a white page, the title, and the body split
/// into the plot (72 % of the width) and the legend column beside it.
pub(super) fn framed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    scale: Scale,
) -> Result<PlotAndLegend<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    // A top margin first, as plotters' own captions have (the title starts at the
    // area's top edge).
    let body = root
        .margin(scale.px(16.0), 0, 0, 0)
        .titled(title, scale.font(28.0))?;
    let (width, _) = body.dim_in_pixel();
    Ok(body.split_horizontally(width * 72 / 100))
}

impl Draw for SweepChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: Scale,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (x_range, y_range) = ranges(&self.lines);
        let (plot, legend) = framed(root, &self.title, scale)?;
        let x_tick = render::tick_label(x_range.1 - x_range.0);
        let y_tick = render::tick_label(y_range.1 - y_range.0);
        let mut chart = ChartBuilder::on(&plot)
            .margin(scale.px(16.0))
            .margin_top(scale.px(8.0))
            .x_label_area_size(scale.px(52.0))
            .y_label_area_size(scale.px(96.0))
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_label_formatter(&x_tick)
            .y_label_formatter(&y_tick)
            .label_style(scale.font(15.0))
            .axis_desc_style(scale.font(18.0))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;

        // Bands first, so that every line is drawn over every band.
        for (index, line) in self.lines.iter().enumerate() {
            let color = render::color(index);
            for piece in band_pieces(&line.points) {
                chart.draw_series(std::iter::once(Polygon::new(
                    piece,
                    color.mix(0.18).filled(),
                )))?;
            }
        }
        let stroke = scale.px(2.5);
        let dot = scale.px(4.5);
        for (index, line) in self.lines.iter().enumerate() {
            let color = render::color(index);
            let means: Vec<(f64, f64)> = line.points.iter().map(|p| (p.x, p.mean)).collect();
            chart.draw_series(LineSeries::new(
                means.iter().copied(),
                color.stroke_width(stroke),
            ))?;
            chart.draw_series(means.iter().map(|&at| Circle::new(at, dot, color.filled())))?;
        }
        if self.front_label.is_some() {
            let ring_style = BLACK.stroke_width(scale.px(2.0));
            let front = self
                .lines
                .iter()
                .flat_map(|l| l.points.iter())
                .filter(|p| p.on_front && p.mean.is_finite());
            chart.draw_series(
                front.map(|p| Circle::new((p.x, p.mean), scale.px(9.0), ring_style)),
            )?;
        }
        draw_legend(&legend, &self.legend(), scale)
    }
}

#[cfg(test)]
mod tests;
