//! `musicctl etl`: the ETL job (container `etl`). Runs the summary queries over the stage's
//! lake (DataFusion locally, Athena on AWS) and replaces the summary tables and their
//! lineage in the summary database (SQLite in the data directory by default locally, the
//! data VM's MySQL on AWS) in one transaction.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pipeline::etl::{self, Database, SUMMARIES};
use pipeline::joblog::JobLog;
use pipeline::sql::Engine;
use pipeline::storage::Lake;

use crate::target::StageArgs;
use crate::warehouse::{self, Warehouse};

/// Options of `musicctl etl`.
#[derive(Debug, clap::Args)]
pub(crate) struct EtlArgs {
    #[command(flatten)]
    pub(crate) stage: StageArgs,
    /// The summary database: mysql://user:password@host:3306/db or sqlite://path. Default
    /// locally: <data dir>/summaries.sqlite; required on AWS stages (the data VM's MySQL).
    #[arg(long, env = "MUSICCTL_DATABASE_URL")]
    pub(crate) database_url: Option<String>,
    /// Where the job log goes (`<dir>/etl.log`). Default: <data dir>/logs.
    #[arg(long, env = "MUSICCTL_LOG_DIR")]
    log_dir: Option<PathBuf>,
    /// Run every summary query and report the rows; write nothing to the database.
    #[arg(long)]
    dry_run: bool,
    /// Print the report, with the lineage of every table, as JSON.
    #[arg(long)]
    json: bool,
}

/// The summary database of a stage: `--database-url`, else the local stage's SQLite file.
pub(crate) fn database_url(database_url: Option<&str>, stage: &str, data_dir: &Path) -> anyhow::Result<String> {
    match (database_url, stage) {
        (Some(url), _) => Ok(url.to_owned()),
        (None, "local") => Ok(format!("sqlite://{}?mode=rwc", data_dir.join("summaries.sqlite").display())),
        (None, stage) => anyhow::bail!(
            "stage {stage} needs --database-url mysql://user:password@host:3306/musicctl (the data VM's MySQL) or MUSICCTL_DATABASE_URL"
        ),
    }
}

pub(crate) async fn run(args: EtlArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let bar =
        if args.json { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(SUMMARIES.len() as u64) };
    let report = execute(&args, data_dir, bar).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let verb = if report.dry_run { "would load" } else { "loaded" };
    println!("etl run {} into {} ({:.2} s)", report.etl_run, report.database, report.seconds);
    for table in &report.tables {
        println!("  {verb} {:<34} {:>8} rows  query {:>6} ms", table.table, table.rows, table.query_ms);
    }
    Ok(())
}

/// Runs the ETL, its progress on `bar`; the report.
pub(crate) async fn execute(
    args: &EtlArgs,
    data_dir: Option<&Path>,
    bar: indicatif::ProgressBar,
) -> anyhow::Result<etl::Report> {
    let data_dir = crate::local::data_dir(data_dir)?;
    let url = database_url(args.database_url.as_deref(), &args.stage.stage, &data_dir)?;
    let database = if args.dry_run { None } else { Some(Database::open(&url).await?) };
    let log_dir = args.log_dir.clone().unwrap_or_else(|| data_dir.join("logs"));
    let log = JobLog::open(&log_dir, etl::CONTAINER)?;
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} etl {pos}/{len} [{bar:30}] {elapsed} {msg}")?
            .progress_chars("=> "),
    );
    let report = match warehouse::open(&args.stage, Some(&data_dir)).await? {
        Warehouse::Local(local) => {
            let catalog = local.catalog()?;
            let lake = warehouse::Local::lake_of(&catalog)?;
            let engine = Engine::with_catalog(&lake, &catalog).await?;
            etl::run(|sql| engine.query(sql, None), &lake, database.as_ref(), &log, &bar).await?
        }
        Warehouse::Aws(aws) => {
            let lake: Lake = aws.lake()?;
            let query = |sql: &'static str| {
                let athena = &aws.athena;
                async move {
                    let execution = athena.run(sql, &[], Duration::from_secs(1800)).await?;
                    athena.results(&execution.id).await
                }
            };
            etl::run(query, &lake, database.as_ref(), &log, &bar).await?
        }
    };
    bar.finish_and_clear();
    Ok(report)
}
