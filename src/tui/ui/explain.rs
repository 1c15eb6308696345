//! The "why did it move?" overlay (`y` for branch A, `Y` for B): the library's
//! explanation of the last [`WINDOW`] days of a branch (fewer near the start), as
//! `shopsim explain` writes it. On a small terminal it scrolls (↑↓), and its bottom
//! border says how much is left.

use super::centered;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use shopsim::report::explain::{explain, render_text};
use shopsim::report::format::wrap;
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

/// The overlay's text, one line per line of the explanation (wrapped when drawn).
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let run = explained(app);
    let day = run.day();
    if day == 0 {
        return vec![Line::from(
            "No day has been simulated yet: press n to step one day, or space to run.",
        )];
    }
    match explain(run.history(), run.events(), day, WINDOW) {
        Ok(explanation) => render_text(&explanation)
            .lines()
            .map(|line| Line::from(line.to_string()))
            .collect(),
        Err(error) => vec![Line::from(format!("Nothing to explain: {error}."))],
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let width = area.width.saturating_sub(4).min(100);
    let height = area.height.saturating_sub(2);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    // Wrapped here, to the overlay's width, so that it knows how far it can scroll.
    let inner_width = usize::from(popup.width.saturating_sub(2)).max(1);
    let rows: Vec<Line> = lines(app)
        .iter()
        .flat_map(|line| wrapped(&line.to_string(), inner_width))
        .map(Line::from)
        .collect();
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

/// `line` wrapped at spaces into rows of at most `width` characters, each keeping the
/// line's indentation (a cause's row, a bullet's continuation).
fn wrapped(line: &str, width: usize) -> Vec<String> {
    let text = line.trim_start();
    if line.chars().count() <= width || text.is_empty() {
        return vec![line.to_string()];
    }
    let indent = &line[..line.len() - text.len()];
    let room = width.saturating_sub(indent.chars().count()).max(1);
    wrap(text, room)
        .into_iter()
        .map(|row| format!("{indent}{row}"))
        .collect()
}
