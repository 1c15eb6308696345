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
    for name in [
        "inverted-u",
        "talk-vs-action",
        "transparency-and-control",
        "max-everything",
        "breach-bill",
    ] {
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
        "4,3",
        "--shoppers",
        "1500",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    // Choices are numbered from 1, as printed: 4 is the fourth choice.
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
    assert!(stderr(&out_of_range).contains("question 1 has choices 1..=5"));
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
fn a_lesson_without_headless_needs_a_terminal_and_says_so() {
    // Standard output is a pipe here, so the terminal UI cannot open.
    let output = shopsim(&["lesson", "talk-vs-action"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("needs a terminal"), "{text}");
    assert!(
        text.contains("shopsim lesson talk-vs-action --headless"),
        "{text}"
    );
    let answers = shopsim(&["lesson", "talk-vs-action", "--answers", "1"]);
    assert_eq!(answers.status.code(), Some(2));
    assert!(stderr(&answers).contains("--answers is for --headless"));
}

#[test]
fn plot_compares_three_sides_with_their_own_overrides() {
    let directory = std::env::temp_dir().join(format!("shopsim-plot-sides-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let out = directory.join("consent.svg");
    let output = shopsim(&[
        "plot",
        "balanced",
        "--compare",
        "balanced",
        "--compare",
        "balanced",
        "--set-b",
        "strategy.consent=opt-in",
        "--set-c",
        "strategy.consent=dashboard",
        "--metric",
        "opt_in_rate",
        "--shoppers",
        "500",
        "--days",
        "30",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_dir_all(&directory);
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    // One legend entry per side, each named by its own override.
    for label in [
        "Balanced: opt_in_rate",
        "Balanced with strategy.consent=opt-in: opt_in_rate",
        "Balanced with strategy.consent=dashboard: opt_in_rate",
    ] {
        assert!(texts.contains(&label), "{label} missing: {texts:?}");
    }
    // A --set-d without a fourth scenario is refused.
    let refused = shopsim(&[
        "plot",
        "balanced",
        "--compare",
        "balanced",
        "--set-d",
        "strategy.security=1",
        "--metric",
        "opt_in_rate",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
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
        // The title names the --set override: the chart is not of the presets as shipped.
        texts.contains(
            &"Breach shock vs Balanced with simulation.random_breaches=false: mean_trust, \
              stated_intent_to_leave"
        ),
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

    let jpeg = shopsim(&["plot", "balanced", "--metric", "revenue", "--out", "x.jpg"]);
    assert_eq!(jpeg.status.code(), Some(2));
    assert!(stderr(&jpeg).contains("must end in .svg or .png"));
}

/// The size in a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn plot_writes_a_png_of_the_slide_size() {
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("breach.png");
    let output = shopsim(&[
        "plot",
        "breach-shock",
        "--metric",
        "mean_trust,stated_intent_to_leave",
        "--shoppers",
        "800",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(png_size(&bytes), shopsim::plot::PNG_SIZE);
    assert_eq!(std::fs::read_dir(directory.path()).unwrap().count(), 1);
}

#[test]
fn plot_sweep_draws_the_response_curve_of_a_sweep_directory() {
    let directory = tempfile::tempdir().unwrap();
    let experiment = directory.path().join("tiny.toml");
    std::fs::write(
        &experiment,
        r#"
name = "Tiny"
base = "balanced"
set = ["simulation.shoppers=300", "simulation.days=40"]
replicates = 2
metrics = ["final_mean_trust", "total_revenue"]
[[parameters]]
key = "strategy.personalization"
values = [0.0, 0.5, 1.0]
[[parameters]]
key = "strategy.transparency"
values = [0.0, 1.0]
"#,
    )
    .unwrap();
    let sweep_dir = directory.path().join("out");
    let sweep_dir = sweep_dir.to_str().unwrap();
    let sweep = shopsim(&["sweep", experiment.to_str().unwrap(), "--out", sweep_dir]);
    assert!(sweep.status.success(), "{}", stderr(&sweep));

    let svg_path = directory.path().join("trust.svg");
    let output = shopsim(&[
        "plot",
        "--sweep",
        sweep_dir,
        "--out",
        svg_path.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    for expected in [
        "Tiny: final_mean_trust",
        "strategy.personalization (0-1)",
        "final_mean_trust (share / mean, 0-1)",
        "transparency = 0.0",
        "transparency = 1.0",
    ] {
        assert!(
            texts.contains(&expected),
            "missing {expected:?} in {texts:?}"
        );
    }
    let lines = document
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter(|n| {
            n.attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .count()
                == 3
        })
        .count();
    assert_eq!(lines, 2, "one line per transparency level through 3 points");
    let bands = document
        .descendants()
        .filter(|n| n.has_tag_name("polygon"))
        .count();
    assert_eq!(bands, 2, "one confidence band per line");

    let png_path = directory.path().join("revenue.png");
    let output = shopsim(&[
        "plot",
        "--sweep",
        sweep_dir,
        "--metric",
        "total_revenue",
        "--x",
        "strategy.transparency",
        "--out",
        png_path.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        png_size(&std::fs::read(&png_path).unwrap()),
        shopsim::plot::PNG_SIZE
    );

    // Mistakes exit with 2 and say what is known.
    let wrong_metric = shopsim(&[
        "plot", "--sweep", sweep_dir, "--metric", "revenue", "--out", "x.svg",
    ]);
    assert_eq!(wrong_metric.status.code(), Some(2));
    assert!(
        stderr(&wrong_metric).contains("final_mean_trust, total_revenue"),
        "{}",
        stderr(&wrong_metric)
    );
    let two_metrics = shopsim(&[
        "plot",
        "--sweep",
        sweep_dir,
        "--metric",
        "total_revenue,final_mean_trust",
        "--out",
        "x.svg",
    ]);
    assert_eq!(two_metrics.status.code(), Some(2));
    let not_a_sweep = shopsim(&[
        "plot",
        "--sweep",
        directory.path().to_str().unwrap(),
        "--out",
        "x.svg",
    ]);
    assert_eq!(not_a_sweep.status.code(), Some(2));
    assert!(
        stderr(&not_a_sweep).contains("plan.json"),
        "{}",
        stderr(&not_a_sweep)
    );
    let mixed = shopsim(&[
        "plot",
        "--sweep",
        sweep_dir,
        "--compare",
        "balanced",
        "--out",
        "x.svg",
    ]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(!directory.path().join("x.svg").exists() && !std::path::Path::new("x.svg").exists());
}
