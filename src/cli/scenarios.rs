//! `shopsim scenarios`: the preset scenarios and what each one shows.

use super::error::CliError;
use crate::output;
use shopsim::report::format::wrap;
use shopsim::scenario::presets::{presets, DEFAULT_PRESET};
use shopsim::scenario::Scenario;

/// Width the description column is wrapped to.
const DESCRIPTION_WIDTH: usize = 72;

/// Prints the presets as an aligned table: name, then the wrapped description.
pub fn list() -> Result<(), CliError> {
    let mut rows = Vec::new();
    for preset in presets() {
        let scenario = Scenario::preset(preset.name).map_err(|error| {
            CliError::Failure(anyhow::anyhow!("built-in preset is invalid: {error}"))
        })?;
        let name = if preset.name == DEFAULT_PRESET {
            format!("{} (default)", preset.name)
        } else {
            preset.name.to_string()
        };
        rows.push((name, scenario.description));
    }
    Ok(output::print(&table(&rows))?)
}

/// Formats `(name, description)` rows with the descriptions aligned and wrapped.
pub fn table(rows: &[(String, String)]) -> String {
    table_with_header("PRESET", rows)
}

/// [`table`] with another name for the first column (e.g. `LESSON`).
pub fn table_with_header(header: &str, rows: &[(String, String)]) -> String {
    let name_width = rows
        .iter()
        .map(|(name, _)| name.chars().count())
        .chain(std::iter::once(header.len()))
        .max()
        .unwrap_or(0);
    let mut text = format!("{header:name_width$}  DESCRIPTION\n");
    for (name, description) in rows {
        let lines = wrap(description, DESCRIPTION_WIDTH);
        let mut lines = lines.iter();
        let first = lines.next().map_or("", String::as_str);
        text.push_str(format!("{name:name_width$}  {first}").trim_end());
        text.push('\n');
        for line in lines {
            text.push_str(&format!("{:name_width$}  {line}\n", ""));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_start_in_one_column_and_stay_narrow() {
        let rows = vec![
            ("a".to_string(), "short".to_string()),
            ("longer-name".to_string(), "word ".repeat(40)),
        ];
        let text = table(&rows);
        let column = "longer-name".len() + 2;
        for line in text.lines() {
            assert!(line.len() <= column + DESCRIPTION_WIDTH, "{line:?}");
            assert_ne!(line.chars().nth(column), Some(' '), "{line:?}");
        }
        assert!(text.lines().nth(1).is_some_and(|l| l.starts_with("a  ")));
        assert!(text.lines().count() > 3, "the long description wraps");
    }
}
