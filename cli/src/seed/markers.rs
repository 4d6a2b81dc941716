//! Seed markers: one item per tenant and generation in the tenants table, recording the
//! anchor time, the tables already written and whether the generation is complete. They
//! make a second seed a no-op and let an interrupted one resume where it stopped.

use common::TenantId;
use common::model::TENANTS;
use common::records::SEED_MARKER_PREFIX;
use common::store::{Condition, Item, Key, Query, SortCondition, Store};
use serde::{Deserialize, Serialize};

/// The state of one seed generation of one tenant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Marker {
    pub(crate) generation: u32,
    pub(crate) seed: u64,
    pub(crate) rows: usize,
    /// Every time in the generation is before this RFC 3339 time.
    pub(crate) anchor: String,
    pub(crate) tables_done: Vec<String>,
    pub(crate) complete: bool,
}

fn record(generation: u32) -> String {
    format!("{SEED_MARKER_PREFIX}{generation:04}")
}

/// Every marker of `tenant`, oldest generation first.
pub(crate) async fn markers(store: &dyn Store, tenant: &TenantId) -> anyhow::Result<Vec<Marker>> {
    let query = Query::new(&TENANTS).sort(SortCondition::BeginsWith(SEED_MARKER_PREFIX.to_owned()));
    let page = store.query(tenant, &query).await?;
    Ok(page.items.into_iter().filter_map(common::record::from_item).collect())
}

/// Writes `marker` for `tenant`.
pub(crate) async fn save(store: &dyn Store, tenant: &TenantId, marker: &Marker) -> anyhow::Result<()> {
    let mut item: Item = common::record::to_item(marker).map_err(|error| anyhow::anyhow!("{error}"))?;
    item.insert("tenant_id".into(), tenant.as_str().into());
    item.insert("record".into(), record(marker.generation).into());
    store.put(tenant, &TENANTS, item, Condition::None).await?;
    Ok(())
}

/// Whether the marker of `generation` exists for `tenant`.
pub(crate) async fn exists(store: &dyn Store, tenant: &TenantId, generation: u32) -> anyhow::Result<bool> {
    Ok(store.get(tenant, &TENANTS, &Key::tenant(record(generation))).await?.is_some())
}
