//! The explanation overlay wraps its prose to its own width: at 80x24 and 120x40 no row
//! is a short stray continuation (a paragraph wrapped once by the library and again by
//! the overlay), and the whole explanation is there when scrolled through.

use super::*;
use crate::tui::ui::explain::WINDOW;
use shopsim::report::explain::{explain, render_rows};

/// The overlay's frame on screen, found by its title: the rows inside it, right ends
/// trimmed, and its inner width.
fn overlay(terminal: &Terminal<TestBackend>) -> (Vec<String>, usize) {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let symbol = |x: u16, y: u16| buffer[(x, y)].symbol().to_string();
    let text = |xs: std::ops::Range<u16>, y: u16| -> String { xs.map(|x| symbol(x, y)).collect() };
    let title = "┌ Why did it move?";
    let width = title.chars().count() as u16;
    let (left, top) = (0..area.height)
        .flat_map(|y| (0..area.width.saturating_sub(width)).map(move |x| (x, y)))
        .find(|&(x, y)| text(x..x + width, y) == title)
        .expect("the overlay is drawn");
    let right = (left + 1..area.width)
        .find(|&x| symbol(x, top) == "┐")
        .expect("the overlay's top right corner");
    let bottom = (top + 1..area.height)
        .find(|&y| symbol(left, y) == "└")
        .expect("the overlay's bottom left corner");
    let inside = (top + 1..bottom)
        .map(|y| text(left + 1..right, y).trim_end().to_string())
        .collect();
    (inside, usize::from(right - left - 1))
}

/// Every row of the overlay, scrolled from top to bottom, and its inner width.
fn scrolled_through(app: &mut App, width: u16, height: u16) -> (Vec<String>, usize) {
    app.overlay_scroll = 0;
    let (mut all, inner_width) = overlay(&render(app, width, height));
    for scroll in 1..=app.overlay_scroll_max.get() {
        app.overlay_scroll = scroll;
        let (shown, _) = overlay(&render(app, width, height));
        all.extend(shown.last().cloned());
    }
    app.overlay_scroll = 0;
    (all, inner_width)
}

fn words(rows: &[String]) -> Vec<&str> {
    rows.iter().flat_map(|row| row.split_whitespace()).collect()
}

#[test]
fn the_explanation_is_wrapped_once_to_the_overlays_width() {
    let mut app = breach_shock_app_at_day_183();
    press(&mut app, KeyCode::Char('y'));
    // Each block of the explanation (a paragraph, a table row) on one line, from the
    // library rather than from the overlay.
    let explanation = explain(app.a.history(), app.a.events(), app.a.day(), WINDOW)
        .expect("day 183 is inside the run");
    let unwrapped = render_rows(&explanation, usize::MAX);
    for (width, height) in [(80, 24), (120, 40)] {
        let (shown, inner_width) = scrolled_through(&mut app, width, height);
        assert_eq!(
            words(&shown),
            words(&unwrapped),
            "{width}x{height}: the whole explanation, in order:\n{shown:#?}"
        );
        // A row shorter than half the width ends its paragraph (or is a short table row):
        // the text goes on in the row after it only when this one is full enough.
        for row in shown.iter().filter(|row| !row.trim().is_empty()) {
            let short = row.chars().count() < inner_width / 2;
            let ends_a_block = unwrapped
                .iter()
                .any(|block| block.trim_end().ends_with(row.trim()));
            assert!(
                !short || ends_a_block,
                "{width}x{height}: a stray short row {row:?} in\n{}",
                shown.join("\n")
            );
        }
        // The prose fills the overlay's width, not the terminal's 92 columns.
        let widest = shown.iter().map(|row| row.chars().count()).max();
        assert!(
            widest > Some(inner_width - 12) && widest <= Some(inner_width),
            "{width}x{height}: widest row {widest:?} of {inner_width}"
        );
    }
}

#[test]
fn explain_overlay_at_80x24_top_and_end() {
    let mut app = breach_shock_app_at_day_183();
    press(&mut app, KeyCode::Char('y'));
    let top = text(&render(&app, 80, 24));
    assert!(top.contains("Money at real scale"), "{top}");
    insta::assert_snapshot!("explain_overlay_80x24", top);
    for _ in 0..app.overlay_scroll_max.get() {
        press(&mut app, KeyCode::Down);
    }
    let end = text(&render(&app, 80, 24));
    assert!(end.contains("the end, ↑ scrolls back"), "{end}");
    insta::assert_snapshot!("explain_overlay_80x24_end", end);
}
