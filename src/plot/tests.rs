use super::*;
use crate::scenario::Scenario;
use crate::sim::engine::Engine;

fn breach_run(shoppers: u32) -> Engine {
    let scenario = Scenario::preset("breach-shock")
        .and_then(|s| {
            s.with_overrides([
                format!("simulation.shoppers={shoppers}"),
                "simulation.days=200".into(),
            ])
        })
        .unwrap();
    let mut engine = Engine::new(&scenario);
    engine.run_to_end();
    engine
}

fn run_of(engine: &Engine) -> Run<'_> {
    Run {
        label: &engine.scenario().name,
        history: engine.history(),
        events: engine.events(),
    }
}

/// The texts of every `<text>` element, and the point counts of every `<polyline>`.
pub(super) fn parse(svg: &str) -> (Vec<String>, Vec<usize>) {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let texts = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect();
    let polylines = document
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .map(|n| {
            n.attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .count()
        })
        .collect();
    (texts, polylines)
}

#[test]
fn svg_has_title_axes_legend_markers_and_one_line_per_series() {
    let engine = breach_run(1500);
    let chart = Chart::from_runs(
        &[run_of(&engine)],
        &["mean_trust", "stated_intent_to_leave"],
        "Breach shock: trust and stated intent",
    )
    .unwrap();
    assert_eq!(chart.y_label, "share / mean (0-1)");
    let svg = chart.to_svg().unwrap();
    let (texts, polylines) = parse(&svg);
    for expected in [
        "Breach shock: trust and stated intent",
        "day",
        "share / mean (0-1)",
        "mean_trust",
        "stated_intent_to_leave",
        "breach (day 180)",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "missing text {expected:?} in {texts:?}"
        );
    }
    // Data lines have one point per day; legend swatches and markers have two.
    let data_lines: Vec<usize> = polylines.into_iter().filter(|points| *points > 2).collect();
    assert_eq!(data_lines, vec![200, 200]);
}

#[test]
fn comparing_runs_gives_one_line_per_metric_per_run() {
    let breach = breach_run(800);
    let mut calm = Engine::new(
        &Scenario::preset("balanced")
            .and_then(|s| {
                s.with_overrides([
                    "simulation.shoppers=800",
                    "simulation.days=150",
                    "simulation.random_breaches=false",
                ])
            })
            .unwrap(),
    );
    calm.run_to_end();
    let chart = Chart::from_runs(
        &[run_of(&breach), run_of(&calm)],
        &["revenue", "mean_trust"],
        "t",
    )
    .unwrap();
    let labels: Vec<&str> = chart.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Breach shock: revenue",
            "Breach shock: mean_trust",
            "Balanced: revenue",
            "Balanced: mean_trust"
        ]
    );
    assert_eq!(
        chart.y_label,
        "revenue: dollars; mean_trust: share / mean (0-1)"
    );
    assert_eq!(chart.markers.len(), 1);
    let (_, polylines) = parse(&chart.to_svg().unwrap());
    let data_lines: Vec<usize> = polylines.into_iter().filter(|points| *points > 2).collect();
    assert_eq!(data_lines, vec![200, 200, 150, 150]);
}

#[test]
fn units_follow_the_column() {
    assert_eq!(unit_of("revenue"), Some(Unit::Dollars));
    assert_eq!(unit_of("active_shoppers"), Some(Unit::Shoppers));
    assert_eq!(unit_of("pragmatists_churned_total"), Some(Unit::Shoppers));
    assert_eq!(unit_of("orders"), Some(Unit::Count));
    assert_eq!(unit_of("opt_in_rate"), Some(Unit::Share));
    assert_eq!(unit_of("trust_change_breach"), Some(Unit::TrustChange));
    assert_eq!(unit_of("revenue_cents"), None);
}

#[test]
fn an_unknown_metric_lists_the_columns() {
    let engine = breach_run(200);
    let error = Chart::from_runs(&[run_of(&engine)], &["trust"], "t").unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("unknown metric \"trust\""), "{text}");
    assert!(text.contains("mean_trust"), "{text}");
    assert_eq!(
        Chart::from_runs(&[run_of(&engine)], &[], "t").unwrap_err(),
        PlotError::Empty("no metric given")
    );
}

/// Decodes PNG bytes: (width, height, 8-bit RGB pixels).
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a sane size")];
    let frame = reader.next_frame(&mut pixels).expect("PNG image data");
    assert_eq!(frame.color_type, png::ColorType::Rgb);
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    pixels.truncate(frame.buffer_size());
    (frame.width, frame.height, pixels)
}

#[test]
fn png_has_the_signature_and_the_requested_size_and_is_drawn_on() {
    let engine = breach_run(600);
    let chart = Chart::from_runs(
        &[run_of(&engine)],
        &["mean_trust", "stated_intent_to_leave"],
        "Breach shock",
    )
    .unwrap();
    for (width, height) in [(1600, 900), (640, 480)] {
        let bytes = chart.to_png(width, height).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        // The first chunk is IHDR, holding the size big-endian.
        assert_eq!(&bytes[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), width);
        assert_eq!(
            u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
            height
        );
        let (w, h, pixels) = decode_png(&bytes);
        assert_eq!((w, h), (width, height));
        assert_eq!(pixels.len(), (width * height * 3) as usize);
        // A white page with dark text and two coloured lines on it.
        let colors: Vec<&[u8]> = pixels.chunks(3).collect();
        let white = colors.iter().filter(|c| **c == [255, 255, 255]).count();
        assert!(white > colors.len() / 2, "mostly white background");
        let near = |c: &[u8], rgb: [u8; 3]| c.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) < 8);
        for line in [render::color(0), render::color(1)] {
            let rgb = [line.0, line.1, line.2];
            let count = colors.iter().filter(|c| near(c, rgb)).count();
            assert!(count > 200, "line colour {rgb:?} drawn on {count} pixels");
        }
        // The title is rasterized: dark glyph pixels in the strip above the plot.
        let strip = &colors[..(width * height / 16) as usize];
        let dark = strip.iter().filter(|c| c.iter().all(|v| *v < 100)).count();
        assert!(dark > 100, "title: {dark} dark pixels");
    }
}

#[test]
fn png_sizes_outside_the_limits_are_errors() {
    let engine = breach_run(200);
    let chart = Chart::from_runs(&[run_of(&engine)], &["mean_trust"], "t").unwrap();
    for (width, height) in [(0, 500), (199, 500), (800, 5000)] {
        assert_eq!(
            chart.to_png(width, height).unwrap_err(),
            PlotError::Size { width, height }
        );
    }
}
