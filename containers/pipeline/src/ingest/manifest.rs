//! The manifest of an ingest run: what was scanned, written, left out and rejected, per
//! entity and tenant, and whether the counts reconcile. Later steps and `--json` read it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::write::RawFormat;

/// The lake key of a service's latest manifest.
pub fn latest_key(service: &str) -> String {
    format!("_manifests/{service}/latest.json")
}

/// The lake key of one run's manifest.
pub fn run_key(service: &str, run_id: &str) -> String {
    format!("_manifests/{service}/runs/{run_id}.json")
}

/// One table read by a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableScan {
    /// The table of the model.
    pub table: String,
    /// The table's name in the stage (DynamoDB name, or the embedded table).
    pub source: String,
    /// Items the Scan answered.
    pub items_scanned: u64,
    /// Scan pages read.
    pub pages: u64,
}

/// What one tenant's items became.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TenantCounts {
    /// Items of the tenant that the scan answered.
    pub items_scanned: u64,
    /// Items that became rows (each gives one row of its own entity).
    pub items_normalised: u64,
    /// Items left out on purpose, by kind.
    pub left_out: BTreeMap<String, u64>,
    /// Items that could not be normalised.
    pub rejected: u64,
    /// Rows written, by entity.
    pub rows: BTreeMap<String, u64>,
}

impl TenantCounts {
    /// Items left out on purpose, of every kind.
    pub fn left_out_total(&self) -> u64 {
        self.left_out.values().sum()
    }
}

/// What one entity got.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityCounts {
    /// Rows written (the same rows in each zone).
    pub rows: u64,
    /// Files of the raw zone.
    pub raw_files: u64,
    /// Files of the processed zone.
    pub processed_files: u64,
}

/// The manifest of one ingest run of one service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The run id: its start time, `YYYYMMDDTHHMMSSmmmZ`.
    pub run_id: String,
    /// The stage.
    pub stage: String,
    /// The service whose tables were read.
    pub service: String,
    /// The job's container name.
    pub container: String,
    /// Where the lake is.
    pub lake: String,
    /// The raw zone's format.
    pub format: Option<RawFormat>,
    /// Scan segments per table.
    pub segments: u32,
    /// The tables read.
    pub tables: Vec<TableScan>,
    /// When the run started (RFC 3339).
    pub started_at: String,
    /// When it ended (RFC 3339).
    pub ended_at: String,
    /// Whether it resumed an interrupted run.
    pub resumed: bool,
    /// Counts per tenant.
    pub tenants: BTreeMap<String, TenantCounts>,
    /// Counts per entity.
    pub entities: BTreeMap<String, EntityCounts>,
    /// Items the scan answered, over all tables.
    pub items_scanned: u64,
    /// Rows written, over all entities.
    pub rows_written: u64,
    /// Items left out on purpose.
    pub left_out: u64,
    /// Items rejected (see `rejects/<service>/`).
    pub rejected: u64,
    /// Whether items scanned = items normalised + left out + rejected, for every tenant
    /// and in total, and every entity's rows add up over its tenants.
    pub reconciled: bool,
}

impl Manifest {
    /// Fills the totals and checks that the counts reconcile.
    pub fn reconcile(&mut self) -> Result<(), String> {
        self.items_scanned = self.tables.iter().map(|table| table.items_scanned).sum();
        self.left_out = self.tenants.values().map(TenantCounts::left_out_total).sum();
        self.rejected = self.tenants.values().map(|tenant| tenant.rejected).sum();
        self.rows_written = self.entities.values().map(|entity| entity.rows).sum();
        let mut problems = Vec::new();
        for (tenant, counts) in &self.tenants {
            let accounted = counts.items_normalised + counts.left_out_total() + counts.rejected;
            if accounted != counts.items_scanned {
                problems.push(format!(
                    "tenant {tenant}: {} items scanned, {accounted} accounted for",
                    counts.items_scanned
                ));
            }
        }
        let per_tenant: u64 = self.tenants.values().map(|tenant| tenant.items_scanned).sum();
        if per_tenant != self.items_scanned {
            problems.push(format!("{} items scanned, {per_tenant} counted per tenant", self.items_scanned));
        }
        for (entity, counts) in &self.entities {
            let over_tenants: u64 = self.tenants.values().filter_map(|tenant| tenant.rows.get(entity)).sum();
            if over_tenants != counts.rows {
                problems
                    .push(format!("entity {entity}: {} rows written, {over_tenants} over its tenants", counts.rows));
            }
        }
        self.reconciled = problems.is_empty();
        if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
    }
}
