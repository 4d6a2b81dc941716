//! The scan of one table: parallel segments, page by page from `LastEvaluatedKey`, each page
//! normalised and appended to the segment's spool file, then checkpointed. A run killed
//! part-way truncates each spool to its last checkpoint and goes on from its cursor, so
//! no item is lost or counted twice.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use common::model::TableDef;
use common::store::{Cursor, Page, Scan, ScanRequest, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::joblog::JobLog;
use crate::normalise::{Normaliser, Outcome, key_text};

/// One scanned item as the spool keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SpoolItem {
    /// The item's tenant.
    pub(crate) tenant: String,
    /// The kind it was left out as, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) left_out: Option<String>,
    /// Its rows: entity, day partition, cells.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) rows: Vec<(String, Option<String>, Vec<Value>)>,
    /// Why it was rejected, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reject: Option<Reject>,
}

/// An item that could not be normalised, as `rejects/` keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reject {
    /// The table.
    pub table: String,
    /// The item's key, `partition/sort`.
    pub key: String,
    /// Why.
    pub reason: String,
    /// The item as stored.
    pub item: Value,
}

/// Where a segment stands; written after every page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Checkpoint {
    /// The cursor of the next page, if the segment is not done.
    pub(crate) cursor: Option<String>,
    /// Whether the segment has been read whole.
    pub(crate) done: bool,
    /// Pages read.
    pub(crate) pages: u64,
    /// Items read.
    pub(crate) items: u64,
    /// Bytes of the spool that hold those items.
    pub(crate) spool_bytes: u64,
}

/// The files of one segment in the work folder.
pub(crate) fn segment_files(work_dir: &Path, table: &TableDef, segment: u32) -> (PathBuf, PathBuf) {
    let stem = work_dir.join(format!("{}-{segment:03}", table.name));
    (stem.with_extension("checkpoint.json"), stem.with_extension("spool.jsonl"))
}

pub(crate) fn read_checkpoint(path: &Path) -> anyhow::Result<Option<Checkpoint>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).with_context(|| format!("reading {}", path.display()))?)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes a file whole: readers see the old or the new one, never half.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, bytes).with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("writing {}", path.display()))
}

/// What a segment scan needs.
#[derive(Clone)]
pub(crate) struct SegmentJob {
    pub(crate) scan: Arc<dyn Scan>,
    pub(crate) table: &'static TableDef,
    pub(crate) source: String,
    pub(crate) stage: String,
    pub(crate) segment: u32,
    pub(crate) total_segments: u32,
    pub(crate) page_size: Option<u32>,
    pub(crate) work_dir: PathBuf,
    pub(crate) normaliser: Arc<Normaliser>,
    pub(crate) log: JobLog,
    pub(crate) progress: indicatif::ProgressBar,
}

/// The most attempts of one Scan page when the table throttles.
const SCAN_ATTEMPTS: u32 = 8;

fn is_throttling(error: &StoreError) -> bool {
    let text = error.to_string();
    ["Throttl", "ProvisionedThroughputExceeded", "RequestLimitExceeded", "SlowDown"]
        .iter()
        .any(|word| text.contains(word))
}

fn is_missing_table(error: &StoreError) -> bool {
    let text = error.to_string();
    text.contains("ResourceNotFoundException") || text.contains("Requested resource not found")
}

impl SegmentJob {
    async fn page(&self, cursor: Option<Cursor>) -> anyhow::Result<Page> {
        let request = ScanRequest {
            table: self.table,
            segment: self.segment,
            total_segments: self.total_segments,
            limit: self.page_size,
            cursor,
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.scan.scan(&request).await {
                Ok(page) => return Ok(page),
                Err(error) if is_missing_table(&error) => anyhow::bail!(
                    "the table {} of stage {} does not exist: deploy the stage first with `musicctl deploy {}`",
                    self.source,
                    self.stage,
                    self.stage
                ),
                Err(error) if is_throttling(&error) && attempt < SCAN_ATTEMPTS => {
                    // Exponential backoff with full jitter, as AWS recommends.
                    let cap = 50u64 << attempt.min(8);
                    let wait = Duration::from_millis(fastrand::u64(0..=cap));
                    self.log.warning(&format!(
                        "throttled: table={} segment={} attempt={attempt} wait_ms={}",
                        self.source,
                        self.segment,
                        wait.as_millis()
                    ));
                    tokio::time::sleep(wait).await;
                }
                Err(error) => {
                    return Err(error).with_context(|| format!("scanning {} segment {}", self.source, self.segment));
                }
            }
        }
    }

    /// Reads the segment to its end from its last checkpoint; answers its final checkpoint.
    pub(crate) async fn run(self) -> anyhow::Result<Checkpoint> {
        let (checkpoint_path, spool_path) = segment_files(&self.work_dir, self.table, self.segment);
        let mut checkpoint = read_checkpoint(&checkpoint_path)?.unwrap_or_default();
        let of = format!("{} of {}", self.segment + 1, self.total_segments);
        if checkpoint.done {
            self.progress.inc(checkpoint.items);
            return Ok(checkpoint);
        }
        let spool = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(false)
            .open(&spool_path)
            .with_context(|| format!("opening {}", spool_path.display()))?;
        // Whatever a killed run wrote after its last checkpoint is dropped and read again.
        spool.set_len(checkpoint.spool_bytes).with_context(|| format!("truncating {}", spool_path.display()))?;
        let mut spool = std::io::BufWriter::new(spool);
        std::io::Seek::seek(&mut spool, std::io::SeekFrom::End(0))?;
        if checkpoint.pages > 0 {
            self.log.info(&format!(
                "resumed segment {of} from checkpoint: table={} items={} pages={}",
                self.source, checkpoint.items, checkpoint.pages
            ));
            self.progress.inc(checkpoint.items);
        }
        let mut cursor = checkpoint.cursor.as_deref().map(Cursor::decode).transpose()?;
        loop {
            let page = self.page(cursor).await?;
            let mut bytes = Vec::with_capacity(page.items.len() * 256);
            for item in &page.items {
                let line = self.spool_item(item);
                serde_json::to_writer(&mut bytes, &line)?;
                bytes.push(b'\n');
            }
            spool.write_all(&bytes)?;
            spool.flush().with_context(|| format!("writing {}", spool_path.display()))?;
            checkpoint.pages += 1;
            checkpoint.items += page.items.len() as u64;
            checkpoint.spool_bytes += bytes.len() as u64;
            checkpoint.cursor = page.cursor.as_ref().map(Cursor::encode);
            checkpoint.done = page.cursor.is_none();
            write_atomic(&checkpoint_path, &serde_json::to_vec(&checkpoint)?)?;
            self.progress.inc(page.items.len() as u64);
            if checkpoint.done {
                break;
            }
            cursor = page.cursor;
        }
        self.log.info(&format!(
            "scanned segment {of}: table={} items={} pages={}",
            self.source, checkpoint.items, checkpoint.pages
        ));
        Ok(checkpoint)
    }

    fn spool_item(&self, item: &common::store::Item) -> SpoolItem {
        let tenant = crate::normalise::tenant_of(self.table, item);
        let mut line = SpoolItem { tenant, left_out: None, rows: Vec::new(), reject: None };
        match self.normaliser.normalise(self.table, item) {
            Outcome::Rows(rows) => {
                line.rows = rows
                    .into_iter()
                    .map(|row| {
                        (row.entity.name.to_owned(), row.day, row.cells.iter().map(|cell| cell.spool()).collect())
                    })
                    .collect();
            }
            Outcome::LeftOut(kind) => line.left_out = Some(kind.name.to_owned()),
            Outcome::Rejected(reason) => {
                let key = key_text(self.table, item);
                self.log.warning(&format!("rejected item: table={} key={key} reason={reason}", self.source));
                line.reject =
                    Some(Reject { table: self.table.name.to_owned(), key, reason, item: Value::Object(item.clone()) });
            }
        }
        line
    }
}
