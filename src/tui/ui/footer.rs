//! The bottom line: the most used keys, read from the key table.

use crate::tui::app::App;
use crate::tui::keymap::{Scope, BINDINGS};
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let scope = Scope::of(app.mode);
    // The screens list their chosen keys by short label; overlays list all their keys.
    let labelled = matches!(scope, Scope::Main | Scope::Lesson);
    let mut spans = Vec::new();
    let mut used = 0usize;
    for binding in BINDINGS.iter().filter(|b| b.scopes.contains(&scope)) {
        let label = match (labelled, binding.footer) {
            (true, Some(label)) => label,
            (true, None) => continue,
            (false, _) => binding.description,
        };
        let key = binding.keys[0].to_string();
        let width = key.chars().count() + label.chars().count() + 3;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::from(format!(" {key}")).bold().reversed());
        spans.push(Span::from(format!(" {label} ")));
    }
    frame.render_widget(Line::from(spans), area);
}
