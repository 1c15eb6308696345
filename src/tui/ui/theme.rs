//! The TUI's colours and line styles, in one place.
//!
//! Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
//! stays distinguishable under the common colour-vision deficiencies, as the nearest
//! entries of the 256-colour table every modern terminal has. No line differs from
//! another by colour alone: branch B is drawn in dots (`•`) where branch A is a fine
//! line, the per-segment trust lines carry their letter at their end, and the A/B box
//! says better or worse in a sign as well as a colour.
//!
//! `NO_COLOR` (<https://no-color.org>): when it is set to anything but the empty
//! string, [`strip_colours`] takes every colour out of the drawn frame; bold, dim and
//! reversed text stay, and so do the line styles.

use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::symbols::Marker;

/// Okabe-Ito orange (#E69F00).
pub const ORANGE: Color = Color::Indexed(178);
/// Okabe-Ito sky blue (#56B4E9).
pub const SKY_BLUE: Color = Color::Indexed(74);
/// Okabe-Ito bluish green (#009E73).
pub const BLUISH_GREEN: Color = Color::Indexed(36);
/// Okabe-Ito yellow (#F0E442).
pub const YELLOW: Color = Color::Indexed(221);
/// Okabe-Ito blue (#0072B2), lightened one step to read on a dark background.
pub const BLUE: Color = Color::Indexed(32);
/// Okabe-Ito vermillion (#D55E00).
pub const VERMILLION: Color = Color::Indexed(166);
/// Okabe-Ito reddish purple (#CC79A7).
pub const REDDISH_PURPLE: Color = Color::Indexed(175);
/// Grey, for what stands behind the lines (a lesson's run without its event).
pub const GREY: Color = Color::Indexed(244);

/// Branch A's lines (and the only branch's).
pub const A: Color = SKY_BLUE;
/// Branch B's lines, its strategy changes and what names it (title, panel, box).
pub const B: Color = ORANGE;
/// Branch A's line style: a fine braille line.
pub const A_MARKER: Marker = Marker::Braille;
/// Branch B's line style: dots, so that B reads apart from A without colour.
pub const B_MARKER: Marker = Marker::Dot;

/// Vertical marks on the charts: a strategy change of A, the fork, an event.
pub const A_CHANGE: Color = BLUISH_GREEN;
pub const FORK: Color = Color::Gray;
pub const EVENT: Color = REDDISH_PURPLE;

/// Better and worse in the A/B box (blue and vermillion, never green against red).
pub const BETTER: Color = SKY_BLUE;
pub const WORSE: Color = VERMILLION;

/// The lines of a lesson's sweep runs, in variant order.
pub const SWEEP: [Color; 6] = [
    SKY_BLUE,
    ORANGE,
    BLUISH_GREEN,
    VERMILLION,
    REDDISH_PURPLE,
    YELLOW,
];
/// The sweep runs' line styles, alternating so that neighbours differ without colour.
pub const SWEEP_MARKERS: [Marker; 2] = [Marker::Braille, Marker::Dot];

/// Whether a `NO_COLOR` value asks for no colour: any value but the empty string.
pub fn no_color_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|value| !value.is_empty())
}

/// Takes every foreground, background and underline colour out of a drawn buffer.
pub fn strip_colours(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        cell.set_fg(Color::Reset);
        cell.set_bg(Color::Reset);
        cell.underline_color = Color::Reset;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};
    use std::ffi::OsStr;

    #[test]
    fn no_color_is_any_value_but_empty() {
        assert!(!no_color_requested(None));
        assert!(!no_color_requested(Some(OsStr::new(""))));
        assert!(no_color_requested(Some(OsStr::new("1"))));
        assert!(no_color_requested(Some(OsStr::new("0"))));
    }

    #[test]
    fn stripping_keeps_text_and_emphasis() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 3, 1));
        buffer.set_string(
            0,
            0,
            "ab",
            Style::new().fg(B).bg(A).add_modifier(Modifier::BOLD),
        );
        strip_colours(&mut buffer);
        let cell = &buffer.content[0];
        assert_eq!(
            (cell.symbol(), cell.fg, cell.bg),
            ("a", Color::Reset, Color::Reset)
        );
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
}
