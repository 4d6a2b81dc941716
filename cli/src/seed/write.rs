//! Writing seeded items: loads of the store's bulk size (one transaction each on the
//! embedded store, retried batches of 25 on DynamoDB), a bounded number in flight, one
//! progress bar per table.

use std::sync::Arc;

use common::TenantId;
use common::model::TableDef;
use common::store::{Item, Store};
use indicatif::ProgressBar;
use tokio::task::JoinSet;

/// Writes `items` of `tenant` into `table`, at most `concurrency` loads at a time.
/// Answers how many retries the store asked for.
pub(crate) async fn write_items(
    store: Arc<dyn Store>,
    tenant: &TenantId,
    table: &'static TableDef,
    mut items: Vec<Item>,
    concurrency: usize,
    bar: &ProgressBar,
) -> anyhow::Result<u64> {
    let size = store.bulk_size().max(1);
    let mut in_flight = JoinSet::new();
    let mut retries = 0;
    items.reverse();
    loop {
        while in_flight.len() < concurrency.max(1) && !items.is_empty() {
            let mut load = items.split_off(items.len().saturating_sub(size));
            load.reverse();
            let (store, tenant) = (Arc::clone(&store), tenant.clone());
            let count = load.len() as u64;
            in_flight.spawn(async move { store.bulk_put(&tenant, table, load).await.map(|r| (r, count)) });
        }
        let Some(done) = in_flight.join_next().await else { break };
        let (load_retries, count) = done??;
        retries += load_retries;
        bar.inc(count);
    }
    Ok(retries)
}
