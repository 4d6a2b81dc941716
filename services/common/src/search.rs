//! Search by any word of a name or title, as a listener types, without a Scan.
//!
//! Every searchable record (artist, album, song, public playlist) keeps one *word item* per
//! distinct word of its name in its own table, in the partition `tenant#words`, with the
//! sort key `w#<word>#<id>` and the attributes a search result shows. Words are folded the
//! same way on both sides: compatibility-decomposed, accents dropped, lower-cased, split at
//! anything that is not a letter or a digit (an apostrophe joins: "Don't" is `dont`). Short
//! function words ("the", "of", "de", …) get no word item unless a name has nothing else.
//!
//! A search folds the request, Queries the word items that begin with its longest word, and
//! keeps the records whose words begin with each of the others: "harb qui" finds
//! "The Quiet Harbours". A record whose words begin with the Queried word more than once is
//! answered at the first of them only, so that no page repeats another.
//!
//! The same partition holds *list items*: one per list a record is shown in, A to Z, with
//! the sort key `l#<list>#<folded title> #<id>` (albums: `all`, and `genre:<genre>` for each
//! of its genres). A space and `#` end the title, so a title sorts before the longer titles
//! it begins. They are what a new global index would give, which CloudFormation can add
//! only one at a time and an existing stage would have to backfill.
//!
//! Services write a record and its word and list items in one transaction ([`crate::record::create`],
//! [`crate::record::modify`], [`crate::record::remove`]), so the index never points at a
//! record that is gone or shows a name that changed.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::error::ApiError;
use crate::model::TableDef;
use crate::paging::{ListResponse, PageParams};
use crate::record;
use crate::store::{Condition, Cursor, Item, Key, Partition, Query, SortCondition, Store, TransactWrite};
use crate::tenant::TenantId;

/// The partition suffix of word items: `tenant#words`.
pub const PARTITION: &str = "words";

/// The sort key prefix of word items, `w#<word>#<id>`.
pub const WORD_PREFIX: &str = "w#";

/// The sort key prefix of list items, `l#<list>#<title> #<id>`.
pub const LIST_PREFIX: &str = "l#";

/// The most characters of a folded title that a list item's sort key keeps.
const MAX_LIST_TITLE_CHARS: usize = 80;

/// The attribute of a word or list item that names its record.
const REF: &str = "ref_id";

/// The attribute of a word item with all the record's folded words, sorted, space separated.
const WORDS: &str = "words";

/// The most words of one name that are kept.
pub const MAX_WORDS: usize = 32;

/// The longest word kept, in characters; longer words are cut.
const MAX_WORD_CHARS: usize = 40;

/// The most characters a search request may hold.
const MAX_QUERY_CHARS: usize = 120;

/// How many Query pages one search request reads at most to fill its page.
const MAX_ROUNDS: usize = 8;

/// Words too common to find anything by, in the languages of the demo tenants.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "the", "of", "in", "on", "to", "de", "da", "do", "del", "la", "le", "les", "los", "las", "el",
    "y", "e", "et", "und", "der", "die", "das",
];

/// What search finds a record by: its id, the name its words come from, and the
/// attributes a search result shows (never the partition key of a global index, nor the
/// table's own keys).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The record's id (its sort key).
    pub id: String,
    /// The name or title.
    pub text: String,
    /// What a result shows besides the id.
    pub summary: Item,
    /// The lists the record is shown in, A to Z by its name (e.g. `all`, `genre:indie`).
    pub lists: Vec<String>,
}

/// A record that search can find.
pub trait Searchable {
    /// The record's entry, or `None` when search must not find it (a private playlist).
    fn search_entry(&self) -> Option<Entry>;
}

/// `text` folded for comparison: compatibility-decomposed, without accents, lower-case,
/// with every run of characters that are not letters or digits made one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfkd() {
        if is_combining_mark(c) || matches!(c, '\'' | '’' | 'ʼ') {
            continue;
        }
        let expanded: &str = match c {
            'ß' => "ss",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ø' | 'Ø' => "o",
            'đ' | 'Đ' => "d",
            'ł' | 'Ł' => "l",
            'þ' | 'Þ' => "th",
            _ if c.is_alphanumeric() => {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.extend(c.to_lowercase());
                continue;
            }
            _ => {
                gap = true;
                continue;
            }
        };
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        out.push_str(expanded);
    }
    out
}

/// The distinct folded words of `text`, sorted: at most [`MAX_WORDS`] (the first ones),
/// each at most 40 characters.
pub fn words(text: &str) -> Vec<String> {
    let mut kept = BTreeSet::new();
    for word in fold(text).split(' ').filter(|word| !word.is_empty()) {
        if kept.len() == MAX_WORDS {
            break;
        }
        kept.insert(word.chars().take(MAX_WORD_CHARS).collect::<String>());
    }
    kept.into_iter().collect()
}

/// The words of `words` that get a word item: all but the stop words, or all of them when
/// they are all stop words.
fn indexed(words: &[String]) -> Vec<&str> {
    let kept: Vec<&str> = words.iter().map(String::as_str).filter(|word| !STOP_WORDS.contains(word)).collect();
    if kept.is_empty() { words.iter().map(String::as_str).collect() } else { kept }
}

/// The word and list items of `entry` for `tenant` in `table`.
pub fn items(tenant: &TenantId, table: &TableDef, entry: &Entry) -> Vec<Item> {
    let all = words(&entry.text);
    let joined = all.join(" ");
    let index_item = |sort: String| {
        let mut item = entry.summary.clone();
        item.insert(table.partition_key.to_owned(), tenant.scoped(PARTITION).into());
        item.insert(table.sort_key.to_owned(), sort.into());
        item.insert(REF.to_owned(), entry.id.clone().into());
        item
    };
    let mut out: Vec<Item> = indexed(&all)
        .into_iter()
        .map(|word| {
            let mut item = index_item(word_key(word, &entry.id));
            item.insert(WORDS.to_owned(), joined.clone().into());
            item
        })
        .collect();
    let title: String = fold(&entry.text).chars().take(MAX_LIST_TITLE_CHARS).collect();
    out.extend(entry.lists.iter().map(|list| index_item(format!("{}{title} #{}", list_prefix(list), entry.id))));
    out
}

/// The sort key prefix of the list items of `list`.
fn list_prefix(list: &str) -> String {
    format!("{LIST_PREFIX}{list}#")
}

/// The word and list items of `record` (none for a record search must not find).
pub fn items_of(tenant: &TenantId, table: &TableDef, record: &impl Searchable) -> Vec<Item> {
    record.search_entry().map(|entry| items(tenant, table, &entry)).unwrap_or_default()
}

/// Whether `item` of `table` is a word or list item.
pub fn is_index(table: &TableDef, item: &Item) -> bool {
    item.get(table.sort_key)
        .and_then(Value::as_str)
        .is_some_and(|sort| sort.starts_with(WORD_PREFIX) || sort.starts_with(LIST_PREFIX))
}

/// The id of the record that the word or list item `item` stands for.
pub fn reference(item: &Item) -> Option<&str> {
    item.get(REF).and_then(Value::as_str)
}

/// The delete of the word or list item with sort key `sort` in `table`.
pub fn word_delete(table: &'static TableDef, sort: String) -> TransactWrite {
    let key = Key { partition: Partition::Scoped(PARTITION.to_owned()), sort };
    TransactWrite::Delete { table, key, condition: Condition::None }
}

fn word_key(word: &str, id: &str) -> String {
    format!("{WORD_PREFIX}{word}#{id}")
}

/// The transaction writes that turn the word and list items of `before` into those of
/// `after`: nothing when the entry did not change, else a put of every item of `after` and
/// a delete of each item of `before` that `after` does not have.
pub fn changes(
    tenant: &TenantId,
    table: &'static TableDef,
    before: Option<&Entry>,
    after: Option<&Entry>,
) -> Vec<TransactWrite> {
    if before == after {
        return Vec::new();
    }
    let sort_of = |item: &Item| item.get(table.sort_key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let new_items = after.map(|entry| items(tenant, table, entry)).unwrap_or_default();
    let new_keys: BTreeSet<String> = new_items.iter().map(sort_of).collect();
    let old_items = before.map(|entry| items(tenant, table, entry)).unwrap_or_default();
    let mut writes: Vec<TransactWrite> = old_items
        .iter()
        .map(sort_of)
        .filter(|key| !new_keys.contains(key))
        .map(|key| word_delete(table, key))
        .collect();
    writes.extend(new_items.into_iter().map(|item| TransactWrite::Put { table, item, condition: Condition::None }));
    writes
}

/// One page of the list `list` of `table` (see [`Entry::lists`]), A to Z, each record
/// decoded from its list item's attributes with its id under the table's sort key.
pub async fn list<T: DeserializeOwned>(
    store: &dyn Store,
    tenant: &TenantId,
    table: &'static TableDef,
    list: &str,
    params: &PageParams,
) -> Result<ListResponse<T>, ApiError> {
    let query = Query::new(table)
        .scoped(PARTITION)
        .sort(SortCondition::BeginsWith(list_prefix(list)))
        .limit(params.limit()?)
        .after(params.cursor()?);
    let page = store.query(tenant, &query).await?;
    ListResponse::from_page(page, |item| record::decode_item(table, as_record(table, item)))
}

/// The query of a search: what was typed, and the page.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What was typed: every word must begin a word of the name, in any order, any case,
    /// with or without accents ("harb qui" finds "The Quiet Harbours").
    #[param(min_length = 1, max_length = 120)]
    pub q: String,
    /// At most this many items, 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One page of the records of `table` whose words begin with every word of `params.q`, in
/// the order of the word they were found by, each decoded from its result attributes with
/// its id under the table's sort key. 422 when the request has no letter or digit or is
/// longer than 120 characters. A page may hold fewer items than asked for and still have a
/// `next_cursor`: the search stops after reading a few pages of word items.
pub async fn find<T: DeserializeOwned>(
    store: &dyn Store,
    tenant: &TenantId,
    table: &'static TableDef,
    params: &SearchParams,
) -> Result<ListResponse<T>, ApiError> {
    let request = params.q.as_str();
    let wanted = words(request);
    if wanted.is_empty() || request.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::validation(
            "q",
            format!("search with 1 to {MAX_QUERY_CHARS} characters, at least one of them a letter or digit"),
        ));
    }
    let key = indexed(&wanted).into_iter().max_by_key(|word| word.chars().count()).unwrap_or_default().to_owned();
    let paging = PageParams { limit: params.limit, cursor: params.cursor.clone() };
    let limit = paging.limit()?;
    let mut cursor = paging.cursor()?;
    let mut found = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let query = Query::new(table)
            .scoped(PARTITION)
            .sort(SortCondition::BeginsWith(format!("{WORD_PREFIX}{key}")))
            .limit(limit - found.len() as u32)
            .after(cursor.take());
        let page = store.query(tenant, &query).await?;
        for item in page.items {
            if let Some(result) = result_of(table, &key, &wanted, item) {
                found.push(record::decode_item(table, result)?);
            }
        }
        cursor = page.cursor;
        if cursor.is_none() || found.len() as u32 >= limit {
            break;
        }
    }
    Ok(ListResponse { items: found, next_cursor: cursor.as_ref().map(Cursor::encode) })
}

/// The result that the word item `item` found by `key` stands for, or `None` when the
/// record lacks one of the `wanted` words or is answered at another of its words.
fn result_of(table: &TableDef, key: &str, wanted: &[String], item: Item) -> Option<Item> {
    let sort = item.get(table.sort_key)?.as_str()?;
    let word = sort.strip_prefix(WORD_PREFIX)?.split('#').next()?.to_owned();
    let all: Vec<String> = item.get(WORDS)?.as_str()?.split(' ').map(str::to_owned).collect();
    let first = indexed(&all).into_iter().find(|candidate| candidate.starts_with(key))?;
    let every = wanted.iter().all(|want| all.iter().any(|word| word.starts_with(want.as_str())));
    if first != word || !every {
        return None;
    }
    Some(as_record(table, item))
}

/// The word or list item `item` as the record it stands for: its attributes, with the
/// record's id under the table's sort key and no index bookkeeping.
fn as_record(table: &TableDef, mut item: Item) -> Item {
    let id = item.remove(REF).unwrap_or_default();
    item.remove(WORDS);
    item.remove(table.partition_key);
    item.insert(table.sort_key.to_owned(), id);
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SONGS;

    fn entry(id: &str, text: &str) -> Entry {
        let mut summary = Item::new();
        summary.insert("title".into(), text.into());
        Entry { id: id.to_owned(), text: text.to_owned(), summary, lists: Vec::new() }
    }

    #[test]
    fn folding_drops_accents_case_and_punctuation() {
        assert_eq!(fold("Sigur Rós — Ágætis byrjun"), "sigur ros agaetis byrjun");
        assert_eq!(fold("Don't Stop Me Now!"), "dont stop me now");
        assert_eq!(fold("Straße  der Ölsardinen"), "strasse der olsardinen");
        assert_eq!(fold("Ｆｕｌｌ-width ①"), "full width 1");
        assert_eq!(fold("Кино: Группа крови"), "кино группа крови");
        assert_eq!(fold("  ...  "), "");
    }

    #[test]
    fn words_are_distinct_sorted_and_bounded() {
        assert_eq!(words("Love me, love me not"), ["love", "me", "not"]);
        let long = (0..50).map(|n| format!("w{n:02}")).collect::<Vec<_>>().join(" ");
        assert_eq!(words(&long).len(), MAX_WORDS);
        assert_eq!(words(&"x".repeat(100))[0].len(), MAX_WORD_CHARS);
    }

    #[test]
    fn stop_words_get_no_item_unless_nothing_else_is_left() {
        let tenant = TenantId::sample();
        let keys = |text: &str| -> Vec<String> {
            items(&tenant, &SONGS, &entry("sng_1", text))
                .iter()
                .map(|item| item["song_id"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        assert_eq!(keys("Lights of the City"), ["w#city#sng_1", "w#lights#sng_1"]);
        assert_eq!(keys("The The"), ["w#the#sng_1"]);
        let item = &items(&tenant, &SONGS, &entry("sng_1", "Lights of the City"))[0];
        assert_eq!(item["tenant_id"], "northwind-records#words");
        assert_eq!(item["words"], "city lights of the");
        assert_eq!(item["ref_id"], "sng_1");
    }

    #[test]
    fn a_rename_deletes_only_the_words_it_lost() {
        let tenant = TenantId::sample();
        let before = entry("sng_1", "Quiet Harbour");
        let after = entry("sng_1", "Quiet Storm");
        assert!(changes(&tenant, &SONGS, Some(&before), Some(&before)).is_empty());
        let writes = changes(&tenant, &SONGS, Some(&before), Some(&after));
        let deletes: Vec<&str> = writes
            .iter()
            .filter_map(|write| match write {
                TransactWrite::Delete { key, .. } => Some(key.sort.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(deletes, ["w#harbour#sng_1"]);
        assert_eq!(writes.len(), 3, "one delete and two puts");
        assert_eq!(changes(&tenant, &SONGS, Some(&before), None).len(), 2);
    }

    #[test]
    fn list_items_sort_a_title_before_the_longer_titles_it_begins() {
        let tenant = TenantId::sample();
        let key = |title: &str, id: &str| -> String {
            let entry = Entry { lists: vec!["all".to_owned()], ..entry(id, title) };
            let items = items(&tenant, &SONGS, &entry);
            let list: Vec<&Item> =
                items.iter().filter(|item| item["song_id"].as_str().is_some_and(|s| s.starts_with("l#"))).collect();
            assert_eq!(list.len(), 1);
            assert_eq!(list[0]["ref_id"], id);
            list[0]["song_id"].as_str().unwrap_or_default().to_owned()
        };
        let mut keys =
            [key("Abc Def", "s1"), key("ABC", "s2"), key("Abc1", "s3"), key("Ábc aaa", "s4"), key("Abc", "s0")];
        keys.sort();
        assert_eq!(
            keys,
            ["l#all#abc #s0", "l#all#abc #s2", "l#all#abc aaa #s4", "l#all#abc def #s1", "l#all#abc1 #s3"]
        );
    }

    #[test]
    fn a_rename_or_a_new_genre_moves_the_list_items() {
        let tenant = TenantId::sample();
        let before = Entry { lists: vec!["all".to_owned(), "genre:rock".to_owned()], ..entry("s1", "Quiet Harbour") };
        let after = Entry { lists: vec!["all".to_owned(), "genre:folk".to_owned()], ..entry("s1", "Quiet Storm") };
        let writes = changes(&tenant, &SONGS, Some(&before), Some(&after));
        let mut deletes: Vec<&str> = writes
            .iter()
            .filter_map(|write| match write {
                TransactWrite::Delete { key, .. } => Some(key.sort.as_str()),
                _ => None,
            })
            .collect();
        deletes.sort_unstable();
        assert_eq!(deletes, ["l#all#quiet harbour #s1", "l#genre:rock#quiet harbour #s1", "w#harbour#s1"]);
        assert_eq!(writes.len(), 3 + 4, "three deletes, two words and two lists put");
    }

    #[test]
    fn a_record_is_answered_once_at_its_first_matching_word() {
        let tenant = TenantId::sample();
        let found = |wanted: &str, key: &str| -> Vec<String> {
            let wanted = words(wanted);
            items(&tenant, &SONGS, &entry("sng_1", "Lonely Love Song"))
                .into_iter()
                .filter_map(|item| result_of(&SONGS, key, &wanted, item))
                .map(|item| item["song_id"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        assert_eq!(found("lo", "lo"), ["sng_1"]);
        assert_eq!(found("lov so", "lov"), ["sng_1"]);
        assert!(found("love rock", "love").is_empty());
    }
}
