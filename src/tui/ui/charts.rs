//! The live line charts, up to three rows of two ([`grid`] decides how many fit, and
//! [`titles`] where a narrow chart writes its figures). While comparing, every line is drawn for
//! branch A (a fine line) and branch B (dots, from the fork on); in a lesson, once it
//! injected an event, the same run without the event is drawn in grey dots from the
//! event on, behind the lesson's run. Vertical
//! lines mark the days a strategy change took effect (green for A, orange for B), the
//! fork (grey) and the events of the run shown (purple). A lesson that ran a sweep
//! before any run of its own charts the sweep's runs, one line per variant with a
//! legend, as they grow. Colours and line styles come from [`theme`].
//!
//! Two view switches: `z` starts the shoppers chart at zero (a 10 % attrition then
//! looks like one), `a` shows the noisy daily series (revenue, churned and conversion
//! per day) as 7-day trailing averages, said in their titles.

use super::theme;
use crate::tui::app::App;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, LegendPosition};
use ratatui::Frame;
use shopsim::model::segment::Segment;
use shopsim::report::format::{compact_count, compact_money};
use shopsim::sim::engine::EventOrigin;
use shopsim::sim::{DayMetrics, Engine};
use shopsim::units::Cents;

/// Days in the trailing average of a smoothed daily series.
pub const SMOOTHING_DAYS: usize = 7;

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
    /// A letter written at the line's end, so that it is told apart without colour.
    end_label: Option<char>,
}

struct ChartSpec {
    title: &'static str,
    quantities: Vec<Quantity>,
    range: Range,
    /// Formats the latest value for the title and the y labels.
    label: fn(f64) -> String,
    /// A noisy daily series, which the smoothing switch averages.
    daily: bool,
}

fn money(x: f64) -> String {
    compact_money(Cents::from_dollars(x))
}

/// The per-segment trust lines: legend name, letter (in titles and at the line's end)
/// and colour (the same on both branches; B's are dotted).
pub const SEGMENT_LINES: [(&str, &str, Color); 3] = [
    ("fundamentalists", "F", theme::VERMILLION),
    ("pragmatists", "P", theme::YELLOW),
    ("unconcerned", "U", theme::REDDISH_PURPLE),
];

fn specs(show_segment_trust: bool) -> [ChartSpec; 6] {
    let mut trust = vec![
        Quantity {
            name: "trust",
            short: "trust",
            color: theme::A,
            b_color: theme::B,
            value: |d| d.mean_trust,
            end_label: None,
        },
        Quantity {
            name: "loyalty",
            short: "loyal.",
            color: theme::BLUISH_GREEN,
            b_color: theme::BLUISH_GREEN,
            value: |d| d.mean_loyalty,
            end_label: None,
        },
    ];
    if show_segment_trust {
        let values: [fn(&DayMetrics) -> f64; 3] = [
            |d| d.segment(Segment::Fundamentalist).mean_trust,
            |d| d.segment(Segment::Pragmatist).mean_trust,
            |d| d.segment(Segment::Unconcerned).mean_trust,
        ];
        for ((name, short, color), value) in SEGMENT_LINES.into_iter().zip(values) {
            trust.push(Quantity {
                name,
                short,
                color,
                b_color: color,
                value,
                end_label: short.chars().next(),
            });
        }
    }
    let single = |name, value| {
        vec![Quantity {
            name,
            short: name,
            color: theme::A,
            b_color: theme::B,
            value,
            end_label: None,
        }]
    };
    [
        ChartSpec {
            title: "Revenue/day",
            quantities: single("revenue", |d| d.revenue.dollars()),
            range: Range::FromZero,
            label: money,
            daily: true,
        },
        // Revenue so far is in the status line; profit so far (gross margin less lever
        // costs, breach costs and fines, at real scale) shows what a strategy earns.
        ChartSpec {
            title: "Profit so far",
            quantities: single("profit", |d| d.cumulative_profit.dollars()),
            range: Range::ThroughZero,
            label: money,
            daily: false,
        },
        ChartSpec {
            title: "Trust & loyalty",
            quantities: trust,
            range: Range::Fixed(0.0, 1.0),
            label: |x| format!("{x:.2}"),
            daily: false,
        },
        ChartSpec {
            title: "Active shoppers",
            quantities: single("active", |d| d.active_shoppers as f64),
            range: Range::Fit,
            label: compact_count,
            daily: false,
        },
        ChartSpec {
            title: "Churned/day",
            quantities: single("churned", |d| d.churned_today as f64),
            range: Range::FromZero,
            label: compact_count,
            daily: true,
        },
        ChartSpec {
            title: "Conversion",
            quantities: single("conversion", |d| d.conversion_rate),
            range: Range::FromZero,
            label: |x| format!("{:.1}%", 100.0 * x),
            daily: true,
        },
    ]
}

/// How the charts are drawn, from the view switches.
#[derive(Debug, Clone, Copy)]
struct View {
    /// 7-day averages of the daily series.
    smooth: bool,
    /// From [`Grid::tall_enough_for_labels`].
    tall_enough_for_labels: bool,
}

/// Fewest rows of plot inside a chart's frame that still show a line's shape (16
/// braille dots high); a screen too short for three rows of such charts drops the last.
const MIN_PLOT_ROWS: u16 = 4;

/// Fewest columns of plot left beside the y axis and its labels; a chart narrower than
/// that is drawn without labels (its title still gives the latest value), so that the
/// labels never squeeze the plot to a sliver or get cut.
const MIN_LABELLED_PLOT_COLUMNS: u16 = 20;

/// Where the charts go, decided in one place for every screen size: two columns of
/// charts, in the order of [`specs`] (most important first), and as many rows of them (up
/// to three) as leave every plot [`MIN_PLOT_ROWS`] rows. At 80x24 that is two rows:
/// revenue, profit, trust and shoppers; churn per day and conversion are left out (the
/// status line still gives churn so far).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// One cell per chart shown, in the order of the charts.
    pub cells: Vec<Rect>,
    /// Whether the charts are tall enough for axis labels (the x labels and the x axis
    /// take two rows of the plot), the same for all so that the rows line up.
    pub tall_enough_for_labels: bool,
}

pub fn grid(area: Rect) -> Grid {
    let chart_rows = (area.height / (MIN_PLOT_ROWS + 2)).clamp(1, 3);
    let rows = Layout::vertical(vec![
        Constraint::Ratio(1, u32::from(chart_rows));
        chart_rows.into()
    ])
    .split(area);
    let cells = rows
        .iter()
        .flat_map(|row| {
            Layout::horizontal([Constraint::Ratio(1, 2); 2])
                .split(*row)
                .to_vec()
        })
        .collect();
    let shortest = rows.iter().map(|row| row.height).min().unwrap_or(0);
    Grid {
        cells,
        tall_enough_for_labels: shortest.saturating_sub(2) >= MIN_PLOT_ROWS + 2,
    }
}

/// Whether a chart whose frame encloses `inner` has room for y labels `label_width`
/// wide: ratatui gives the labels at most a third of the chart, and the plot keeps
/// [`MIN_LABELLED_PLOT_COLUMNS`].
fn room_for_labels(inner: Rect, label_width: u16) -> bool {
    (label_width + 1) * 3 <= inner.width
        && inner.width.saturating_sub(label_width + 1) >= MIN_LABELLED_PLOT_COLUMNS
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let grid = grid(area);
    let mut specs = specs(app.show_segment_trust);
    if app.zero_based_shoppers {
        for spec in specs.iter_mut().filter(|s| matches!(s.range, Range::Fit)) {
            spec.range = Range::FromZero;
            spec.title = "Active shoppers from 0";
        }
    }
    let view = View {
        smooth: app.smooth_daily,
        tall_enough_for_labels: grid.tall_enough_for_labels,
    };
    for (cell, spec) in grid.cells.iter().zip(&specs) {
        render_chart(frame, *cell, app, spec, view);
    }
}

/// A line to plot: legend name, colour, style and one point per simulated day.
struct PlotLine {
    name: String,
    color: Color,
    marker: Marker,
    points: Vec<(f64, f64)>,
    /// A letter to write at the line's end.
    end_label: Option<char>,
}

/// The values of a daily series as charted: one per simulated day, or with `smooth`
/// the mean of the last [`SMOOTHING_DAYS`] days (fewer at the start).
pub fn series(history: &[DayMetrics], value: fn(&DayMetrics) -> f64, smooth: bool) -> Vec<f64> {
    let raw: Vec<f64> = history.iter().map(value).collect();
    if !smooth {
        return raw;
    }
    let mut sum = 0.0;
    raw.iter()
        .enumerate()
        .map(|(i, x)| {
            sum += x;
            if i >= SMOOTHING_DAYS {
                sum -= raw[i - SMOOTHING_DAYS];
            }
            sum / (i + 1).min(SMOOTHING_DAYS) as f64
        })
        .collect()
}

/// A line's points, one per simulated day.
fn points(engine: &Engine, value: fn(&DayMetrics) -> f64, smooth: bool) -> Vec<(f64, f64)> {
    let history = engine.history();
    history
        .iter()
        .zip(series(history, value, smooth))
        .map(|(d, y)| (f64::from(d.day), y))
        .collect()
}

fn render_chart(frame: &mut Frame, area: Rect, app: &App, spec: &ChartSpec, view: View) {
    let smooth = view.smooth && spec.daily;
    let comparing = app.comparison.as_ref();
    let main = app.main_run();
    let without_event = app.lesson.as_ref().and_then(|l| l.player.counterfactual());
    let mut lines: Vec<PlotLine> = Vec::new();
    // A lesson running or showing a sweep, with no run of its own yet, charts the sweep's
    // runs, one line each, named in the legend.
    let sweep_runs = app
        .lesson
        .as_ref()
        .map(|l| l.sweep_engines())
        .filter(|runs| !runs.is_empty() && main.history().is_empty() && comparing.is_none())
        .unwrap_or_default();
    let sweep_labels: Vec<String> = app
        .lesson
        .as_ref()
        .map(|l| l.sweep_labels())
        .unwrap_or_default();
    for (index, run) in sweep_runs.iter().enumerate() {
        let q = &spec.quantities[0];
        lines.push(PlotLine {
            name: sweep_labels.get(index).cloned().unwrap_or_default(),
            color: theme::SWEEP[index % theme::SWEEP.len()],
            marker: theme::SWEEP_MARKERS[index % theme::SWEEP_MARKERS.len()],
            points: points(run, q.value, smooth),
            end_label: None,
        });
    }
    for q in spec.quantities.iter().filter(|_| sweep_runs.is_empty()) {
        match comparing {
            None => {
                if let Some(without) = without_event {
                    // The same run up to the event: drawn (dotted) from the event on.
                    let event_day = main
                        .events()
                        .iter()
                        .filter(|e| e.origin == EventOrigin::Injected)
                        .map(|e| e.day)
                        .max()
                        .unwrap_or(1);
                    let mut without_points = points(without, q.value, smooth);
                    without_points.retain(|(day, _)| *day + 1.0 >= f64::from(event_day));
                    lines.push(PlotLine {
                        name: format!("{} without the event", q.name),
                        color: theme::GREY,
                        marker: theme::B_MARKER,
                        points: without_points,
                        end_label: None,
                    });
                }
                lines.push(PlotLine {
                    name: q.name.to_string(),
                    color: q.color,
                    marker: theme::A_MARKER,
                    points: points(main, q.value, smooth),
                    end_label: q.end_label,
                });
            }
            Some(c) => {
                lines.push(PlotLine {
                    name: format!("A {}", q.name),
                    color: q.color,
                    marker: theme::A_MARKER,
                    points: points(main, q.value, smooth),
                    end_label: None,
                });
                // B is A up to the fork: drawn from the fork on, so A's line stays fine.
                let mut b_points = points(&c.b, q.value, smooth);
                b_points.retain(|(day, _)| *day >= f64::from(c.fork_day));
                lines.push(PlotLine {
                    name: format!("B {} •", q.name),
                    color: q.b_color,
                    marker: theme::B_MARKER,
                    points: b_points,
                    end_label: q.end_label,
                });
            }
        }
    }

    let x_max = f64::from(app.scenario.simulation.days.max(app.day()).max(2));
    let x_bounds = [1.0, x_max];
    let y_bounds = y_bounds(
        spec.range,
        lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)),
    );

    // Markers: a vertical line per strategy change (not the initial strategy), per event
    // and at the fork.
    let mut markers: Vec<(Color, [(f64, f64); 2])> = Vec::new();
    let vertical = |day: u32| [(f64::from(day), y_bounds[0]), (f64::from(day), y_bounds[1])];
    for change in main.strategy_changes().iter().filter(|c| c.day > 1) {
        markers.push((theme::A_CHANGE, vertical(change.day)));
    }
    for event in main.events() {
        markers.push((theme::EVENT, vertical(event.day)));
    }
    if let Some(c) = comparing {
        markers.push((theme::FORK, vertical(c.fork_day.max(1))));
        for change in
            c.b.strategy_changes()
                .iter()
                .filter(|ch| ch.day > c.fork_day)
        {
            markers.push((theme::B, vertical(change.day)));
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
    datasets.extend(lines.iter().map(|line| {
        let dataset = Dataset::default();
        let dataset = if legend {
            dataset.name(line.name.clone())
        } else {
            dataset
        };
        dataset
            .marker(line.marker)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(line.color))
            .data(&line.points)
    }));

    let room = usize::from(area.width).saturating_sub(2);
    let (top, bottom) = titles(spec, app, smooth, room);
    let mut x_axis = Axis::default().bounds(x_bounds).style(Style::new().dim());
    let mut y_axis = Axis::default().bounds(y_bounds).style(Style::new().dim());
    let y_labels = [(spec.label)(y_bounds[0]), (spec.label)(y_bounds[1])];
    let label_width = y_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0) as u16;
    let show_labels =
        view.tall_enough_for_labels && room_for_labels(Block::bordered().inner(area), label_width);
    if show_labels {
        x_axis = x_axis.labels(["1".to_string(), format!("{x_max:.0}")]);
        y_axis = y_axis.labels(y_labels.clone());
    }
    let mut block = Block::bordered().title(top);
    if let Some(bottom) = bottom {
        block = block.title_bottom(bottom);
    }
    let inner = block.inner(area);
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(x_axis)
        .y_axis(y_axis)
        .legend_position(Some(LegendPosition::TopRight))
        .hidden_legend_constraints((Constraint::Ratio(2, 3), Constraint::Ratio(2, 3)));
    frame.render_widget(chart, area);

    let graph = graph_area(inner, show_labels.then_some(&y_labels));
    write_end_labels(frame, graph, &lines, x_bounds, y_bounds);
}

/// Where a chart draws its lines inside its block, as ratatui's chart lays it out: the
/// y labels' column and the y axis on the left, the x axis and its labels below, when
/// there are labels.
fn graph_area(inner: Rect, y_labels: Option<&[String; 2]>) -> Rect {
    let Some(labels) = y_labels else {
        return inner;
    };
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16;
    let left = (label_width + 1).min(inner.width);
    let below = 2.min(inner.height);
    Rect::new(
        inner.x + left,
        inner.y,
        inner.width - left,
        inner.height - below,
    )
}

/// Writes each labelled line's letter just right of its last point (at the right edge
/// when the line reaches it), on the row of its last value; letters that would share a
/// row are spread over the nearest free rows, keeping their order from top to bottom.
fn write_end_labels(
    frame: &mut Frame,
    graph: Rect,
    lines: &[PlotLine],
    x_bounds: [f64; 2],
    y_bounds: [f64; 2],
) {
    if graph.width < 2 || graph.height < 2 {
        return;
    }
    // (how far down the graph, 0..1, column, letter, colour)
    let mut labels: Vec<(f64, u16, char, Color)> = lines
        .iter()
        .filter_map(|line| {
            let (x, y) = *line.points.last()?;
            let letter = line.end_label?;
            let across = (x - x_bounds[0]) / (x_bounds[1] - x_bounds[0]).max(f64::EPSILON);
            let down = (y_bounds[1] - y) / (y_bounds[1] - y_bounds[0]).max(f64::EPSILON);
            let column = (across.clamp(0.0, 1.0) * f64::from(graph.width - 1)).round() as u16 + 1;
            Some((
                down.clamp(0.0, 1.0),
                column.min(graph.width - 1),
                letter,
                line.color,
            ))
        })
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let last_row = graph.height - 1;
    let mut rows: Vec<u16> = Vec::with_capacity(labels.len());
    for (down, ..) in &labels {
        let ideal = ((down * f64::from(graph.height)) as u16).min(last_row);
        let row = match rows.last() {
            Some(previous) => ideal.max(previous + 1),
            None => ideal,
        };
        rows.push(row);
    }
    // Pushed past the bottom: move the lowest ones back up, one row apart.
    let count = rows.len() as u16;
    for (i, row) in rows.iter_mut().enumerate() {
        let room = last_row.saturating_sub(count - 1 - i as u16);
        *row = (*row).min(room);
    }
    for ((_, column, letter, color), row) in labels.into_iter().zip(rows) {
        let span = Span::from(letter.to_string()).fg(color).bold();
        frame.render_widget(span, Rect::new(graph.x + column, graph.y + row, 1, 1));
    }
}

/// A chart's titles in `room` columns: its name and latest figures on the top border
/// when they fit there (the name shortened if that is enough: `profit $23.3M`), else
/// the name on the top border and the figures on the bottom one, so that a narrow chart
/// keeps its figures (`A $284k B $290k`) rather than only its name. Figures are given
/// up, whole and from the end, only when even the bottom border is too narrow.
fn titles(
    spec: &ChartSpec,
    app: &App,
    smooth: bool,
    room: usize,
) -> (Line<'static>, Option<Line<'static>>) {
    let lists_lines = app.comparison.is_none() && spec.quantities.len() > 1;
    let mut whole = vec![title(spec, app, smooth)];
    if !lists_lines {
        whole.push(title_named(spec, spec.quantities[0].short, app, smooth));
    }
    for title in whole {
        if title.width() <= room {
            return (title, None);
        }
        let tightened = tight(title);
        if tightened.width() <= room {
            return (tightened, None);
        }
    }
    // The name, with `7-day avg` (or `avg`) when smoothed, in the first form that fits.
    let marks: &[&str] = if smooth {
        &[" 7-day avg", " avg"]
    } else {
        &[""]
    };
    let names = [spec.title, spec.quantities[0].short];
    let candidates = names
        .iter()
        .flat_map(|name| marks.iter().map(move |mark| format!(" {name}{mark} ")));
    let name = candidates
        .clone()
        .find(|name| name.chars().count() <= room)
        .or_else(|| candidates.last())
        .unwrap_or_default();
    let figures = figures(spec, app, smooth);
    let bottom = (!figures.is_empty()).then(|| {
        let mut spans = vec![Span::from(" ")];
        spans.extend(figures);
        fitted(Line::from(spans), room)
    });
    (Line::from(Span::from(name).bold()), bottom)
}

/// `Revenue/day $12k`, or `Revenue/day A $12k B $13k` while comparing; for a chart
/// of several lines on one branch, `trust .65 loyal. .21 F .40 P .70 U .80`, each in
/// its line's colour (F, P, U: the fundamentalists', pragmatists' and unconcerned's
/// trust, spelled out when the chart is wide enough). A smoothed series says
/// `7-day avg`.
fn title(spec: &ChartSpec, app: &App, smooth: bool) -> Line<'static> {
    if app.comparison.is_none() && spec.quantities.len() > 1 {
        let figures = figures(spec, app, smooth);
        if !figures.is_empty() {
            let mut spans = vec![Span::from(" ")];
            spans.extend(figures);
            return Line::from(spans);
        }
    }
    title_named(spec, spec.title, app, smooth)
}

/// The latest figures of a chart, each entry a span ending in a space: `$12k `, or
/// `A $12k ` `B $13k ` while comparing; on one branch, a chart of several lines names
/// each (`trust .65 ` `loyal. .21 ` ...). None before the first day.
fn figures(spec: &ChartSpec, app: &App, smooth: bool) -> Vec<Span<'static>> {
    let first = &spec.quantities[0];
    let latest = |engine: &Engine| {
        series(engine.history(), first.value, smooth)
            .last()
            .map(|x| (spec.label)(*x))
    };
    match &app.comparison {
        None if spec.quantities.len() > 1 => match app.main_run().history().last() {
            Some(day) => spec
                .quantities
                .iter()
                .map(|q| {
                    let value = (spec.label)((q.value)(day));
                    let value = value.strip_prefix('0').unwrap_or(&value).to_string();
                    Span::from(format!("{} {value} ", q.short)).fg(q.color)
                })
                .collect(),
            None => Vec::new(),
        },
        None => latest(app.main_run())
            .map(|value| vec![Span::from(format!("{value} ")).fg(first.color)])
            .unwrap_or_default(),
        Some(c) => match (latest(app.main_run()), latest(&c.b)) {
            (Some(a), Some(b)) => vec![
                Span::from(format!("A {a} ")).fg(first.color),
                Span::from(format!("B {b} ")).fg(first.b_color),
            ],
            _ => Vec::new(),
        },
    }
}

/// `title` without the spaces at its two ends.
fn tight(mut title: Line<'static>) -> Line<'static> {
    if let Some(first) = title.spans.first_mut() {
        first.content = first.content.trim_start().to_string().into();
        if first.content.is_empty() {
            title.spans.remove(0);
        }
    }
    if let Some(last) = title.spans.last_mut() {
        last.content = last.content.trim_end().to_string().into();
    }
    title
}

/// `title` in `room` columns: whole entries dropped from the end rather than a value cut
/// (`B 4` for `B 490`, `U .8` for `U .84`), and its end spaces given up only when the
/// last entry needs them.
fn fitted(title: Line<'static>, room: usize) -> Line<'static> {
    if title.width() <= room {
        return title;
    }
    let mut title = tight(title);
    while title.width() > room && title.spans.len() > 1 {
        title.spans.pop();
        title = tight(title);
    }
    if title.width() + 2 <= room {
        title.spans.insert(0, Span::from(" "));
        title.spans.push(Span::from(" "));
    }
    title
}

/// The one-branch or A/B title of a chart, its line called `name`, with its latest
/// figures.
fn title_named(spec: &ChartSpec, name: &str, app: &App, smooth: bool) -> Line<'static> {
    let mut spans = vec![Span::from(format!(" {name} ")).bold()];
    if smooth {
        spans.push(Span::from("7-day avg ").italic());
    }
    spans.extend(figures(spec, app, smooth));
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
        // The zero-based shoppers axis starts at 0 where the fitted one hugs the values.
        let shoppers = [4500.0, 5000.0];
        assert_eq!(y_bounds(Range::FromZero, shoppers.into_iter())[0], 0.0);
        assert!(y_bounds(Range::Fit, shoppers.into_iter())[0] > 4000.0);
        // Profit chart exists and reads profit so far.
        assert!(specs(false).iter().any(|s| s.title == "Profit so far"));
    }

    #[test]
    fn the_grid_drops_the_last_row_rather_than_squash_the_plots() {
        // The charts' area at 80x24, 100x30 and 120x40.
        let small = grid(Rect::new(40, 1, 40, 16));
        assert_eq!(small.cells.len(), 4, "{small:?}");
        assert!(small.cells.iter().all(|c| c.height >= MIN_PLOT_ROWS + 2));
        // Tall enough for labels, but 18 columns wide: see `room_for_labels` below.
        assert!(small.tall_enough_for_labels);
        let medium = grid(Rect::new(40, 1, 60, 22));
        assert_eq!(medium.cells.len(), 6);
        assert!(!medium.tall_enough_for_labels, "7-row charts: no labels");
        let large = grid(Rect::new(40, 1, 80, 30));
        assert_eq!(large.cells.len(), 6);
        assert!(large.tall_enough_for_labels);
        // Labels only where the plot keeps its width and ratatui would not cut them.
        assert!(room_for_labels(Rect::new(0, 0, 38, 8), 6));
        assert!(!room_for_labels(Rect::new(0, 0, 18, 8), 6));
        assert!(!room_for_labels(Rect::new(0, 0, 24, 8), 6));
    }

    #[test]
    fn smoothing_averages_the_last_seven_days() {
        let mut scenario = shopsim::scenario::Scenario::default();
        scenario.simulation.shoppers = 300;
        let mut engine = Engine::new(&scenario);
        for _ in 0..10 {
            engine.step();
        }
        let history = engine.history();
        let revenue: fn(&DayMetrics) -> f64 = |d| d.revenue.dollars();
        let raw: Vec<f64> = history.iter().map(revenue).collect();
        assert_eq!(series(history, revenue, false), raw);
        let smoothed = series(history, revenue, true);
        assert_eq!(smoothed[0], raw[0], "the first day is its own average");
        assert!((smoothed[1] - (raw[0] + raw[1]) / 2.0).abs() < 1e-6);
        let last_week: f64 = raw[3..10].iter().sum();
        assert!(
            (smoothed[9] - last_week / 7.0).abs() < 1e-6,
            "day 10: days 4 to 10"
        );
        assert!(raw.windows(2).any(|w| w[0] != w[1]), "a series that moves");
        assert!(specs(false).iter().filter(|s| s.daily).count() == 3);
    }
}
