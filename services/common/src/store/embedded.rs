//! `EmbeddedStore`: the local stage's store, one SQLite file with DynamoDB's semantics.
//!
//! Each table is a SQLite table holding the item as JSON, unique on (partition, sort); each
//! secondary index is a SQLite table of (index partition, index sort, partition, sort) kept
//! in the same transaction as the item. Strings compare as UTF-8 bytes, as in DynamoDB.
//! Pages stop at 1 MB, indexes answer their projection, and an optional write capacity
//! makes batch writes answer unprocessed requests as a throttled DynamoDB table does.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params, params_from_iter};
use serde_json::Value;

use super::item::size_bound;
use super::{
    Condition, Cursor, Item, Key, MAX_BATCH_ITEMS, MAX_PAGE_BYTES, Page, Query, Result, Scan, ScanRequest,
    SortCondition, Store, StoreError, TextPage, TransactWrite, Update, WriteRequest, check_item, check_transaction,
    item_key, item_size, key_values, project,
};
use crate::model::{IndexDef, Projection, TableDef};
use crate::tenant::TenantId;

const READERS: usize = 4;

/// Queries of at most this many items (every page a request asks for) run on the calling
/// thread; longer ones, and scans, on the blocking pool.
const INLINE_QUERY_LIMIT: u32 = 100;

/// Items per bulk-load transaction: large enough that each page of a table and its indexes
/// is written about once per load, small enough to keep a load's memory and lock time low.
const BULK_ITEMS: usize = 20_000;

/// The SQLite-backed store of the local stage.
#[derive(Clone)]
pub struct EmbeddedStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    capacity: Option<Mutex<TokenBucket>>,
}

/// A write budget refilled at a fixed rate, like a table's provisioned write capacity.
struct TokenBucket {
    per_second: f64,
    tokens: f64,
    refilled_at: Instant,
}

impl TokenBucket {
    fn take(&mut self, wanted: usize) -> usize {
        let now = Instant::now();
        let elapsed = now.duration_since(self.refilled_at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.per_second);
        self.refilled_at = now;
        let granted = (self.tokens.floor() as usize).min(wanted);
        self.tokens -= granted as f64;
        granted
    }
}

fn backend(error: rusqlite::Error) -> StoreError {
    StoreError::backend(error)
}

fn open_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path).map_err(backend)?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(backend)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(backend)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(backend)?;
    // 64 MB of page cache keeps the tables' and indexes' upper levels in memory.
    conn.pragma_update(None, "cache_size", -65_536).map_err(backend)?;
    Ok(conn)
}

impl EmbeddedStore {
    /// Opens (creating if needed) the store file at `path`.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self> {
        let path = path.into();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(StoreError::backend)?;
        }
        let writer = open_connection(&path)?;
        let readers = (0..READERS).map(|_| open_connection(&path).map(Mutex::new)).collect::<Result<_>>()?;
        Ok(Self {
            inner: Arc::new(Inner {
                path,
                writer: Mutex::new(writer),
                readers,
                next_reader: AtomicUsize::new(0),
                capacity: None,
            }),
        })
    }

    /// Opens the store with a write capacity of `items_per_second` for batch writes: past
    /// it, batch writes answer unprocessed requests, as a throttled DynamoDB table does.
    pub fn open_with_write_capacity(path: impl Into<PathBuf>, items_per_second: u32) -> Result<Self> {
        let mut store = Self::open(path)?;
        let inner = Arc::get_mut(&mut store.inner).expect("a new store has one owner");
        inner.capacity = Some(Mutex::new(TokenBucket {
            per_second: f64::from(items_per_second),
            tokens: f64::from(items_per_second),
            refilled_at: Instant::now(),
        }));
        Ok(store)
    }

    /// The file the store lives in.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    async fn with_writer<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let mut conn = inner.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut conn)
        })
        .await
        .map_err(StoreError::backend)?
    }

    /// Runs a short read on the calling thread, on the first reader connection that is free:
    /// a point read or a page of at most [`INLINE_QUERY_LIMIT`] items takes tens of
    /// microseconds, less than handing it to the blocking pool and back would.
    fn read_inline<T>(&self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.inner.with_free_reader(work)
    }

    async fn with_reader<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.with_free_reader(work)).await.map_err(StoreError::backend)?
    }
}

impl Inner {
    /// Runs `work` on the first reader connection that is free, else waits for one.
    fn with_free_reader<T>(&self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for offset in 0..READERS {
            if let Ok(conn) = self.readers[(start + offset) % READERS].try_lock() {
                return work(&conn);
            }
        }
        let conn = self.readers[start % READERS].lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&conn)
    }
}

fn table_sql(table: &TableDef) -> String {
    format!("t_{}", table.name)
}

fn index_sql(table: &TableDef, index: &IndexDef) -> String {
    format!("i_{}_{}", table.name, index.name)
}

/// The segment hash of a key: FNV-1a over partition and sort, mixed by the MurmurHash3
/// finaliser so that similar keys spread evenly, keeping the top 32 bits.
fn segment_hash(pk: &str, sk: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in pk.bytes().chain([0]).chain(sk.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^= hash >> 33;
    i64::from((hash >> 32) as u32)
}

fn create_table(conn: &mut Connection, table: &TableDef) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
    let name = table_sql(table);
    tx.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY, pk TEXT NOT NULL, sk TEXT NOT NULL, \
         seg INTEGER NOT NULL, item TEXT NOT NULL);
         CREATE UNIQUE INDEX IF NOT EXISTS {name}_key ON {name} (pk, sk);"
    ))
    .map_err(backend)?;
    for index in table.indexes {
        let index_name = index_sql(table, index);
        let exists: bool = tx
            .query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [&index_name],
                |row| row.get(0),
            )
            .map_err(backend)?;
        if exists {
            continue;
        }
        tx.execute_batch(&format!(
            "CREATE TABLE {index_name} (ipk TEXT NOT NULL, isk TEXT NOT NULL, pk TEXT NOT NULL, sk TEXT NOT NULL, \
             PRIMARY KEY (ipk, isk, pk, sk)) WITHOUT ROWID;"
        ))
        .map_err(backend)?;
        // Backfill an index added to a table that already holds items.
        let items: Vec<String> = {
            let mut stmt = tx.prepare(&format!("SELECT item FROM {name}")).map_err(backend)?;
            stmt.query_map([], |row| row.get(0)).map_err(backend)?.collect::<Result<_, _>>().map_err(backend)?
        };
        for text in items {
            let item: Item = serde_json::from_str(&text).map_err(StoreError::backend)?;
            insert_index_row(&tx, table, index, &item)?;
        }
    }
    tx.commit().map_err(backend)
}

fn insert_index_row(tx: &Transaction<'_>, table: &TableDef, index: &IndexDef, item: &Item) -> Result<()> {
    let Some((ipk, isk)) = index_keys(index, item) else {
        // Sparse index: items without both index keys are not in it.
        return Ok(());
    };
    let (pk, sk) = item_key(table, item);
    insert_index_entry(tx, table, index, [ipk, isk, &pk, &sk])
}

/// Adds the entry (index partition, index sort, partition, sort) to `index`.
fn insert_index_entry(tx: &Transaction<'_>, table: &TableDef, index: &IndexDef, entry: [&str; 4]) -> Result<()> {
    tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO {} (ipk, isk, pk, sk) VALUES (?1, ?2, ?3, ?4)",
        index_sql(table, index)
    ))
    .map_err(backend)?
    .execute(entry)
    .map_err(backend)?;
    Ok(())
}

fn read_item(conn: &Connection, table: &TableDef, pk: &str, sk: &str) -> Result<Option<Item>> {
    let text: Option<String> = conn
        .prepare_cached(&format!("SELECT item FROM {} WHERE pk = ?1 AND sk = ?2", table_sql(table)))
        .map_err(backend)?
        .query_row(params![pk, sk], |row| row.get(0))
        .optional()
        .map_err(backend)?;
    text.map(|text| serde_json::from_str(&text).map_err(StoreError::backend)).transpose()
}

/// The index keys of `item` in `index`, when it is in the index (indexes are sparse).
fn index_keys<'a>(index: &IndexDef, item: &'a Item) -> Option<(&'a str, &'a str)> {
    match (item.get(index.partition_key), item.get(index.sort_key)) {
        (Some(Value::String(ipk)), Some(Value::String(isk))) => Some((ipk, isk)),
        _ => None,
    }
}

/// Removes the index entries of `old`, the stored version of the item at (pk, sk).
fn remove_index_rows(tx: &Transaction<'_>, table: &TableDef, old: &Item, pk: &str, sk: &str) -> Result<()> {
    for index in table.indexes {
        if let Some((ipk, isk)) = index_keys(index, old) {
            tx.prepare_cached(&format!(
                "DELETE FROM {} WHERE ipk = ?1 AND isk = ?2 AND pk = ?3 AND sk = ?4",
                index_sql(table, index)
            ))
            .map_err(backend)?
            .execute(params![ipk, isk, pk, sk])
            .map_err(backend)?;
        }
    }
    Ok(())
}

fn remove_item(tx: &Transaction<'_>, table: &TableDef, pk: &str, sk: &str) -> Result<()> {
    if let Some(old) = read_item(tx, table, pk, sk)? {
        remove_index_rows(tx, table, &old, pk, sk)?;
        tx.prepare_cached(&format!("DELETE FROM {} WHERE pk = ?1 AND sk = ?2", table_sql(table)))
            .map_err(backend)?
            .execute(params![pk, sk])
            .map_err(backend)?;
    }
    Ok(())
}

/// An item made ready for writing, off the writer's lock: its key, segment hash, JSON text
/// and the keys of each index it is in.
struct Row {
    pk: String,
    sk: String,
    seg: i64,
    text: String,
    indexes: Vec<(&'static IndexDef, String, String)>,
}

impl Row {
    fn of(table: &'static TableDef, item: &Item) -> Result<Self> {
        let (pk, sk) = item_key(table, item);
        let indexes = table
            .indexes
            .iter()
            .filter_map(|index| index_keys(index, item).map(|(ipk, isk)| (index, ipk.to_owned(), isk.to_owned())))
            .collect();
        let text = serde_json::to_string(item).map_err(StoreError::backend)?;
        Ok(Self { seg: segment_hash(&pk, &sk), pk, sk, text, indexes })
    }
}

fn write_item(tx: &Transaction<'_>, table: &'static TableDef, item: &Item) -> Result<()> {
    write_row(tx, table, &Row::of(table, item)?)
}

fn write_row(tx: &Transaction<'_>, table: &TableDef, row: &Row) -> Result<()> {
    let Row { pk, sk, seg, text, indexes } = row;
    if let Some(old) = read_item(tx, table, pk, sk)? {
        // Replacing an item: its old index entries go first, as its index keys may change.
        remove_index_rows(tx, table, &old, pk, sk)?;
    }
    tx.prepare_cached(&format!(
        "INSERT INTO {} (pk, sk, seg, item) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (pk, sk) DO UPDATE SET seg = excluded.seg, item = excluded.item",
        table_sql(table)
    ))
    .map_err(backend)?
    .execute(params![pk, sk, seg, text])
    .map_err(backend)?;
    for (index, ipk, isk) in indexes {
        insert_index_entry(tx, table, index, [ipk, isk, pk, sk])?;
    }
    Ok(())
}

/// The rows of a load in key order, the last of each key kept (as writing them in turn would).
fn in_key_order(mut rows: Vec<Row>) -> Vec<Row> {
    rows.reverse();
    // A stable sort keeps the last-given row of each key first among its equals.
    rows.sort_by(|a, b| (&a.pk, &a.sk).cmp(&(&b.pk, &b.sk)));
    rows.dedup_by(|later, kept| later.pk == kept.pk && later.sk == kept.sk);
    rows
}

/// Writes a bulk load of distinct keys in key order: the items, then each index's entries
/// sorted in the index's order, so that every B-tree fills from left to right and each page
/// is written about once per load instead of once per item that lands on it.
fn write_load(tx: &Transaction<'_>, table: &TableDef, rows: &[Row]) -> Result<()> {
    let mut insert = tx
        .prepare_cached(&format!(
            "INSERT INTO {} (pk, sk, seg, item) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (pk, sk) DO UPDATE SET seg = excluded.seg, item = excluded.item",
            table_sql(table)
        ))
        .map_err(backend)?;
    for Row { pk, sk, seg, text, .. } in rows {
        if let Some(old) = read_item(tx, table, pk, sk)? {
            remove_index_rows(tx, table, &old, pk, sk)?;
        }
        insert.execute(params![pk, sk, seg, text]).map_err(backend)?;
    }
    for index in table.indexes {
        let mut entries: Vec<[&str; 4]> = rows
            .iter()
            .flat_map(|row| {
                row.indexes
                    .iter()
                    .filter(|(of, ..)| std::ptr::eq(*of, index))
                    .map(|(_, ipk, isk)| [ipk.as_str(), isk.as_str(), row.pk.as_str(), row.sk.as_str()])
            })
            .collect();
        entries.sort_unstable();
        let mut insert = tx
            .prepare_cached(&format!(
                "INSERT OR REPLACE INTO {} (ipk, isk, pk, sk) VALUES (?1, ?2, ?3, ?4)",
                index_sql(table, index)
            ))
            .map_err(backend)?;
        for entry in entries {
            insert.execute(entry).map_err(backend)?;
        }
    }
    Ok(())
}

fn check_condition(condition: Condition, current: Option<&Item>) -> Result<()> {
    if condition.holds(current) { Ok(()) } else { Err(StoreError::ConditionFailed) }
}

/// The smallest string greater than every string that starts with `prefix`, if any.
fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

fn sort_condition_sql(column: &str, condition: &SortCondition, sql: &mut String, args: &mut Vec<String>) {
    let mut bind = |sql: &mut String, op: &str, value: &str| {
        args.push(value.to_owned());
        sql.push_str(&format!(" AND {column} {op} ?{}", args.len()));
    };
    match condition {
        SortCondition::Eq(value) => bind(sql, "=", value),
        SortCondition::Lt(value) => bind(sql, "<", value),
        SortCondition::Le(value) => bind(sql, "<=", value),
        SortCondition::Gt(value) => bind(sql, ">", value),
        SortCondition::Ge(value) => bind(sql, ">=", value),
        SortCondition::Between(low, high) => {
            bind(sql, ">=", low);
            bind(sql, "<=", high);
        }
        SortCondition::BeginsWith(prefix) => {
            bind(sql, ">=", prefix);
            if let Some(upper) = prefix_upper_bound(prefix) {
                bind(sql, "<", &upper);
            }
        }
    }
}

fn after_cursor_sql(columns: &[&str], values: Vec<String>, forward: bool, sql: &mut String, args: &mut Vec<String>) {
    let first = args.len() + 1;
    args.extend(values);
    let bound: Vec<String> = (first..first + columns.len()).map(|n| format!("?{n}")).collect();
    let op = if forward { ">" } else { "<" };
    sql.push_str(&format!(" AND ({}) {op} ({})", columns.join(", "), bound.join(", ")));
}

/// A Query or Scan made SQL: each row answers an item's JSON text.
struct Plan {
    sql: String,
    args: Vec<String>,
    limit: Option<u32>,
    table: &'static TableDef,
    /// The index queried, whose projection the items take.
    index: Option<&'static IndexDef>,
}

/// The attributes of a cursor of `table`, or of its `index`: the keys an item has there.
fn cursor_names(table: &'static TableDef, index: Option<&'static IndexDef>) -> Vec<&'static str> {
    let mut names = vec![table.partition_key, table.sort_key];
    names.extend(index.into_iter().flat_map(|index| [index.partition_key, index.sort_key]));
    names
}

/// The bytes of a page as DynamoDB counts them: an upper bound while the page is far from
/// [`MAX_PAGE_BYTES`], so that its items need not be decoded to be counted; exact after.
#[derive(Default)]
struct PageBytes {
    bound: usize,
    exact: Option<usize>,
}

impl PageBytes {
    /// Whether an item of JSON `text` fits after `items`, the page so far; counts it if so.
    fn admit(&mut self, items: &[String], text: &str) -> Result<bool> {
        let bound = self.bound + size_bound(text.len());
        if items.is_empty() || (self.exact.is_none() && bound <= MAX_PAGE_BYTES) {
            self.bound = bound;
            return Ok(true);
        }
        let before = match self.exact {
            Some(bytes) => bytes,
            None => items.iter().map(|text| text_size(text)).sum::<Result<usize>>()?,
        };
        let after = before + text_size(text)?;
        let fits = after <= MAX_PAGE_BYTES;
        self.exact = Some(if fits { after } else { before });
        self.bound = bound;
        Ok(fits)
    }
}

/// Reads a plan's rows into a page of item texts: at most `limit` items and
/// [`MAX_PAGE_BYTES`]. An item is decoded only to project it, or to count its exact size
/// once the page nears the byte limit.
fn collect_page(conn: &Connection, plan: &Plan) -> Result<TextPage> {
    let mut stmt = conn.prepare_cached(&plan.sql).map_err(backend)?;
    let mut rows = stmt.query(params_from_iter(plan.args.iter())).map_err(backend)?;
    let limit = plan.limit.map_or(usize::MAX, |limit| limit.max(1) as usize);
    let mut page = TextPage::default();
    let mut bytes = PageBytes::default();
    while let Some(row) = rows.next().map_err(backend)? {
        let full = page.items.len() >= limit || {
            let stored = row.get_ref(0).map_err(backend)?.as_str().map_err(StoreError::backend)?;
            let text = match plan.index.filter(|index| index.projection != Projection::All) {
                Some(index) => {
                    serde_json::to_string(&project(plan.table, index, &decode(stored)?)).map_err(StoreError::backend)?
                }
                None => stored.to_owned(),
            };
            let fits = bytes.admit(&page.items, &text)?;
            if fits {
                page.items.push(text);
            }
            !fits
        };
        if full {
            let last = page.items.last().expect("a full page has items");
            page.cursor = Some(Cursor::after_text(&cursor_names(plan.table, plan.index), last)?);
            break;
        }
    }
    Ok(page)
}

fn decode(text: &str) -> Result<Item> {
    serde_json::from_str(text).map_err(StoreError::backend)
}

/// The size of an item, from its JSON text, as DynamoDB counts it.
fn text_size(text: &str) -> Result<usize> {
    Ok(item_size(&decode(text)?))
}

/// A page of item texts as a page of items, each text freed once decoded.
fn decode_page(page: TextPage) -> Result<Page> {
    Ok(Page { items: page.items.into_iter().map(|text| decode(&text)).collect::<Result<_>>()?, cursor: page.cursor })
}

fn query_plan(tenant: &TenantId, query: &Query) -> Result<Plan> {
    let table = query.table;
    let partition = query.partition.value(tenant);
    let direction = if query.forward { "ASC" } else { "DESC" };
    let mut args = vec![partition.clone()];
    match query.index {
        None => {
            let mut sql = format!("SELECT item FROM {} WHERE pk = ?1", table_sql(table));
            if let Some(condition) = &query.sort {
                sort_condition_sql("sk", condition, &mut sql, &mut args);
            }
            if let Some(cursor) = &query.cursor {
                let names = cursor_names(table, None);
                cursor.check(table, &names, Some((table.partition_key, &partition)), Some(tenant))?;
                after_cursor_sql(
                    &["sk"],
                    vec![cursor.get(table.sort_key)?.to_owned()],
                    query.forward,
                    &mut sql,
                    &mut args,
                );
            }
            sql.push_str(&format!(" ORDER BY sk {direction}"));
            Ok(Plan { sql, args, limit: query.limit, table, index: None })
        }
        Some(index_name) => {
            let index = table
                .index(index_name)
                .ok_or_else(|| StoreError::invalid(table, format!("no index `{index_name}`")))?;
            let mut sql = format!(
                "SELECT t.item FROM {} i JOIN {} t ON t.pk = i.pk AND t.sk = i.sk WHERE i.ipk = ?1",
                index_sql(table, index),
                table_sql(table)
            );
            if let Some(condition) = &query.sort {
                sort_condition_sql("i.isk", condition, &mut sql, &mut args);
            }
            if let Some(cursor) = &query.cursor {
                let names = cursor_names(table, Some(index));
                cursor.check(table, &names, Some((index.partition_key, &partition)), Some(tenant))?;
                let values = vec![
                    cursor.get(index.sort_key)?.to_owned(),
                    cursor.get(table.partition_key)?.to_owned(),
                    cursor.get(table.sort_key)?.to_owned(),
                ];
                after_cursor_sql(&["i.isk", "i.pk", "i.sk"], values, query.forward, &mut sql, &mut args);
            }
            sql.push_str(&format!(" ORDER BY i.isk {direction}, i.pk {direction}, i.sk {direction}"));
            Ok(Plan { sql, args, limit: query.limit, table, index: Some(index) })
        }
    }
}

fn scan_plan(request: &ScanRequest) -> Result<Plan> {
    let table = request.table;
    if request.total_segments == 0 || request.segment >= request.total_segments {
        return Err(StoreError::invalid(table, "segment must be below total_segments"));
    }
    let span = (1u64 << 32) / u64::from(request.total_segments);
    let low = u64::from(request.segment) * span;
    let high = if request.segment + 1 == request.total_segments { 1u64 << 32 } else { low + span };
    let mut args = vec![low.to_string(), high.to_string()];
    let mut sql =
        format!("SELECT item FROM {} WHERE seg >= CAST(?1 AS INTEGER) AND seg < CAST(?2 AS INTEGER)", table_sql(table));
    if let Some(cursor) = &request.cursor {
        cursor.check(table, &cursor_names(table, None), None, None)?;
        let first = args.len() + 1;
        sql.push_str(&format!(" AND (pk, sk) > (?{first}, ?{})", first + 1));
        args.extend([cursor.get(table.partition_key)?.to_owned(), cursor.get(table.sort_key)?.to_owned()]);
    }
    // A segment is a hash range: its pass walks the key order and keeps its own items.
    sql.push_str(" ORDER BY pk, sk");
    Ok(Plan { sql, args, limit: request.limit, table, index: None })
}

fn apply_update(
    table: &'static TableDef,
    current: Option<Item>,
    key: (String, String),
    update: Update,
) -> Result<Item> {
    for name in update.set.keys().chain(update.remove.iter()) {
        if name == table.partition_key || name == table.sort_key {
            return Err(StoreError::invalid(table, format!("`{name}` is part of the primary key")));
        }
    }
    let mut item = current.unwrap_or_else(|| {
        let mut item = Item::new();
        item.insert(table.partition_key.to_owned(), Value::String(key.0));
        item.insert(table.sort_key.to_owned(), Value::String(key.1));
        item
    });
    item.extend(update.set);
    for name in &update.remove {
        item.remove(name);
    }
    Ok(item)
}

#[async_trait]
impl Store for EmbeddedStore {
    async fn create_tables(&self, tables: &[&'static TableDef]) -> Result<()> {
        let tables = tables.to_vec();
        self.with_writer(move |conn| tables.iter().try_for_each(|table| create_table(conn, table))).await
    }

    async fn get(&self, tenant: &TenantId, table: &'static TableDef, key: &Key) -> Result<Option<Item>> {
        let (pk, sk) = key_values(tenant, key);
        self.read_inline(|conn| read_item(conn, table, &pk, &sk))
    }

    async fn put(&self, tenant: &TenantId, table: &'static TableDef, item: Item, condition: Condition) -> Result<()> {
        check_item(tenant, table, &item)?;
        self.with_writer(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
            if condition != Condition::None {
                let (pk, sk) = item_key(table, &item);
                check_condition(condition, read_item(&tx, table, &pk, &sk)?.as_ref())?;
            }
            write_item(&tx, table, &item)?;
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn update(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        key: &Key,
        update: Update,
        condition: Condition,
    ) -> Result<Item> {
        let (pk, sk) = key_values(tenant, key);
        let tenant = tenant.clone();
        self.with_writer(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
            let current = read_item(&tx, table, &pk, &sk)?;
            check_condition(condition, current.as_ref())?;
            let item = apply_update(table, current, (pk, sk), update)?;
            check_item(&tenant, table, &item)?;
            write_item(&tx, table, &item)?;
            tx.commit().map_err(backend)?;
            Ok(item)
        })
        .await
    }

    async fn delete(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        key: &Key,
        condition: Condition,
    ) -> Result<Option<Item>> {
        let (pk, sk) = key_values(tenant, key);
        self.with_writer(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
            let current = read_item(&tx, table, &pk, &sk)?;
            check_condition(condition, current.as_ref())?;
            if current.is_some() {
                remove_item(&tx, table, &pk, &sk)?;
            }
            tx.commit().map_err(backend)?;
            Ok(current)
        })
        .await
    }

    async fn transact_write(&self, tenant: &TenantId, writes: Vec<TransactWrite>) -> Result<()> {
        check_transaction(tenant, &writes)?;
        let tenant = tenant.clone();
        self.with_writer(move |conn| {
            // One SQLite transaction: every condition is checked before anything is written,
            // and the writer's lock keeps other writers out until it commits.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
            for write in &writes {
                let (table, pk, sk) = write.target(&tenant);
                let condition = write.condition();
                if condition != Condition::None {
                    check_condition(condition, read_item(&tx, table, &pk, &sk)?.as_ref())?;
                }
            }
            for write in &writes {
                match write {
                    TransactWrite::Put { table, item, .. } => write_item(&tx, table, item)?,
                    TransactWrite::Update { update, .. } => {
                        let (table, pk, sk) = write.target(&tenant);
                        let current = read_item(&tx, table, &pk, &sk)?;
                        let item = apply_update(table, current, (pk, sk), update.clone())?;
                        check_item(&tenant, table, &item)?;
                        write_item(&tx, table, &item)?;
                    }
                    TransactWrite::Delete { .. } => {
                        let (table, pk, sk) = write.target(&tenant);
                        remove_item(&tx, table, &pk, &sk)?;
                    }
                    TransactWrite::Check { .. } => {}
                }
            }
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn query(&self, tenant: &TenantId, query: &Query) -> Result<Page> {
        decode_page(self.query_text(tenant, query).await?)
    }

    async fn query_text(&self, tenant: &TenantId, query: &Query) -> Result<TextPage> {
        let plan = query_plan(tenant, query)?;
        if query.limit.is_some_and(|limit| limit <= INLINE_QUERY_LIMIT) {
            return self.read_inline(|conn| collect_page(conn, &plan));
        }
        self.with_reader(move |conn| collect_page(conn, &plan)).await
    }

    async fn batch_write_chunk(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        mut requests: Vec<WriteRequest>,
    ) -> Result<Vec<WriteRequest>> {
        if requests.len() > MAX_BATCH_ITEMS {
            return Err(StoreError::invalid(table, format!("a batch takes at most {MAX_BATCH_ITEMS} requests")));
        }
        for request in &requests {
            if let WriteRequest::Put(item) = request {
                check_item(tenant, table, item)?;
            }
        }
        let granted = match &self.inner.capacity {
            Some(bucket) => bucket.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take(requests.len()),
            None => requests.len(),
        };
        let unprocessed = requests.split_off(granted);
        let tenant = tenant.clone();
        self.with_writer(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
            for request in &requests {
                match request {
                    WriteRequest::Put(item) => write_item(&tx, table, item)?,
                    WriteRequest::Delete(key) => {
                        let (pk, sk) = key_values(&tenant, key);
                        remove_item(&tx, table, &pk, &sk)?;
                    }
                }
            }
            tx.commit().map_err(backend)
        })
        .await?;
        Ok(unprocessed)
    }

    async fn bulk_put(&self, tenant: &TenantId, table: &'static TableDef, items: Vec<Item>) -> Result<u64> {
        if self.inner.capacity.is_some() {
            // A throttled store takes bulk loads as DynamoDB does: in retried batches.
            let requests = items.into_iter().map(WriteRequest::Put).collect();
            return super::batch_write(self, tenant, table, requests, super::BatchRetry::default()).await;
        }
        for item in &items {
            check_item(tenant, table, item)?;
        }
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            // Encoding happens before the lock, so that one load encodes while another writes.
            let rows = items.iter().map(|item| Row::of(table, item)).collect::<Result<Vec<_>>>()?;
            drop(items);
            let rows = in_key_order(rows);
            let mut conn = inner.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
            write_load(&tx, table, &rows)?;
            tx.commit().map_err(backend)?;
            Ok(0)
        })
        .await
        .map_err(StoreError::backend)?
    }

    fn bulk_size(&self) -> usize {
        BULK_ITEMS
    }
}

#[async_trait]
impl Scan for EmbeddedStore {
    async fn scan(&self, request: &ScanRequest) -> Result<Page> {
        let plan = scan_plan(request)?;
        decode_page(self.with_reader(move |conn| collect_page(conn, &plan)).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bounds() {
        assert_eq!(prefix_upper_bound("ab").as_deref(), Some("ac"));
        assert_eq!(prefix_upper_bound("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_upper_bound(""), None);
        assert_eq!(prefix_upper_bound("\u{D7FF}").as_deref(), Some("\u{E000}"));
    }

    #[test]
    fn a_load_is_written_in_key_order_with_the_last_row_of_each_key() {
        let row = |pk: &str, sk: &str, text: &str| Row {
            pk: pk.to_owned(),
            sk: sk.to_owned(),
            seg: 0,
            text: text.to_owned(),
            indexes: Vec::new(),
        };
        let rows =
            vec![row("t", "b", "1"), row("t", "a", "2"), row("s", "z", "3"), row("t", "b", "4"), row("t", "a", "5")];
        let written: Vec<(String, String, String)> =
            in_key_order(rows).into_iter().map(|row| (row.pk, row.sk, row.text)).collect();
        let expected = [("s", "z", "3"), ("t", "a", "5"), ("t", "b", "4")];
        assert_eq!(written, expected.map(|(pk, sk, text)| (pk.to_owned(), sk.to_owned(), text.to_owned())));
    }

    #[test]
    fn segment_hashes_spread() {
        let mut counts = [0usize; 4];
        for n in 0..4000 {
            let hash = segment_hash("tenant", &format!("item-{n}")) as u64;
            counts[((hash * 4) >> 32) as usize] += 1;
        }
        assert!(counts.iter().all(|&count| count > 800), "{counts:?}");
    }
}
