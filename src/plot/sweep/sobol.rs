//! The Sobol indices of one metric of a Sobol sweep as bars: per parameter, the
//! first-order index (its effect alone) above the total index (with its interactions),
//! each with its 95 % bootstrap interval as a whisker, and the seed-noise floor as a
//! dashed line: the total index a parameter without any effect would still show.
//!
//! Why the floor is the noise's share: the total index (Jansen's estimator) averages
//! `(f(A) - f(AB_i))^2 / 2` over the variance of the point means. A parameter without
//! effect leaves only the two points' seed noise in that difference, whose expected
//! square over two is the noise variance of a point mean, so its index is that variance's
//! share of the total, [`crate::sweep::stats::Noise::share`]. With common random numbers
//! the two points share seeds and most of that noise cancels: the floor is then an upper
//! bound. First-order indices have no such floor (noise adds nothing to them on average).
//!
//! The numbers come from [`Report::build`]; this module only arranges and draws them.

use super::{draw_legend, framed, short, Swatch};
use crate::plot::render::{self, Draw, Scale};
use crate::plot::PlotError;
use crate::sweep::analysis::Report;
use crate::sweep::DesignKind;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One parameter's indices with their 95 % bootstrap intervals (NaN when unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct SobolBar {
    /// The parameter's key, `strategy.consent`.
    pub parameter: String,
    pub first: f64,
    pub first_low: f64,
    pub first_high: f64,
    pub total: f64,
    pub total_low: f64,
    pub total_high: f64,
}

/// Everything drawn on a Sobol bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolChart {
    pub title: String,
    pub x_label: String,
    /// One per parameter, in plan order (drawn top to bottom).
    pub bars: Vec<SobolBar>,
    /// Base samples the indices rest on.
    pub samples: usize,
    /// The seed-noise floor of the total indices (the noise's share of the variance of
    /// point means); `None` when the sweep has one replicate per point.
    pub noise_floor: Option<f64>,
}

/// Colours of the two bars of a parameter: first-order, total.
const FIRST: usize = 0;
const TOTAL: usize = 1;

impl SobolChart {
    /// The Sobol indices of `metric` (default: the report's first), titled `title`
    /// (default: the sweep's name and the metric). The design must be a Sobol one.
    pub fn from_report(
        report: &Report,
        metric: Option<&str>,
        title: Option<&str>,
    ) -> Result<SobolChart, PlotError> {
        if report.design != DesignKind::Sobol {
            return Err(PlotError::NotSobol {
                design: report.design.name(),
            });
        }
        let metric = match metric {
            Some(name) => name,
            None => report
                .metrics
                .first()
                .ok_or(PlotError::Empty("the sweep has no metrics"))?,
        };
        let sobol = report
            .sobol
            .iter()
            .find(|s| s.metric == metric)
            .ok_or_else(|| PlotError::UnknownMetric {
                name: metric.to_string(),
                known: report.metrics.join(", "),
            })?;
        if sobol.indices.iter().all(|i| !i.first.is_finite()) {
            return Err(PlotError::Empty(
                "no Sobol index could be computed: fewer than two base samples have every \
                 run's result",
            ));
        }
        let bars = report
            .parameters
            .iter()
            .zip(&sobol.indices)
            .map(|(parameter, i)| SobolBar {
                parameter: parameter.clone(),
                first: i.first,
                first_low: i.first_low,
                first_high: i.first_high,
                total: i.total,
                total_low: i.total_low,
                total_high: i.total_high,
            })
            .collect();
        let noise_floor = report
            .noise
            .iter()
            .find(|m| m.metric == metric)
            .and_then(|m| m.noise.as_ref())
            .map(|n| n.share);
        Ok(SobolChart {
            title: title.map_or_else(
                || format!("{}: Sobol indices of {metric}", report.name),
                str::to_string,
            ),
            x_label: format!("share of the variance of {metric} across points"),
            bars,
            samples: sobol.samples,
            noise_floor,
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
        let mut entries = vec![
            (
                Swatch::Bar(render::color(FIRST)),
                vec!["first-order index".into(), "(the parameter alone)".into()],
            ),
            (
                Swatch::Bar(render::color(TOTAL)),
                vec!["total index".into(), "(with its interactions)".into()],
            ),
            (
                Swatch::Whisker,
                vec![
                    "95 % bootstrap interval".into(),
                    format!("({} base samples)", self.samples),
                ],
            ),
        ];
        match self.noise_floor {
            Some(floor) => entries.push((
                Swatch::Dashed,
                vec![
                    format!("seed-noise floor {floor:.2}:"),
                    "a total index below it".into(),
                    "may be noise alone".into(),
                ],
            )),
            None => entries.push((
                Swatch::Dashed,
                vec![
                    "seed-noise floor unknown:".into(),
                    "1 run per point; set".into(),
                    "replicates = 2 or more".into(),
                ],
            )),
        }
        entries
    }

    /// The x range: 0 to 1 (indices are shares), widened to hold every interval.
    fn x_range(&self) -> (f64, f64) {
        let values = self.bars.iter().flat_map(|b| {
            [
                b.first,
                b.first_low,
                b.first_high,
                b.total,
                b.total_low,
                b.total_high,
            ]
        });
        let (low, high) = values
            .filter(|v| v.is_finite())
            .fold((0.0_f64, 1.0_f64), |(a, b), v| (a.min(v), b.max(v)));
        let pad = (high - low) * 0.03;
        (if low < 0.0 { low - pad } else { low }, high + pad)
    }
}

impl Draw for SobolChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: Scale,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let count = self.bars.len();
        // Parameter i sits at y = count - 1 - i, so the first is on top.
        let row_of = |index: usize| (count - 1 - index) as f64;
        let (x_low, x_high) = self.x_range();
        let (plot, legend) = framed(root, &self.title, scale)?;
        let names: Vec<&str> = self.bars.iter().map(|b| short(&b.parameter)).collect();
        let name_at = |y: &f64| {
            let row = y.round();
            if (y - row).abs() > 1e-6 || row < 0.0 || row >= count as f64 {
                return String::new();
            }
            names[count - 1 - row as usize].to_string()
        };
        let x_tick = render::tick_label(x_high - x_low);
        let longest = names.iter().map(|n| n.len()).max().unwrap_or(4) as f64;
        let mut chart = ChartBuilder::on(&plot)
            .margin(scale.px(16.0))
            .margin_top(scale.px(8.0))
            .x_label_area_size(scale.px(52.0))
            // Room for the longest name at 15 px (about 0.6 em a character).
            .y_label_area_size(scale.px(longest * 9.0 + 20.0))
            .build_cartesian_2d(x_low..x_high, -0.5..(count as f64 - 0.5))?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .x_label_formatter(&x_tick)
            .y_labels(count)
            .y_label_formatter(&name_at)
            .disable_y_mesh()
            .label_style(scale.font(15.0))
            .axis_desc_style(scale.font(18.0))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;

        let half = 0.17;
        let whisker = BLACK.stroke_width(scale.px(1.5));
        let cap = scale.px(5.0) as i32;
        for (index, bar) in self.bars.iter().enumerate() {
            let row = row_of(index);
            for (value, low, high, offset, color) in [
                (
                    bar.first,
                    bar.first_low,
                    bar.first_high,
                    half,
                    render::color(FIRST),
                ),
                (
                    bar.total,
                    bar.total_low,
                    bar.total_high,
                    -half,
                    render::color(TOTAL),
                ),
            ] {
                let middle = row + offset;
                if value.is_finite() {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, middle - half * 0.85), (value, middle + half * 0.85)],
                        color.filled(),
                    )))?;
                }
                if low.is_finite() && high.is_finite() {
                    chart.draw_series(std::iter::once(PathElement::new(
                        [(low, middle), (high, middle)],
                        whisker,
                    )))?;
                    for end in [low, high] {
                        chart.draw_series(std::iter::once(
                            EmptyElement::at((end, middle))
                                + PathElement::new([(0, -cap), (0, cap)], whisker),
                        ))?;
                    }
                }
            }
        }
        // The zero line, so that negative estimates read as such.
        chart.draw_series(std::iter::once(PathElement::new(
            [(0.0, -0.5), (0.0, count as f64 - 0.5)],
            BLACK.stroke_width(scale.px(1.0)),
        )))?;
        if let Some(floor) = self.noise_floor {
            // Named in the legend: text here would cover the top bars.
            chart.draw_series(DashedLineSeries::new(
                [(floor, -0.5), (floor, count as f64 - 0.5)],
                scale.px(6.0),
                scale.px(4.0),
                RGBColor(110, 110, 110).stroke_width(scale.px(2.0)),
            ))?;
        }
        draw_legend(&legend, &self.legend(), scale)
    }
}
