//! `musicctl logs`: the jobs' logs read with lnav and the queries of `containers/lnav/`:
//! each container's start, end and records (`report`), its warnings and errors (`errors`)
//! and its main steps (`steps`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;

/// The lnav format of the job log, built into the binary.
const FORMAT: &str = include_str!("../../../containers/lnav/formats/installed/musicctl_log.json");

/// What to show.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum View {
    /// Per container: first start, last end, status, records processed, warnings, errors.
    Report,
    /// Every WARNING, ERROR and CRITICAL line.
    Errors,
    /// Every main step (started, scanned, wrote, published, finished, failed) in time order.
    Steps,
}

/// Options of `musicctl logs`.
#[derive(Debug, clap::Args)]
pub(crate) struct LogsArgs {
    /// What to show.
    #[arg(value_enum, default_value = "report")]
    view: View,
    /// The stage whose job logs to read (their folder is the same on every stage's machine).
    #[arg(long, env = "MUSICCTL_STAGE", default_value = "local")]
    stage: String,
    /// The folder of the logs. Default: <data dir>/logs.
    #[arg(long, env = "MUSICCTL_LOG_DIR")]
    log_dir: Option<PathBuf>,
    /// Print the rows as JSON instead of CSV.
    #[arg(long)]
    json: bool,
}

/// The query of `view`, built into the binary.
fn sql(view: View) -> &'static str {
    match view {
        View::Report => include_str!("../../../containers/lnav/queries/report.sql"),
        View::Errors => include_str!("../../../containers/lnav/queries/errors.sql"),
        View::Steps => include_str!("../../../containers/lnav/queries/steps.sql"),
    }
}

/// Runs `sql` over `files` with lnav; fails on anything lnav prints to stderr, since lnav
/// exits 0 even when a query fails.
pub(crate) fn query(files: &[PathBuf], sql: &str) -> anyhow::Result<String> {
    let config = tempfile::tempdir().context("making a folder for lnav's configuration")?;
    let formats = config.path().join("formats").join("installed");
    std::fs::create_dir_all(&formats)?;
    std::fs::write(formats.join("musicctl_log.json"), FORMAT)?;
    let home = config.path().join("home");
    std::fs::create_dir_all(&home)?;
    let output = Command::new("lnav")
        .arg("-n")
        .arg("-I")
        .arg(config.path())
        .arg("-c")
        .arg(format!(";{}", sql.trim().trim_end_matches(';')))
        .arg("-c")
        .arg(":write-csv-to -")
        .args(files)
        .env("HOME", &home)
        .env("TZ", "UTC")
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => {
                anyhow::anyhow!("lnav is not installed: install it (Debian: apt-get install lnav) and run again")
            }
            _ => anyhow::Error::from(error).context("running lnav"),
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // A query without rows leaves nothing to write: lnav says so on stderr, and only that.
    if output.status.success() && stderr.contains("no query result to write") && stderr.matches("error:").count() == 1 {
        return Ok(String::new());
    }
    anyhow::ensure!(output.status.success() && stderr.trim().is_empty(), "lnav failed: {}", stderr.trim());
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The `*.log` files of `dir`, sorted.
pub(crate) fn log_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}; run a job first (e.g. musicctl ingest)", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "log"))
        .collect();
    files.sort();
    anyhow::ensure!(!files.is_empty(), "{} holds no job logs; run a job first (e.g. musicctl ingest)", dir.display());
    Ok(files)
}

pub(crate) fn run(args: LogsArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let log_dir = match &args.log_dir {
        Some(dir) => dir.clone(),
        None => crate::local::data_dir(data_dir)?.join("logs"),
    };
    let files = log_files(&log_dir)?;
    let csv = query(&files, sql(args.view))?;
    if !args.json {
        print!("{csv}");
        return Ok(());
    }
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers()?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let row: serde_json::Map<String, serde_json::Value> =
            headers.iter().zip(record.iter()).map(|(name, value)| (name.to_owned(), value.into())).collect();
        rows.push(serde_json::Value::Object(row));
    }
    println!(
        "{}",
        serde_json::to_string_pretty(
            &serde_json::json!({"stage": args.stage, "view": format!("{:?}", args.view).to_lowercase(), "rows": rows})
        )?
    );
    Ok(())
}
