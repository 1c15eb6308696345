//! The preset list: each preset's name and description; Enter restarts on it.

use super::centered;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState};
use ratatui::Frame;
use shopsim::report::format::wrap;

/// Lines of description shown per preset.
const DESCRIPTION_LINES: usize = 2;

/// Word-wraps `text` into at most `max_lines` lines of `width` characters; an ellipsis
/// ends the last line when text is left over.
fn clipped_wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = wrap(text, width);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{keep}…");
        }
    }
    lines
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let width = area.width.saturating_sub(8).min(110);
    let height = area.height.saturating_sub(4);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let text_width = width.saturating_sub(8) as usize;
    let items: Vec<ListItem> = app
        .presets
        .iter()
        .map(|preset| {
            let mut lines = vec![Line::from(Span::from(preset.name).bold())];
            lines.extend(
                clipped_wrap(&preset.description, text_width, DESCRIPTION_LINES)
                    .into_iter()
                    .map(|line| Line::from(format!("  {line}")).dim()),
            );
            ListItem::new(lines)
        })
        .collect();
    let list = List::new(items)
        .block(Block::bordered().title(" Presets (Enter restarts on one, Esc closes) ".bold()))
        .highlight_style(Style::new().reversed())
        .highlight_symbol("› ");
    let mut state = ListState::default().with_selected(Some(app.picker_selected));
    frame.render_stateful_widget(list, popup, &mut state);
}

#[cfg(test)]
mod tests {
    use super::clipped_wrap;

    #[test]
    fn wrap_breaks_at_words_and_marks_cut_text() {
        assert_eq!(
            clipped_wrap("one two three four", 9, 3),
            ["one two", "three", "four"]
        );
        let cut = clipped_wrap("one two three four", 9, 2);
        assert_eq!(cut, ["one two", "three…"]);
    }
}
