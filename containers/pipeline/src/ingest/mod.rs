//! The ingest job of one service: 100% of its tables with a parallel Scan into the lake's
//! raw (JSON Lines or CSV) and processed (Parquet) zones, exactly once.
//!
//! A run goes through three phases, recorded in `run.json` of its work folder so that a run
//! killed in any of them resumes: scanning (segments spool their pages and checkpoint),
//! staging (files written under `_staging/<service>/<run>/`, where no reader looks) and
//! publishing (staged files moved to their places, files of earlier runs that the new run
//! does not have deleted, the manifest written). Readers never see a half-written file, and
//! a run that fails before publishing leaves the previous lake as it was.

mod build;
pub mod manifest;
mod scan;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use common::lake;
use common::model::TableDef;
use common::store::Scan;
use serde::{Deserialize, Serialize};

pub use build::partition_folder;
pub use manifest::Manifest;
pub use scan::Reject;

use crate::joblog::JobLog;
use crate::normalise::Normaliser;
use crate::storage::Lake;
use crate::write::RawFormat;

/// The services that own tables, in the order `--service all` ingests them.
pub const SERVICES: [&str; 6] = ["users", "artists", "albums", "songs", "playlists", "stats"];

/// The container that ingests `service`.
pub fn container(service: &str) -> String {
    format!("ingest-{service}")
}

/// Where the items come from.
#[derive(Clone)]
pub struct Source {
    /// The whole-table reader.
    pub scan: Arc<dyn Scan>,
    /// The prefix of the stage's table names (`musicctl-dev-`; empty locally).
    pub table_prefix: String,
}

/// What one run does.
#[derive(Debug, Clone)]
pub struct Options {
    /// The stage.
    pub stage: String,
    /// The service whose tables are read.
    pub service: String,
    /// The raw zone's format.
    pub format: RawFormat,
    /// Scan segments per table.
    pub segments: u32,
    /// Items per Scan page (DynamoDB's `Limit`), or pages of 1 MB.
    pub page_size: Option<u32>,
    /// The work folder of this stage and service: spools, checkpoints, run state.
    pub work_dir: PathBuf,
}

/// The phase of a run, as `run.json` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Phase {
    Scanning,
    Publishing,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RunState {
    run_id: String,
    started_at: String,
    segments: u32,
    phase: Phase,
    /// The files to publish, once staged.
    #[serde(default)]
    keys: Vec<String>,
    /// The manifest to publish, once staged.
    #[serde(default)]
    manifest: Option<Manifest>,
}

fn staging_prefix(service: &str) -> String {
    format!("_staging/{service}")
}

/// Runs (or resumes) the ingest of one service and answers its manifest.
pub async fn run(
    source: &Source,
    lake: &Lake,
    normaliser: &Normaliser,
    log: &JobLog,
    progress: &indicatif::ProgressBar,
    options: &Options,
) -> anyhow::Result<Manifest> {
    let tables = lake::service_tables(&options.service);
    anyhow::ensure!(!tables.is_empty(), "`{}` owns no table: use one of {}", options.service, SERVICES.join(", "));
    std::fs::create_dir_all(&options.work_dir)
        .with_context(|| format!("creating the work folder {}", options.work_dir.display()))?;
    let state_path = options.work_dir.join("run.json");
    let mut state = match std::fs::read(&state_path) {
        Ok(bytes) => Some(serde_json::from_slice::<RunState>(&bytes).context("reading run.json")?),
        Err(_) => None,
    };
    if let Some(old) = &state
        && old.phase == Phase::Scanning
        && old.segments != options.segments
    {
        log.warning(&format!(
            "discarding an interrupted run: run={} segments={} (this run asks for {})",
            old.run_id, old.segments, options.segments
        ));
        std::fs::remove_dir_all(&options.work_dir)?;
        std::fs::create_dir_all(&options.work_dir)?;
        state = None;
    }
    let resumed = state.is_some();
    let mut state = state.unwrap_or_else(|| {
        let now = chrono::Utc::now();
        RunState {
            run_id: now.format("%Y%m%dT%H%M%S%3fZ").to_string(),
            started_at: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            segments: options.segments,
            phase: Phase::Scanning,
            keys: Vec::new(),
            manifest: None,
        }
    });
    scan::write_atomic(&state_path, &serde_json::to_vec(&state)?)?;
    log.info(&format!(
        "started: stage={} service={} tables={} segments={} format={} run={}{}",
        options.stage,
        options.service,
        tables.iter().map(|table| table.name).collect::<Vec<_>>().join(","),
        state.segments,
        options.format.extension(),
        state.run_id,
        if resumed { " resumed=true" } else { "" }
    ));
    let staging = format!("{}/{}", staging_prefix(&options.service), state.run_id);
    if state.phase == Phase::Scanning {
        let mut manifest = Manifest {
            run_id: state.run_id.clone(),
            stage: options.stage.clone(),
            service: options.service.clone(),
            container: container(&options.service),
            lake: lake.location().to_owned(),
            format: Some(options.format),
            segments: state.segments,
            started_at: state.started_at.clone(),
            resumed,
            ..Manifest::default()
        };
        progress.set_message(format!("{}: scanning", container(&options.service)));
        for table in &tables {
            manifest.tables.push(scan_table(source, table, normaliser, log, progress, options, state.segments).await?);
        }
        let collected = build::collect(&options.work_dir, &tables, state.segments, &mut manifest)?;
        progress.set_message(format!("{}: writing files", container(&options.service)));
        let keys = build::stage(lake, &staging, &options.service, &collected, options.format, &mut manifest, progress)
            .await
            .with_context(|| {
                format!(
                    "staging the files of {} in the lake; nothing was published. Run the same command again to resume",
                    options.service
                )
            })?;
        for (name, counts) in &manifest.entities {
            log.info(&format!("wrote entity {name}: zone=raw rows={} files={}", counts.rows, counts.raw_files));
            log.info(&format!(
                "wrote entity {name}: zone=processed rows={} files={}",
                counts.rows, counts.processed_files
            ));
        }
        state.phase = Phase::Publishing;
        state.keys = keys;
        state.manifest = Some(manifest);
        scan::write_atomic(&state_path, &serde_json::to_vec(&state)?)?;
    }
    let mut manifest = state.manifest.clone().context("run.json holds no manifest to publish")?;
    progress.set_message(format!("{}: publishing", container(&options.service)));
    publish(lake, &staging, &tables, &options.service, &state.keys)
        .await
        .context("publishing the new files; run the same command again to finish")?;
    manifest.ended_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let reconciled = manifest.reconcile();
    let bytes = serde_json::to_vec_pretty(&manifest)?;
    lake.put(&manifest::run_key(&options.service, &manifest.run_id), bytes.clone()).await?;
    lake.put(&manifest::latest_key(&options.service), bytes).await?;
    log.info(&format!("published: entities={} files={}", manifest.entities.len(), state.keys.len()));
    std::fs::remove_dir_all(&options.work_dir)
        .with_context(|| format!("removing the work folder {}", options.work_dir.display()))?;
    if let Err(problems) = reconciled {
        anyhow::bail!("the counts of run {} do not reconcile: {problems}", manifest.run_id);
    }
    Ok(manifest)
}

async fn scan_table(
    source: &Source,
    table: &'static TableDef,
    normaliser: &Normaliser,
    log: &JobLog,
    progress: &indicatif::ProgressBar,
    options: &Options,
    segments: u32,
) -> anyhow::Result<manifest::TableScan> {
    let normaliser = Arc::new(normaliser.clone());
    let source_name = format!("{}{}", source.table_prefix, table.name);
    let mut tasks = tokio::task::JoinSet::new();
    for segment in 0..segments {
        let job = scan::SegmentJob {
            scan: source.scan.clone(),
            table,
            source: source_name.clone(),
            stage: options.stage.clone(),
            segment,
            total_segments: segments,
            page_size: options.page_size,
            work_dir: options.work_dir.clone(),
            normaliser: normaliser.clone(),
            log: log.clone(),
            progress: progress.clone(),
        };
        tasks.spawn(job.run());
    }
    let mut total = manifest::TableScan { table: table.name.to_owned(), source: source_name, ..Default::default() };
    while let Some(result) = tasks.join_next().await {
        let checkpoint = result.context("a scan segment panicked")??;
        total.items_scanned += checkpoint.items;
        total.pages += checkpoint.pages;
    }
    Ok(total)
}

/// Moves the staged files into place and deletes what earlier runs left that this one has
/// not; safe to repeat after a failure.
async fn publish(
    lake: &Lake,
    staging: &str,
    tables: &[&'static TableDef],
    service: &str,
    keys: &[String],
) -> anyhow::Result<()> {
    use futures::{StreamExt as _, TryStreamExt as _};
    futures::stream::iter(keys)
        .map(|key| async move {
            if !lake.publish(&format!("{staging}/{key}"), key).await? {
                // A publish that was cut short moved it already.
                anyhow::ensure!(lake.get(key).await?.is_some(), "{key} is neither staged nor published");
            }
            anyhow::Ok(())
        })
        .buffer_unordered(crate::storage::CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    let mut folders = vec![format!("rejects/{service}")];
    for table in tables {
        for entity in lake::entities_of(table) {
            folders.push(format!("raw/{}", entity.name));
            folders.push(format!("processed/{}", entity.name));
        }
    }
    let published: std::collections::HashSet<&String> = keys.iter().collect();
    let mut stale = Vec::new();
    for folder in folders {
        stale.extend(lake.list(&folder).await?.into_iter().filter(|key| !published.contains(key)));
    }
    stale.extend(lake.list(&staging_prefix(service)).await?);
    lake.delete_all(stale).await
}
