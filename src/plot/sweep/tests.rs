use super::*;
use crate::scenario::Scenario;
use crate::sweep::results::RunRecord;
use crate::sweep::stats::estimate;
use crate::sweep::{Experiment, Plan};

/// A plan from experiment text, on the default scenario.
fn plan(text: &str) -> Plan {
    let experiment = Experiment::from_toml_str(text, "test.toml").unwrap();
    Plan::new(&experiment, &Scenario::default()).unwrap()
}

/// Made-up results: revenue rises with personalization and transparency, trust falls
/// with personalization, each replicate a little apart. No engine runs: fast and exact.
fn records(plan: &Plan) -> Vec<RunRecord> {
    plan.runs()
        .map(|run| {
            let level = |key: &str| {
                plan.parameters
                    .iter()
                    .position(|p| p == key)
                    .and_then(|i| plan.points[run.point].levels[i].as_number())
                    .unwrap_or(0.0)
            };
            let (p, t) = (
                level("strategy.personalization"),
                level("strategy.transparency"),
            );
            let noise = f64::from(run.replicate) - 1.0;
            let metrics = plan
                .metrics
                .iter()
                .map(|metric| match metric.as_str() {
                    "total_revenue" => 10_000.0 + 8_000.0 * p + 2_000.0 * t + 300.0 * noise,
                    "final_mean_trust" => 0.7 - 0.2 * p + 0.1 * p * t + 0.01 * noise,
                    _ => 100.0,
                })
                .collect();
            RunRecord::new(plan, &run, metrics)
        })
        .collect()
}

const GRID: &str = r#"
    name = "Grid test"
    seed = 3
    replicates = 3
    metrics = ["total_revenue", "final_mean_trust"]
    [[parameters]]
    key = "strategy.personalization"
    values = [0.0, 0.5, 1.0]
    [[parameters]]
    key = "strategy.transparency"
    values = [0.0, 1.0]
"#;

fn grid_report() -> Report {
    let plan = plan(GRID);
    Report::build(&plan, &records(&plan))
}

#[test]
fn one_line_per_level_of_the_second_parameter_with_the_reports_estimates() {
    let report = grid_report();
    let chart = SweepChart::from_report(&report, Some("total_revenue"), None, None).unwrap();
    assert_eq!(chart.title, "Grid test: total_revenue");
    assert_eq!(chart.x_label, "strategy.personalization (0-1)");
    assert_eq!(chart.y_label, "total_revenue (dollars)");
    let labels: Vec<&str> = chart.lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["transparency = 0.0", "transparency = 1.0"]);
    for line in &chart.lines {
        let xs: Vec<f64> = line.points.iter().map(|p| p.x).collect();
        assert_eq!(xs, [0.0, 0.5, 1.0]);
        for point in &line.points {
            let from_report = &report
                .points
                .iter()
                .find(|p| p.point == point.point)
                .unwrap()
                .estimates[0];
            assert_eq!(point.mean, from_report.mean);
            assert_eq!(
                (point.ci_low, point.ci_high),
                (from_report.ci_low, from_report.ci_high)
            );
            assert!(point.ci_low < point.mean && point.mean < point.ci_high);
            assert_eq!(point.on_front, report.pareto_front.contains(&point.point));
        }
    }
    // Replicates 9,000 +- 300 around 10,000 + 8,000 p + 2,000 t.
    let top = &chart.lines[1].points[2];
    let values = [19_700.0, 20_000.0, 20_300.0];
    assert!((top.mean - estimate(&values).mean).abs() < 1e-9);
    assert!(chart.band_label.contains("3 runs per point"));
    assert!(chart
        .front_label
        .as_deref()
        .unwrap()
        .starts_with("Pareto front (max total_revenue"));
    // The default metric is the first, the x axis can be the other parameter.
    let by_transparency =
        SweepChart::from_report(&report, None, Some("strategy.transparency"), Some("T")).unwrap();
    assert_eq!(by_transparency.title, "T");
    assert_eq!(by_transparency.lines.len(), 3);
    assert_eq!(by_transparency.lines[0].label, "personalization = 0.0");
    assert_eq!(by_transparency.lines[0].points.len(), 2);
}

/// Texts of `<text>` elements, point counts of `<polyline>`s, and the `<polygon>` count.
fn parse(svg: &str) -> (Vec<String>, Vec<usize>, usize) {
    let (texts, polylines) = crate::plot::tests::parse(svg);
    let document = roxmltree::Document::parse(svg).expect("well-formed XML");
    let polygons = document
        .descendants()
        .filter(|n| n.has_tag_name("polygon"))
        .count();
    (texts, polylines, polygons)
}

#[test]
fn svg_has_title_axis_labels_a_path_per_line_and_the_bands() {
    let chart =
        SweepChart::from_report(&grid_report(), Some("final_mean_trust"), None, None).unwrap();
    let svg = chart.to_svg().unwrap();
    let (texts, polylines, polygons) = parse(&svg);
    for expected in [
        "Grid test: final_mean_trust",
        "strategy.personalization (0-1)",
        "final_mean_trust (share / mean, 0-1)",
        "transparency = 0.0",
        "transparency = 1.0",
        "95 % confidence interval",
        "Pareto front",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "missing {expected:?} in {texts:?}"
        );
    }
    // Each line is one polyline through its three points (legend swatches have two).
    let lines: Vec<usize> = polylines.into_iter().filter(|n| *n > 2).collect();
    assert_eq!(lines, [3, 3]);
    // One band per line: three upper and three lower corners.
    assert_eq!(polygons, 2);
    assert!(svg.contains("points=\""));
}

#[test]
fn a_single_replicate_has_no_band() {
    let plan = plan(&GRID.replace("replicates = 3", "replicates = 1"));
    let report = Report::build(&plan, &records(&plan));
    let chart = SweepChart::from_report(&report, None, None, None).unwrap();
    assert!(chart
        .lines
        .iter()
        .flat_map(|l| &l.points)
        .all(|p| p.ci_low.is_nan()));
    assert!(chart
        .lines
        .iter()
        .all(|l| band_pieces(&l.points).is_empty()));
    let (_, polylines, polygons) = parse(&chart.to_svg().unwrap());
    assert_eq!(polygons, 0);
    assert_eq!(polylines.into_iter().filter(|n| *n > 2).count(), 2);
}

#[test]
fn bands_break_where_an_interval_is_missing() {
    let point = |x: f64, ci: f64| ResponsePoint {
        point: 0,
        x,
        mean: 1.0,
        ci_low: 1.0 - ci,
        ci_high: 1.0 + ci,
        on_front: false,
    };
    let points = [
        point(0.0, 0.1),
        point(1.0, 0.2),
        point(2.0, f64::NAN),
        point(3.0, 0.1),
    ];
    let pieces = band_pieces(&points);
    assert_eq!(
        pieces,
        [vec![(0.0, 1.1), (1.0, 1.2), (1.0, 0.8), (0.0, 0.9)]]
    );
}

#[test]
fn png_of_a_sweep_has_the_requested_size() {
    let chart = SweepChart::from_report(&grid_report(), None, None, None).unwrap();
    let bytes = chart.to_png(800, 450).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let reader = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (800, 450));
}

#[test]
fn wrong_metric_parameter_or_design_are_errors() {
    let report = grid_report();
    let error = SweepChart::from_report(&report, Some("revenue"), None, None).unwrap_err();
    assert_eq!(
        error,
        PlotError::UnknownMetric {
            name: "revenue".into(),
            known: "total_revenue, final_mean_trust, final_records_held".into()
        }
    );
    let error =
        SweepChart::from_report(&report, None, Some("strategy.security"), None).unwrap_err();
    assert!(
        matches!(error, PlotError::UnknownParameter { .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("strategy.personalization"),
        "{error}"
    );

    let with_consent = plan(&format!(
        "{GRID}\n[[parameters]]\nkey = \"strategy.consent\"\nchoices = [\"opt-in\", \"opt-out\"]\n"
    ));
    let report = Report::build(&with_consent, &records(&with_consent));
    let error = SweepChart::from_report(&report, None, Some("strategy.consent"), None).unwrap_err();
    assert!(matches!(error, PlotError::NotNumeric { .. }), "{error}");
    // Text levels still tell lines apart: 2 transparency x 2 consent levels.
    let chart = SweepChart::from_report(&report, None, None, None).unwrap();
    assert_eq!(chart.lines.len(), 4);
    assert_eq!(
        chart.lines[1].label,
        "transparency = 0.0, consent = opt-out"
    );

    // A Latin hypercube shares no levels between points: one line per point.
    let lhs = plan(
        r#"
        design = "lhs"
        samples = 12
        metrics = ["total_revenue"]
        [[parameters]]
        key = "strategy.personalization"
        range = [0.0, 1.0]
        [[parameters]]
        key = "strategy.transparency"
        range = [0.0, 1.0]
        "#,
    );
    let report = Report::build(&lhs, &records(&lhs));
    assert_eq!(
        SweepChart::from_report(&report, None, None, None).unwrap_err(),
        PlotError::TooManyLines {
            lines: 12,
            max: MAX_LINES
        }
    );
}

#[test]
fn every_summary_metric_has_a_unit() {
    for metric in crate::sweep::metrics::known_metrics() {
        assert!(metric_unit(&metric).is_some(), "no unit for {metric}");
    }
    assert_eq!(
        metric_unit("segments.fundamentalists.churn_rate"),
        Some("share / mean, 0-1")
    );
    assert_eq!(metric_unit("fines"), Some("dollars"));
    assert_eq!(metric_unit("profit"), Some("dollars"));
    assert_eq!(metric_unit("costs.security"), Some("dollars"));
    assert_eq!(metric_unit("total_orders"), Some("count"));
    assert_eq!(
        metric_unit("paradox_gap.overall.intent_action_gap"),
        Some("difference of shares, -1 to 1")
    );
}

#[test]
fn fixing_a_level_keeps_its_points_and_leaves_one_line() {
    let report = grid_report();
    let fixed = only_levels(
        &report,
        &[("strategy.transparency".to_string(), "1".to_string())],
    )
    .unwrap();
    // "1" matches the level 1.0 as a number; three personalization levels remain.
    assert_eq!(fixed.points.len(), 3);
    assert!(fixed
        .points
        .iter()
        .all(|p| p.levels[1].as_number() == Some(1.0)));
    let chart = SweepChart::from_report(&fixed, None, None, None).unwrap();
    assert_eq!(chart.lines.len(), 1);
    assert_eq!(chart.lines[0].points.len(), 3);
    // Each kept point keeps its own estimate.
    for point in &fixed.points {
        let original = report
            .points
            .iter()
            .find(|p| p.point == point.point)
            .unwrap();
        assert_eq!(point.estimates, original.estimates);
    }
    let no_level = only_levels(
        &report,
        &[("strategy.transparency".to_string(), "0.5".to_string())],
    )
    .unwrap_err();
    assert!(
        matches!(&no_level, PlotError::NoSuchLevel { known, .. } if known == "0.0, 1.0"),
        "{no_level:?}"
    );
    assert!(matches!(
        only_levels(&report, &[("strategy.nope".to_string(), "1".to_string())]),
        Err(PlotError::UnknownParameter { .. })
    ));
}
