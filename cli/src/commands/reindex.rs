//! `musicctl reindex`: rebuilds the search index (words, and the albums' A-to-Z list items)
//! of a stage's artists, albums, songs and public playlists from the records themselves, for data written before search existed,
//! restored from a backup, or loaded by hand. It reads each table once (a parallel scan, as
//! the jobs do), compares every record's word items with what the services would write,
//! and fixes only the difference: each record's in one transaction that also checks the
//! record's version, so a record changed meanwhile keeps the words its own change wrote
//! (it is counted, and a second run picks it up). Words whose record is gone are deleted.
//! A second run changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Context as _;
use common::TenantId;
use common::model::{ALBUMS, ARTISTS, PLAYLISTS, SONGS, TableDef};
use common::records::{Album, Artist, Playlist, Song, Versioned};
use common::search;
use common::store::{Condition, Item, Key, MAX_TRANSACT_ITEMS, Store, StoreError, TransactWrite};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::Value;

use crate::target::{self, StageArgs};

/// Options of `musicctl reindex`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ReindexArgs {
    #[command(flatten)]
    pub(crate) target: StageArgs,
    /// Count what would change, writing nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Print the counts as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// What a reindex found and did in one table.
#[derive(Debug, Default, Serialize)]
struct Counts {
    /// Records read.
    records: u64,
    /// Records whose words were already right.
    up_to_date: u64,
    /// Records whose words were (or, in a dry run, would be) rewritten.
    rewritten: u64,
    /// Records changed by someone else during the run: left to their own change.
    changed_meanwhile: u64,
    /// Word items written.
    words_written: u64,
    /// Word items deleted, stale or of records that are gone.
    words_deleted: u64,
}

pub(crate) async fn run(args: ReindexArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let target = target::open(&args.target, data_dir, false).await?;
    let mut report: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let bar = if args.json { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} {human_pos} records {elapsed}")?);
    let store = target.store.as_ref();
    let scan = target.scan.as_ref();
    for table in [&ARTISTS, &ALBUMS, &SONGS, &PLAYLISTS] {
        bar.set_message(format!("reindexing {}", table.name));
        let items = target::scan_all(scan, table).await.with_context(|| format!("reading the {} table", table.name))?;
        let counts = match table.name {
            "artists" => reindex::<Artist>(store, items, args.dry_run, &bar).await?,
            "albums" => reindex::<Album>(store, items, args.dry_run, &bar).await?,
            "songs" => reindex::<Song>(store, items, args.dry_run, &bar).await?,
            _ => reindex::<Playlist>(store, items, args.dry_run, &bar).await?,
        };
        report.insert(table.name, counts);
    }
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"dry_run": args.dry_run, "tables": report}))?);
        return Ok(());
    }
    let verb = if args.dry_run { "would rewrite" } else { "rewrote" };
    for (table, counts) in &report {
        println!(
            "{table:<10} {:>8} records, {:>8} up to date, {verb} {}: {} words written, {} deleted",
            counts.records, counts.up_to_date, counts.rewritten, counts.words_written, counts.words_deleted
        );
        if counts.changed_meanwhile > 0 {
            println!("           {} changed during the run: run `musicctl reindex` again", counts.changed_meanwhile);
        }
    }
    Ok(())
}

/// The tenant that the item `item` of `table` belongs to.
fn tenant_of(table: &TableDef, item: &Item) -> anyhow::Result<TenantId> {
    let slug = pipeline::normalise::tenant_of(table, item);
    TenantId::parse(&slug).map_err(|error| anyhow::anyhow!("a {} item of tenant `{slug}`: {error}", table.name))
}

/// Brings the word items of every record of `T` among `items` (a whole table) in line.
async fn reindex<T: Versioned>(
    store: &dyn Store,
    items: Vec<Item>,
    dry_run: bool,
    bar: &ProgressBar,
) -> anyhow::Result<Counts> {
    let table = T::TABLE;
    let mut counts = Counts::default();
    // The word items there are, by tenant and record.
    let mut stored: HashMap<(String, String), BTreeMap<String, Item>> = HashMap::new();
    let mut records = Vec::new();
    for item in items {
        let sort = item.get(table.sort_key).and_then(Value::as_str).unwrap_or_default().to_owned();
        let tenant = tenant_of(table, &item)?;
        if search::is_index(table, &item) {
            let id = search::reference(&item).unwrap_or_default().to_owned();
            stored.entry((tenant.as_str().to_owned(), id)).or_default().insert(sort, item);
        } else if !sort.contains('#') {
            // Playlist entries (`pl_…#00001`) are not records of their own.
            let deleting = item.contains_key(playlists::playlist::DELETING);
            let record: T = common::record::decode(table, &sort, item)?;
            records.push((tenant, sort, record, deleting));
        }
    }
    for (tenant, id, record, deleting) in records {
        counts.records += 1;
        bar.inc(1);
        let mut have = stored.remove(&(tenant.as_str().to_owned(), id.clone())).unwrap_or_default();
        let want = if deleting { Vec::new() } else { search::items_of(&tenant, table, &record) };
        let mut writes = Vec::new();
        for item in want {
            let sort = item.get(table.sort_key).and_then(Value::as_str).unwrap_or_default().to_owned();
            if have.remove(&sort).as_ref() != Some(&item) {
                writes.push(TransactWrite::Put { table, item, condition: Condition::None });
            }
        }
        writes.extend(have.into_keys().map(|sort| search::word_delete(table, sort)));
        if writes.is_empty() {
            counts.up_to_date += 1;
            continue;
        }
        let check = Condition::Version(record.version());
        match apply(store, table, &tenant, writes, (id.as_str(), check), dry_run, &mut counts).await {
            Ok(()) => counts.rewritten += 1,
            Err(StoreError::ConditionFailed) => counts.changed_meanwhile += 1,
            Err(error) => return Err(error.into()),
        }
    }
    // Words whose record is gone: deleted on the condition that it is still gone.
    for ((slug, id), words) in stored {
        let tenant = TenantId::parse(&slug).map_err(|error| anyhow::anyhow!("{error}"))?;
        let writes = words.into_keys().map(|sort| search::word_delete(table, sort)).collect();
        match apply(store, table, &tenant, writes, (id.as_str(), Condition::MustNotExist), dry_run, &mut counts).await {
            Ok(()) | Err(StoreError::ConditionFailed) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(counts)
}

/// Writes `writes` to `table` in transactions that each also check the record `id` on
/// `condition`, counting them; a dry run only counts.
async fn apply(
    store: &dyn Store,
    table: &'static TableDef,
    tenant: &TenantId,
    writes: Vec<TransactWrite>,
    (id, condition): (&str, Condition),
    dry_run: bool,
    counts: &mut Counts,
) -> Result<(), StoreError> {
    let mut writes = writes.into_iter().peekable();
    while writes.peek().is_some() {
        let mut batch: Vec<TransactWrite> = writes.by_ref().take(MAX_TRANSACT_ITEMS - 1).collect();
        let (puts, deletes) = batch.iter().fold((0, 0), |(p, d), write| match write {
            TransactWrite::Put { .. } => (p + 1, d),
            _ => (p, d + 1),
        });
        batch.push(TransactWrite::Check { table, key: Key::tenant(id), condition });
        if !dry_run {
            store.transact_write(tenant, batch).await?;
        }
        counts.words_written += puts;
        counts.words_deleted += deletes;
    }
    Ok(())
}
