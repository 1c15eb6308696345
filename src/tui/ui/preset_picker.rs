//! The preset list: each preset's name and description; Enter restarts on it.

use super::centered;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let width = area.width.saturating_sub(8).min(110);
    let height = area.height.saturating_sub(4);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let text_width = width.saturating_sub(6) as usize;
    let items: Vec<ListItem> = app
        .presets
        .iter()
        .map(|preset| {
            let mut description = preset.description.clone();
            if description.chars().count() > text_width {
                description = description
                    .chars()
                    .take(text_width.saturating_sub(1))
                    .collect();
                description.push('…');
            }
            ListItem::new(vec![
                Line::from(Span::from(preset.name).bold()),
                Line::from(format!("  {description}")).dim(),
            ])
        })
        .collect();
    let list = List::new(items)
        .block(Block::bordered().title(" Presets (Enter restarts on one, Esc closes) ".bold()))
        .highlight_style(Style::new().reversed())
        .highlight_symbol("› ");
    let mut state = ListState::default().with_selected(Some(app.picker_selected));
    frame.render_stateful_widget(list, popup, &mut state);
}
