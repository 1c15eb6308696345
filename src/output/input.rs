//! Reading the user's input files safely (see the parent module's docs), and
//! remembering them so that no output replaces them.

use super::{kind_name, FileError};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;
#[cfg(not(unix))]
use std::path::PathBuf;
use std::sync::Mutex;

/// A file's identity: device and inode on Unix, the canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] Option<PathBuf>);

#[cfg(unix)]
fn file_id(metadata: &fs::Metadata, _: &Path) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &fs::Metadata, path: &Path) -> FileId {
    FileId(fs::canonicalize(path).ok())
}

/// The files read as inputs by this process, which are never written over.
static INPUTS: Mutex<Vec<FileId>> = Mutex::new(Vec::new());

pub(super) fn is_input(metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        let id = file_id(metadata, Path::new(""));
        INPUTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .contains(&id)
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

/// Size limits of inputs: scenarios and experiments are a few KB, plans grow with their
/// points (100 MB is ample for the 10 million runs an experiment may have).
pub const TEXT_FILE_LIMIT: u64 = 1 << 20;
pub const PLAN_FILE_LIMIT: u64 = 100 << 20;

/// Reads an input text file: a regular file of at most `limit` bytes, valid UTF-8. It is
/// then remembered as an input, which this process refuses to write over. `hint` says
/// what the command expects.
pub fn read_input(path: &Path, limit: u64, hint: &str) -> Result<String, FileError> {
    let text = read_regular(path, Some(limit), hint)?;
    if let Ok(metadata) = fs::metadata(path) {
        INPUTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(file_id(&metadata, path));
    }
    Ok(text)
}

/// Reads a regular file with no size limit (results files grow with the runs); it is
/// not remembered as an input.
pub fn read_data(path: &Path, hint: &str) -> Result<String, FileError> {
    read_regular(path, None, hint)
}

fn read_regular(path: &Path, limit: Option<u64>, hint: &str) -> Result<String, FileError> {
    let shown = path.display();
    let check = |metadata: &fs::Metadata| -> Result<(), FileError> {
        if metadata.is_dir() {
            return Err(FileError::refused(
                format!("{shown}: is a directory"),
                format!("give a file inside it; {hint}"),
            ));
        }
        if !metadata.is_file() {
            return Err(FileError::refused(
                format!(
                    "{shown}: is a {}, not a regular file; refusing to read it",
                    kind_name(metadata)
                ),
                hint.to_string(),
            ));
        }
        if let Some(limit) = limit {
            if metadata.len() > limit {
                return Err(too_big(path, limit, hint));
            }
        }
        Ok(())
    };
    let metadata = fs::metadata(path).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => FileError::refused(format!("{shown}: no such file"), hint),
        _ => FileError::refused(format!("{shown}: cannot read: {error}"), hint),
    })?;
    check(&metadata)?;
    let file = File::open(path)
        .map_err(|error| FileError::refused(format!("{shown}: cannot read: {error}"), hint))?;
    // The path may have been swapped between the two looks: check what was opened.
    let opened = file
        .metadata()
        .map_err(|error| FileError::refused(format!("{shown}: cannot read: {error}"), hint))?;
    check(&opened)?;
    let mut bytes = Vec::new();
    let read = match limit {
        Some(limit) => file.take(limit + 1).read_to_end(&mut bytes),
        None => (&file).read_to_end(&mut bytes),
    };
    read.map_err(|error| FileError::refused(format!("{shown}: cannot read: {error}"), hint))?;
    if let Some(limit) = limit {
        if bytes.len() as u64 > limit {
            return Err(too_big(path, limit, hint));
        }
    }
    String::from_utf8(bytes).map_err(|_| {
        FileError::refused(
            format!("{shown}: not a text file (it is not valid UTF-8)"),
            hint,
        )
    })
}

fn too_big(path: &Path, limit: u64, hint: &str) -> FileError {
    FileError::refused(
        format!(
            "{}: larger than the {} KB this file may have",
            path.display(),
            limit / 1024
        ),
        hint.to_string(),
    )
}
