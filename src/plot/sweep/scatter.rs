//! Two metrics of a sweep against each other: one dot per point (its means), with the
//! 95 % confidence interval of each mean as a whisker along its axis, the Pareto-front
//! points circled. It shows trade-offs (revenue against trust) whatever the design,
//! since points need not share levels.
//!
//! The numbers come from [`Report::build`]; this module only arranges and draws them.

use super::{draw_legend, framed, metric_unit, short, Swatch};
use crate::plot::render::{self, Draw, Scale};
use crate::plot::PlotError;
use crate::sweep::analysis::Report;
use crate::sweep::stats::Estimate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Up to this many points, each dot carries its point number (as in `points.csv`); more
/// numbers would cover the dots.
pub const MAX_NUMBERED: usize = 40;

/// One sweep point: its number, its levels in words, and the two metrics' estimates.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterPoint {
    /// The point's number in the plan (`point` in `points.csv`).
    pub point: usize,
    /// The point's levels, `personalization = 0.5, transparency = 1.0`.
    pub levels: String,
    /// Mean and 95 % interval of the x metric (NaN bounds with fewer than two replicates).
    pub x: Estimate,
    pub y: Estimate,
    /// Whether the point is on the sweep's Pareto front.
    pub on_front: bool,
}

/// Everything drawn on a scatter of two sweep metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub points: Vec<ScatterPoint>,
    /// Whether each dot is labelled with its point number.
    pub numbered: bool,
    /// Legend text of the whiskers.
    pub whisker_label: String,
    /// Legend text of the Pareto-front rings; `None` when the sweep has no objectives.
    pub front_label: Option<String>,
}

impl ScatterChart {
    /// Metric `y_metric` against metric `x_metric` for every point of `report`, titled
    /// `title` (default: the sweep's name and the two metrics).
    pub fn from_report(
        report: &Report,
        x_metric: &str,
        y_metric: &str,
        title: Option<&str>,
    ) -> Result<ScatterChart, PlotError> {
        if report.points.is_empty() {
            return Err(PlotError::Empty("the sweep has no results"));
        }
        let index_of = |name: &str| {
            report
                .metrics
                .iter()
                .position(|m| m == name)
                .ok_or_else(|| PlotError::UnknownMetric {
                    name: name.to_string(),
                    known: report.metrics.join(", "),
                })
        };
        let (x_index, y_index) = (index_of(x_metric)?, index_of(y_metric)?);
        if x_index == y_index {
            return Err(PlotError::SameMetric(x_metric.to_string()));
        }
        let points: Vec<ScatterPoint> = report
            .points
            .iter()
            .map(|point| {
                let levels: Vec<String> = report
                    .parameters
                    .iter()
                    .zip(&point.levels)
                    .map(|(key, level)| format!("{} = {level}", short(key)))
                    .collect();
                ScatterPoint {
                    point: point.point,
                    levels: levels.join(", "),
                    x: point.estimates[x_index],
                    y: point.estimates[y_index],
                    on_front: report.pareto_front.contains(&point.point),
                }
            })
            .collect();
        let replicates: Vec<usize> = points.iter().map(|p| p.x.n.min(p.y.n)).collect();
        let fewest = replicates.iter().min().copied().unwrap_or(0);
        let most = replicates.iter().max().copied().unwrap_or(0);
        let whisker_label = if most < 2 {
            "95 % interval of each mean: none (1 run per point)".to_string()
        } else if fewest == most {
            format!("95 % interval of each mean ({most} runs per point)")
        } else {
            format!("95 % interval of each mean ({fewest}-{most} runs per point)")
        };
        let axis = |metric: &str| match metric_unit(metric) {
            Some(unit) => format!("{metric} ({unit})"),
            None => metric.to_string(),
        };
        Ok(ScatterChart {
            title: title.map_or_else(
                || format!("{}: {y_metric} against {x_metric}", report.name),
                str::to_string,
            ),
            x_label: axis(x_metric),
            y_label: axis(y_metric),
            numbered: points.len() <= MAX_NUMBERED,
            points,
            whisker_label,
            front_label: super::front_label(report),
        })
    }

    /// The chart as an SVG document of [`crate::plot::SIZE`].
    pub fn to_svg(&self) -> Result<String, PlotError> {
        render::svg(self)
    }

    /// The chart as a PNG image of `width` x `height` pixels (each within
    /// [`crate::plot::PNG_EDGE`]).
    pub fn to_png(&self, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
        render::png(self, width, height)
    }

    /// The legend's entries: a swatch and one or more lines of text each.
    fn legend(&self) -> Vec<(Swatch, Vec<String>)> {
        let mut dots = vec!["sweep point (means)".to_string()];
        if self.numbered {
            dots.push("numbered as in points.csv".to_string());
        }
        let mut entries = vec![(Swatch::Dot(render::color(0)), dots)];
        let whiskers = match self.whisker_label.split_once(" (") {
            Some((head, tail)) => vec![head.to_string(), format!("({tail}")],
            None => vec![self.whisker_label.clone()],
        };
        entries.push((Swatch::Whisker, whiskers));
        if let Some(label) = &self.front_label {
            entries.push((Swatch::Ring, super::front_legend(label)));
        }
        entries
    }
}

/// The low and high ends of an axis holding every mean and interval of `estimates`.
fn axis_range(estimates: impl Iterator<Item = Estimate> + Clone) -> (f64, f64) {
    let values = estimates.flat_map(|e| [e.mean, e.ci_low, e.ci_high]);
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !low.is_finite() {
        (0.0, 1.0)
    } else if high <= low {
        let pad = low.abs().max(1.0) * 0.05;
        (low - pad, high + pad)
    } else {
        let pad = (high - low) * 0.06;
        (low - pad, high + pad)
    }
}

impl Draw for ScatterChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: Scale,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let x_range = axis_range(self.points.iter().map(|p| p.x));
        let y_range = axis_range(self.points.iter().map(|p| p.y));
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
            // Dollar ticks such as 25,000,000 need the room of about six labels.
            .x_labels(6)
            .x_label_formatter(&x_tick)
            .y_label_formatter(&y_tick)
            .label_style(scale.font(15.0))
            .axis_desc_style(scale.font(18.0))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;

        let color = render::color(0);
        let whisker = color.mix(0.55).stroke_width(scale.px(1.5));
        // A cap is this many pixels long on each side of the whisker's end.
        let cap = scale.px(4.0) as i32;
        let finite = |e: &Estimate| e.ci_low.is_finite() && e.ci_high.is_finite();
        for point in self.points.iter().filter(|p| p.x.mean.is_finite()) {
            let (x, y) = (point.x.mean, point.y.mean);
            if !y.is_finite() {
                continue;
            }
            if finite(&point.x) {
                chart.draw_series(std::iter::once(PathElement::new(
                    [(point.x.ci_low, y), (point.x.ci_high, y)],
                    whisker,
                )))?;
                for end in [point.x.ci_low, point.x.ci_high] {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((end, y))
                            + PathElement::new([(0, -cap), (0, cap)], whisker),
                    ))?;
                }
            }
            if finite(&point.y) {
                chart.draw_series(std::iter::once(PathElement::new(
                    [(x, point.y.ci_low), (x, point.y.ci_high)],
                    whisker,
                )))?;
                for end in [point.y.ci_low, point.y.ci_high] {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((x, end))
                            + PathElement::new([(-cap, 0), (cap, 0)], whisker),
                    ))?;
                }
            }
        }
        let shown = || {
            self.points
                .iter()
                .filter(|p| p.x.mean.is_finite() && p.y.mean.is_finite())
        };
        chart.draw_series(
            shown().map(|p| Circle::new((p.x.mean, p.y.mean), scale.px(4.5), color.filled())),
        )?;
        if self.front_label.is_some() {
            let ring = BLACK.stroke_width(scale.px(2.0));
            chart.draw_series(
                shown()
                    .filter(|p| p.on_front)
                    .map(|p| Circle::new((p.x.mean, p.y.mean), scale.px(9.0), ring)),
            )?;
        }
        if self.numbered {
            let style = scale
                .font(12.0)
                .color(&RGBColor(60, 60, 60))
                .pos(Pos::new(HPos::Left, VPos::Bottom));
            let offset = scale.px(5.0) as i32;
            chart.draw_series(shown().map(|p| {
                EmptyElement::at((p.x.mean, p.y.mean))
                    + Text::new(p.point.to_string(), (offset, -offset), style.clone())
            }))?;
        }
        draw_legend(&legend, &self.legend(), scale)
    }
}
