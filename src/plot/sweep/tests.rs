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

#[test]
fn a_scatter_has_one_dot_per_point_with_the_reports_intervals() {
    let report = grid_report();
    let chart =
        ScatterChart::from_report(&report, "total_revenue", "final_mean_trust", None).unwrap();
    assert_eq!(
        chart.title,
        "Grid test: final_mean_trust against total_revenue"
    );
    assert_eq!(chart.x_label, "total_revenue (dollars)");
    assert_eq!(chart.y_label, "final_mean_trust (share / mean, 0-1)");
    assert_eq!(chart.points.len(), report.points.len());
    assert!(chart.numbered);
    for (dot, point) in chart.points.iter().zip(&report.points) {
        assert_eq!(dot.point, point.point);
        assert_eq!(dot.x, point.estimates[0]);
        assert_eq!(dot.y, point.estimates[1]);
        assert!(dot.x.ci_low < dot.x.mean && dot.x.mean < dot.x.ci_high);
        assert_eq!(dot.on_front, report.pareto_front.contains(&point.point));
    }
    assert_eq!(
        chart.points[1].levels,
        "personalization = 0.0, transparency = 1.0"
    );
    assert!(chart.whisker_label.contains("3 runs per point"));

    let svg = chart.to_svg().unwrap();
    let (texts, _, _) = parse(&svg);
    for expected in [
        "Grid test: final_mean_trust against total_revenue",
        "total_revenue (dollars)",
        "sweep point (means)",
        "numbered as in points.csv",
        "95 % interval of each mean",
        "Pareto front",
    ] {
        assert!(texts.iter().any(|t| t == expected), "missing {expected:?}");
    }
    // Every point's number is drawn beside its dot.
    for point in &report.points {
        assert!(
            texts.contains(&point.point.to_string()),
            "no label {}",
            point.point
        );
    }
    let document = roxmltree::Document::parse(&svg).unwrap();
    let circles = document
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    // Six dots, a ring per front point, and the legend's dot and ring.
    assert_eq!(circles, 6 + report.pareto_front.len() + 2);
}

#[test]
fn a_scatter_without_replicates_has_no_whiskers_and_rejects_bad_metrics() {
    let plan = plan(&GRID.replace("replicates = 3", "replicates = 1"));
    let report = Report::build(&plan, &records(&plan));
    let chart =
        ScatterChart::from_report(&report, "final_mean_trust", "total_revenue", Some("T")).unwrap();
    assert_eq!(chart.title, "T");
    assert!(chart.whisker_label.contains("none (1 run per point)"));
    let with = ScatterChart::from_report(&grid_report(), "final_mean_trust", "total_revenue", None)
        .unwrap();
    // Whiskers and their caps are the two-point paths drawn at 0.55 opacity.
    let whiskers = |svg: &str| {
        let document = roxmltree::Document::parse(svg).unwrap();
        let count = document
            .descendants()
            .filter(|n| n.has_tag_name("polyline") && n.attribute("opacity") == Some("0.55"))
            .count();
        count
    };
    assert_eq!(whiskers(&chart.to_svg().unwrap()), 0);
    // Each of the six points: two whiskers and four caps.
    assert_eq!(whiskers(&with.to_svg().unwrap()), 6 * 6);

    assert!(matches!(
        ScatterChart::from_report(&report, "revenue", "total_revenue", None),
        Err(PlotError::UnknownMetric { .. })
    ));
    assert_eq!(
        ScatterChart::from_report(&report, "total_revenue", "total_revenue", None).unwrap_err(),
        PlotError::SameMetric("total_revenue".into())
    );
}

/// A Sobol design over personalization, transparency and security, whose revenue
/// depends on the first two only (see [`records`]).
const SOBOL: &str = r#"
    name = "Sobol test"
    seed = 5
    replicates = 2
    design = "sobol"
    samples = 64
    bootstrap = 100
    metrics = ["total_revenue", "final_mean_trust"]
    [[parameters]]
    key = "strategy.personalization"
    range = [0.0, 1.0]
    [[parameters]]
    key = "strategy.transparency"
    range = [0.0, 1.0]
    [[parameters]]
    key = "strategy.security"
    range = [0.0, 1.0]
"#;

#[test]
fn sobol_bars_show_the_reports_indices_and_its_noise_floor() {
    let plan = plan(SOBOL);
    let report = Report::build(&plan, &records(&plan));
    let chart = SobolChart::from_report(&report, None, None).unwrap();
    assert_eq!(chart.title, "Sobol test: Sobol indices of total_revenue");
    assert_eq!(chart.samples, 64);
    let indices = &report.sobol[0].indices;
    let names: Vec<&str> = chart.bars.iter().map(|b| b.parameter.as_str()).collect();
    assert_eq!(names, report.parameters);
    for (bar, index) in chart.bars.iter().zip(indices) {
        assert_eq!(
            (bar.first, bar.first_low, bar.first_high),
            (index.first, index.first_low, index.first_high)
        );
        assert_eq!(
            (bar.total, bar.total_low, bar.total_high),
            (index.total, index.total_low, index.total_high)
        );
    }
    // Revenue = 8,000 p + 2,000 t: personalization explains about 64/68 of the variance,
    // transparency 4/68, security nothing.
    assert!(chart.bars[0].total > 0.8, "{:?}", chart.bars[0]);
    assert!(chart.bars[1].total > 0.02 && chart.bars[1].total < 0.15);
    assert!(chart.bars[2].total.abs() < 1e-9);
    let floor = report.noise[0].noise.unwrap().share;
    assert_eq!(chart.noise_floor, Some(floor));
    assert!(floor > 0.0 && floor < 0.05, "{floor}");

    let svg = chart.to_svg().unwrap();
    let (texts, _, _) = parse(&svg);
    for expected in [
        "Sobol test: Sobol indices of total_revenue",
        "personalization",
        "transparency",
        "security",
        "first-order index",
        "total index",
        "95 % bootstrap interval",
        "(64 base samples)",
        &format!("seed-noise floor {floor:.2}:"),
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "missing {expected:?} in {texts:?}"
        );
    }
    let document = roxmltree::Document::parse(&svg).unwrap();
    let bars = document
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| {
            ["rgb(0,114,178)", "#0072B2", "rgb(230,159,0)", "#E69F00"]
                .iter()
                .any(|c| {
                    n.attribute("fill")
                        .is_some_and(|f| f.eq_ignore_ascii_case(c))
                })
        })
        .count();
    // Two bars per parameter and the legend's two swatches.
    assert_eq!(bars, 2 * 3 + 2);

    let trust = SobolChart::from_report(&report, Some("final_mean_trust"), Some("T")).unwrap();
    assert_eq!(trust.title, "T");
    assert_eq!(trust.bars[0].total, report.sobol[1].indices[0].total);
    let bytes = trust.to_png(640, 360).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn sobol_bars_need_a_sobol_design_and_say_when_noise_is_unknown() {
    assert_eq!(
        SobolChart::from_report(&grid_report(), None, None).unwrap_err(),
        PlotError::NotSobol { design: "grid" }
    );
    let plan = plan(&SOBOL.replace("replicates = 2", "replicates = 1"));
    let report = Report::build(&plan, &records(&plan));
    let chart = SobolChart::from_report(&report, None, None).unwrap();
    assert_eq!(chart.noise_floor, None);
    let (texts, _, _) = parse(&chart.to_svg().unwrap());
    assert!(
        texts.iter().any(|t| t == "seed-noise floor unknown:"),
        "{texts:?}"
    );
    assert!(matches!(
        SobolChart::from_report(&report, Some("churn_rate"), None),
        Err(PlotError::UnknownMetric { .. })
    ));
    // Without results for any complete base sample there are no indices to draw.
    let few: Vec<RunRecord> = records(&plan).into_iter().take(3).collect();
    let report = Report::build(&plan, &few);
    assert!(matches!(
        SobolChart::from_report(&report, None, None),
        Err(PlotError::Empty(_))
    ));
}
