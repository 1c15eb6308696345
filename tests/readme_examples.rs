//! The README's command samples agree with the program.
//!
//! Every fenced block of README.md whose first line is `$ shopsim ...` and that shows output
//! is run here (the binary, from the repository's root, standard input empty) and its output
//! compared with the block. A block may leave parts out: a line that is exactly `...` (after
//! indentation) stands for any number of lines. A block that cannot be checked (e.g. it shows
//! a timing) says so on the line before it: `<!-- not checked: REASON -->`.
//!
//! When the model changes on purpose, regenerate the samples:
//!
//! ```text
//! SHOPSIM_BLESS=1 cargo test --release --test readme_examples
//! ```
//!
//! Blessing rewrites each shown line with the line of the new output it stands for (matched
//! by its words, digits aside), keeps the `...` elisions, and fails, naming the block, when
//! the output's wording changed so much that a line has no counterpart: edit that block by
//! hand.

use std::path::Path;
use std::process::{Command, Stdio};

const BLESS: &str = "SHOPSIM_BLESS";
const SKIP: &str = "<!-- not checked:";
const ELISION: &str = "...";

/// A command sample: where its output lines are in the README, the command, the lines shown.
struct Sample {
    /// Index (0-based) of the README line the block's first output line is on.
    output_start: usize,
    command: String,
    shown: Vec<String>,
}

/// The samples of a README text; blocks marked as not checked and blocks without output are
/// left out.
fn samples(readme: &str) -> Vec<Sample> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut samples = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let opens = line.starts_with("```") && line.len() > 3;
        let next = lines.get(index + 1).copied().unwrap_or_default();
        let skipped = index > 0 && lines[index - 1].trim_start().starts_with(SKIP);
        if !(opens && next.starts_with("$ shopsim ")) || skipped {
            index += 1;
            continue;
        }
        // The command, with its `\` continuation lines.
        let mut cursor = index + 1;
        let mut command = String::new();
        loop {
            let part = lines[cursor].trim_start_matches("$ ").trim();
            cursor += 1;
            match part.strip_suffix('\\') {
                Some(part) => {
                    command.push_str(part);
                    command.push(' ');
                }
                None => {
                    command.push_str(part);
                    break;
                }
            }
        }
        let output_start = cursor;
        while cursor < lines.len() && lines[cursor] != "```" {
            cursor += 1;
        }
        let shown: Vec<String> = lines[output_start..cursor]
            .iter()
            .map(|line| line.to_string())
            .collect();
        let has_output = !shown.is_empty() && !shown.iter().any(|line| line.starts_with("$ "));
        if has_output {
            samples.push(Sample {
                output_start,
                command,
                shown,
            });
        }
        index = cursor + 1;
    }
    samples
}

/// Splits a command line like a shell would, for the plain words and quotes the README uses.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut in_word = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

fn run(command: &str) -> Vec<String> {
    let words = words(command);
    assert_eq!(
        words.first().map(String::as_str),
        Some("shopsim"),
        "{command}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .args(&words[1..])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .output()
        .expect("the shopsim binary runs");
    assert!(
        output.status.success(),
        "`{command}` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|line| line.trim_end().to_string())
        .collect()
}

/// A line's words without its digits: what stays when only the figures change.
fn shape(line: &str) -> String {
    // A sign before a figure is part of it: a difference may change sign.
    let chars: Vec<char> = line.chars().collect();
    let without_digits: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let signs_a_figure = matches!(c, '+' | '-')
                && chars
                    .get(i + 1)
                    .is_some_and(|next| next.is_ascii_digit() || *next == '$');
            if c.is_ascii_digit() || signs_a_figure {
                '#'
            } else {
                c
            }
        })
        .collect();
    let mut shape = String::new();
    for word in without_digits.split_whitespace() {
        // Runs of digits and separators of one figure collapse to one mark.
        let mut last = ' ';
        for c in word.chars() {
            let c = if matches!(c, ',' | '.') && last == '#' {
                '#'
            } else {
                c
            };
            if !(c == '#' && last == '#') {
                shape.push(c);
            }
            last = c;
        }
        shape.push(' ');
    }
    shape
}

fn is_elision(line: &str) -> bool {
    line.trim() == ELISION
}

/// For each shown line, the index of the output line it stands for (`None` for an
/// elision), matched by [`shape`] (an elision tries every length, the shortest first);
/// `Err` names the shown line that has no counterpart.
fn align(shown: &[String], output: &[String]) -> Result<Vec<Option<usize>>, String> {
    let shapes: Vec<String> = output.iter().map(|line| shape(line)).collect();
    let mut aligned = Vec::with_capacity(shown.len());
    let mut furthest = 0;
    if align_from(shown, &shapes, 0, false, &mut aligned, &mut furthest) {
        return Ok(aligned);
    }
    Err(match shown.get(furthest) {
        Some(line) => format!("no output line like {line:?} where the block shows it"),
        None => "the output goes on after the last line shown".to_string(),
    })
}

fn align_from(
    shown: &[String],
    shapes: &[String],
    cursor: usize,
    elided: bool,
    aligned: &mut Vec<Option<usize>>,
    furthest: &mut usize,
) -> bool {
    let position = aligned.len();
    *furthest = (*furthest).max(position);
    let Some(line) = shown.get(position) else {
        return elided || cursor == shapes.len();
    };
    if is_elision(line) {
        aligned.push(None);
        if align_from(shown, shapes, cursor, true, aligned, furthest) {
            return true;
        }
        aligned.pop();
        return false;
    }
    let wanted = shape(line);
    let last = if elided {
        shapes.len()
    } else {
        (cursor + 1).min(shapes.len())
    };
    for at in cursor..last {
        if shapes[at] == wanted {
            aligned.push(Some(at));
            if align_from(shown, shapes, at + 1, false, aligned, furthest) {
                return true;
            }
            aligned.pop();
        }
    }
    false
}

#[test]
fn readme_command_samples_match_the_program() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let samples = samples(&readme);
    assert!(samples.len() >= 4, "only {} samples found", samples.len());
    let bless = std::env::var_os(BLESS).is_some();
    let mut lines: Vec<String> = readme.lines().map(str::to_string).collect();
    let mut failures = Vec::new();
    for sample in &samples {
        let output = run(&sample.command);
        let aligned = match align(&sample.shown, &output) {
            Ok(aligned) => aligned,
            Err(why) => {
                failures.push(format!(
                    "README.md:{} `{}`: {why}; edit the block by hand\n--- the program prints:\n{}",
                    sample.output_start + 1,
                    sample.command,
                    output.join("\n")
                ));
                continue;
            }
        };
        for (offset, (shown, at)) in sample.shown.iter().zip(aligned).enumerate() {
            let Some(at) = at else { continue };
            if shown.trim_end() != output[at] {
                if bless {
                    lines[sample.output_start + offset] = output[at].clone();
                } else {
                    failures.push(format!(
                        "README.md:{} `{}`:\n  README:  {shown}\n  program: {}",
                        sample.output_start + offset + 1,
                        sample.command,
                        output[at]
                    ));
                }
            }
        }
    }
    if bless {
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(&path, text).expect("README.md is writable");
    }
    assert!(
        failures.is_empty(),
        "README samples disagree with the program (regenerate with {BLESS}=1 cargo test \
         --release --test readme_examples):\n{}",
        failures.join("\n")
    );
}

#[test]
fn elisions_and_shapes_align_samples_with_output() {
    let output: Vec<String> = [
        "head 1",
        "a 1",
        "b 2",
        "c 3",
        "revenue $1,234 10.9 %",
        "end",
    ]
    .map(str::to_string)
    .to_vec();
    let shown: Vec<String> = ["head 1", "...", "revenue $257,608 12.00 %", "end"]
        .map(str::to_string)
        .to_vec();
    assert_eq!(
        align(&shown, &output),
        Ok(vec![Some(0), None, Some(4), Some(5)])
    );
    // Without an elision every line must be shown, and a changed wording has no counterpart.
    assert!(align(&shown[..1], &output).is_err());
    let reworded: Vec<String> = ["head 1", "...", "income $1"].map(str::to_string).to_vec();
    assert!(align(&reworded, &output).is_err());
    assert_eq!(
        words(r#"shopsim plot x --title "Breach shock: a" --out b.png"#),
        [
            "shopsim",
            "plot",
            "x",
            "--title",
            "Breach shock: a",
            "--out",
            "b.png"
        ]
    );
    let found = samples("text\n```console\n$ shopsim lessons\nLESSON\n```\n<!-- not checked: slow -->\n```text\n$ shopsim sweep x\nsweep: 1 s\n```\n```console\n$ shopsim a \\\n  --b\n$ shopsim c\n```\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].command, "shopsim lessons");
    assert_eq!(found[0].output_start, 3);
    assert_eq!(found[0].shown, ["LESSON"]);
}
