//! From the spools of a finished scan to files: rows grouped by entity and partition,
//! sorted by key (so the same items always give the same bytes), encoded for both zones
//! and staged in the lake under `_staging/`, where no reader looks.

use std::collections::BTreeMap;
use std::io::BufRead as _;
use std::path::Path;

use anyhow::Context as _;
use common::lake::{self, EntityDef};
use common::model::TableDef;
use futures::{StreamExt as _, TryStreamExt as _};

use super::manifest::{EntityCounts, Manifest};
use super::scan::{Reject, SpoolItem, segment_files};
use crate::row::Cell;
use crate::storage::{CONCURRENCY, Lake};
use crate::write::{self, RawFormat};

/// A partition of an entity: tenant and, for day-partitioned entities, day.
type PartitionKey = (&'static str, String, Option<String>);

/// Everything a scan read, grouped for writing.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub(crate) partitions: BTreeMap<PartitionKey, Vec<Vec<Cell>>>,
    pub(crate) rejects: Vec<Reject>,
}

/// The folder of a partition under `zone`, e.g. `raw/plays/tenant_id=acme/dt=2026-11-22`.
pub fn partition_folder(zone: &str, entity: &EntityDef, tenant: &str, day: Option<&str>) -> String {
    let mut folder = format!("{zone}/{}/{}={tenant}", entity.name, lake::TENANT_COLUMN);
    if let Some(day) = day {
        folder.push_str(&format!("/{}={day}", lake::DAY_COLUMN));
    }
    folder
}

/// Reads the spools of `tables` into rows and counts.
pub(crate) fn collect(
    work_dir: &Path,
    tables: &[&'static TableDef],
    total_segments: u32,
    manifest: &mut Manifest,
) -> anyhow::Result<Collected> {
    let mut collected = Collected::default();
    for table in tables {
        for entity in lake::entities_of(table) {
            manifest.entities.entry(entity.name.to_owned()).or_default();
        }
        for segment in 0..total_segments {
            let (_, spool_path) = segment_files(work_dir, table, segment);
            let file = std::fs::File::open(&spool_path).with_context(|| format!("opening {}", spool_path.display()))?;
            for line in std::io::BufReader::new(file).lines() {
                let line = line.with_context(|| format!("reading {}", spool_path.display()))?;
                let item: SpoolItem =
                    serde_json::from_str(&line).with_context(|| format!("reading {}", spool_path.display()))?;
                add(&mut collected, manifest, item)?;
            }
        }
    }
    for ((entity, _, _), rows) in collected.partitions.iter_mut() {
        let definition = lake::entity(entity).expect("collected entities are the model's");
        let key: Vec<usize> =
            definition.key.iter().filter_map(|name| definition.columns.iter().position(|c| c.name == *name)).collect();
        // By key, then by every cell, so the same items always give the same file.
        rows.sort_by(|a, b| key.iter().map(|&i| a[i].cmp(&b[i])).find(|o| o.is_ne()).unwrap_or_else(|| a.cmp(b)));
    }
    Ok(collected)
}

fn add(collected: &mut Collected, manifest: &mut Manifest, item: SpoolItem) -> anyhow::Result<()> {
    let counts = manifest.tenants.entry(item.tenant.clone()).or_default();
    counts.items_scanned += 1;
    if let Some(kind) = item.left_out {
        *counts.left_out.entry(kind).or_default() += 1;
        return Ok(());
    }
    if let Some(reject) = item.reject {
        counts.rejected += 1;
        collected.rejects.push(reject);
        return Ok(());
    }
    counts.items_normalised += 1;
    for (entity_name, day, values) in item.rows {
        let entity =
            lake::entity(&entity_name).with_context(|| format!("the spool names no entity `{entity_name}`"))?;
        let cells = entity
            .columns
            .iter()
            .zip(&values)
            .map(|(column, value)| Cell::from_spool(column, value))
            .collect::<Option<Vec<Cell>>>()
            .with_context(|| format!("a spooled row of {entity_name} does not fit its columns"))?;
        *counts.rows.entry(entity_name).or_default() += 1;
        manifest.entities.entry(entity.name.to_owned()).or_default().rows += 1;
        collected.partitions.entry((entity.name, item.tenant.clone(), day)).or_default().push(cells);
    }
    Ok(())
}

/// The file name of every partition's one file.
const PART: &str = "part-00000";

/// Encodes every partition in both zones and the rejects, and writes them under `staging`;
/// answers the final keys, to publish.
pub(crate) async fn stage(
    lake: &Lake,
    staging: &str,
    service: &str,
    collected: &Collected,
    format: RawFormat,
    manifest: &mut Manifest,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<(String, &'static EntityDef, &Vec<Vec<Cell>>, bool)> = Vec::new();
    for ((entity, tenant, day), rows) in &collected.partitions {
        let entity = lake::entity(entity).expect("collected entities are the model's");
        let raw = format!("{}/{PART}.{}", partition_folder("raw", entity, tenant, day.as_deref()), format.extension());
        let processed = format!("{}/{PART}.parquet", partition_folder("processed", entity, tenant, day.as_deref()));
        files.push((raw, entity, rows, false));
        files.push((processed, entity, rows, true));
        let counts: &mut EntityCounts = manifest.entities.entry(entity.name.to_owned()).or_default();
        counts.raw_files += 1;
        counts.processed_files += 1;
    }
    progress.set_length(files.len() as u64 + 1);
    progress.set_position(0);
    let mut keys: Vec<String> = files.iter().map(|(key, ..)| key.clone()).collect();
    futures::stream::iter(files)
        .map(|(key, entity, rows, parquet)| async move {
            let bytes =
                if parquet { write::parquet_file(entity, rows)? } else { write::raw_file(entity, rows, format)? };
            lake.put(&format!("{staging}/{key}"), bytes).await?;
            progress.inc(1);
            anyhow::Ok(())
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    if !collected.rejects.is_empty() {
        let key = format!("rejects/{service}/{PART}.json");
        let mut bytes = Vec::new();
        for reject in &collected.rejects {
            serde_json::to_writer(&mut bytes, reject)?;
            bytes.push(b'\n');
        }
        lake.put(&format!("{staging}/{key}"), bytes).await?;
        keys.push(key);
    }
    progress.inc(1);
    Ok(keys)
}
