//! Every file the binary reads or writes, for both front ends (the CLI's `--out`, the
//! TUI's exports), and the rules that keep the user's files safe.
//!
//! Writing ([`write_file`], [`Destination::write`]):
//! * A regular file is replaced atomically: the bytes go to `.NAME.XXXXXX.shopsim-partial` beside
//!   it, are synced, take the old file's permission bits, and are renamed over it. An
//!   interrupted write never leaves a truncated file under the target's name.
//! * A symbolic link is followed on purpose: the file it points to is replaced and the
//!   link stays. A link to nothing is refused.
//! * A character device (`/dev/null`, a terminal) is written in place, never replaced;
//!   other special files (FIFOs, sockets, block devices) and directories are refused.
//! * A file this command read as an input (a scenario, an experiment, a plan) is refused
//!   as an output: `run s.toml --out s.toml` would otherwise replace the scenario.
//! * Temporary files are locked while being written. Those left by a killed process (no
//!   lock, at least a minute old: a younger one may be another writer's between creating
//!   and locking it) are removed the next time any file is written in their directory (those of
//!   earlier versions, `.NAME.XXXXXX.partial`, when the same target is), and the CLI removes its
//!   own on SIGINT, SIGTERM, SIGHUP and SIGQUIT ([`remove_temporaries_on_signals`]).
//!
//! New files ([`write_new_file`], [`unused_names`]): the TUI's saves and exports never
//! replace a file. A name already taken gets `-2`, `-3`, ... before its extension, and
//! the file is moved into place only if the name is still free when it is complete.
//!
//! Reading ([`read_input`]): only regular files (a FIFO would block forever, `/dev/zero`
//! would fill the memory), at most a given size, and valid UTF-8.

mod fresh;
mod input;

pub use fresh::{unused_names, write_new_file};
pub use input::{read_data, read_input, PLAN_FILE_LIMIT, TEXT_FILE_LIMIT};

use anyhow::Context;
use input::is_input;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// Why a file could not be read or written.
#[derive(Debug)]
pub enum FileError {
    /// The user named a file that is refused (exit status 2 in the CLI).
    Refused { message: String, hint: String },
    /// The reading or writing itself failed (exit status 1 in the CLI).
    Failed(anyhow::Error),
}

impl FileError {
    fn refused(message: impl Into<String>, hint: impl Into<String>) -> FileError {
        FileError::Refused {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Refused { message, hint } => write!(f, "{message} ({hint})"),
            FileError::Failed(error) => write!(f, "{error:#}"),
        }
    }
}

/// Where a report goes, as given by `--out`.
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

    /// Runs `write` on a buffered writer to this destination: standard output (where a
    /// closed pipe ends the output quietly) or a file, under the rules of this module.
    pub fn write(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), FileError> {
        match self {
            Destination::Stdout => write_stdout(write),
            Destination::File(path) => write_file(path, write),
        }
    }
}

/// Writes to standard output; a broken pipe (`shopsim run | head -3`) is not an error.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), FileError> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            // Nobody is reading any more; drop what is still buffered without retrying.
            let (_, _) = out.into_parts();
            Ok(())
        }
        Err(error) => Err(FileError::Failed(
            anyhow::Error::new(error).context("cannot write to standard output"),
        )),
    }
}

/// Writes text to standard output, treating a closed pipe as success.
pub fn print(text: &str) -> Result<(), FileError> {
    write_stdout(|out| out.write_all(text.as_bytes()))
}

/// Writes one line to standard error; if even that fails there is nobody to tell.
pub fn print_error(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Text from a user's file (a name, a value) made safe to print on a terminal: control
/// characters (an ESC would start a terminal command) are shown escaped.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Writes `text` to `path` under the rules of this module.
pub fn write_text(path: &Path, text: &str) -> Result<(), FileError> {
    write_file(path, |out| out.write_all(text.as_bytes()))
}

/// Writes a file under the rules of this module (see the module docs).
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), FileError> {
    let target = follow_link(path)?;
    let permissions = match fs::metadata(&target) {
        Ok(metadata) => {
            let kind = metadata.file_type();
            if kind.is_dir() {
                return Err(FileError::refused(
                    format!("cannot write {}: it is a directory", path.display()),
                    "give a file path such as --out results.csv",
                ));
            }
            if is_input(&metadata) {
                return Err(FileError::refused(
                    format!(
                        "refusing to write {}: it is an input of this command",
                        path.display()
                    ),
                    "choose another output file; writing there would destroy the input",
                ));
            }
            if is_character_device(&metadata) {
                return write_in_place(&target, write);
            }
            if !kind.is_file() {
                return Err(FileError::refused(
                    format!(
                        "refusing to write {}: it is a {}, not a regular file",
                        path.display(),
                        kind_name(&metadata)
                    ),
                    "give a regular file, or --out - for standard output",
                ));
            }
            Some(metadata.permissions())
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(FileError::Failed(
                anyhow::Error::new(error).context(format!("cannot write {}", path.display())),
            ))
        }
    };
    replace_atomically(path, &target, permissions, Replace::Allowed, write)
}

/// Whether the finished file may take the place of one already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replace {
    Allowed,
    /// Fail with [`io::ErrorKind::AlreadyExists`] instead (a file that appeared meanwhile).
    Never,
}

/// The file a path names: a symbolic link is followed to the file it points to.
fn follow_link(path: &Path) -> Result<PathBuf, FileError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => Ok(target),
            // A link to something without a path, e.g. /dev/stdout to a pipe: the kind of
            // file it points to decides (see `write_file`).
            Err(_) if fs::metadata(path).is_ok() => Ok(path.to_path_buf()),
            Err(_) => Err(FileError::refused(
                format!(
                    "refusing to write {}: it is a symbolic link to a file that does not exist",
                    path.display()
                ),
                "remove the link, or point it at an existing file",
            )),
        },
        _ => Ok(path.to_path_buf()),
    }
}

#[cfg(unix)]
fn is_character_device(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_character_device(_: &fs::Metadata) -> bool {
    false
}

/// What kind of file a special file is, for messages.
fn kind_name(metadata: &fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "character device";
        }
        if kind.is_block_device() {
            return "block device";
        }
        if kind.is_socket() {
            return "socket";
        }
    }
    if kind.is_dir() {
        "directory"
    } else if kind.is_symlink() {
        "symbolic link"
    } else if kind.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// A device is written where it is (replacing `/dev/null` with a file would break it).
fn write_in_place(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), FileError> {
    let written = (|| -> io::Result<()> {
        let file = OpenOptions::new().write(true).open(target)?;
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.flush()
    })();
    written
        .with_context(|| format!("cannot write {}", target.display()))
        .map_err(FileError::Failed)
}

/// The temporary files being written now, removed by the signal handler.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporaries() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a temporary file's path in [`TEMPORARIES`] while it lives.
struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Registered {
        temporaries().push(path.to_path_buf());
        Registered(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        temporaries().retain(|path| path != &self.0);
    }
}

/// The temporary-file prefix and suffix for a target named `name`. The suffix is
/// shopsim's own, so that leftovers can be recognised whatever their target was.
fn temporary_affixes(name: &str) -> (String, &'static str) {
    (format!(".{name}."), TEMPORARY_SUFFIX)
}

/// The end of every temporary file's name (`.results.csv.Ab12Cd.shopsim-partial`).
const TEMPORARY_SUFFIX: &str = ".shopsim-partial";

/// The end of the temporary files of earlier versions; too common a word to remove
/// such files unless their target is being written again.
const OLD_TEMPORARY_SUFFIX: &str = ".partial";

/// Removes the temporary files in `directory` that no live process is writing (a writer
/// holds a lock on its temporary file until it is renamed): every leftover of shopsim's
/// own (a crash or a kill leaves them, and the TUI's saves never write the same name
/// twice, so sweeping only `name`'s would keep them for ever), and the leftovers of
/// earlier versions for `name`.
fn remove_stale_temporaries(directory: &Path, name: &str) {
    let (prefix, _) = temporary_affixes(name);
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let ours = file_name.starts_with('.') && file_name.ends_with(TEMPORARY_SUFFIX);
        let old = file_name.starts_with(&prefix) && file_name.ends_with(OLD_TEMPORARY_SUFFIX);
        if !(ours || old) {
            continue;
        }
        // A writer creates its temporary file and then locks it: a file younger than
        // `STALE_AFTER` may be one between those two steps (another thread of a sweep, or
        // another shard writing in the same directory), so only older ones are judged by
        // their lock.
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok());
        let young = match age {
            Some(age) => age < STALE_AFTER,
            None => true,
        };
        if young {
            continue;
        }
        let path = entry.path();
        if let Ok(file) = File::open(&path) {
            if try_lock(&file) == Lock::Taken {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

/// How old an unlocked temporary file must be before it counts as a leftover.
const STALE_AFTER: Duration = Duration::from_secs(60);

fn replace_atomically(
    shown: &Path,
    target: &Path,
    permissions: Option<fs::Permissions>,
    replace: Replace,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), FileError> {
    let directory = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Some(file_name) = target.file_name() else {
        return Err(FileError::refused(
            format!("--out {}: not a file name", shown.display()),
            "give a file path such as --out results.csv, or - for standard output",
        ));
    };
    let file_name = file_name.to_string_lossy().into_owned();
    remove_stale_temporaries(directory, &file_name);
    let (prefix, suffix) = temporary_affixes(&file_name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(suffix);
    // Like a file created by `>`: readable by others unless the umask says otherwise
    // (temporary files are otherwise private to their owner).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temporary = builder.tempfile_in(directory).map_err(|error| {
        let reason = match error.kind() {
            io::ErrorKind::NotFound => "the directory does not exist".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => error.to_string(),
        };
        FileError::refused(
            format!("cannot write {}: {reason}", shown.display()),
            format!(
                "check that the directory {} exists and is writable",
                directory.display()
            ),
        )
    })?;
    let _registered = Registered::new(temporary.path());
    // A lock says "being written": a later run leaves this file alone while it is held.
    // File systems without locks only lose the clean-up of stale files.
    let _ = try_lock(temporary.as_file());
    let written = (|| -> io::Result<()> {
        let mut out = BufWriter::new(temporary.as_file());
        write(&mut out)?;
        out.flush()?;
        drop(out);
        if let Some(permissions) = permissions {
            temporary.as_file().set_permissions(permissions)?;
        }
        temporary.as_file().sync_all()
    })();
    // On error the temporary file is deleted when dropped.
    written
        .with_context(|| format!("cannot write {}", shown.display()))
        .map_err(FileError::Failed)?;
    let persisted = match replace {
        Replace::Allowed => temporary.persist(target).map(drop),
        Replace::Never => temporary.persist_noclobber(target).map(drop),
    };
    persisted
        .map_err(|error| anyhow::Error::new(error.error))
        .with_context(|| format!("cannot replace {}", shown.display()))
        .map_err(FileError::Failed)?;
    Ok(())
}

/// Takes the advisory lock that says "one writer only" for `target` (a sweep's results
/// file): the lock file `.NAME.lock` beside it, locked until the returned file is dropped
/// or the process ends. A second sweep (or merge) on the same file is refused instead of
/// silently interleaving with the first: a rewrite by rename would orphan its appends.
pub fn lock_for_writing(target: &Path) -> Result<File, FileError> {
    let name = target
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let lock_path = target.with_file_name(format!(".{name}.lock"));
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("cannot create the lock file {}", lock_path.display()))
        .map_err(FileError::Failed)?;
    match try_lock(&file) {
        Lock::Taken | Lock::Unsupported => Ok(file),
        Lock::HeldElsewhere => Err(FileError::refused(
            format!(
                "{} is being written by another shopsim process (it holds {})",
                target.display(),
                lock_path.display()
            ),
            "wait for it to finish (then use --resume), or choose another --out directory",
        )),
    }
}

/// The outcome of [`try_lock`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lock {
    /// This process now holds the lock, until the file is closed.
    Taken,
    /// Another open file (another process, or another handle here) holds it.
    HeldElsewhere,
    /// The file system (or the platform) has no locks: carry on unguarded rather than
    /// refuse to work.
    Unsupported,
}

/// Takes an exclusive advisory lock (`flock`) on `file` without waiting.
#[cfg(unix)]
fn try_lock(file: &File) -> Lock {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Lock::Taken,
        Err(rustix::io::Errno::WOULDBLOCK) => Lock::HeldElsewhere,
        Err(_) => Lock::Unsupported,
    }
}

#[cfg(not(unix))]
fn try_lock(_: &File) -> Lock {
    Lock::Unsupported
}

/// Removes every temporary file being written now (the lock on the list is kept, so no
/// write starts or renames meanwhile).
fn remove_temporaries() {
    for path in temporaries().iter() {
        let _ = fs::remove_file(path);
    }
}

/// Removes the temporary files being written when SIGINT, SIGTERM, SIGHUP or SIGQUIT
/// arrives, then lets the signal end the process as it would have.
///
/// Not for the TUI, which catches SIGTERM and SIGHUP itself to restore the terminal.
#[cfg(unix)]
pub fn remove_temporaries_on_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
    std::thread::Builder::new()
        .name("temporary file clean-up".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                remove_temporaries();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_signals() -> io::Result<()> {
    Ok(())
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

    /// Held by the tests that write files: [`remove_temporaries`] (what a signal does)
    /// removes every temporary file of the process, including another test's.
    pub(super) fn writing() -> MutexGuard<'static, ()> {
        static WRITING: Mutex<()> = Mutex::new(());
        WRITING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("shopsim-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch directory");
        dir
    }

    #[test]
    fn failed_write_leaves_neither_target_nor_temporary_file() {
        let _writing = writing();
        let dir = scratch_dir("failed");
        let target = dir.join("out.csv");
        let result = Destination::File(target.clone()).write(|out| {
            out.write_all(b"day,revenue\n1,")?;
            Err(io::Error::other("simulated failure"))
        });
        assert!(matches!(result, Err(FileError::Failed(_))));
        assert!(!target.exists());
        let left: Vec<_> = fs::read_dir(&dir).expect("readable").collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn successful_write_replaces_the_target_completely() {
        let _writing = writing();
        let dir = scratch_dir("success");
        let target = dir.join("out.csv");
        fs::write(&target, "old content that is longer than the new one").expect("seed");
        Destination::File(target.clone())
            .write(|out| out.write_all(b"new\n"))
            .expect("writes");
        assert_eq!(fs::read_to_string(&target).expect("readable"), "new\n");
        let entries = fs::read_dir(&dir).expect("readable").count();
        assert_eq!(entries, 1);
        let _ = fs::remove_dir_all(&dir);
    }

    /// Writes a temporary-looking file last modified two minutes ago (older than
    /// `STALE_AFTER`).
    fn seed_old(path: &Path) {
        fs::write(path, "partial").expect("seed");
        let file = OpenOptions::new().write(true).open(path).expect("opens");
        let then = SystemTime::now() - Duration::from_secs(120);
        file.set_modified(then).expect("sets the modification time");
    }

    #[test]
    fn a_young_unlocked_temporary_is_left_alone() {
        // Another writer (a thread of a sweep, another shard) may have created it and not
        // yet locked it.
        let _writing = writing();
        let dir = scratch_dir("young");
        let young = dir.join(".p0003-r00.daily.csv.Ab12Cd.shopsim-partial");
        fs::write(&young, "partial").expect("seed");
        write_text(&dir.join("p0004-r00.daily.csv"), "done\n").expect("writes");
        assert!(
            young.exists(),
            "a file younger than STALE_AFTER is not judged by its lock"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn stale_temporaries_go_but_locked_ones_stay() {
        let _writing = writing();
        let dir = scratch_dir("stale");
        let stale = dir.join(".out.csv.abc123.partial");
        let live = dir.join(".out.csv.def456.partial");
        let other = dir.join(".other.csv.abc123.partial");
        for path in [&stale, &live, &other] {
            seed_old(path);
        }
        let holder = File::open(&live).expect("opens");
        assert_eq!(try_lock(&holder), Lock::Taken);
        write_text(&dir.join("out.csv"), "done\n").expect("writes");
        assert!(!stale.exists(), "an unlocked leftover is removed");
        assert!(live.exists(), "a file being written is left alone");
        assert!(other.exists(), "another target's files are left alone");
        drop(holder);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn leftovers_of_any_target_go_when_anything_is_written_beside_them() {
        let _writing = writing();
        let dir = scratch_dir("leftovers");
        // A save of another day crashed, and one of this target is being written.
        let crashed = dir.join(".shopsim-balanced-day40.toml.Xy12Zq.shopsim-partial");
        let live = dir.join(".shopsim-balanced-day41.toml.Ab34Cd.shopsim-partial");
        // Another program's download, and a file that only looks like ours.
        let foreign = dir.join(".film.mkv.partial");
        let visible = dir.join("notes.shopsim-partial");
        for path in [&crashed, &live, &foreign, &visible] {
            seed_old(path);
        }
        let holder = File::open(&live).expect("opens");
        assert_eq!(try_lock(&holder), Lock::Taken);
        write_text(&dir.join("shopsim-balanced-day42.toml"), "done\n").expect("writes");
        assert!(!crashed.exists(), "a leftover of another name is removed");
        assert!(live.exists(), "a file being written is left alone");
        assert!(
            foreign.exists() && visible.exists(),
            "other files are left alone"
        );
        // The writes' own temporaries carry the suffix the sweep looks for.
        let written: Vec<String> = fs::read_dir(&dir)
            .expect("readable")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(written.contains(&"shopsim-balanced-day42.toml".to_string()));
        drop(holder);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_write_in_progress_is_known_to_the_signal_clean_up() {
        let _writing = writing();
        let dir = scratch_dir("in-progress");
        let target = dir.join("out.csv");
        let result = write_file(&target, |out| {
            out.write_all(b"half")?;
            let partial: Vec<PathBuf> = temporaries()
                .iter()
                .filter(|path| path.starts_with(&dir))
                .cloned()
                .collect();
            assert_eq!(partial.len(), 1, "{partial:?}");
            assert!(partial[0].exists());
            // What the handler does when a signal arrives now.
            remove_temporaries();
            assert!(!partial[0].exists());
            Err(io::Error::other("interrupted"))
        });
        assert!(result.is_err());
        assert!(!temporaries().iter().any(|path| path.starts_with(&dir)));
        assert_eq!(fs::read_dir(&dir).expect("readable").count(), 0);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn control_characters_are_escaped_for_printing() {
        assert_eq!(printable("plain name"), "plain name");
        assert_eq!(printable("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
    }
}
