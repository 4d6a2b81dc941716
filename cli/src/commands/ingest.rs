//! `musicctl ingest`: pulls 100% of each service's tables into the stage's data lake, one
//! job (container `ingest-<service>`) per service, with progress and a manifest per run.

use std::path::{Path, PathBuf};

use pipeline::ingest::{self, Manifest};
use pipeline::joblog::JobLog;
use pipeline::normalise::Normaliser;
use pipeline::storage::{Lake, S3Options};
use pipeline::write::RawFormat;

use crate::target::{self, StageArgs};

/// Options of `musicctl ingest`.
#[derive(Debug, clap::Args)]
pub(crate) struct IngestArgs {
    #[command(flatten)]
    pub(crate) stage: StageArgs,
    /// The service whose tables to ingest: users, artists, albums, songs, playlists, stats or all.
    #[arg(long, env = "MUSICCTL_SERVICE", default_value = "all", value_parser = service_names())]
    service: String,
    /// The raw zone's format: json (JSON Lines) or csv.
    #[arg(long, env = "MUSICCTL_FORMAT", default_value = "json")]
    format: RawFormat,
    /// Parallel Scan segments per table.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    segments: u32,
    /// Items per Scan page (DynamoDB's Limit); pages are at most 1 MB either way.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    page_size: Option<u32>,
    /// The lake: a folder, or s3://bucket. Default: <data dir>/lake locally, the stage's
    /// [lake] bucket on AWS.
    #[arg(long, env = "MUSICCTL_LAKE")]
    lake: Option<String>,
    /// Where the job logs go (`<dir>/ingest-<service>.log`). Default: <data dir>/logs.
    #[arg(long, env = "MUSICCTL_LOG_DIR")]
    log_dir: Option<PathBuf>,
    /// Only check the source and print what would be read and written; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the manifests as JSON.
    #[arg(long)]
    json: bool,
}

/// Opens the lake that `--lake` names, or the stage's.
pub(crate) fn open_lake(
    lake: Option<&str>,
    stage: &target::StageData,
    endpoint_url: Option<&str>,
    data_dir: &Path,
    stage_name: &str,
) -> anyhow::Result<Lake> {
    let s3 = |bucket: &str, region: String| {
        Lake::s3(bucket, &S3Options { region, endpoint_url: endpoint_url.map(str::to_owned) })
    };
    let ambient_region = || std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".to_owned());
    match (lake, &stage.lake) {
        (Some(url), _) => match url.strip_prefix("s3://") {
            Some(bucket) => {
                let region = stage.lake.as_ref().map_or_else(ambient_region, |(region, _)| region.clone());
                s3(bucket.trim_end_matches('/'), region)
            }
            None => Lake::local(Path::new(url)),
        },
        (None, Some((region, bucket))) => s3(bucket, region.clone()),
        (None, None) if stage_name == "local" => Lake::local(&data_dir.join("lake")),
        (None, None) => anyhow::bail!(
            "stage {stage_name} has no stage file naming its lake bucket: pass --lake s3://<bucket> or add stages/{stage_name}.toml"
        ),
    }
}

/// The key that pseudonymises e-mails: `MUSICCTL_LAKE_KEY`, else `<data dir>/lake-key`.
pub(crate) fn normaliser(data_dir: &Path) -> anyhow::Result<Normaliser> {
    let key = match std::env::var("MUSICCTL_LAKE_KEY") {
        Ok(key) if !key.trim().is_empty() => key,
        _ => crate::local::secret_file(data_dir, "lake-key")?,
    };
    Ok(Normaliser::new(key.as_bytes()))
}

/// `all` and every service that owns tables.
fn service_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(std::iter::once("all").chain(ingest::SERVICES))
}

fn services(choice: &str) -> Vec<&'static str> {
    ingest::SERVICES.iter().copied().filter(|service| choice == "all" || *service == choice).collect()
}

pub(crate) async fn run(args: IngestArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    if args.dry_run {
        let data_dir = crate::local::data_dir(data_dir)?;
        let stage = target::open(&args.stage, Some(&data_dir), false).await?;
        let lake =
            open_lake(args.lake.as_deref(), &stage, args.stage.endpoint_url.as_deref(), &data_dir, &args.stage.stage)?;
        return dry_run(&args, &source(&args, &stage), &lake, &services(&args.service)).await;
    }
    let (lake, manifests) = execute(&args, data_dir, &indicatif::MultiProgress::new()).await?;
    report(&args, &lake, &manifests)
}

fn source(args: &IngestArgs, stage: &target::StageData) -> ingest::Source {
    let table_prefix =
        if args.stage.stage == "local" { String::new() } else { format!("musicctl-{}-", args.stage.stage) };
    ingest::Source { scan: stage.scan.clone(), table_prefix }
}

/// Ingests the chosen services at once, as their containers run, with a bar each under
/// `progress`; the lake and each service's manifest.
pub(crate) async fn execute(
    args: &IngestArgs,
    data_dir: Option<&Path>,
    progress: &indicatif::MultiProgress,
) -> anyhow::Result<(Lake, Vec<Manifest>)> {
    let data_dir = crate::local::data_dir(data_dir)?;
    let stage = target::open(&args.stage, Some(&data_dir), false).await?;
    let lake =
        open_lake(args.lake.as_deref(), &stage, args.stage.endpoint_url.as_deref(), &data_dir, &args.stage.stage)?;
    let source = source(args, &stage);
    let normaliser = normaliser(&data_dir)?;
    let log_dir = args.log_dir.clone().unwrap_or_else(|| data_dir.join("logs"));
    let job = Job { args, source: &source, lake: &lake, normaliser: &normaliser, data_dir: &data_dir };
    // The services' jobs are independent: they run at once, as their containers do.
    let results =
        futures::future::join_all(services(&args.service).iter().map(|service| job.run(service, &log_dir, progress)))
            .await;
    let mut manifests = Vec::new();
    for result in results {
        manifests.push(result?);
    }
    Ok((lake, manifests))
}

/// What every service's job shares.
struct Job<'a> {
    args: &'a IngestArgs,
    source: &'a ingest::Source,
    lake: &'a Lake,
    normaliser: &'a Normaliser,
    data_dir: &'a Path,
}

impl Job<'_> {
    /// Ingests one service, as its container `ingest-<service>` does, logging its start,
    /// steps and end.
    async fn run(
        &self,
        service: &str,
        log_dir: &Path,
        progress: &indicatif::MultiProgress,
    ) -> anyhow::Result<Manifest> {
        let log = JobLog::open(log_dir, &ingest::container(service))?.with_progress(progress.clone());
        let bar = progress.add(indicatif::ProgressBar::new_spinner());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {human_pos} items/files {elapsed}")
                .expect("a valid template"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        let stage = &self.args.stage.stage;
        let options = ingest::Options {
            stage: stage.clone(),
            service: service.to_owned(),
            format: self.args.format,
            segments: self.args.segments,
            page_size: self.args.page_size,
            work_dir: self.data_dir.join("ingest").join(stage).join(service),
        };
        let started = std::time::Instant::now();
        match ingest::run(self.source, self.lake, self.normaliser, &log, &bar, &options).await {
            Ok(manifest) => {
                log.info(&format!(
                    "finished: items={} rows={} left_out={} rejected={} seconds={:.2}",
                    manifest.items_scanned,
                    manifest.rows_written,
                    manifest.left_out,
                    manifest.rejected,
                    started.elapsed().as_secs_f64()
                ));
                bar.finish_and_clear();
                Ok(manifest)
            }
            Err(error) => {
                log.error(&format!("failed: {error:#}"));
                bar.abandon();
                Err(error.context(format!("ingesting {service} (log: {})", log.path().display())))
            }
        }
    }
}

fn report(args: &IngestArgs, lake: &Lake, manifests: &[Manifest]) -> anyhow::Result<()> {
    if args.json {
        let value = serde_json::json!({"status": "ingested", "lake": lake.location(), "manifests": manifests});
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!("ingested into {}", lake.location());
    println!("{:<10} {:>9} {:>9} {:>8} {:>8} {:>6}", "service", "items", "rows", "left out", "rejected", "files");
    for manifest in manifests {
        let files: u64 = manifest.entities.values().map(|e| e.raw_files + e.processed_files).sum();
        println!(
            "{:<10} {:>9} {:>9} {:>8} {:>8} {:>6}",
            manifest.service,
            manifest.items_scanned,
            manifest.rows_written,
            manifest.left_out,
            manifest.rejected,
            files
        );
    }
    Ok(())
}

async fn dry_run(
    args: &IngestArgs,
    source: &ingest::Source,
    lake: &Lake,
    services: &[&'static str],
) -> anyhow::Result<()> {
    let mut plan = Vec::new();
    for service in services {
        for table in common::lake::service_tables(service) {
            let name = format!("{}{}", source.table_prefix, table.name);
            // One small page proves the table is there and readable; nothing is written.
            let probe =
                common::store::ScanRequest { table, segment: 0, total_segments: 1, limit: Some(1), cursor: None };
            source.scan.scan(&probe).await.map_err(|error| {
                anyhow::anyhow!(
                    "cannot read table {name} of stage {}: {error}. Deploy the stage first with `musicctl deploy {}`",
                    args.stage.stage,
                    args.stage.stage
                )
            })?;
            let entities: Vec<&str> = common::lake::entities_of(table).iter().map(|entity| entity.name).collect();
            plan.push(serde_json::json!({"service": service, "container": ingest::container(service),
                "table": name, "entities": entities}));
        }
    }
    if args.json {
        let value = serde_json::json!({"status": "dry_run", "lake": lake.location(), "format": args.format,
            "segments": args.segments, "plan": plan});
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "dry run: would scan with {} segments into {} ({} raw zone); nothing was written",
            args.segments,
            lake.location(),
            args.format.extension()
        );
        for step in &plan {
            println!(
                "  {} reads {} into {}",
                step["container"].as_str().unwrap_or_default(),
                step["table"].as_str().unwrap_or_default(),
                step["entities"]
            );
        }
    }
    Ok(())
}
