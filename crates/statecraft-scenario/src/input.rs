//! Reading input files within bounds: at most a documented number of bytes, checked while
//! reading (so `/dev/zero` or a runaway file costs the limit, never more), and text that must
//! be UTF-8, with the place of the first byte that is not.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest scenario, with all the files it extends: the shipped ones are about 10 KiB, and
/// one with ten thousand actors about 1 MiB.
pub const SCENARIO_LIMIT: u64 = 16 << 20;

/// Why an input file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused (no such file, permission denied, a directory...).
    Io(std::io::Error),
    /// The file holds more than `limit` bytes.
    TooLarge { limit: u64 },
    /// Byte `offset` is not UTF-8; `text` is the file with invalid bytes replaced by `�`, which
    /// leaves everything before `offset` as it was (so the place can be shown).
    NotUtf8 { text: String, offset: usize },
    /// An `extends` target that is not a scenario file: why not.
    NotAScenarioFile(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound => f.write_str("no such file"),
                std::io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                std::io::ErrorKind::IsADirectory => f.write_str("it is a directory"),
                _ => write!(f, "{e}"),
            },
            ReadError::TooLarge { limit } => write!(f, "it is larger than {}", size(*limit)),
            ReadError::NotUtf8 { text, offset } => {
                let at = crate::source::line_col(text, *offset);
                write!(f, "it is not UTF-8 text from line {}, column {} (byte {offset}) on", at.line, at.col)
            }
            ReadError::NotAScenarioFile(why) => f.write_str(why),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// `bytes` in the largest unit that keeps it whole: `16 MiB`, `512 KiB`, `100 bytes`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// The bytes of `path`, at most `limit` of them. A directory is refused before reading.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(ReadError::Io(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    bounded(file, limit)
}

/// At most `limit` bytes of `reader`: one more is read to know whether there are more.
pub fn bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// `bytes` as text, or where they stop being UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        ReadError::NotUtf8 { text: String::from_utf8_lossy(e.as_bytes()).into_owned(), offset }
    })
}

/// The text of `path`, at most `limit` bytes of UTF-8.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    utf8(read_bytes(path, limit)?)
}

/// The text of an `extends` target on disk: a regular file (after following links) whose name
/// ends in `.ron`. Checked before opening, since opening a FIFO waits for a writer, and again
/// on the file opened, in case it was swapped in between.
pub fn read_scenario_file(path: &Path, limit: u64) -> Result<String, ReadError> {
    let target = std::fs::canonicalize(path)?;
    if target.extension().is_none_or(|e| e != "ron") {
        let shown = if target.as_path() == path { String::new() } else { format!(" (`{}`)", target.display()) };
        return Err(ReadError::NotAScenarioFile(format!("its target{shown} is not a `.ron` file")));
    }
    let kind = |m: &std::fs::Metadata| match m.file_type() {
        t if t.is_file() => None,
        t if t.is_dir() => Some("a directory"),
        _ => Some("not a regular file (a device, a FIFO or a socket)"),
    };
    if let Some(what) = kind(&std::fs::metadata(&target)?) {
        return Err(ReadError::NotAScenarioFile(format!("it is {what}")));
    }
    let file = std::fs::File::open(&target)?;
    if let Some(what) = kind(&file.metadata()?) {
        return Err(ReadError::NotAScenarioFile(format!("it is {what}")));
    }
    utf8(bounded(file, limit)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(SCENARIO_LIMIT), "16 MiB");
        assert_eq!(size(512 << 10), "512 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        assert_eq!(bounded(&b"abcd"[..], 4).unwrap(), b"abcd");
        assert!(matches!(bounded(&b"abcde"[..], 4), Err(ReadError::TooLarge { limit: 4 })));
        // An endless input costs the limit, not the memory of the machine.
        assert!(matches!(bounded(std::io::repeat(0), 1 << 20), Err(ReadError::TooLarge { .. })));
    }

    #[test]
    fn invalid_utf8_is_located_at_its_first_byte() {
        let Err(ReadError::NotUtf8 { text, offset }) = utf8(b"ab\n(\xff\xfe)".to_vec()) else { panic!() };
        assert_eq!(offset, 4);
        assert_eq!(&text[..offset], "ab\n(");
    }

    #[test]
    fn devices_and_directories_are_not_scenario_files() {
        let dir = std::env::temp_dir().join(format!("statecraft-input-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("folder.ron")).unwrap();
        let err = read_scenario_file(&dir.join("folder.ron"), SCENARIO_LIMIT).unwrap_err();
        assert_eq!(err.to_string(), "it is a directory");
        std::fs::write(dir.join("notes.txt"), "Scenario()").unwrap();
        let err = read_scenario_file(&dir.join("notes.txt"), SCENARIO_LIMIT).unwrap_err();
        assert_eq!(err.to_string(), "its target is not a `.ron` file");
        std::fs::write(dir.join("big.ron"), vec![b' '; 100]).unwrap();
        assert!(matches!(read_scenario_file(&dir.join("big.ron"), 99), Err(ReadError::TooLarge { limit: 99 })));
        assert_eq!(read_scenario_file(&dir.join("big.ron"), 100).unwrap().len(), 100);
        #[cfg(unix)]
        {
            let link = dir.join("zero.ron");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            let err = read_scenario_file(&link, SCENARIO_LIMIT).unwrap_err();
            assert_eq!(err.to_string(), "its target (`/dev/zero`) is not a `.ron` file");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
