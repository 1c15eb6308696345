//! The live line charts, three rows of two. While comparing, every line is drawn for
//! branch A and branch B; in a lesson, once it injected an event, the same run without
//! the event is drawn in grey behind the lesson's run. Vertical lines mark the days a
//! strategy change took effect (yellow for A, magenta for B), the fork (white) and the
//! events of the run shown (red). A lesson that ran a sweep before any run of its own
//! charts the sweep's runs, one line per variant with a legend.

use crate::tui::app::App;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, LegendPosition};
use ratatui::Frame;
use shopsim::model::segment::Segment;
use shopsim::report::format::{compact_count, compact_money};
use shopsim::sim::{DayMetrics, Engine};
use shopsim::units::Cents;

/// Branch B's colour, and the colour of its strategy-change markers.
pub const B_COLOR: Color = Color::Magenta;
const A_MARKER: Color = Color::Yellow;
const FORK_MARKER: Color = Color::White;
const EVENT_MARKER: Color = Color::Red;
/// The lines of a lesson's sweep runs, in variant order.
pub const SWEEP_COLORS: [Color; 6] = [
    Color::Blue,
    Color::Cyan,
    Color::Green,
    Color::Yellow,
    Color::Red,
    Color::Magenta,
];
/// A lesson's run without its injected event.
pub const WITHOUT_EVENT_COLOR: Color = Color::DarkGray;

/// How a chart's vertical range is chosen.
#[derive(Debug, Clone, Copy)]
enum Range {
    /// From zero to the largest value.
    FromZero,
    /// Fixed, e.g. 0..1 for trust.
    Fixed(f64, f64),
    /// Around the values, for slowly moving levels such as active shoppers.
    Fit,
    /// Around the values and zero, for money that may turn negative (profit).
    ThroughZero,
}

/// One plotted quantity: its legend name, colour (branch A) and value per day.
struct Quantity {
    name: &'static str,
    /// Name in a title that lists several quantities.
    short: &'static str,
    color: Color,
    b_color: Color,
    value: fn(&DayMetrics) -> f64,
}

struct ChartSpec {
    title: &'static str,
    quantities: Vec<Quantity>,
    range: Range,
    /// Formats the latest value for the title and the y labels.
    label: fn(f64) -> String,
}

fn money(x: f64) -> String {
    compact_money(Cents::from_dollars(x))
}

fn specs(show_segment_trust: bool) -> [ChartSpec; 6] {
    let mut trust = vec![
        Quantity {
            name: "trust",
            short: "trust",
            color: Color::Cyan,
            b_color: B_COLOR,
            value: |d| d.mean_trust,
        },
        Quantity {
            name: "loyalty",
            short: "loyal.",
            color: Color::Green,
            b_color: Color::LightRed,
            value: |d| d.mean_loyalty,
        },
    ];
    if show_segment_trust {
        trust.extend([
            Quantity {
                name: "fundamentalists",
                short: "F",
                color: Color::Red,
                b_color: Color::LightMagenta,
                value: |d| d.segment(Segment::Fundamentalist).mean_trust,
            },
            Quantity {
                name: "pragmatists",
                short: "P",
                color: Color::Yellow,
                b_color: Color::LightYellow,
                value: |d| d.segment(Segment::Pragmatist).mean_trust,
            },
            Quantity {
                name: "unconcerned",
                short: "U",
                color: Color::Blue,
                b_color: Color::LightBlue,
                value: |d| d.segment(Segment::Unconcerned).mean_trust,
            },
        ]);
    }
    let single = |name, value| {
        vec![Quantity {
            name,
            short: name,
            color: Color::Cyan,
            b_color: B_COLOR,
            value,
        }]
    };
    [
        ChartSpec {
            title: "Revenue/day",
            quantities: single("revenue", |d| d.revenue.dollars()),
            range: Range::FromZero,
            label: money,
        },
        // Revenue so far is in the status line; profit so far (gross margin less lever
        // costs, breach costs and fines, at real scale) shows what a strategy earns.
        ChartSpec {
            title: "Profit so far",
            quantities: single("profit", |d| d.cumulative_profit.dollars()),
            range: Range::ThroughZero,
            label: money,
        },
        ChartSpec {
            title: "Trust & loyalty",
            quantities: trust,
            range: Range::Fixed(0.0, 1.0),
            label: |x| format!("{x:.2}"),
        },
        ChartSpec {
            title: "Active shoppers",
            quantities: single("active", |d| d.active_shoppers as f64),
            range: Range::Fit,
            label: compact_count,
        },
        ChartSpec {
            title: "Churned/day",
            quantities: single("churned", |d| d.churned_today as f64),
            range: Range::FromZero,
            label: compact_count,
        },
        ChartSpec {
            title: "Conversion",
            quantities: single("conversion", |d| d.conversion_rate),
            range: Range::FromZero,
            label: |x| format!("{:.1}%", 100.0 * x),
        },
    ]
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let rows = Layout::vertical([Constraint::Ratio(1, 3); 3]).split(area);
    let specs = specs(app.show_segment_trust);
    for (row, pair) in rows.iter().zip(specs.chunks(2)) {
        let cells = Layout::horizontal([Constraint::Ratio(1, 2); 2]).split(*row);
        for (cell, spec) in cells.iter().zip(pair) {
            render_chart(frame, *cell, app, spec);
        }
    }
}

/// A line to plot: legend name, colour and one point per simulated day.
type PlotLine = (String, Color, Vec<(f64, f64)>);

/// A line's points, one per simulated day.
fn points(engine: &Engine, value: fn(&DayMetrics) -> f64) -> Vec<(f64, f64)> {
    engine
        .history()
        .iter()
        .map(|d| (f64::from(d.day), value(d)))
        .collect()
}

fn render_chart(frame: &mut Frame, area: Rect, app: &App, spec: &ChartSpec) {
    let comparing = app.comparison.as_ref();
    let main = app.main_run();
    let without_event = app.lesson.as_ref().and_then(|l| l.player.counterfactual());
    let mut lines: Vec<PlotLine> = Vec::new();
    // A lesson that has run a sweep but not its own run yet charts the sweep's runs, one
    // line each, named in the legend.
    let sweep_runs = app
        .lesson
        .as_ref()
        .map(|l| l.player.sweep_runs())
        .filter(|runs| !runs.is_empty() && main.history().is_empty() && comparing.is_none())
        .unwrap_or_default();
    let sweep_labels: Vec<String> = app
        .lesson
        .as_ref()
        .and_then(|l| l.player.last_sweep())
        .map(|sweep| {
            sweep
                .variants
                .iter()
                .map(|v| match v.value {
                    Some(value) => format!("{value}"),
                    None => v.label.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    for (index, run) in sweep_runs.iter().enumerate() {
        let q = &spec.quantities[0];
        let name = sweep_labels.get(index).cloned().unwrap_or_default();
        let color = SWEEP_COLORS[index % SWEEP_COLORS.len()];
        lines.push((name, color, points(run, q.value)));
    }
    for q in spec.quantities.iter().filter(|_| sweep_runs.is_empty()) {
        match comparing {
            None => {
                if let Some(without) = without_event {
                    let name = format!("{} without the event", q.name);
                    lines.push((name, WITHOUT_EVENT_COLOR, points(without, q.value)));
                }
                lines.push((q.name.to_string(), q.color, points(main, q.value)));
            }
            Some(c) => {
                lines.push((format!("A {}", q.name), q.color, points(main, q.value)));
                lines.push((format!("B {}", q.name), q.b_color, points(&c.b, q.value)));
            }
        }
    }

    let x_max = f64::from(app.scenario.simulation.days.max(app.day()).max(2));
    let x_bounds = [1.0, x_max];
    let y_bounds = y_bounds(
        spec.range,
        lines.iter().flat_map(|(_, _, p)| p.iter().map(|p| p.1)),
    );

    // Markers: a vertical line per strategy change (not the initial strategy), per event
    // and at the fork.
    let mut markers: Vec<(Color, [(f64, f64); 2])> = Vec::new();
    let vertical = |day: u32| [(f64::from(day), y_bounds[0]), (f64::from(day), y_bounds[1])];
    for change in main.strategy_changes().iter().filter(|c| c.day > 1) {
        markers.push((A_MARKER, vertical(change.day)));
    }
    for event in main.events() {
        markers.push((EVENT_MARKER, vertical(event.day)));
    }
    if let Some(c) = comparing {
        markers.push((FORK_MARKER, vertical(c.fork_day.max(1))));
        for change in
            c.b.strategy_changes()
                .iter()
                .filter(|ch| ch.day > c.fork_day)
        {
            markers.push((B_COLOR, vertical(change.day)));
        }
    }

    let mut datasets: Vec<Dataset> = markers
        .iter()
        .map(|(color, line)| {
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(*color).dim())
                .data(line)
        })
        .collect();
    // On one branch the title names every line; while comparing, a legend names the
    // A and B lines when it fits.
    let legend = (comparing.is_some() && spec.quantities.len() > 1) || !sweep_runs.is_empty();
    datasets.extend(lines.iter().map(|(name, color, data)| {
        let dataset = Dataset::default();
        let dataset = if legend {
            dataset.name(name.clone())
        } else {
            dataset
        };
        dataset
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(*color))
            .data(data)
    }));

    // A one-line chart's title too wide for the chart names the line by its short name
    // instead, so the latest value is not cut (a cut `-$3.9M` would read `-$3`).
    let mut title = title(spec, app);
    if spec.quantities.len() == 1 && title.width() + 2 > usize::from(area.width) {
        title = title_named(spec, spec.quantities[0].short, app);
    }
    let show_labels = area.height >= 8;
    let mut x_axis = Axis::default().bounds(x_bounds).style(Style::new().dim());
    let mut y_axis = Axis::default().bounds(y_bounds).style(Style::new().dim());
    if show_labels {
        x_axis = x_axis.labels(["1".to_string(), format!("{x_max:.0}")]);
        y_axis = y_axis.labels([(spec.label)(y_bounds[0]), (spec.label)(y_bounds[1])]);
    }
    let chart = Chart::new(datasets)
        .block(Block::bordered().title(title))
        .x_axis(x_axis)
        .y_axis(y_axis)
        .legend_position(Some(LegendPosition::TopRight))
        .hidden_legend_constraints((Constraint::Ratio(2, 3), Constraint::Ratio(2, 3)));
    frame.render_widget(chart, area);
}

/// `Revenue/day $12k`, or `Revenue/day A $12k B $13k` while comparing; for a chart
/// of several lines on one branch, `trust .65 loyal. .21 F .40 P .70 U .80`, each in
/// its line's colour (F, P, U: the fundamentalists', pragmatists' and unconcerned's trust).
fn title(spec: &ChartSpec, app: &App) -> Line<'static> {
    match (&app.comparison, app.main_run().history().last()) {
        // Several lines on one branch: name each in its colour with its latest value.
        (None, Some(day)) if spec.quantities.len() > 1 => {
            let mut spans = vec![Span::from(" ")];
            for q in &spec.quantities {
                let value = (spec.label)((q.value)(day));
                let value = value.strip_prefix('0').unwrap_or(&value).to_string();
                spans.push(Span::from(format!("{} {value} ", q.short)).fg(q.color));
            }
            return Line::from(spans);
        }
        _ => {}
    }
    title_named(spec, spec.title, app)
}

/// The one-branch or A/B title of a chart, its line called `name`.
fn title_named(spec: &ChartSpec, name: &str, app: &App) -> Line<'static> {
    let first = &spec.quantities[0];
    let latest = |engine: &Engine| {
        engine
            .history()
            .last()
            .map(|d| (spec.label)((first.value)(d)))
    };
    let mut spans = vec![Span::from(format!(" {name} ")).bold()];
    match &app.comparison {
        None => {
            if let Some(value) = latest(app.main_run()) {
                spans.push(Span::from(format!("{value} ")).fg(first.color));
            }
        }
        Some(c) => {
            if let (Some(a), Some(b)) = (latest(app.main_run()), latest(&c.b)) {
                spans.push(Span::from(format!("A {a} ")).fg(first.color));
                spans.push(Span::from(format!("B {b} ")).fg(first.b_color));
            }
        }
    }
    Line::from(spans)
}

fn y_bounds(range: Range, values: impl Iterator<Item = f64>) -> [f64; 2] {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let any = lo.is_finite();
    match range {
        Range::Fixed(lo, hi) => [lo, hi],
        Range::FromZero => {
            let hi = if any && hi > 0.0 { hi * 1.1 } else { 1.0 };
            [0.0, hi]
        }
        Range::Fit => {
            if !any {
                return [0.0, 1.0];
            }
            let span = (hi - lo).max(hi.abs() * 0.02).max(1.0);
            [(lo - 0.1 * span).max(0.0), hi + 0.1 * span]
        }
        Range::ThroughZero => {
            if !any {
                return [0.0, 1.0];
            }
            let (lo, hi) = (lo.min(0.0), hi.max(0.0));
            let span = (hi - lo).max(1.0);
            let below = if lo < 0.0 { lo - 0.1 * span } else { 0.0 };
            let above = if hi > 0.0 { hi + 0.1 * span } else { 0.0 };
            [below, above.max(below + 1.0)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_that_turns_negative_keeps_zero_in_view() {
        let [lo, hi] = y_bounds(Range::ThroughZero, [-50.0, 200.0].into_iter());
        assert!(lo < -50.0 && lo > -100.0, "{lo}");
        assert!(hi > 200.0 && hi < 250.0, "{hi}");
        assert_eq!(
            y_bounds(Range::ThroughZero, [10.0, 20.0].into_iter())[0],
            0.0
        );
        let [lo, hi] = y_bounds(Range::ThroughZero, [-10.0, -20.0].into_iter());
        assert!(lo < -20.0 && hi == 0.0, "{lo} {hi}");
        // Profit chart exists and reads profit so far.
        assert!(specs(false).iter().any(|s| s.title == "Profit so far"));
    }
}
