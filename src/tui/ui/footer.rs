//! The bottom line: the most used keys, read from the key table.

use crate::tui::app::{App, Mode};
use crate::tui::keymap::{Scope, BINDINGS};
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let scope = match app.mode {
        Mode::Main => Scope::Main,
        Mode::Help => Scope::Help,
        Mode::PresetPicker => Scope::PresetPicker,
    };
    let mut spans = Vec::new();
    let mut used = 0usize;
    for binding in BINDINGS.iter().filter(|b| b.scope == scope) {
        let label = match (scope, binding.footer) {
            (Scope::Main, Some(label)) => label,
            (Scope::Main, None) => continue,
            (_, _) => binding.description,
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
