//! The "why did it move?" overlay (`y` for branch A, `Y` for B): the library's
//! explanation of the last [`WINDOW`] days of a branch (fewer near the start), as
//! `shopsim explain` writes it.

use super::centered;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;
use shopsim::report::explain::{explain, render_text};
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
    let block = Block::bordered().title(title(app).bold());
    let paragraph = Paragraph::new(lines(app))
        .block(block)
        .wrap(Wrap { trim: false });
    frame.render_widget(paragraph, popup);
}
