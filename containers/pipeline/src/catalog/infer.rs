//! The local crawler: reads each entity folder of the lake's processed zone and records a
//! table as a Glue crawler would, with the schema of its Parquet files, its Hive partition
//! keys (as strings), its partitions and, unlike Glue, its row count.

use std::collections::BTreeSet;

use common::lake::ENTITIES;

use super::{Catalog, Column, Table, ZONE};
use crate::sql::Engine;
use crate::sql::engine::catalog_type;
use crate::storage::Lake;

/// The catalog of `lake`: one table per entity folder that holds Parquet files.
pub async fn infer(lake: &Lake) -> anyhow::Result<Catalog> {
    let engine = Engine::over(lake)?;
    let mut tables = Vec::new();
    for entity in ENTITIES {
        let location = format!("{ZONE}/{}/", entity.name);
        let files: Vec<String> =
            lake.list(&location).await?.into_iter().filter(|key| key.ends_with(".parquet")).collect();
        let Some(first) = files.first() else { continue };
        let partition_keys: Vec<Column> = hive_segments(&location, first)
            .into_iter()
            .map(|(name, _)| Column { name, ty: "string".to_owned() })
            .collect();
        let partitions: BTreeSet<Vec<(String, String)>> =
            files.iter().map(|file| hive_segments(&location, file)).collect();
        let url = Engine::url(&location)?;
        let options = Engine::listing_options(&partition_keys);
        let schema = options.infer_schema(&engine.context().state(), &url).await?;
        let columns = schema
            .fields()
            .iter()
            .map(|field| Column { name: field.name().clone(), ty: catalog_type(field.data_type()) })
            .collect();
        let mut table = Table {
            name: entity.name.to_owned(),
            location,
            columns,
            partition_keys,
            partitions: partitions.len() as u64,
            rows: None,
        };
        engine.register(&table)?;
        let count = engine.query(&format!("SELECT count(*) AS n FROM {}", entity.name), None).await?;
        table.rows = count.rows.first().and_then(|row| row.first()).and_then(serde_json::Value::as_u64);
        tables.push(table);
    }
    Ok(Catalog {
        lake: lake.location().to_owned(),
        crawled_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        tables,
        views: Vec::new(),
    })
}

/// The `name=value` folders between the table's folder and the file, outermost first.
fn hive_segments(location: &str, file: &str) -> Vec<(String, String)> {
    let inner = file.strip_prefix(location).unwrap_or(file);
    let mut folders: Vec<&str> = inner.split('/').collect();
    folders.pop();
    folders
        .into_iter()
        .filter_map(|folder| folder.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hive_folders_become_partition_values() {
        assert_eq!(
            hive_segments("processed/plays/", "processed/plays/tenant_id=acme/dt=2026-11-22/part-0.parquet"),
            vec![("tenant_id".into(), "acme".into()), ("dt".into(), "2026-11-22".into())]
        );
        assert_eq!(hive_segments("processed/songs/", "processed/songs/part-0.parquet"), vec![]);
    }
}
