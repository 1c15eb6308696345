//! Helpers shared by the end-to-end tests that run the `shopsim` binary.

#![allow(dead_code)] // each test crate uses its own subset of these helpers

use serde_json::Value;
use std::process::{Command, Output};

pub fn shopsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the shopsim binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

pub fn success(args: &[&str]) -> String {
    let output = shopsim(args);
    assert!(
        output.status.success(),
        "{args:?}: status {:?}, stderr: {}",
        output.status,
        stderr(&output)
    );
    stdout(&output)
}

pub fn json(args: &[&str]) -> Value {
    serde_json::from_str(&success(args)).expect("valid JSON")
}

pub fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
}

pub const SMALL: [&str; 4] = ["--shoppers", "1500", "--days", "60"];

pub fn with_small<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend_from_slice(&SMALL);
    all
}
