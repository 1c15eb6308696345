//! The legend column right of a sweep chart's plot: a swatch and lines of text per entry,
//! shared by the response curve, the scatter and the Sobol bars.

use crate::plot::render::Scale;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What a legend entry shows beside its text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    Line(RGBColor),
    Band,
    Ring,
    /// A dot alone (a scatter's point).
    Dot(RGBColor),
    /// A whisker with caps (an interval).
    Whisker,
    /// A filled bar.
    Bar(RGBColor),
    /// A dashed line across (a threshold).
    Dashed,
}

/// The legend in its own column right of the plot, so it never hides a band.
pub(super) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(Swatch, Vec<String>)],
    scale: Scale,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let text = scale
        .font(16.0)
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let row = scale.px(24.0) as i32;
    let gap = scale.px(10.0) as i32;
    let swatch = scale.px(26.0) as i32;
    let left = scale.px(8.0) as i32;
    let text_x = left + swatch + scale.px(10.0) as i32;
    let mut y = scale.px(70.0) as i32;
    for (kind, lines) in entries {
        let middle = (left + swatch / 2, y);
        match kind {
            Swatch::Line(color) => {
                area.draw(&PathElement::new(
                    [(left, y), (left + swatch, y)],
                    color.stroke_width(scale.px(2.5)),
                ))?;
                area.draw(&Circle::new(middle, scale.px(4.5), color.filled()))?;
            }
            Swatch::Band => area.draw(&Rectangle::new(
                [(left, y - row / 3), (left + swatch, y + row / 3)],
                RGBColor(150, 150, 150).mix(0.35).filled(),
            ))?,
            Swatch::Ring => area.draw(&Circle::new(
                middle,
                scale.px(9.0),
                BLACK.stroke_width(scale.px(2.0)),
            ))?,
            Swatch::Dot(color) => area.draw(&Circle::new(middle, scale.px(4.5), color.filled()))?,
            Swatch::Whisker => {
                let style = BLACK.stroke_width(scale.px(1.5));
                area.draw(&PathElement::new([(left, y), (left + swatch, y)], style))?;
                let cap = row / 4;
                for x in [left, left + swatch] {
                    area.draw(&PathElement::new([(x, y - cap), (x, y + cap)], style))?;
                }
            }
            Swatch::Bar(color) => area.draw(&Rectangle::new(
                [(left, y - row / 3), (left + swatch, y + row / 3)],
                color.filled(),
            ))?,
            Swatch::Dashed => {
                let dash = swatch / 5;
                for start in [left, left + 2 * dash, left + 4 * dash] {
                    area.draw(&PathElement::new(
                        [(start, y), (start + dash, y)],
                        RGBColor(110, 110, 110).stroke_width(scale.px(2.0)),
                    ))?;
                }
            }
        }
        for line in lines {
            area.draw(&Text::new(line.clone(), (text_x, y), text.clone()))?;
            y += row;
        }
        y += gap;
    }
    Ok(())
}
