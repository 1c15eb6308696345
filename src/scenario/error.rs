//! [`ScenarioError`]: what went wrong in a scenario file or a `--set` override, and where.

use std::fmt;
use std::ops::Range;

/// A position in a scenario text, both 1-based. The column counts characters, not bytes.
/// (`u32` keeps [`ScenarioError`] small; a scenario file has far fewer lines.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

impl Location {
    /// The line and column of byte `offset` in `text`; offsets past the end (or inside a
    /// multi-byte character) resolve to the nearest character before them.
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let mut line = 1usize;
        let mut column = 1usize;
        for (index, ch) in text.char_indices() {
            if index >= offset {
                break;
            }
            if ch == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Location {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

/// The class of a [`ScenarioError`], for callers that react differently to each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not valid TOML.
    Syntax,
    /// A key that the format does not know.
    UnknownKey,
    /// A value of the wrong type (e.g. a string where a number belongs).
    WrongType,
    /// A required key is absent (only inside `[[events]]`).
    MissingKey,
    /// A number outside its allowed range.
    OutOfRange,
    /// The population shares do not sum to 1.
    SharesDoNotSumToOne,
    /// An event or strategy change scheduled on day 0 or after the last simulated day.
    EventOutsideRun,
    /// A `[[changes]]` entry not after the one before it (they go in day order, one a day).
    ChangesOutOfOrder,
    /// A string that is not one of the allowed choices.
    InvalidChoice,
    /// A `--set` argument that is not `KEY=VALUE`, or that names something not settable.
    MalformedOverride,
    /// A preset name that does not exist.
    UnknownPreset,
    /// A lesson name that does not exist.
    UnknownLesson,
    /// A lesson step that cannot happen where it stands: a run that goes back in time, a
    /// measurement used before what it needs has happened, a prediction never debriefed.
    StepOutOfOrder,
    /// A `{placeholder}` in a lesson text that names no measurement.
    UnknownPlaceholder,
}

/// An error in a scenario file, a `--set` override or a preset name.
///
/// Displays as one line, `origin:line:column: message`, followed by `  hint: ...` on a
/// second line when there is a hint. The location is absent for overrides and preset names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// Where the text came from: a file path as given by the caller, or `--set KEY=VALUE`.
    pub origin: String,
    /// Where in the text the offending value (or key) starts.
    pub location: Option<Location>,
    /// Dotted path of the offending key, e.g. `strategy.personalization` or `events[0].day`;
    /// empty when the error is not about one key (e.g. a syntax error).
    pub key: String,
    pub kind: ErrorKind,
    /// A full sentence saying what was found and what is allowed; it names the key itself.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render(self, f)
    }
}

fn render(error: &ScenarioError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&error.origin)?;
    if let Some(location) = error.location {
        write!(f, ":{}:{}", location.line, location.column)?;
    }
    write!(f, ": {}", error.message)?;
    if let Some(hint) = &error.hint {
        write!(f, "\n  hint: {hint}")?;
    }
    Ok(())
}

/// The text being read and where it came from: turns byte spans into located errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub origin: &'a str,
}

impl Source<'_> {
    /// The line and column where `span` starts.
    pub fn location(&self, span: Range<usize>) -> Location {
        Location::of_offset(self.text, span.start)
    }

    pub fn error(
        &self,
        kind: ErrorKind,
        key: impl Into<String>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> ScenarioError {
        ScenarioError {
            origin: self.origin.to_string(),
            location: span.map(|span| self.location(span)),
            key: key.into(),
            kind,
            message: message.into(),
            hint: None,
        }
    }
}

impl ScenarioError {
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> ScenarioError {
        self.hint = Some(hint.into());
        self
    }

    /// An error that is not tied to a place in a text (overrides, preset names).
    pub(crate) fn unlocated(
        origin: impl Into<String>,
        kind: ErrorKind,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> ScenarioError {
        ScenarioError {
            origin: origin.into(),
            location: None,
            key: key.into(),
            kind,
            message: message.into(),
            hint: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 4),
            Location { line: 1, column: 5 }
        );
        // "bé = " is 6 bytes but 5 characters: the value starts at column 6.
        assert_eq!(
            Location::of_offset(text, 6 + 6),
            Location { line: 2, column: 6 }
        );
        assert_eq!(
            Location::of_offset(text, 999),
            Location { line: 3, column: 1 }
        );
    }

    #[test]
    fn display_is_one_line_plus_an_optional_hint() {
        let source = Source {
            text: "[strategy]\npersonalization = 1.4\n",
            origin: "x.toml",
        };
        let error = source.error(
            ErrorKind::OutOfRange,
            "strategy.personalization",
            Some(29..32),
            "strategy.personalization must be within 0..1, got 1.4",
        );
        assert_eq!(
            error.to_string(),
            "x.toml:2:19: strategy.personalization must be within 0..1, got 1.4"
        );
        let error = error.with_hint("write a fraction");
        assert!(error.to_string().ends_with("1.4\n  hint: write a fraction"));
    }
}
