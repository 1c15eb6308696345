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
fn parse(svg: &str) -> (Vec<String>, Vec<usize>) {
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
