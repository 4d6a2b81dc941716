//! The ETL job (container `etl`): runs the summary queries of `templates/sql/summaries/`
//! over the lake (DataFusion locally, Athena on AWS; the caller chooses), checks each
//! result against its table, and replaces every summary table and the lineage record in
//! the summary database in one transaction.

pub mod database;
pub mod lineage;
pub mod load;
pub mod model;

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Instant;

use anyhow::Context as _;
use serde::Serialize;

pub use database::Database;
pub use lineage::Lineage;
pub use model::{SUMMARIES, Summary};

use crate::joblog::JobLog;
use crate::sql::ResultSet;
use crate::storage::Lake;

/// The container name in the job log.
pub const CONTAINER: &str = "etl";

/// What one summary table got.
#[derive(Debug, Clone, Serialize)]
pub struct TableReport {
    pub table: String,
    pub rows: u64,
    pub query_ms: u64,
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub etl_run: String,
    pub database: String,
    pub lake: String,
    pub dry_run: bool,
    pub tables: Vec<TableReport>,
    pub lineage: Vec<Lineage>,
    pub seconds: f64,
}

/// Runs every summary query through `query`, then (unless `dry_run`) loads the results and
/// their lineage into `database` at once. A failing query or load leaves every table as the
/// previous run left it; the error names the table.
pub async fn run<F, Fut>(
    query: F,
    lake: &Lake,
    database: Option<&Database>,
    log: &JobLog,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<Report>
where
    F: Fn(&'static str) -> Fut,
    Fut: Future<Output = anyhow::Result<ResultSet>>,
{
    let started = Instant::now();
    let etl_run = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ").to_string();
    let shown = database.map_or_else(|| "(dry run)".to_owned(), |d| d.shown.clone());
    log.info(&format!("started: run={etl_run} lake={} database={shown} tables={}", lake.location(), SUMMARIES.len()));
    let result = compute_and_load(&query, lake, database, log, progress, &etl_run).await;
    match result {
        Ok((tables, lineage)) => {
            let rows: u64 = tables.iter().map(|t| t.rows).sum();
            let seconds = started.elapsed().as_secs_f64();
            log.info(&format!("finished: tables={} rows={rows} seconds={seconds:.2}", tables.len()));
            Ok(Report {
                etl_run,
                database: shown,
                lake: lake.location().to_owned(),
                dry_run: database.is_none(),
                tables,
                lineage,
                seconds,
            })
        }
        Err(error) => {
            log.error(&format!("failed: {error:#}; every summary table keeps its previous contents"));
            Err(error)
        }
    }
}

async fn compute_and_load<F, Fut>(
    query: &F,
    lake: &Lake,
    database: Option<&Database>,
    log: &JobLog,
    progress: &indicatif::ProgressBar,
    etl_run: &str,
) -> anyhow::Result<(Vec<TableReport>, Vec<Lineage>)>
where
    F: Fn(&'static str) -> Fut,
    Fut: Future<Output = anyhow::Result<ResultSet>>,
{
    let manifests = lineage::manifests(lake).await?;
    anyhow::ensure!(
        !manifests.is_empty(),
        "the lake {} has no ingest manifest: run `musicctl ingest` first",
        lake.location()
    );
    let mut results = Vec::new();
    let mut tables = Vec::new();
    let mut lineage_rows = Vec::new();
    for summary in &SUMMARIES {
        progress.set_message(summary.table());
        let begun = Instant::now();
        let result = query(summary.sql).await.with_context(|| format!("computing {}", summary.table()))?;
        let query_ms = u64::try_from(begun.elapsed().as_millis()).unwrap_or(u64::MAX);
        let expected: Vec<&str> = summary.columns.iter().map(|(name, _)| *name).collect();
        anyhow::ensure!(
            result.columns == expected,
            "computing {}: the query gives columns ({}), the table has ({})",
            summary.table(),
            result.columns.join(", "),
            expected.join(", ")
        );
        let mut per_tenant: BTreeMap<String, u64> = BTreeMap::new();
        for row in &result.rows {
            *per_tenant.entry(row[0].as_str().unwrap_or_default().to_owned()).or_default() += 1;
        }
        log.info(&format!("queried {}: rows={} ms={query_ms}", summary.table(), result.rows.len()));
        lineage_rows.extend(lineage::of(summary, &manifests, etl_run, &per_tenant, query_ms));
        tables.push(TableReport { table: summary.table(), rows: result.rows.len() as u64, query_ms });
        results.push(result);
        progress.inc(1);
    }
    if let Some(database) = database {
        progress.set_message("loading");
        let lineage_values: Vec<Vec<serde_json::Value>> = lineage_rows.iter().map(Lineage::values).collect();
        let mut loads: Vec<load::TableLoad<'_>> = SUMMARIES
            .iter()
            .zip(&results)
            .map(|(summary, result)| load::TableLoad {
                table: summary.table(),
                columns: summary.columns,
                rows: &result.rows,
            })
            .collect();
        loads.push(load::TableLoad {
            table: "etl_lineage".to_owned(),
            columns: &model::LINEAGE_COLUMNS,
            rows: &lineage_values,
        });
        load::replace_all(database, &loads).await?;
        for table in &tables {
            log.info(&format!("loaded {}: rows={}", table.table, table.rows));
        }
    }
    Ok((tables, lineage_rows))
}
