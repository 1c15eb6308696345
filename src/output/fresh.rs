//! New files that replace nothing: the names the TUI's save and export keys write to.
//!
//! A key pressed twice on the same day used to write the same name twice, and the second
//! file silently replaced the first. [`unused_names`] picks names no file has yet, and
//! [`write_new_file`] refuses to move its finished file over one that appeared meanwhile.

use super::{replace_atomically, FileError, Replace};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Names for files written together (a save's TOML, an export's A and B files) that
/// overwrite nothing: `paths` themselves when none of them exists, else the same with
/// `-2`, `-3`, ... before the extension, one number for all of them so that they keep
/// one stem (`shopsim-balanced-day40-2.csv` and `shopsim-balanced-day40-2-b.csv`).
pub fn unused_names(paths: &[PathBuf]) -> Vec<PathBuf> {
    let taken = |candidates: &[PathBuf]| candidates.iter().any(|p| exists(p));
    if !taken(paths) {
        return paths.to_vec();
    }
    let mut number = 2u32;
    loop {
        let candidates: Vec<PathBuf> = paths.iter().map(|p| numbered(p, number)).collect();
        if !taken(&candidates) || number == u32::MAX {
            return candidates;
        }
        number += 1;
    }
}

/// Whether anything (a file, a directory, a link, even a broken one) has this name.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// `path` with `-number` inserted before its extension, or appended without one. A
/// name that ends in `-b` (branch B's file) is numbered before the `-b`, so it keeps
/// the stem of branch A's file.
fn numbered(path: &Path, number: u32) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let (stem, extension) = match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name.as_str(), ""),
    };
    let stem = match stem.strip_suffix("-b") {
        Some(a_stem) => format!("{a_stem}-{number}-b"),
        None => format!("{stem}-{number}"),
    };
    path.with_file_name(format!("{stem}{extension}"))
}

/// Writes a new file at `path`, atomically (through a temporary file beside it, like
/// [`super::write_file`]) and never over an existing one: a name already taken is
/// refused before writing, and if one appears while writing, the new file is dropped
/// and the error says so.
pub fn write_new_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), FileError> {
    if exists(path) {
        return Err(FileError::refused(
            format!("refusing to write {}: it already exists", path.display()),
            "a new file never replaces an old one; choose another name",
        ));
    }
    replace_atomically(path, path, None, Replace::Never, write)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("shopsim-fresh-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch directory");
        dir
    }

    #[test]
    fn numbers_go_before_the_extension_and_before_a_branch_suffix() {
        assert_eq!(
            numbered(Path::new("d/shopsim-x-day4.toml"), 2),
            PathBuf::from("d/shopsim-x-day4-2.toml")
        );
        assert_eq!(
            numbered(Path::new("shopsim-x-day4-b.csv"), 3),
            PathBuf::from("shopsim-x-day4-3-b.csv")
        );
        assert_eq!(numbered(Path::new("notes"), 2), PathBuf::from("notes-2"));
    }

    #[test]
    fn taken_names_get_the_first_number_free_for_every_file_of_the_group() {
        let _writing = super::super::tests::writing();
        let dir = scratch_dir("names");
        let a = dir.join("s-day4.csv");
        let b = dir.join("s-day4-b.csv");
        assert_eq!(
            unused_names(&[a.clone(), b.clone()]),
            vec![a.clone(), b.clone()]
        );
        fs::write(&a, "first").expect("seed");
        // Only B's -2 name is taken: both move on to -3, keeping one stem.
        fs::write(dir.join("s-day4-2-b.csv"), "other").expect("seed");
        assert_eq!(
            unused_names(&[a.clone(), b]),
            vec![dir.join("s-day4-3.csv"), dir.join("s-day4-3-b.csv")]
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_new_file_never_replaces_an_old_one() {
        let _writing = super::super::tests::writing();
        let dir = scratch_dir("new");
        let target = dir.join("save.toml");
        write_new_file(&target, |out| out.write_all(b"first\n")).expect("writes");
        let second = write_new_file(&target, |out| out.write_all(b"second\n"));
        assert!(
            matches!(second, Err(FileError::Refused { .. })),
            "{second:?}"
        );
        assert_eq!(fs::read_to_string(&target).expect("readable"), "first\n");
        // A file that appears while the new one is written stays, and no temporary is left.
        let racing = dir.join("race.toml");
        let raced = write_new_file(&racing, |out| {
            fs::write(&racing, "theirs")?;
            out.write_all(b"ours")
        });
        assert!(raced.is_err());
        assert_eq!(fs::read_to_string(&racing).expect("readable"), "theirs");
        assert_eq!(fs::read_dir(&dir).expect("readable").count(), 2);
        let _ = fs::remove_dir_all(&dir);
    }
}
