//! The notice shown instead of the main screen when the terminal is too small.

use super::{centered, MIN_HEIGHT, MIN_WIDTH};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::from("shopsim").bold(),
        Line::from(format!("terminal is {}x{}", area.width, area.height)),
        Line::from(format!("enlarge to at least {MIN_WIDTH}x{MIN_HEIGHT}")).yellow(),
        Line::from("(q quits)").style(Style::new().dim()),
    ];
    let height = (lines.len() as u16).min(area.height);
    let target = centered(area, area.width, height);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        target,
    );
}
