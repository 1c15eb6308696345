//! Maps a byte span from a TOML error back to the dotted key path it belongs to.
//!
//! serde errors from the `toml` crate carry a span but not the key, so the text is parsed
//! once more with `toml_edit`, whose document keeps the span of every key and value.

use std::ops::Range;
use toml_edit::{ImDocument, Item, Table, Value};

/// The dotted path (`strategy.personalization`, `events[1].day`) of the innermost key whose
/// key or value span contains `span.start`; `None` when the text does not parse or no key
/// matches (e.g. the span is a table header of an unknown table's parent).
pub(crate) fn key_path_at(text: &str, span: &Range<usize>) -> Option<String> {
    let document = ImDocument::parse(text).ok()?;
    search_table(document.as_table(), "", span.start)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn contains(span: Option<Range<usize>>, offset: usize) -> bool {
    span.is_some_and(|span| span.start <= offset && offset < span.end.max(span.start + 1))
}

fn search_table(table: &Table, prefix: &str, offset: usize) -> Option<String> {
    for (name, _) in table.iter() {
        let Some((key, item)) = table.get_key_value(name) else {
            continue;
        };
        let path = join(prefix, name);
        if let Some(found) = search_item(item, &path, offset) {
            return Some(found);
        }
        if contains(key.span(), offset) {
            return Some(path);
        }
    }
    None
}

fn search_item(item: &Item, path: &str, offset: usize) -> Option<String> {
    match item {
        Item::None => None,
        Item::Value(value) => search_value(value, path, offset),
        Item::Table(table) => search_table(table, path, offset)
            .or_else(|| contains(table.span(), offset).then(|| path.to_string())),
        Item::ArrayOfTables(array) => array.iter().enumerate().find_map(|(index, table)| {
            let element = format!("{path}[{index}]");
            search_table(table, &element, offset)
                .or_else(|| contains(table.span(), offset).then_some(element))
        }),
    }
}

fn search_value(value: &Value, path: &str, offset: usize) -> Option<String> {
    let inner = match value {
        Value::Array(array) => array.iter().enumerate().find_map(|(index, element)| {
            search_value(element, &format!("{path}[{index}]"), offset)
        }),
        Value::InlineTable(table) => table.iter().find_map(|(name, _)| {
            let (key, item) = table.get_key_value(name)?;
            let inner_path = join(path, name);
            search_item(item, &inner_path, offset)
                .or_else(|| contains(key.span(), offset).then_some(inner_path))
        }),
        _ => None,
    };
    inner.or_else(|| contains(value.span(), offset).then(|| path.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(text: &str, needle: &str) -> Option<String> {
        let start = text.find(needle)?;
        key_path_at(text, &(start..start + needle.len()))
    }

    #[test]
    fn finds_keys_and_values_in_tables_arrays_and_inline_tables() {
        let text = "name = \"x\"\n[strategy]\npersonalization = 0.5\n\
                    [[events]]\nday = 3\n[[events]]\nday = 4\nkind = \"breach\"\n\
                    [population]\nmix = { a = 17 }\n";
        assert_eq!(path_of(text, "\"x\"").as_deref(), Some("name"));
        assert_eq!(
            path_of(text, "0.5").as_deref(),
            Some("strategy.personalization")
        );
        assert_eq!(
            path_of(text, "personalization").as_deref(),
            Some("strategy.personalization")
        );
        assert_eq!(path_of(text, "4").as_deref(), Some("events[1].day"));
        assert_eq!(
            path_of(text, "\"breach\"").as_deref(),
            Some("events[1].kind")
        );
        assert_eq!(path_of(text, "17").as_deref(), Some("population.mix.a"));
        assert_eq!(key_path_at("a = ", &(0..1)), None);
    }
}
