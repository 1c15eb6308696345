//! `shopsim plot --sweep DIR --scatter X,Y` and `--sobol` through the binary, on small
//! sweeps run here.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn shopsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs the experiment `text` into `dir/out` and returns that directory.
fn sweep(dir: &Path, text: &str) -> String {
    let experiment = dir.join("experiment.toml");
    std::fs::write(&experiment, text).unwrap();
    let out = dir.join("out");
    let out = out.to_str().unwrap().to_string();
    let run = shopsim(&["sweep", experiment.to_str().unwrap(), "--out", &out]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

/// The texts of an SVG file's `<text>` elements.
fn texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

const SOBOL: &str = r#"
name = "Tiny Sobol"
base = "balanced"
set = ["simulation.shoppers=200", "simulation.days=30"]
seed = 11
replicates = 2
common_random_numbers = true
design = "sobol"
samples = 8
bootstrap = 50
metrics = ["total_revenue", "final_mean_trust"]
[[parameters]]
key = "strategy.personalization"
range = [0.0, 1.0]
[[parameters]]
key = "strategy.transparency"
range = [0.0, 1.0]
[[parameters]]
key = "strategy.consent"
choices = ["opt-in", "opt-out"]
"#;

#[test]
fn sobol_bars_and_a_scatter_of_a_sobol_sweep() {
    let directory = tempfile::tempdir().unwrap();
    let out = sweep(directory.path(), SOBOL);

    let svg_path = directory.path().join("levers.svg");
    let plot = shopsim(&[
        "plot",
        "--sweep",
        &out,
        "--sobol",
        "--metric",
        "final_mean_trust",
        "--out",
        svg_path.to_str().unwrap(),
    ]);
    assert!(plot.status.success(), "{}", stderr(&plot));
    let shown = texts(&std::fs::read_to_string(&svg_path).unwrap());
    // The floor drawn is the noise share that the report measured.
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(&out).join("report/report.json")).unwrap(),
    )
    .unwrap();
    let share = report["noise"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "final_mean_trust")
        .and_then(|m| m["noise"]["share"].as_f64())
        .expect("two replicates measure the noise");
    for expected in [
        "Tiny Sobol: Sobol indices of final_mean_trust".to_string(),
        "personalization".to_string(),
        "transparency".to_string(),
        "consent".to_string(),
        "first-order index".to_string(),
        "total index".to_string(),
        "(8 base samples)".to_string(),
        format!("seed-noise floor {share:.2}:"),
    ] {
        assert!(
            shown.contains(&expected),
            "missing {expected:?} in {shown:?}"
        );
    }

    let png_path = directory.path().join("levers.png");
    let plot = shopsim(&[
        "plot",
        "--sweep",
        &out,
        "--sobol",
        "--out",
        png_path.to_str().unwrap(),
    ]);
    assert!(plot.status.success(), "{}", stderr(&plot));
    assert_eq!(
        png_size(&std::fs::read(&png_path).unwrap()),
        shopsim::plot::PNG_SIZE
    );

    // A scatter works for any design; 8 x (3 + 2) = 40 points are still numbered.
    let scatter_path = directory.path().join("tradeoff.svg");
    let plot = shopsim(&[
        "plot",
        "--sweep",
        &out,
        "--scatter",
        "total_revenue,final_mean_trust",
        "--out",
        scatter_path.to_str().unwrap(),
    ]);
    assert!(plot.status.success(), "{}", stderr(&plot));
    let svg = std::fs::read_to_string(&scatter_path).unwrap();
    assert_eq!(dots(&svg), 40);
    let shown = texts(&svg);
    for expected in [
        "Tiny Sobol: final_mean_trust against total_revenue",
        "total_revenue (dollars)",
        "final_mean_trust (share / mean, 0-1)",
        "sweep point (means)",
        "0",
        "39",
    ] {
        assert!(
            shown.iter().any(|t| t == expected),
            "missing {expected:?} in {shown:?}"
        );
    }
}

#[test]
fn scatter_and_sobol_mistakes_exit_2_and_say_how_to_fix_them() {
    let directory = tempfile::tempdir().unwrap();
    let out = sweep(
        directory.path(),
        r#"
name = "Tiny grid"
base = "balanced"
set = ["simulation.shoppers=200", "simulation.days=20"]
replicates = 2
metrics = ["final_mean_trust", "total_revenue"]
[[parameters]]
key = "strategy.personalization"
values = [0.0, 1.0]
"#,
    );
    let target = directory.path().join("x.svg");
    let target = target.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["--sobol"], "design = \"sobol\""),
        (&["--scatter", "total_revenue"], "X_METRIC,Y_METRIC"),
        (
            &["--scatter", "total_revenue,revenue"],
            "final_mean_trust, total_revenue",
        ),
        (
            &["--scatter", "total_revenue,total_revenue"],
            "two different metrics",
        ),
        (
            &[
                "--scatter",
                "total_revenue,final_mean_trust",
                "--metric",
                "total_revenue",
            ],
            "cannot be used with",
        ),
    ];
    for (flags, says) in cases {
        let mut args = vec!["plot", "--sweep", &out, "--out", target];
        args.extend_from_slice(flags);
        let output = shopsim(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{flags:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(says),
            "{flags:?}: {}",
            stderr(&output)
        );
    }
    assert!(!Path::new(target).exists());
    // --where keeps the dots of one level.
    let plot = shopsim(&[
        "plot",
        "--sweep",
        &out,
        "--scatter",
        "total_revenue,final_mean_trust",
        "--where",
        "strategy.personalization=1",
        "--out",
        target,
    ]);
    assert!(plot.status.success(), "{}", stderr(&plot));
    let svg = std::fs::read_to_string(target).unwrap();
    assert_eq!(dots(&svg), 1, "one point has personalization 1");
}

/// The filled dots of a scatter, the legend's included.
fn dots(svg: &str) -> usize {
    let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let dots = document
        .descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill") != Some("none"))
        .count();
    // The legend's swatch is one of them.
    dots - 1
}
