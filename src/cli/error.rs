//! Errors of the command line and the exit codes they map to.

use shopsim::scenario::ScenarioError;
use std::fmt;
use std::process::ExitCode;

/// Why a command failed. Input errors exit with 2, other failures with 1.
#[derive(Debug)]
pub enum CliError {
    /// The user's input is wrong: a scenario, a file name, a flag's value.
    Input {
        message: String,
        hint: Option<String>,
    },
    /// Valid input, but the work failed (e.g. the output could not be written).
    Failure(anyhow::Error),
    /// The command already reported its problems on stderr (e.g. `validate`).
    Reported(ExitCode),
}

impl CliError {
    pub fn input(message: impl Into<String>) -> CliError {
        CliError::Input {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(self, hint: impl Into<String>) -> CliError {
        match self {
            CliError::Input { message, .. } => CliError::Input {
                message,
                hint: Some(hint.into()),
            },
            other => other,
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Input { .. } => ExitCode::from(2),
            CliError::Failure(_) => ExitCode::from(1),
            CliError::Reported(code) => *code,
        }
    }
}

impl CliError {
    /// The message without the `error: ` prefix: for an invalid scenario file,
    /// `path:line:col: message` and a `  hint: ...` line.
    pub fn describe(&self) -> String {
        match self {
            CliError::Input { message, hint } => match hint {
                Some(hint) => format!("{message}\n  hint: {hint}"),
                None => message.clone(),
            },
            // `{:#}` prints the whole context chain on one line.
            CliError::Failure(error) => format!("{error:#}"),
            CliError::Reported(_) => String::new(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Reported(_) => Ok(()),
            _ => write!(f, "error: {}", self.describe()),
        }
    }
}

impl From<ScenarioError> for CliError {
    /// A scenario error displays as `origin:line:col: message` plus its hint line.
    fn from(error: ScenarioError) -> CliError {
        CliError::input(error.to_string())
    }
}

impl From<anyhow::Error> for CliError {
    fn from(error: anyhow::Error) -> CliError {
        CliError::Failure(error)
    }
}

impl From<crate::output::FileError> for CliError {
    /// A refused file is the user's input to fix (exit 2); a failed write is not (exit 1).
    fn from(error: crate::output::FileError) -> CliError {
        match error {
            crate::output::FileError::Refused { message, hint } => {
                CliError::input(message).with_hint(hint)
            }
            crate::output::FileError::Failed(error) => CliError::Failure(error),
        }
    }
}
