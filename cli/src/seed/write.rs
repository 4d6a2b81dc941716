//! Writing seeded items: chunks of 25 through the store's batch write, a bounded number in
//! flight, unprocessed writes retried with backoff and jitter, one progress bar per table.

use std::sync::Arc;

use common::TenantId;
use common::model::TableDef;
use common::store::{BatchRetry, Item, MAX_BATCH_ITEMS, Store, WriteRequest, batch_write};
use indicatif::ProgressBar;
use tokio::task::JoinSet;

/// Writes `items` of `tenant` into `table`, at most `concurrency` batches at a time.
/// Answers how many retries the store asked for.
pub(crate) async fn write_items(
    store: Arc<dyn Store>,
    tenant: &TenantId,
    table: &'static TableDef,
    items: Vec<Item>,
    concurrency: usize,
    bar: &ProgressBar,
) -> anyhow::Result<u64> {
    let mut in_flight = JoinSet::new();
    let mut retries = 0;
    let mut pending: Vec<WriteRequest> = items.into_iter().map(WriteRequest::Put).collect();
    pending.reverse();
    loop {
        while in_flight.len() < concurrency.max(1) && !pending.is_empty() {
            let mut requests = pending.split_off(pending.len().saturating_sub(MAX_BATCH_ITEMS));
            requests.reverse();
            let (store, tenant) = (Arc::clone(&store), tenant.clone());
            let count = requests.len() as u64;
            in_flight.spawn(async move {
                batch_write(store.as_ref(), &tenant, table, requests, BatchRetry::default()).await.map(|r| (r, count))
            });
        }
        let Some(done) = in_flight.join_next().await else { break };
        let (chunk_retries, count) = done??;
        retries += chunk_retries;
        bar.inc(count);
    }
    Ok(retries)
}
