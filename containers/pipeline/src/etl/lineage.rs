//! Lineage: for every tenant and summary table, the lake runs (ingest manifests) it was
//! computed from and the row counts at each hop: DynamoDB items scanned → lake rows of the
//! entities the query reads → summary rows. Counts are per tenant, so the record shows a
//! tenant nothing about another.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::model::Summary;
use crate::ingest::manifest::{Manifest, latest_key};
use crate::storage::Lake;

/// One lineage row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lineage {
    pub tenant_id: String,
    pub summary_table: String,
    pub etl_run: String,
    /// `service:run` of every ingest run the summary's entities came from.
    pub lake_runs: String,
    /// When the newest of those runs ended.
    pub data_as_of: String,
    pub source_items: u64,
    pub lake_rows: u64,
    pub summary_rows: u64,
    pub query_ms: u64,
}

impl Lineage {
    /// The row's values in the lineage table's column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.tenant_id.clone()),
            Value::from(self.summary_table.clone()),
            Value::from(self.etl_run.clone()),
            Value::from(self.lake_runs.clone()),
            Value::from(self.data_as_of.clone()),
            Value::from(self.source_items),
            Value::from(self.lake_rows),
            Value::from(self.summary_rows),
            Value::from(self.query_ms),
        ]
    }
}

/// The latest manifest of every service that has one.
pub async fn manifests(lake: &Lake) -> anyhow::Result<BTreeMap<String, Manifest>> {
    let mut found = BTreeMap::new();
    for service in crate::ingest::SERVICES {
        if let Some(bytes) = lake.get(&latest_key(service)).await? {
            found.insert(service.to_owned(), serde_json::from_slice(&bytes)?);
        }
    }
    Ok(found)
}

/// The lineage rows of `summary`, one per tenant the manifests know.
pub fn of(
    summary: &Summary,
    manifests: &BTreeMap<String, Manifest>,
    etl_run: &str,
    summary_rows: &BTreeMap<String, u64>,
    query_ms: u64,
) -> Vec<Lineage> {
    let services: BTreeSet<&str> = summary
        .sources
        .iter()
        .filter_map(|name| common::lake::entity(name))
        .map(|entity| entity.table.service)
        .collect();
    let used: Vec<&Manifest> = services.iter().filter_map(|service| manifests.get(*service)).collect();
    let lake_runs = used.iter().map(|m| format!("{}:{}", m.service, m.run_id)).collect::<Vec<_>>().join(",");
    let data_as_of = used.iter().map(|m| m.ended_at.clone()).max().unwrap_or_default();
    let tenants: BTreeSet<&String> = used.iter().flat_map(|m| m.tenants.keys()).collect();
    tenants
        .into_iter()
        .map(|tenant| {
            let counts = used.iter().filter_map(|m| m.tenants.get(tenant));
            let source_items = counts.clone().map(|c| c.items_scanned).sum();
            let lake_rows = counts.flat_map(|c| summary.sources.iter().filter_map(|e| c.rows.get(*e))).sum();
            Lineage {
                tenant_id: tenant.clone(),
                summary_table: summary.table(),
                etl_run: etl_run.to_owned(),
                lake_runs: lake_runs.clone(),
                data_as_of: data_as_of.clone(),
                source_items,
                lake_rows,
                summary_rows: summary_rows.get(tenant).copied().unwrap_or(0),
                query_ms,
            }
        })
        .collect()
}
