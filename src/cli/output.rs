//! Where reports go: standard output, or a file written atomically.

use super::error::CliError;
use anyhow::Context;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The destination given by `--out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// No `--out`, or `--out -`, means standard output.
    pub fn from_arg(out: Option<&Path>) -> Destination {
        match out {
            None => Destination::Stdout,
            Some(path) if path.as_os_str() == "-" => Destination::Stdout,
            Some(path) => Destination::File(path.to_path_buf()),
        }
    }

    /// Runs `write` on a buffered writer to this destination.
    ///
    /// Standard output: a closed pipe (`shopsim run | head -3`) ends the output quietly
    /// and counts as success. File: the bytes go to a temporary file in the same
    /// directory, which is renamed over the target only once complete, so an interrupted
    /// run never leaves a truncated file behind under the target's name.
    pub fn write(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), CliError> {
        match self {
            Destination::Stdout => write_stdout(write),
            Destination::File(path) => write_file_atomically(path, write),
        }
    }
}

/// Writes to standard output; a broken pipe is not an error.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = write(&mut out).and_then(|()| out.flush());
    match result {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            // Nobody is reading any more; drop what is still buffered without retrying.
            let (_, _) = out.into_parts();
            Ok(())
        }
        Err(error) => Err(CliError::Failure(
            anyhow::Error::new(error).context("cannot write to standard output"),
        )),
    }
}

fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), CliError> {
    if path.is_dir() {
        return Err(CliError::input(format!(
            "cannot write {}: it is a directory",
            path.display()
        ))
        .with_hint("give a file path such as --out results.csv"));
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| {
            CliError::input(format!("--out {}: not a file name", path.display()))
                .with_hint("give a file path such as --out results.csv, or - for standard output")
        })?
        .to_string_lossy()
        .into_owned();
    // A dot-prefixed, clearly partial name: leftovers of a killed run are easy to spot.
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    // Like a file created by `>`: readable by others unless the umask says otherwise
    // (temporary files are otherwise private to their owner).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temporary = builder.tempfile_in(directory).map_err(|error| {
        let reason = match error.kind() {
            io::ErrorKind::NotFound => "the directory does not exist".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => error.to_string(),
        };
        CliError::input(format!("cannot write {}: {reason}", path.display())).with_hint(format!(
            "check that the directory {} exists and is writable",
            directory.display()
        ))
    })?;
    let written = (|| -> anyhow::Result<()> {
        let mut out = BufWriter::new(temporary.as_file());
        write(&mut out)?;
        out.flush()?;
        drop(out);
        temporary.as_file().sync_all()?;
        Ok(())
    })()
    .with_context(|| format!("cannot write {}", path.display()));
    // On error the temporary file is deleted when dropped.
    written?;
    temporary
        .persist(path)
        .map_err(|error| anyhow::Error::new(error.error))
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Writes text to standard output, treating a closed pipe as success.
pub fn print(text: &str) -> Result<(), CliError> {
    write_stdout(|out| out.write_all(text.as_bytes()))
}

/// Writes one line to standard error; if even that fails there is nobody to tell.
pub fn print_error(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_and_nothing_mean_stdout() {
        assert_eq!(Destination::from_arg(None), Destination::Stdout);
        assert_eq!(
            Destination::from_arg(Some(Path::new("-"))),
            Destination::Stdout
        );
        assert_eq!(
            Destination::from_arg(Some(Path::new("a.csv"))),
            Destination::File(PathBuf::from("a.csv"))
        );
    }

    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("shopsim-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    }

    #[test]
    fn failed_write_leaves_neither_target_nor_temporary_file() {
        let dir = scratch_dir("failed");
        let target = dir.join("out.csv");
        let result = Destination::File(target.clone()).write(|out| {
            out.write_all(b"day,revenue\n1,")?;
            Err(io::Error::other("simulated failure"))
        });
        assert!(matches!(result, Err(CliError::Failure(_))));
        assert!(!target.exists());
        let left: Vec<_> = std::fs::read_dir(&dir).expect("readable").collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn successful_write_replaces_the_target_completely() {
        let dir = scratch_dir("success");
        let target = dir.join("out.csv");
        std::fs::write(&target, "old content that is longer than the new one").expect("seed");
        Destination::File(target.clone())
            .write(|out| out.write_all(b"new\n"))
            .expect("writes");
        assert_eq!(std::fs::read_to_string(&target).expect("readable"), "new\n");
        let entries = std::fs::read_dir(&dir).expect("readable").count();
        assert_eq!(entries, 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
