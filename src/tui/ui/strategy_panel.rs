//! The strategy panel: every lever of the edited branch's strategy, the selected one
//! highlighted, and below it the comparison figures or the selected lever's meaning. In
//! a lesson the levers show the lesson's strategy, read-only, and nothing is selected.
//! Beside each lever with a cost of its own stands its yearly cost at the run's current
//! size and real scale, priced at once when the lever moves (before the change takes
//! effect); the block's bottom line gives the total.

use super::compare;
use super::format::lever_value;
use super::theme;
use crate::tui::app::App;
use crate::tui::levers::{yearly_costs, Lever, LeverValue};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use shopsim::model::economics::LeverCostsDollars;
use shopsim::report::format::compact_money;
use shopsim::units::Cents;

/// Cells of a slider's bar.
const SLIDER_CELLS: usize = 6;
const LABEL_WIDTH: usize = 18;
/// Width of the yearly cost column, e.g. `$1.2M`.
const COST_WIDTH: usize = 5;
/// Width of a lever's line inside the block: label, control, a space and the cost.
pub const LINE_WIDTH: usize = LABEL_WIDTH + 15 + 1 + COST_WIDTH;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let lever_rows = Lever::count() as u16 + 2;
    let [levers, below] =
        Layout::vertical([Constraint::Length(lever_rows), Constraint::Min(0)]).areas(area);

    if let Some(lesson) = &app.lesson {
        let engine = lesson.player.engine();
        let strategy = engine.strategy();
        let costs = engine
            .history()
            .last()
            .map(|day| yearly_costs(&app.scenario, strategy, day));
        let lines: Vec<Line> = Lever::all()
            .map(|lever| {
                lever_line(
                    lever,
                    lever.value(strategy),
                    cost(lever, costs),
                    false,
                    false,
                )
            })
            .collect();
        let block = Block::bordered()
            .title(Line::from(" Strategy · set by the lesson ").bold())
            .title_bottom(Line::from(" read-only while the lesson plays ").dim());
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let title = if app.comparison.is_some() {
        Line::from(vec![
            Span::from(" Strategy · editing ").bold(),
            Span::from("B ").fg(theme::B).bold(),
        ])
    } else {
        Line::from(" Strategy ").bold()
    };
    let edited = app.edited();
    let strategy = edited.strategy();
    let costs = edited
        .history()
        .last()
        .map(|day| yearly_costs(&app.scenario, strategy, day));
    let other = app.comparison.as_ref().map(|_| app.a.strategy());
    let lines: Vec<Line> = Lever::all()
        .enumerate()
        .map(|(i, lever)| {
            let selected = i == app.selected_lever;
            let differs = other.is_some_and(|a| lever.value(a) != lever.value(strategy));
            lever_line(
                lever,
                lever.value(strategy),
                cost(lever, costs),
                selected,
                differs,
            )
        })
        .collect();
    let mut block = Block::bordered().title(title);
    if let Some(costs) = costs {
        block = block.title_bottom(
            Line::from(format!(
                " lever costs {}/yr ",
                compact_money(Cents::from_dollars(costs.total()))
            ))
            .right_aligned()
            .dim(),
        );
    }
    frame.render_widget(Paragraph::new(lines).block(block), levers);

    if below.height < 3 {
        return;
    }
    if app.comparison.is_some() {
        compare::render(frame, below, app);
    } else {
        let lever = Lever::at(app.selected_lever);
        let text = vec![
            Line::from(lever.description()),
            Line::from("Changes apply from the next day;").dim(),
            Line::from("chart lines mark each change.").dim(),
        ];
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(format!(" {} ", lever.label()))),
            below,
        );
    }
}

/// A lever's yearly cost as the cost column shows it; none before the first day.
fn cost(lever: Lever, costs: Option<LeverCostsDollars>) -> Option<String> {
    let yearly = lever.yearly_cost(&costs?)?;
    Some(compact_money(Cents::from_dollars(yearly)))
}

fn lever_line(
    lever: Lever,
    value: LeverValue,
    cost: Option<String>,
    selected: bool,
    differs: bool,
) -> Line<'static> {
    let marker = if selected { "›" } else { " " };
    let label = format!("{marker}{:<width$}", lever.label(), width = LABEL_WIDTH - 1);
    let control = match value {
        LeverValue::Slider(x) => {
            let filled = ((x * SLIDER_CELLS as f64).round() as usize).min(SLIDER_CELLS);
            format!(
                "[{}{}] {}",
                "■".repeat(filled),
                " ".repeat(SLIDER_CELLS - filled),
                lever_value(value)
            )
        }
        LeverValue::Toggle(on) => {
            format!("[{}] {}", if on { "x" } else { " " }, lever_value(value))
        }
        LeverValue::Choice(_) | LeverValue::Number(_) | LeverValue::Amount(_) => {
            format!("‹{}›", lever_value(value))
        }
    };
    // The cost column is right-aligned at the end of the line, after the marker.
    let used = label.chars().count() + control.chars().count() + usize::from(differs);
    let cost = cost.map(|cost| {
        let width = LINE_WIDTH.saturating_sub(used).max(COST_WIDTH + 1);
        format!("{cost:>width$}")
    });
    let style = if selected {
        Style::new().reversed()
    } else {
        Style::new()
    };
    let mut spans = vec![Span::styled(label, style), Span::styled(control, style)];
    if differs {
        spans.push(Span::from("*").fg(theme::B));
    }
    if let Some(cost) = cost {
        spans.push(Span::from(cost).dim());
    }
    Line::from(spans)
}
