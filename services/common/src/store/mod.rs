//! The `Store` trait, the only way services touch data, and the types its calls share.
//!
//! Every call of [`Store`] takes a [`TenantId`]: the store composes the partition value from
//! it, so a query of another tenant's partition cannot be written. Whole-table scans live in
//! the separate [`Scan`] trait, which only the jobs hold.

mod batch;
mod cursor;
mod dynamo;
mod embedded;
mod item;

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::model::TableDef;
use crate::tenant::TenantId;

pub use batch::{BatchRetry, batch_write};
pub use cursor::Cursor;
pub use dynamo::{DynamoStore, from_attribute, to_attribute};
pub use embedded::EmbeddedStore;
pub use item::{item_size, project};

/// An item: a JSON object whose key attributes are strings.
pub type Item = Map<String, Value>;

/// The largest page a Query or Scan answers, as DynamoDB does: 1 MB of items.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// The most write requests one batch call takes, as DynamoDB's BatchWriteItem does.
pub const MAX_BATCH_ITEMS: usize = 25;

/// The most items one transaction writes or checks, as DynamoDB's TransactWriteItems does.
pub const MAX_TRANSACT_ITEMS: usize = 100;

/// The attribute that [`Condition::Version`] compares: a number that every versioned write
/// raises by one, for optimistic locking.
pub const VERSION: &str = "version";

/// The result type of store calls.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What can go wrong in a store call.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A write's condition did not hold (the item exists, or does not).
    #[error("the condition of the write did not hold")]
    ConditionFailed,
    /// A transaction that breaks DynamoDB's rules (empty, too large, an item twice); a bug
    /// in the caller.
    #[error("invalid transaction: {0}")]
    InvalidTransaction(String),
    /// A cursor that this store did not hand out for this query and tenant.
    #[error("the cursor is not valid for this query")]
    InvalidCursor,
    /// An item or key that breaks the table model; a bug in the caller.
    #[error("invalid item for table {table}: {reason}")]
    InvalidItem {
        /// The table written.
        table: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The backend failed.
    #[error("store backend failed: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Wraps any backend error.
    pub fn backend(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Backend(Box::new(error))
    }

    pub(crate) fn invalid(table: &'static TableDef, reason: impl Into<String>) -> Self {
        Self::InvalidItem { table: table.name, reason: reason.into() }
    }
}

/// The partition a key or query addresses, relative to the caller's tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Partition {
    /// The tenant's own partition: the value is the tenant slug.
    Tenant,
    /// A partition scoped to the tenant: the value is `tenant#suffix`.
    Scoped(String),
}

impl Partition {
    /// The stored partition value for `tenant`.
    pub fn value(&self, tenant: &TenantId) -> String {
        match self {
            Self::Tenant => tenant.as_str().to_owned(),
            Self::Scoped(suffix) => tenant.scoped(suffix),
        }
    }
}

/// The primary key of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The partition, relative to the tenant.
    pub partition: Partition,
    /// The sort key value.
    pub sort: String,
}

impl Key {
    /// A key in the tenant's own partition.
    pub fn tenant(sort: impl Into<String>) -> Self {
        Self { partition: Partition::Tenant, sort: sort.into() }
    }
}

/// A condition on the sort key of a Query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortCondition {
    /// Equal to.
    Eq(String),
    /// Starts with.
    BeginsWith(String),
    /// Between, both ends included.
    Between(String, String),
    /// Less than.
    Lt(String),
    /// Less than or equal to.
    Le(String),
    /// Greater than.
    Gt(String),
    /// Greater than or equal to.
    Ge(String),
}

/// A Query on a table or one of its indexes, within one partition.
#[derive(Debug, Clone)]
pub struct Query {
    /// The table.
    pub table: &'static TableDef,
    /// The index, or `None` for the table itself.
    pub index: Option<&'static str>,
    /// The partition, relative to the tenant.
    pub partition: Partition,
    /// The condition on the sort key.
    pub sort: Option<SortCondition>,
    /// Ascending sort key order when true.
    pub forward: bool,
    /// The most items in the page.
    pub limit: Option<u32>,
    /// Where the previous page stopped.
    pub cursor: Option<Cursor>,
}

impl Query {
    /// A forward query of the tenant's own partition of `table`.
    pub fn new(table: &'static TableDef) -> Self {
        Self { table, index: None, partition: Partition::Tenant, sort: None, forward: true, limit: None, cursor: None }
    }

    /// Queries `index` instead of the table.
    pub fn index(mut self, index: &'static str) -> Self {
        self.index = Some(index);
        self
    }

    /// Queries the partition `tenant#suffix`.
    pub fn scoped(mut self, suffix: impl Into<String>) -> Self {
        self.partition = Partition::Scoped(suffix.into());
        self
    }

    /// Adds a sort key condition.
    pub fn sort(mut self, condition: SortCondition) -> Self {
        self.sort = Some(condition);
        self
    }

    /// Descending sort key order.
    pub fn backward(mut self) -> Self {
        self.forward = false;
        self
    }

    /// At most `limit` items.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Continues after `cursor`.
    pub fn after(mut self, cursor: Option<Cursor>) -> Self {
        self.cursor = cursor;
        self
    }
}

/// One page of a Query or Scan.
#[derive(Debug, Clone, Default)]
pub struct Page<T = Item> {
    /// The items, in order.
    pub items: Vec<T>,
    /// Where to continue, or `None` when there is nothing more.
    pub cursor: Option<Cursor>,
}

/// A page whose items are their JSON text, for callers that decode them straight into
/// records (see [`Store::query_text`]).
pub type TextPage = Page<String>;

/// A condition on a single-item write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// Write unconditionally.
    None,
    /// The item must exist.
    MustExist,
    /// The item must not exist.
    MustNotExist,
    /// The item must exist with this [`VERSION`]; an item without one counts as version 0.
    Version(u64),
}

impl Condition {
    /// Whether the condition holds for `current`, the stored item (if any).
    pub fn holds(self, current: Option<&Item>) -> bool {
        match (self, current) {
            (Self::None, _) => true,
            (Self::MustExist, found) => found.is_some(),
            (Self::MustNotExist, found) => found.is_none(),
            (Self::Version(_), None) => false,
            (Self::Version(version), Some(item)) => version_of(item) == version,
        }
    }
}

/// The [`VERSION`] of a stored item; 0 when it has none.
pub fn version_of(item: &Item) -> u64 {
    item.get(VERSION).and_then(Value::as_u64).unwrap_or(0)
}

/// One write of a transaction: all of a transaction's writes happen, or none does.
#[derive(Debug, Clone, PartialEq)]
pub enum TransactWrite {
    /// Put an item, replacing any item with its key, if the condition holds.
    Put {
        /// The table.
        table: &'static TableDef,
        /// The item.
        item: Item,
        /// What must hold of the item it replaces.
        condition: Condition,
    },
    /// Change attributes of the item with this key, if the condition holds.
    Update {
        /// The table.
        table: &'static TableDef,
        /// The key.
        key: Key,
        /// The changes.
        update: Update,
        /// What must hold of the item.
        condition: Condition,
    },
    /// Delete the item with this key, if the condition holds.
    Delete {
        /// The table.
        table: &'static TableDef,
        /// The key.
        key: Key,
        /// What must hold of the item.
        condition: Condition,
    },
    /// Write nothing, but fail the transaction unless the condition holds.
    Check {
        /// The table.
        table: &'static TableDef,
        /// The key.
        key: Key,
        /// What must hold of the item.
        condition: Condition,
    },
}

impl TransactWrite {
    /// What must hold for the transaction to go ahead.
    pub fn condition(&self) -> Condition {
        match self {
            Self::Put { condition, .. }
            | Self::Update { condition, .. }
            | Self::Delete { condition, .. }
            | Self::Check { condition, .. } => *condition,
        }
    }

    /// The table and primary key values (partition, sort) the write touches, for `tenant`.
    pub(crate) fn target(&self, tenant: &TenantId) -> (&'static TableDef, String, String) {
        match self {
            Self::Put { table, item, .. } => {
                let (pk, sk) = item_key(table, item);
                (*table, pk, sk)
            }
            Self::Update { table, key, .. } | Self::Delete { table, key, .. } | Self::Check { table, key, .. } => {
                let (pk, sk) = key_values(tenant, key);
                (*table, pk, sk)
            }
        }
    }
}

/// Checks a transaction before it is sent: 1 to [`MAX_TRANSACT_ITEMS`] writes, each item
/// valid for `tenant`, no item touched twice (DynamoDB refuses that too).
pub(crate) fn check_transaction(tenant: &TenantId, writes: &[TransactWrite]) -> Result<()> {
    if writes.is_empty() {
        return Err(StoreError::InvalidTransaction("a transaction needs at least one write".to_owned()));
    }
    if writes.len() > MAX_TRANSACT_ITEMS {
        return Err(StoreError::InvalidTransaction(format!(
            "{} writes in one transaction; at most {MAX_TRANSACT_ITEMS}",
            writes.len()
        )));
    }
    let mut seen = std::collections::HashSet::with_capacity(writes.len());
    for write in writes {
        match write {
            TransactWrite::Put { table, item, .. } => check_item(tenant, table, item)?,
            TransactWrite::Update { update, .. } if update.set.is_empty() && update.remove.is_empty() => {
                return Err(StoreError::InvalidTransaction(
                    "an update in a transaction must change something".to_owned(),
                ));
            }
            _ => {}
        }
        let (table, pk, sk) = write.target(tenant);
        if !seen.insert((table.name, pk.clone(), sk.clone())) {
            return Err(StoreError::InvalidTransaction(format!(
                "the item ({pk}, {sk}) of {} is written twice",
                table.name
            )));
        }
    }
    Ok(())
}

/// Changes to the attributes of one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    /// Attributes to set.
    pub set: Item,
    /// Attributes to remove.
    pub remove: Vec<String>,
}

/// One request of a batch write.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteRequest {
    /// Put an item.
    Put(Item),
    /// Delete the item with this key.
    Delete(Key),
}

/// The tenant-scoped data access of every service.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates the tables that do not exist yet, with their indexes; safe to call again.
    async fn create_tables(&self, tables: &[&'static TableDef]) -> Result<()>;

    /// Reads one item.
    async fn get(&self, tenant: &TenantId, table: &'static TableDef, key: &Key) -> Result<Option<Item>>;

    /// Writes one item, replacing any item with its key, if `condition` holds.
    async fn put(&self, tenant: &TenantId, table: &'static TableDef, item: Item, condition: Condition) -> Result<()>;

    /// Changes attributes of one item and answers the item as it is afterwards.
    async fn update(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        key: &Key,
        update: Update,
        condition: Condition,
    ) -> Result<Item>;

    /// Deletes one item and answers it as it was, if it existed.
    async fn delete(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        key: &Key,
        condition: Condition,
    ) -> Result<Option<Item>>;

    /// Answers one page of a Query, at most [`MAX_PAGE_BYTES`] of items.
    async fn query(&self, tenant: &TenantId, query: &Query) -> Result<Page>;

    /// Answers the same page as [`Store::query`], each item as its JSON text, for callers
    /// that decode items straight into records: the embedded store hands over the text it
    /// holds instead of building an [`Item`] that the caller would only take apart again.
    async fn query_text(&self, tenant: &TenantId, query: &Query) -> Result<TextPage> {
        let page = self.query(tenant, query).await?;
        let items =
            page.items.iter().map(serde_json::to_string).collect::<Result<_, _>>().map_err(StoreError::backend)?;
        Ok(Page { items, cursor: page.cursor })
    }

    /// Writes at most [`MAX_BATCH_ITEMS`] requests and answers those it did not process,
    /// as BatchWriteItem does. Use [`batch_write`] to write any number reliably.
    async fn batch_write_chunk(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        requests: Vec<WriteRequest>,
    ) -> Result<Vec<WriteRequest>>;

    /// Puts `items` as one step of a bulk load (a seed, a restore) and answers the retries
    /// the store asked for. The embedded store writes them in one transaction, so that a
    /// load costs each page once rather than once per batch. DynamoDB has no bulk write:
    /// there this is [`batch_write`], in batches of 25 retried until written, neither atomic
    /// nor isolated, so a bulk load must be safe to repeat.
    async fn bulk_put(&self, tenant: &TenantId, table: &'static TableDef, items: Vec<Item>) -> Result<u64> {
        let requests = items.into_iter().map(WriteRequest::Put).collect();
        batch_write(self, tenant, table, requests, BatchRetry::default()).await
    }

    /// Writes up to [`MAX_TRANSACT_ITEMS`] items of any tables of the tenant all or none,
    /// as TransactWriteItems does: when any condition fails, or another transaction holds
    /// one of the items, nothing is written and the answer is
    /// [`StoreError::ConditionFailed`].
    async fn transact_write(&self, tenant: &TenantId, writes: Vec<TransactWrite>) -> Result<()>;

    /// How many items one [`Store::bulk_put`] call should carry.
    fn bulk_size(&self) -> usize {
        MAX_BATCH_ITEMS
    }
}

/// A request for one page of one segment of a parallel scan.
#[derive(Debug, Clone)]
pub struct ScanRequest {
    /// The table.
    pub table: &'static TableDef,
    /// This segment, from 0.
    pub segment: u32,
    /// The number of segments the table is split into.
    pub total_segments: u32,
    /// The most items in the page.
    pub limit: Option<u32>,
    /// Where the previous page of this segment stopped.
    pub cursor: Option<Cursor>,
}

/// Whole-table reads across tenants, for the ingest jobs only; no request path holds one.
#[async_trait]
pub trait Scan: Send + Sync {
    /// Answers one page of one segment of a parallel scan.
    async fn scan(&self, request: &ScanRequest) -> Result<Page>;
}

/// Checks an item against the table model for `tenant`: every key attribute present is a
/// string, the primary key is complete, and every tenant-scoped attribute belongs to `tenant`.
pub fn check_item(tenant: &TenantId, table: &'static TableDef, item: &Item) -> Result<()> {
    for name in table.key_attributes() {
        match item.get(name) {
            None | Some(Value::String(_)) => {}
            Some(_) => return Err(StoreError::invalid(table, format!("key attribute `{name}` must be a string"))),
        }
    }
    for name in [table.partition_key, table.sort_key] {
        match item.get(name) {
            Some(Value::String(value)) if !value.is_empty() => {}
            _ => return Err(StoreError::invalid(table, format!("`{name}` is missing or empty"))),
        }
    }
    for name in table.tenant_scoped_attributes() {
        if let Some(Value::String(value)) = item.get(name)
            && !tenant.owns(value)
        {
            return Err(StoreError::invalid(table, format!("`{name}` does not belong to tenant {tenant}")));
        }
    }
    Ok(())
}

/// The primary key values of a key for `tenant`: (partition value, sort value).
pub(crate) fn key_values(tenant: &TenantId, key: &Key) -> (String, String) {
    (key.partition.value(tenant), key.sort.clone())
}

/// The primary key of a stored item, as strings.
pub(crate) fn item_key(table: &TableDef, item: &Item) -> (String, String) {
    let text = |name: &str| item.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    (text(table.partition_key), text(table.sort_key))
}
