//! `shopsim lessons`, `shopsim lesson` and `shopsim plot` through the binary.

use std::process::{Command, Output, Stdio};

fn shopsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn lessons_lists_every_shipped_lesson() {
    let output = shopsim(&["lessons"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for name in ["inverted-u", "talk-vs-action", "transparency-and-control"] {
        assert!(text.lines().any(|line| line.starts_with(name)), "{text}");
    }
}

#[test]
fn a_lesson_plays_headless_with_answers_and_without_a_terminal() {
    let output = shopsim(&[
        "lesson",
        "inverted-u",
        "--headless",
        "--answers",
        "3,2",
        "--shoppers",
        "1500",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("You predicted: 0.75"), "{text}");
    assert!(
        text.contains("You predicted: a little more (1.1x)"),
        "{text}"
    );
    assert!(text.contains("<- most revenue"), "{text}");
    assert!(text.contains("the model:"), "{text}");
    assert!(text.trim_end().ends_with("End of the lesson."), "{text}");
}

#[test]
fn lesson_errors_exit_with_2_and_a_hint() {
    let unknown = shopsim(&["lesson", "nope", "--headless"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("known lessons are: inverted-u"));
    let out_of_range = shopsim(&["lesson", "inverted-u", "--headless", "--answers", "9"]);
    assert_eq!(out_of_range.status.code(), Some(2));
    assert!(stderr(&out_of_range).contains("question 1 has choices 0..=4"));
    let bad_set = shopsim(&[
        "lesson",
        "inverted-u",
        "--headless",
        "--set",
        "simulation.shoppers=-1",
    ]);
    assert_eq!(bad_set.status.code(), Some(2), "{}", stderr(&bad_set));
}

#[test]
fn plot_writes_a_well_formed_svg_with_one_line_per_series() {
    let directory = std::env::temp_dir().join(format!("shopsim-plot-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let out = directory.join("breach.svg");
    let output = shopsim(&[
        "plot",
        "breach-shock",
        "--compare",
        "balanced",
        "--metric",
        "mean_trust",
        "--metric",
        "stated_intent_to_leave",
        "--shoppers",
        "1000",
        "--days",
        "200",
        "--set",
        "simulation.random_breaches=false",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).unwrap();
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    assert!(
        texts.contains(&"Breach shock vs Balanced: mean_trust, stated_intent_to_leave"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"day") && texts.contains(&"share / mean (0-1)"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Balanced: stated_intent_to_leave"),
        "{texts:?}"
    );
    let data_lines = document
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter(|n| {
            n.attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .count()
                > 2
        })
        .count();
    assert_eq!(data_lines, 4, "two metrics for two scenarios");
    let leftovers: Vec<_> = std::fs::read_dir(&directory).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    std::fs::remove_dir_all(&directory).unwrap();

    let png = shopsim(&["plot", "balanced", "--metric", "revenue", "--out", "x.png"]);
    assert_eq!(png.status.code(), Some(2));
    assert!(stderr(&png).contains("SVG only"));
}
