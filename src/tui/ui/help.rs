//! The help overlay: every binding of the key table that applies where it was opened
//! (the main screen or a lesson), grouped by where it applies.

use super::centered;
use crate::tui::app::{App, Mode};
use crate::tui::keymap::{keys_text, Scope, BINDINGS};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

const KEY_WIDTH: usize = 12;

/// The overlay's lines for help opened from `base` (the main screen or a lesson): a
/// heading per scope, then `keys  description` rows.
pub fn lines(base: Mode) -> Vec<Line<'static>> {
    let scopes: &[Scope] = match base {
        Mode::Lesson => &[Scope::Lesson, Scope::Global, Scope::Help],
        _ => &[
            Scope::Main,
            Scope::Global,
            Scope::PresetPicker,
            Scope::Explain,
            Scope::Confirm,
            Scope::Help,
        ],
    };
    let mut lines = Vec::new();
    for &scope in scopes {
        lines.push(Line::from(scope.title()).bold().underlined());
        for binding in BINDINGS.iter().filter(|b| b.scopes.contains(&scope)) {
            lines.push(Line::from(vec![
                Span::from(format!("{:<KEY_WIDTH$}", keys_text(binding))).cyan(),
                Span::from(binding.description),
            ]));
        }
    }
    lines.push(Line::from("the trust lines by segment").bold().underlined());
    for line in SEGMENTS {
        lines.push(Line::from(line));
    }
    lines
}

/// What the segment letters mean (Westin's privacy segments), and how lines are told
/// apart without colour.
pub const SEGMENTS: [&str; 4] = [
    "F  privacy fundamentalists (mind most)",
    "P  privacy pragmatists",
    "U  the unconcerned (hardly mind)",
    "B is dotted (•), A a fine line",
];

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let lines = lines(app.base_mode());
    let width = area.width.saturating_sub(4).min(120);
    let height = area.height.saturating_sub(2);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let rows = popup.height.saturating_sub(2) as usize;
    let longest = lines.iter().map(Line::width).max().unwrap_or(0);
    let half_width = (popup.width.saturating_sub(2) / 2) as usize;
    // One column if it fits; two if each line fits half the width; else one column
    // that scrolls (a small terminal), and the title says how.
    if lines.len() <= rows || (lines.len().div_ceil(2) <= rows && longest < half_width) {
        app.overlay_scroll_max.set(0);
        let block = Block::bordered().title(" Keys (? or Esc closes) ".bold());
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if lines.len() <= rows {
            frame.render_widget(Paragraph::new(lines), inner);
        } else {
            let split = lines.len().div_ceil(2);
            let [left, right] =
                Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).areas(inner);
            let mut lines = lines;
            let second = lines.split_off(split);
            frame.render_widget(Paragraph::new(lines), left);
            frame.render_widget(Paragraph::new(second), right);
        }
        return;
    }
    let max_scroll = lines.len().saturating_sub(rows) as u16;
    app.overlay_scroll_max.set(max_scroll);
    let scroll = app.overlay_scroll.min(max_scroll);
    let below = max_scroll - scroll;
    let title = if below > 0 {
        format!(" Keys: ↓ {below} more (↑↓ scroll, ? or Esc closes) ")
    } else {
        " Keys: the end (↑ scrolls back, ? or Esc closes) ".to_string()
    };
    let block = Block::bordered().title(title.bold());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    // Not wrapped, so that a line is a row and the scroll ends at the last line (every
    // row is narrower than 76 columns, the overlay's width at 80 columns).
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
