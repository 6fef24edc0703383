//! The command's files: a source is read from a regular file or standard input, within the
//! size limit; an output is resolved through symlinks, refused when it is an input, and
//! written atomically, or sent to standard output.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// The name that stands for standard input (as a source) or standard output (as `-o`).
pub const DASH: &str = "-";

/// Whether `path` is `-`.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == DASH
}

/// The name a source goes by in messages.
pub fn display_name(path: &Path) -> String {
    if is_dash(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads a source's bytes (the loader judges their encoding and size), naming the path in
/// the error. Reads one byte past the size limit at most, so `/dev/zero` or an endless pipe
/// cannot eat memory; refuses at once what is not a regular file (a FIFO would block).
pub fn read_source(path: &Path, limits: &briefing::source::Limits) -> Result<Vec<u8>, String> {
    let limit = u64::try_from(limits.source_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    let failed = |err: std::io::Error| format!("{}: {err}", display_name(path));
    if is_dash(path) {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(failed)?;
        return Ok(bytes);
    }
    let kind = std::fs::metadata(path).map_err(failed)?.file_type();
    if !kind.is_file() {
        return Err(format!("{}: {}", path.display(), not_a_file(kind)));
    }
    let file = open_without_blocking(path).map_err(failed)?;
    // The path may have been swapped for something else between the two looks.
    let metadata = file.metadata().map_err(failed)?;
    if !metadata.is_file() {
        return Err(format!(
            "{}: {}",
            path.display(),
            not_a_file(metadata.file_type())
        ));
    }
    // Sized once: a buffer grown by doubling to a few megabytes would stay in the heap,
    // up to twice as large as the source, through the whole build.
    let size = metadata.len().min(limit);
    bytes.reserve_exact(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(limit).read_to_end(&mut bytes).map_err(failed)?;
    Ok(bytes)
}

/// Opens for reading without waiting for a writer, should the path be a FIFO after all.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        /// `O_NONBLOCK` on Linux.
        const O_NONBLOCK: i32 = 0o4000;
        options.custom_flags(O_NONBLOCK);
    }
    options.open(path)
}

/// Why a source that is not a regular file is refused.
fn not_a_file(kind: std::fs::FileType) -> String {
    format!(
        "is {}, not a regular file (to read a pipe, give `-` and pipe it in)",
        kind_of(kind)
    )
}

/// Why an output that exists and is not a regular file is refused: the PDF is written beside
/// it and renamed over it, which would replace a device such as `/dev/null` with a file.
fn not_a_file_to_replace(kind: std::fs::FileType) -> String {
    format!(
        "is {}, not a regular file (to send the PDF elsewhere, give `-o -` and redirect it)",
        kind_of(kind)
    )
}

/// What a file that is not a regular file is, in words.
fn kind_of(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_dir() {
            "a directory"
        } else if kind.is_fifo() {
            "a FIFO"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_block_device() || kind.is_char_device() {
            "a device"
        } else {
            "something else"
        }
    }
    #[cfg(not(unix))]
    {
        match kind.is_dir() {
            true => "a directory",
            false => "something else",
        }
    }
}

/// Refuses an output that exists and is not a regular file (through links).
fn replaceable(path: &Path, target: &Path) -> Result<(), String> {
    match std::fs::metadata(target) {
        Ok(meta) if !meta.is_file() => Err(format!(
            "{}: {}",
            path.display(),
            not_a_file_to_replace(meta.file_type())
        )),
        _ => Ok(()),
    }
}

/// Where a PDF goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Stdout,
    File(PathBuf),
}

impl Output {
    pub fn new(path: PathBuf) -> Output {
        if is_dash(&path) {
            Output::Stdout
        } else {
            Output::File(path)
        }
    }

    pub fn display(&self) -> String {
        match self {
            Output::Stdout => "standard output".to_string(),
            Output::File(path) => path.display().to_string(),
        }
    }
}

/// Refuses, before anything is built, an output that is one of the sources (it would be
/// destroyed), an output two sources would both write (one would be lost silently) and one
/// that is not a file to replace (a device, a FIFO, a directory).
pub fn check_outputs(jobs: &[(PathBuf, Output)]) -> Result<(), String> {
    if jobs.iter().filter(|(source, _)| is_dash(source)).count() > 1 {
        return Err("standard input (`-`) can be read only once".into());
    }
    let to_stdout = jobs.iter().any(|(_, output)| *output == Output::Stdout);
    if to_stdout && std::io::stdout().is_terminal() {
        return Err(
            "`-o -` would write a PDF into the terminal; redirect it (`> file.pdf`) or pipe it"
                .into(),
        );
    }
    for (i, (source, output)) in jobs.iter().enumerate() {
        let Output::File(path) = output else { continue };
        if let Some((input, _)) = jobs.iter().find(|(input, _)| same_file(input, path)) {
            return Err(format!(
                "{}: the output is the source {}; writing it would destroy the source",
                path.display(),
                input.display()
            ));
        }
        let target = resolve_links(path);
        replaceable(path, &target)?;
        if let Some((other, _)) = jobs[..i]
            .iter()
            .find(|(_, earlier)| matches!(earlier, Output::File(p) if resolve_links(p) == target))
        {
            return Err(format!(
                "{} and {} would both be written to {}; build them one at a time with `-o`",
                other.display(),
                source.display(),
                path.display()
            ));
        }
    }
    Ok(())
}

/// Whether two paths name one existing file (through links, hard ones included).
fn same_file(a: &Path, b: &Path) -> bool {
    if is_dash(a) || is_dash(b) {
        return false;
    }
    let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len() && a.modified().ok() == b.modified().ok()
    }
}

/// The file writing to `path` lands on: the end of its chain of symlinks (a dangling link's
/// target is created), as `cp` writes through a link.
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // The kernel's own bound on a chain of links; a loop ends in an error at the write.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::read_link(&path) {
                Ok(target) if target.is_absolute() => path = target,
                Ok(target) => {
                    path = path
                        .parent()
                        .map_or_else(|| target.clone(), |dir| dir.join(&target))
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    path
}

/// Writes to a temporary file beside `path` (beside the file a symlink leads to, keeping the
/// link), then renames it over that file, so a reader never sees a half-written PDF and a
/// failed write leaves the previous one in place.
///
/// The temporary file's name holds the process id (`.briefing-<pid>-XXXXXX.pdf.tmp`): one
/// left behind by a killed build is removed by the next write into the directory, once its
/// process is gone.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let target = resolve_links(path);
    let fail = |what: &str, err: std::io::Error| format!("{}: {what}: {err}", path.display());
    replaceable(path, &target)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("cannot create its directory", e))?;
    remove_stale_temporaries(dir);
    let prefix = format!("{TEMPORARY_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMPORARY_SUFFIX);
    // A temporary file is private (0600); a PDF is for readers: mode 0666 less the umask, as
    // any file the user writes, or the mode of the PDF it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder
        .tempfile_in(dir)
        .map_err(|e| fail("cannot create a temporary file beside it", e))?;
    if let Ok(previous) = std::fs::metadata(&target) {
        file.as_file()
            .set_permissions(previous.permissions())
            .map_err(|e| fail("cannot keep the mode of the PDF it replaces", e))?;
    }
    file.write_all(bytes).map_err(|e| fail("cannot write", e))?;
    file.as_file()
        .sync_all()
        .map_err(|e| fail("cannot write", e))?;
    file.persist(&target)
        .map_err(|e| fail("cannot replace", e.error))?;
    Ok(())
}

const TEMPORARY_PREFIX: &str = ".briefing-";
const TEMPORARY_SUFFIX: &str = ".pdf.tmp";

/// Removes the temporary files in `dir` whose builds were killed: those named after a
/// process that no longer runs. Best effort: a file that cannot be removed stays.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(TEMPORARY_PREFIX)?
        .strip_suffix(TEMPORARY_SUFFIX)?;
    rest.split_once('-')?.0.parse().ok()
}

/// Whether a process with this id runs. Where that cannot be told, it is taken to run, so
/// nothing is removed.
fn process_runs(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_give_their_pid() {
        assert_eq!(temporary_pid(".briefing-1234-AbC9xy.pdf.tmp"), Some(1234));
        assert_eq!(temporary_pid(".briefing-AbC9xy.pdf.tmp"), None);
        assert_eq!(temporary_pid("briefing.pdf"), None);
    }
}
