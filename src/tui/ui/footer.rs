//! The bottom line: the most used keys, read from the key table.
//!
//! On the main screen and in a lesson, when the labelled keys do not all fit, the least
//! needed go first ([`DROPPED_FIRST`]), so that at 80 columns quitting, help, pausing,
//! stepping, the levers, the fork and saving are always in sight (the help lists all).

use crate::tui::app::App;
use crate::tui::keymap::{Scope, BINDINGS};
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Footer labels in the order they give up their place when the line is too narrow.
pub const DROPPED_FIRST: [&str; 7] = [
    "presets",
    "average",
    "zero axis",
    "svg",
    "segments",
    "speed",
    "breach",
];

/// The footer's `(key, label)` items for `scope` in `width` columns.
pub fn items(scope: Scope, width: usize) -> Vec<(String, &'static str)> {
    // The screens list their chosen keys by short label; overlays list all their keys.
    let labelled = matches!(scope, Scope::Main | Scope::Lesson);
    let mut items: Vec<(String, &'static str)> = BINDINGS
        .iter()
        .filter(|b| b.scopes.contains(&scope))
        .filter_map(|binding| {
            let label = match (labelled, binding.footer) {
                (true, Some(label)) => label,
                (true, None) => return None,
                (false, _) => binding.description,
            };
            Some((binding.keys[0].to_string(), label))
        })
        .collect();
    let used = |items: &[(String, &str)]| -> usize {
        items
            .iter()
            .map(|(key, label)| key.chars().count() + label.chars().count() + 3)
            .sum()
    };
    for dropped in DROPPED_FIRST {
        if used(&items) <= width {
            break;
        }
        items.retain(|(_, label)| *label != dropped);
    }
    // Still too wide (an overlay's descriptions): cut at the end.
    while used(&items) > width && !items.is_empty() {
        items.pop();
    }
    items
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for (key, label) in items(Scope::of(app.mode), usize::from(area.width)) {
        spans.push(Span::from(format!(" {key}")).bold().reversed());
        spans.push(Span::from(format!(" {label} ")));
    }
    frame.render_widget(Line::from(spans), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_80_columns_the_essential_keys_stay() {
        let labels: Vec<&str> = items(Scope::Main, 80).into_iter().map(|(_, l)| l).collect();
        for essential in [
            "quit", "help", "pause", "step", "lever", "change", "fork", "save",
        ] {
            assert!(
                labels.contains(&essential),
                "{essential} lacks from {labels:?}"
            );
        }
        let wide: Vec<&str> = items(Scope::Main, 200)
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        assert!(
            wide.contains(&"presets") && wide.contains(&"zero axis"),
            "{wide:?}"
        );
        for dropped in DROPPED_FIRST {
            assert!(
                BINDINGS.iter().any(|b| b.footer == Some(dropped)),
                "{dropped} is a footer label"
            );
        }
    }
}
