//! The one log format of every job: `<log dir>/<container>.log`, lines
//! `2026-11-22 10:00:00.123 | INFO | ingest-songs | message key=value …`, also on stderr
//! (above any progress bars). `containers/lnav/` reads it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;

/// The level of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Progress and figures.
    Info,
    /// Something was left out or retried; the job goes on.
    Warning,
    /// The job failed.
    Error,
    /// The job cannot run at all.
    Critical,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Self::Info => "INFO",
            Self::Warning => "WARNING",
            Self::Error => "ERROR",
            Self::Critical => "CRITICAL",
        }
    }
}

/// The log of one job's container; cheap to clone.
#[derive(Debug, Clone)]
pub struct JobLog {
    container: String,
    path: PathBuf,
    file: Arc<Mutex<std::fs::File>>,
    progress: Option<indicatif::MultiProgress>,
}

/// One line of the format, at `time`.
pub fn line(time: chrono::DateTime<chrono::Utc>, level: Level, container: &str, message: &str) -> String {
    // A message stays on one line, so that every line of the file parses.
    let message = message.replace(['\n', '\r'], " ");
    format!("{} | {} | {container} | {message}", time.format("%Y-%m-%d %H:%M:%S%.3f"), level.name())
}

impl JobLog {
    /// Appends to `<dir>/<container>.log`, creating the folder.
    pub fn open(dir: &Path, container: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating the log folder {}", dir.display()))?;
        let path = dir.join(format!("{container}.log"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("opening the log {}", path.display()))?;
        Ok(Self { container: container.to_owned(), path, file: Arc::new(Mutex::new(file)), progress: None })
    }

    /// Prints stderr lines above these progress bars.
    pub fn with_progress(mut self, progress: indicatif::MultiProgress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The container name.
    pub fn container(&self) -> &str {
        &self.container
    }

    /// The log file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one line at `level`.
    pub fn write(&self, level: Level, message: &str) {
        let text = line(chrono::Utc::now(), level, &self.container, message);
        if let Ok(mut file) = self.file.lock() {
            // A log that cannot be written must not stop the job; stderr still has the line.
            let _ = writeln!(file, "{text}");
        }
        match &self.progress {
            Some(progress) if !progress.is_hidden() => {
                let _ = progress.println(&text);
            }
            _ => eprintln!("{text}"),
        }
    }

    /// Writes an INFO line.
    pub fn info(&self, message: &str) {
        self.write(Level::Info, message);
    }

    /// Writes a WARNING line.
    pub fn warning(&self, message: &str) {
        self.write(Level::Warning, message);
    }

    /// Writes an ERROR line.
    pub fn error(&self, message: &str) {
        self.write(Level::Error, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_have_the_format() {
        let time = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00.123Z").unwrap().to_utc();
        assert_eq!(
            line(time, Level::Warning, "ingest-songs", "rejected item:\nkey=a"),
            "2026-11-22 10:00:00.123 | WARNING | ingest-songs | rejected item: key=a"
        );
    }

    #[test]
    fn a_log_appends_to_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let log = JobLog::open(dir.path(), "ingest-songs").unwrap();
        log.info("started: service=songs");
        log.error("failed: boom");
        let text = std::fs::read_to_string(dir.path().join("ingest-songs.log")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with("| ERROR | ingest-songs | failed: boom"), "{text}");
    }
}
