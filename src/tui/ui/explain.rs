//! The "why did it move?" overlay (`y` for branch A, `Y` for B): the library's
//! explanation of the last [`WINDOW`] days of a branch (fewer near the start), as
//! `shopsim explain` writes it, but wrapped to the overlay's inner width (the library
//! keeps its prose as paragraphs). On a small terminal it scrolls (↑↓), and its bottom
//! border says how much is left.

use super::centered;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use shopsim::report::explain::{explain, render_rows, TextBlock};
use shopsim::sim::Engine;

/// Days the overlay explains, ending on the current day.
pub const WINDOW: u32 = 7;

/// The overlay's title: which days, and which branch when comparing.
pub fn title(app: &App) -> String {
    let branch = match (&app.comparison, app.explain_b) {
        (Some(_), true) => ", branch B",
        (Some(_), false) => ", branch A",
        (None, _) => "",
    };
    format!(
        " Why did it move? Day {}{branch} (y or Esc closes) ",
        explained(app).day()
    )
}

/// The branch explained: B when asked for while comparing, else A.
fn explained(app: &App) -> &Engine {
    match (&app.comparison, app.explain_b) {
        (Some(comparison), true) => &comparison.b,
        _ => &app.a,
    }
}

/// The overlay's text at `width` characters a row.
pub fn rows(app: &App, width: usize) -> Vec<String> {
    let run = explained(app);
    let day = run.day();
    if day == 0 {
        return TextBlock::paragraph(
            "No day has been simulated yet: press n to step one day, or space to run.",
        )
        .rows(width);
    }
    match explain(run.history(), run.events(), day, WINDOW) {
        Ok(explanation) => render_rows(&explanation, width),
        Err(error) => TextBlock::paragraph(format!("Nothing to explain: {error}.")).rows(width),
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let width = area.width.saturating_sub(4).min(100);
    let height = area.height.saturating_sub(2);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    // Wrapped here, to the overlay's width, so that it knows how far it can scroll.
    let inner_width = usize::from(popup.width.saturating_sub(2)).max(1);
    let rows: Vec<Line> = rows(app, inner_width).into_iter().map(Line::from).collect();
    let visible = usize::from(popup.height.saturating_sub(2));
    let max_scroll = u16::try_from(rows.len().saturating_sub(visible)).unwrap_or(u16::MAX);
    app.overlay_scroll_max.set(max_scroll);
    let scroll = app.overlay_scroll.min(max_scroll);
    let mut block = Block::bordered().title(title(app).bold());
    if max_scroll > 0 {
        let more = match (scroll > 0, scroll < max_scroll) {
            (true, true) => format!(" ↓ {} more, ↑↓ scroll ", max_scroll - scroll),
            (false, _) => format!(" ↓ {} more, ↓ scrolls ", max_scroll - scroll),
            (true, false) => " the end, ↑ scrolls back ".to_string(),
        };
        block = block.title_bottom(Line::from(more).right_aligned().cyan());
    }
    frame.render_widget(Paragraph::new(rows).block(block).scroll((scroll, 0)), popup);
}
