//! Reliable batch writes: chunks of 25, unprocessed requests retried with exponential
//! backoff and full jitter until every request is written.

use std::time::Duration;

use super::{MAX_BATCH_ITEMS, Result, Store, StoreError, WriteRequest};
use crate::model::TableDef;
use crate::tenant::TenantId;

/// How unprocessed requests are retried.
#[derive(Debug, Clone, Copy)]
pub struct BatchRetry {
    /// The first backoff ceiling.
    pub base: Duration,
    /// The largest backoff ceiling.
    pub max: Duration,
    /// Attempts without progress before giving up.
    pub max_stalled_attempts: u32,
}

impl Default for BatchRetry {
    fn default() -> Self {
        Self { base: Duration::from_millis(25), max: Duration::from_secs(2), max_stalled_attempts: 12 }
    }
}

impl BatchRetry {
    /// The sleep before retry number `attempt` (from 1): uniform in [0, min(max, base·2^attempt)].
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.base.saturating_mul(1 << attempt.min(16)).min(self.max);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }
}

/// Writes every request, in chunks of [`MAX_BATCH_ITEMS`], retrying what the store leaves
/// unprocessed. Answers the number of retries it needed. Gives up with an error only after
/// `retry.max_stalled_attempts` calls in a row that wrote nothing.
pub async fn batch_write<S: Store + ?Sized>(
    store: &S,
    tenant: &TenantId,
    table: &'static TableDef,
    requests: Vec<WriteRequest>,
    retry: BatchRetry,
) -> Result<u64> {
    let mut retries = 0;
    let mut pending = requests;
    while !pending.is_empty() {
        let rest = pending.split_off(pending.len().min(MAX_BATCH_ITEMS));
        let mut chunk = std::mem::replace(&mut pending, rest);
        let mut stalled = 0;
        let mut attempt = 0;
        loop {
            let before = chunk.len();
            chunk = store.batch_write_chunk(tenant, table, chunk).await?;
            if chunk.is_empty() {
                break;
            }
            stalled = if chunk.len() < before { 0 } else { stalled + 1 };
            if stalled >= retry.max_stalled_attempts {
                return Err(StoreError::backend(std::io::Error::other(format!(
                    "{} writes to {} left unprocessed after {stalled} attempts",
                    chunk.len(),
                    table.name
                ))));
            }
            retries += 1;
            attempt += 1;
            tokio::time::sleep(retry.backoff(attempt)).await;
        }
    }
    Ok(retries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let retry = BatchRetry::default();
        for attempt in 1..40 {
            assert!(retry.backoff(attempt) <= retry.max);
        }
    }
}
