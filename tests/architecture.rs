//! The invariants of `docs/ARCHITECTURE.md`, checked on the source text:
//!
//! - layers only point down: each library module imports only the modules below it, and
//!   the TUI never imports the CLI;
//! - the library does no I/O: no files, no printing, no exiting, outside tests;
//! - only the engine's kernel is `unsafe`;
//! - no source file is over 600 lines unless ARCHITECTURE.md says why.
//!
//! Comment lines are skipped, so doc links to a higher layer are allowed (they do not
//! compile into a dependency).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Each library module and the modules it may import (`crate::NAME`), lowest first.
const LIBRARY_LAYERS: &[(&str, &[&str])] = &[
    ("units", &[]),
    ("rng", &[]),
    ("model", &["units", "rng"]),
    ("scenario", &["units", "rng", "model"]),
    ("sim", &["units", "rng", "model", "scenario"]),
    ("calibration", &["units", "rng", "model", "scenario", "sim"]),
    ("report", &["units", "rng", "model", "scenario", "sim"]),
    (
        "sweep",
        &["units", "rng", "model", "scenario", "sim", "report"],
    ),
    (
        "lesson",
        &["units", "rng", "model", "scenario", "sim", "report"],
    ),
    (
        "plot",
        &[
            "units", "rng", "model", "scenario", "sim", "report", "sweep",
        ],
    ),
];

/// The binary's modules and the binary modules each may import (the library is
/// reached as `shopsim::`, which every binary module may use).
const BINARY_LAYERS: &[(&str, &[&str])] = &[
    ("output", &[]),
    ("tui", &["output"]),
    ("cli", &["output", "tui"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files of a top-level module (`src/NAME.rs` or `src/NAME/**.rs`).
fn module_files(name: &str) -> Vec<PathBuf> {
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    let file = src.join(format!("{name}.rs"));
    if file.exists() {
        files.push(file);
    }
    rust_files(&src.join(name), &mut files);
    files
}

/// The code of a file without comment lines and without its test module (everything
/// from the first `#[cfg(test)]`); files named `tests.rs` are all test code.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    let text = fs::read_to_string(path).expect("a readable source file");
    text.lines()
        .enumerate()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(i, line)| (i + 1, line.to_string()))
        .collect()
}

/// The `crate::NAME` modules a line refers to.
fn crate_references(line: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::{a, b}` lists several at once.
        if let Some(list) = after.strip_prefix('{') {
            let inner = list.split('}').next().unwrap_or_default();
            for part in inner.split(',') {
                let part = part.trim().split("::").next().unwrap_or_default();
                if !part.is_empty() {
                    found.insert(part.to_string());
                }
            }
        } else if !name.is_empty() {
            found.insert(name);
        }
        rest = after;
    }
    found
}

fn check_layers(layers: &[(&str, &[&str])]) -> Vec<String> {
    let mut problems = Vec::new();
    for (module, allowed) in layers {
        for file in module_files(module) {
            for (number, line) in code_lines(&file) {
                for target in crate_references(&line) {
                    let known = layers.iter().any(|(name, _)| *name == target);
                    if target != *module && known && !allowed.contains(&target.as_str()) {
                        problems.push(format!(
                            "{}:{number}: `{module}` imports `crate::{target}`, a layer it may not reach",
                            file.display()
                        ));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn library_layers_only_point_down() {
    let problems = check_layers(LIBRARY_LAYERS);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every library module is in the table, so a new one must be placed deliberately.
    let lib = fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).expect("src/lib.rs");
    for line in lib.lines().filter(|l| l.starts_with("pub mod ")) {
        let name = line.trim_start_matches("pub mod ").trim_end_matches(';');
        assert!(
            LIBRARY_LAYERS.iter().any(|(m, _)| *m == name),
            "module `{name}` of src/lib.rs has no place in LIBRARY_LAYERS"
        );
    }
}

#[test]
fn binary_layers_only_point_down() {
    let problems = check_layers(BINARY_LAYERS);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_layer_check_can_fail() {
    assert_eq!(
        crate_references("use crate::sim::engine::Engine; use crate::{model, units::Cents};"),
        ["model", "sim", "units"].map(String::from).into()
    );
    // A made-up table where `model` may import nothing finds model's real imports.
    let problems = check_layers(&[("model", &[]), ("units", &[])]);
    assert!(problems.iter().any(|p| p.contains("`crate::units`")));
}

#[test]
fn the_library_does_no_io() {
    let forbidden = [
        "std::fs",
        "File::open",
        "File::create",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "std::io::stdout",
        "std::io::stderr",
        "std::process::exit",
        "thread_rng",
    ];
    let mut problems = Vec::new();
    for (module, _) in LIBRARY_LAYERS {
        for file in module_files(module) {
            for (number, line) in code_lines(&file) {
                for word in forbidden.iter().filter(|w| line.contains(**w)) {
                    problems.push(format!("{}:{number}: `{word}`", file.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_the_kernel_is_unsafe() {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    let kernel = Path::new(ROOT).join("src/sim/kernel");
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&kernel)) {
        for (number, line) in code_lines(file) {
            if line.contains("unsafe {")
                || line.contains("unsafe fn")
                || line.contains("unsafe impl")
            {
                problems.push(format!("{}:{number}", file.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "unsafe outside the kernel:\n{}",
        problems.join("\n")
    );
}

#[test]
fn long_files_are_explained() {
    let architecture = fs::read_to_string(Path::new(ROOT).join("docs/ARCHITECTURE.md"))
        .expect("docs/ARCHITECTURE.md");
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    rust_files(&Path::new(ROOT).join("tests"), &mut files);
    let mut problems = Vec::new();
    for file in files {
        let lines = fs::read_to_string(&file)
            .expect("a source file")
            .lines()
            .count();
        let relative = file
            .strip_prefix(ROOT)
            .expect("under the crate")
            .display()
            .to_string();
        if lines > 600 && !architecture.contains(&format!("`{relative}`")) {
            problems.push(format!("{relative} has {lines} lines"));
        }
    }
    assert!(
        problems.is_empty(),
        "files over 600 lines need a sentence in docs/ARCHITECTURE.md (\"Long files\") naming them:\n{}",
        problems.join("\n")
    );
}
