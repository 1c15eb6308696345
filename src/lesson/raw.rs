//! `RawLesson`: the lesson file as written, every value with its byte span.
//!
//! Steps are one flat struct: which keys a step may use depends on its `kind`, and that is
//! checked in [`super::validate`] so the error can say which kind did not expect the key.

use serde::Deserialize;
use toml::Spanned;

pub(super) type SpannedStrings = Spanned<Vec<Spanned<String>>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLesson {
    pub name: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub scenario: Option<Spanned<String>>,
    pub set: Option<SpannedStrings>,
    #[serde(default)]
    pub steps: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    pub kind: Option<Spanned<String>>,
    pub text: Option<Spanned<String>>,
    pub question: Option<Spanned<String>>,
    pub choices: Option<SpannedStrings>,
    pub values: Option<Spanned<Vec<Spanned<f64>>>>,
    pub measure: Option<Spanned<String>>,
    pub to_day: Option<Spanned<i64>>,
    pub set: Option<SpannedStrings>,
    pub inject: Option<Spanned<RawInjection>>,
    pub vary: Option<Spanned<String>>,
    pub variants: Option<Spanned<Vec<Spanned<RawVariant>>>>,
    pub days: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInjection {
    pub kind: Option<Spanned<String>>,
    pub severity: Option<Spanned<f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVariant {
    pub label: Option<Spanned<String>>,
    pub set: Option<SpannedStrings>,
}

pub(super) const TOP_LEVEL_KEYS: &[&str] =
    &["name", "title", "summary", "scenario", "set", "steps"];
pub(super) const STEP_KEYS: &[&str] = &[
    "kind", "text", "question", "choices", "values", "measure", "to_day", "set", "inject", "vary",
    "variants", "days",
];
pub(super) const INJECT_KEYS: &[&str] = &["kind", "severity"];
pub(super) const VARIANT_KEYS: &[&str] = &["label", "set"];

/// The table a dotted key belongs to (for messages) and the keys that table accepts.
pub(super) fn allowed_keys(key_path: &str) -> (&'static str, &'static [&'static str]) {
    let parent = key_path.rsplit_once('.').map_or("", |(parent, _)| parent);
    if parent.contains(".inject") {
        ("in `inject`", INJECT_KEYS)
    } else if parent.contains(".variants") {
        ("in a sweep variant", VARIANT_KEYS)
    } else if parent.starts_with("steps") {
        ("in [[steps]]", STEP_KEYS)
    } else {
        ("at the top level of a lesson", TOP_LEVEL_KEYS)
    }
}

/// What a key's value must look like, for wrong-type messages.
pub(super) fn expected_value(key_path: &str) -> Option<&'static str> {
    let leaf = key_path.rsplit('.').next().unwrap_or(key_path);
    let leaf = leaf.split('[').next().unwrap_or(leaf);
    let in_array = key_path.ends_with(']');
    Some(match (leaf, in_array) {
        ("set" | "choices", false) => "an array of strings",
        ("set" | "choices", true) => "a string",
        ("values", false) => "an array of numbers",
        ("values", true) => "a number",
        ("to_day" | "days", _) => "a whole day number >= 1",
        ("severity", _) => "a number within 0..1",
        ("inject", _) => "an inline table, e.g. { kind = \"breach\", severity = 0.6 }",
        ("variants", false) => "an array of inline tables { label = \"...\", set = [...] }",
        ("variants", true) => "an inline table { label = \"...\", set = [...] }",
        ("steps", _) => "an array of tables, each written [[steps]]",
        (
            "name" | "title" | "summary" | "scenario" | "kind" | "text" | "question" | "measure"
            | "vary" | "label",
            _,
        ) => "a string",
        _ => return None,
    })
}
