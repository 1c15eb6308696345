//! The question before a restart that would throw away a fork or edits: what the key
//! would do, what would be lost, and the keys for yes and no.

use super::centered;
use crate::tui::app::App;
use crate::tui::confirm::{losses, question};
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// The overlay's lines.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let Some(action) = app.confirming else {
        return Vec::new();
    };
    let mut lines = vec![
        Line::from(question(app, action)).bold(),
        Line::from(""),
        Line::from("This throws away:"),
    ];
    for lost in losses(app) {
        lines.push(Line::from(format!("  • {lost}")));
    }
    lines.push(Line::from(""));
    lines.push(Line::from("y or Enter: yes, restart    n or Esc: no, keep the run").bold());
    lines.push(Line::from("(to keep them: n, then w saves strategy and events)").dim());
    lines
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let lines = lines(app);
    let height = lines.len() as u16 + 2;
    let popup = centered(area, 60, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(" Start over? ".bold());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}
