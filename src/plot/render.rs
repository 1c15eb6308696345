//! Turning a chart into an SVG document or PNG bytes.
//!
//! Both formats draw through the same code ([`Draw`]); only the backend differs. Text is
//! laid out (and, for PNG, rasterized) with DejaVu Sans, embedded in the binary, so charts
//! look the same on every machine and no system font library is needed. Its license is
//! `assets/fonts/LICENSE-DejaVu.txt`.

use super::PlotError;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::OnceLock;

/// DejaVu Sans (Bitstream Vera license: free redistribution, see the license file).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The font family every chart asks for; the embedded font is registered under it.
pub(super) const FAMILY: &str = "sans-serif";

/// The size charts are designed at; other sizes scale text and strokes with the area.
pub(super) const DESIGN_SIZE: (u32, u32) = (1024, 576);

/// Smallest and largest PNG edge, in pixels: below the minimum the margins and labels
/// leave no room for a plot; the maximum bounds the buffer (3 bytes a pixel).
pub const PNG_EDGE: std::ops::RangeInclusive<u32> = 200..=4096;

/// Sizes in design pixels, scaled to the output.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scale(pub f64);

impl Scale {
    fn of(width: u32, height: u32) -> Scale {
        let (w, h) = DESIGN_SIZE;
        Scale((f64::from(width) / f64::from(w)).min(f64::from(height) / f64::from(h)))
    }

    /// A length in output pixels (at least 1).
    pub fn px(self, design: f64) -> u32 {
        (design * self.0).round().max(1.0) as u32
    }

    /// A font of `design` pixels in the chart's family.
    pub fn font(self, design: f64) -> FontDesc<'static> {
        (FAMILY, f64::from(self.px(design))).into_font()
    }
}

/// Something that draws itself on any plotters backend.
pub(super) trait Draw {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: Scale,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>;
}

/// Registers the embedded font with plotters, once per process. plotters keeps fonts in
/// a process-wide table; registering the same bytes under the same name is idempotent.
fn register_font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| register_font_bytes(FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(PlotError::Drawing(
            "the embedded font cannot be read".into(),
        ))
    }
}

fn register_font_bytes(bytes: &'static [u8]) -> Result<(), ()> {
    plotters::style::register_font(FAMILY, FontStyle::Normal, bytes).map_err(|_| ())
}

fn drawing_error(error: impl std::fmt::Display) -> PlotError {
    PlotError::Drawing(error.to_string())
}

/// The chart as an SVG document of [`DESIGN_SIZE`].
pub(super) fn svg(chart: &impl Draw) -> Result<String, PlotError> {
    register_font()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, DESIGN_SIZE).into_drawing_area();
        chart.draw(&root, Scale(1.0)).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    Ok(svg)
}

/// The chart as a PNG image of `width` x `height` pixels (8-bit RGB).
pub(super) fn png(chart: &impl Draw, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    if !PNG_EDGE.contains(&width) || !PNG_EDGE.contains(&height) {
        return Err(PlotError::Size { width, height });
    }
    register_font()?;
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        chart
            .draw(&root, Scale::of(width, height))
            .map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Charts are mostly flat colour: the best compression keeps files small for docs.
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header().map_err(drawing_error)?;
        writer.write_image_data(&pixels).map_err(drawing_error)?;
        writer.finish().map_err(drawing_error)?;
    }
    Ok(bytes)
}

/// A y range that shows `low..high` with a little room, starting from zero when the data
/// are non-negative and zero is near (shares and counts read best from zero).
pub(super) fn y_range(low: f64, high: f64) -> (f64, f64) {
    let (low, high) = if low.is_finite() && high.is_finite() {
        (low, high)
    } else {
        (0.0, 1.0)
    };
    let pad = if high > low { (high - low) * 0.05 } else { 1.0 };
    let bottom = if low >= 0.0 && low < (high - low) {
        0.0
    } else {
        low - pad
    };
    (bottom, high + pad)
}

/// Line colours: the Okabe-Ito palette (distinguishable with the common colour-vision
/// deficiencies), without its yellow, which is too light on white.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(0, 0, 0),
];

/// The colour of the `index`-th line.
pub(super) fn color(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Where the legend covers the least of the lines: of nine boxes (40 % of the width, 35 %
/// of the height: the corners, the middles of the sides and the centre), the one holding
/// the fewest points of `lines`, each segment sampled at ten points so that sparse lines
/// count where they cross. Ties go to corners first, then the sides, then the centre.
pub(super) fn legend_position<'a>(
    lines: impl Iterator<Item = &'a [(f64, f64)]>,
    (x_low, x_high): (f64, f64),
    (y_low, y_high): (f64, f64),
) -> SeriesLabelPosition {
    use SeriesLabelPosition::*;
    // (position, horizontal band, vertical band); bands 0 low, 1 middle, 2 high.
    let boxes = [
        (UpperRight, 2, 2),
        (UpperLeft, 0, 2),
        (LowerRight, 2, 0),
        (LowerLeft, 0, 0),
        (MiddleRight, 2, 1),
        (MiddleLeft, 0, 1),
        (UpperMiddle, 1, 2),
        (LowerMiddle, 1, 0),
        (MiddleMiddle, 1, 1),
    ];
    let x_band = |f: f64, band: usize| match band {
        0 => f <= 0.4,
        1 => (0.3..=0.7).contains(&f),
        _ => f >= 0.6,
    };
    let y_band = |f: f64, band: usize| match band {
        0 => f <= 0.35,
        1 => (0.325..=0.675).contains(&f),
        _ => f >= 0.65,
    };
    let mut counts = [0usize; 9];
    let (width, height) = (x_high - x_low, y_high - y_low);
    let mut count = |(x, y): (f64, f64)| {
        let (fx, fy) = ((x - x_low) / width, (y - y_low) / height);
        for (i, (_, bx, by)) in boxes.iter().enumerate() {
            counts[i] += usize::from(x_band(fx, *bx) && y_band(fy, *by));
        }
    };
    for line in lines {
        for pair in line.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            for step in 0..10 {
                let t = f64::from(step) / 10.0;
                count((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t));
            }
        }
        if let Some(last) = line.last() {
            count(*last);
        }
    }
    let best = (0..boxes.len()).min_by_key(|&i| counts[i]).unwrap_or(0);
    boxes[best].0.clone()
}

/// Tick labels for an axis spanning `span`: as many decimals as ticks about a fifth of the
/// span apart need, and thousands separated by commas (`32,000`, `0.67`, `0.5`).
pub(super) fn tick_label(span: f64) -> impl Fn(&f64) -> String {
    let step = span.abs() / 5.0;
    let decimals = if step > 0.0 && step.is_finite() {
        (-step.log10()).ceil().clamp(0.0, 6.0) as usize
    } else {
        2
    };
    move |value: &f64| {
        let text = format!("{value:.decimals$}");
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        // "-0" reads as zero.
        let sign = if grouped.chars().all(|c| c == '0' || c == ',')
            && fraction.map_or(true, |f| f.chars().all(|c| c == '0'))
        {
            ""
        } else {
            sign
        };
        match fraction {
            Some(fraction) => format!("{sign}{grouped}.{fraction}"),
            None => format!("{sign}{grouped}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_have_the_decimals_the_span_needs() {
        let dollars = tick_label(12_000.0);
        assert_eq!(dollars(&32_000.0), "32,000");
        assert_eq!(dollars(&1_234_567.4), "1,234,567");
        assert_eq!(dollars(&-2_500.0), "-2,500");
        assert_eq!(dollars(&999.0), "999");
        let share = tick_label(0.7);
        assert_eq!(share(&0.6), "0.6");
        let narrow = tick_label(0.06);
        assert_eq!(narrow(&0.67), "0.67");
        assert_eq!(narrow(&-0.0001), "0.00");
    }

    #[test]
    fn the_legend_avoids_the_data() {
        // A line along the top and one along the bottom: the middle left is free.
        let top = [(0.0, 0.9), (1.0, 0.9)];
        let bottom = [(0.0, 0.1), (1.0, 0.1)];
        let position = legend_position([&top[..], &bottom[..]].into_iter(), (0.0, 1.0), (0.0, 1.0));
        assert_eq!(position, SeriesLabelPosition::MiddleRight);
        // Only the upper right is crowded: the upper left wins the tie among the rest.
        let corner = [(0.9, 0.9), (1.0, 1.0)];
        let position = legend_position([&corner[..]].into_iter(), (0.0, 1.0), (0.0, 1.0));
        assert_eq!(position, SeriesLabelPosition::UpperLeft);
    }
}
