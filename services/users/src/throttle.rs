//! Login throttling: after [`MAX_FAILURES`] failed logins within [`WINDOW`] for one e-mail of
//! a tenant, or from one client address, every login for it answers 429 with `Retry-After`
//! (the right password included) until the window has passed.
//!
//! The counters are items of the users table (`throttle#email#<address>`,
//! `throttle#client#<ip>`) so that every Lambda instance sees the same ones; each carries
//! `expires_at`, the table's time-to-live attribute, so DynamoDB removes it afterwards.
//! Counters change with versioned writes, so concurrent failures are all counted.

use std::net::IpAddr;

use common::model::USERS;
use common::record::{MAX_ATTEMPTS, back_off};
use common::records::THROTTLE_PREFIX;
use common::store::{Condition, Item, Key, Store, StoreError, VERSION, version_of};
use common::{ApiError, TenantId};
use serde_json::Value;

/// Failures that lock a login.
pub const MAX_FAILURES: u64 = 10;

/// The window failures are counted in, in seconds.
pub const WINDOW: i64 = 15 * 60;

/// The counters one login attempt is checked against.
pub struct Throttle {
    keys: Vec<String>,
}

impl Throttle {
    /// The counters of `email` and of the client's address, when known.
    pub fn new(email: &str, client: Option<IpAddr>) -> Self {
        let mut keys = vec![format!("{THROTTLE_PREFIX}email#{email}")];
        keys.extend(client.map(|ip| format!("{THROTTLE_PREFIX}client#{ip}")));
        Self { keys }
    }

    /// Fails with 429 while any of the counters is locked at `now` (epoch seconds).
    pub async fn check(&self, store: &dyn Store, tenant: &TenantId, now: i64) -> Result<(), ApiError> {
        for key in &self.keys {
            if let Some(item) = store.get(tenant, &USERS, &Key::tenant(key.as_str())).await? {
                let (failures, since) = counted(&item, now);
                if failures >= MAX_FAILURES {
                    let retry_after = u64::try_from(since + WINDOW - now).unwrap_or(1).max(1);
                    return Err(ApiError::TooManyRequests {
                        message: format!("too many failed logins; try again in {} minutes", retry_after.div_ceil(60)),
                        retry_after,
                    });
                }
            }
        }
        Ok(())
    }

    /// Counts a failed login at `now` on every counter.
    pub async fn failed(&self, store: &dyn Store, tenant: &TenantId, now: i64) -> Result<(), ApiError> {
        for key in &self.keys {
            count(store, tenant, key, now).await?;
        }
        Ok(())
    }

    /// Forgets the failures of the e-mail after a successful login; the client's count
    /// stays, as one address may try many e-mails.
    pub async fn succeeded(&self, store: &dyn Store, tenant: &TenantId) -> Result<(), ApiError> {
        store.delete(tenant, &USERS, &Key::tenant(self.keys[0].as_str()), Condition::None).await?;
        Ok(())
    }
}

/// The failures a counter holds at `now` and when its window began: none once the window
/// has passed, whether or not the item has been removed yet.
fn counted(item: &Item, now: i64) -> (u64, i64) {
    let since = item.get("window_start").and_then(Value::as_i64).unwrap_or(0);
    if now >= since + WINDOW {
        return (0, now);
    }
    (item.get("failures").and_then(Value::as_u64).unwrap_or(0), since)
}

async fn count(store: &dyn Store, tenant: &TenantId, key: &str, now: i64) -> Result<(), ApiError> {
    for attempt in 0..MAX_ATTEMPTS * 2 {
        let current = store.get(tenant, &USERS, &Key::tenant(key)).await?;
        let (failures, since, condition) = match &current {
            Some(item) => {
                let (failures, since) = counted(item, now);
                (failures, since, Condition::Version(version_of(item)))
            }
            None => (0, now, Condition::MustNotExist),
        };
        let version = current.as_ref().map_or(0, version_of) + 1;
        let mut item = Item::new();
        item.insert("tenant_id".into(), tenant.as_str().into());
        item.insert("user_id".into(), key.into());
        item.insert("failures".into(), (failures + 1).into());
        item.insert("window_start".into(), since.into());
        item.insert("expires_at".into(), (since + WINDOW).into());
        item.insert(VERSION.into(), version.into());
        match store.put(tenant, &USERS, item, condition).await {
            Ok(()) => return Ok(()),
            Err(StoreError::ConditionFailed) => back_off(attempt).await,
            Err(error) => return Err(error.into()),
        }
    }
    Err(ApiError::Conflict("too many logins at the same time; try again".to_owned()))
}
