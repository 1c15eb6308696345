//! `shopsim validate`: check scenario files, reporting every file.

use super::error::CliError;
use super::load;
use super::ValidateArgs;
use crate::output;
use std::process::ExitCode;

pub const EXAMPLES: &str = "\
Examples:
  shopsim validate my-shop.toml
  shopsim validate scenarios/*.toml

Prints `FILE: ok` on standard output for each valid file. For an invalid file, prints
`FILE:LINE:COLUMN: message` and a hint on standard error; the exit status is then 2.";

/// Checks every file; valid ones are listed on stdout, errors go to stderr.
pub fn validate(args: &ValidateArgs) -> Result<(), CliError> {
    let mut valid = String::new();
    let mut failures = 0usize;
    for path in &args.files {
        let shown = path.display().to_string();
        match load::read_file(path) {
            Ok(_) => valid.push_str(&format!("{shown}: ok\n")),
            Err(error) => {
                // Keep stdout and stderr in file order for a reader of both.
                output::print(&valid)?;
                valid.clear();
                failures += 1;
                output::print_error(&error.describe());
            }
        }
    }
    output::print(&valid)?;
    if failures == 0 {
        Ok(())
    } else {
        output::print_error(&format!(
            "{failures} of {} file{} invalid",
            args.files.len(),
            if args.files.len() == 1 { "" } else { "s" }
        ));
        Err(CliError::Reported(ExitCode::from(2)))
    }
}
