//! Small helpers every service uses to turn records into items and back, make ids and
//! stamp times.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;
use crate::listed::Listed;
use crate::model::TableDef;
use crate::paging::PageParams;
use crate::records::Versioned;
use crate::search;
use crate::store::{Condition, Item, Key, Query, Store, StoreError, TransactWrite};
use crate::tenant::TenantId;

/// How many times a change that lost a race to another request is read and made again
/// before the request answers 409.
pub const MAX_ATTEMPTS: u32 = 8;

/// A new id: `prefix` + a time-ordered UUID (v7) in hex, e.g. `art_0193f3c2…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::now_v7().simple())
}

/// Whether `text` looks like an id made by [`new_id`] with `prefix`.
pub fn is_id(prefix: &str, text: &str) -> bool {
    text.strip_prefix(prefix).is_some_and(|rest| rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The current time as RFC 3339 UTC with milliseconds, the form every stored time takes.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A record as an item.
pub fn to_item<T: Serialize>(record: &T) -> Result<Item, ApiError> {
    match serde_json::to_value(record).map_err(anyhow::Error::from)? {
        Value::Object(item) => Ok(item),
        _ => Err(ApiError::Internal(anyhow::anyhow!("a record did not serialise to an object"))),
    }
}

/// An item as a record; fields the record does not name (index keys) are ignored.
pub fn from_item<T: DeserializeOwned>(item: Item) -> Option<T> {
    serde_json::from_value(Value::Object(item)).ok()
}

/// The stored item at `key` of `table` as a record. An item that exists but does not decode
/// is an internal error (500), logged with its table and key, never a silent default.
pub fn decode<T: DeserializeOwned>(table: &TableDef, key: &str, item: Item) -> Result<T, ApiError> {
    serde_json::from_value(Value::Object(item)).map_err(|error| {
        tracing::error!(table = table.name, key, %error, "a stored item does not decode into its record");
        ApiError::Internal(anyhow::anyhow!("the {} item {key} does not decode: {error}", table.name))
    })
}

/// A stored item of `table`, as its JSON text, as a record; logged and answered as
/// [`decode_item`] does when it does not decode.
pub fn decode_text<T: DeserializeOwned>(table: &TableDef, text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).or_else(|_| {
        let item: Item = serde_json::from_str(text).map_err(anyhow::Error::from)?;
        decode_item(table, item)
    })
}

/// A stored item of `table` as a record, named in the log by its own sort key when it does
/// not decode (see [`decode`]).
pub fn decode_item<T: DeserializeOwned>(table: &TableDef, item: Item) -> Result<T, ApiError> {
    let key = item.get(table.sort_key).and_then(Value::as_str).unwrap_or_default().to_owned();
    decode(table, &key, item)
}

/// Checks free text: trimmed, 1 to `max` characters, no control characters.
pub fn text_field(field: &str, text: &str, max: usize) -> Result<String, ApiError> {
    let text = text.trim();
    let length = text.chars().count();
    if length == 0 || length > max || text.chars().any(char::is_control) {
        return Err(ApiError::validation(field, format!("use 1 to {max} printable characters")));
    }
    Ok(text.to_owned())
}

/// Checks a name or title as [`text_field`] does, and also refuses what can make a name
/// look like another: bidirectional overrides, embeddings and isolates, zero-width spaces
/// anywhere, joiners (U+200C, U+200D) other than between two visible characters, and text
/// with no visible character at all.
pub fn name_field(field: &str, text: &str, max: usize) -> Result<String, ApiError> {
    let name = text_field(field, text, max)?;
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let refused = match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => {
                Some("must not contain characters that change the text's direction")
            }
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => Some("must not contain invisible characters"),
            '\u{200C}' | '\u{200D}' => {
                let visible = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|&c| !invisible(c));
                (!(visible(i.checked_sub(1)) && visible(i.checked_add(1))))
                    .then_some("may join two visible characters only")
            }
            _ => None,
        };
        if let Some(reason) = refused {
            return Err(ApiError::validation(field, format!("the {} {reason}", field.replace('_', " "))));
        }
    }
    if chars.iter().all(|&c| invisible(c)) {
        return Err(ApiError::validation(field, format!("the {} needs a visible character", field.replace('_', " "))));
    }
    Ok(name)
}

/// Whether `c` shows nothing: spaces, format characters and fillers.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}')
}

/// Checks a genre name: 1 to 40 characters of lower-case letters, digits, spaces and '-'.
pub fn genre(field: &str, text: &str) -> Result<String, ApiError> {
    let genre = text.trim().to_lowercase();
    let valid = (1..=40).contains(&genre.chars().count())
        && genre.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        && !genre.contains('#');
    if valid {
        Ok(genre)
    } else {
        Err(ApiError::validation(field, "a genre is 1 to 40 letters, digits, spaces or '-', e.g. indie"))
    }
}

/// Checks a list of genres: 1 to 5 distinct genres.
pub fn genres(field: &str, list: &[String]) -> Result<Vec<String>, ApiError> {
    if list.is_empty() || list.len() > 5 {
        return Err(ApiError::validation(field, "give 1 to 5 genres"));
    }
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for text in list {
        let genre = genre(field, text)?;
        if !out.contains(&genre) {
            out.push(genre);
        }
    }
    Ok(out)
}

/// Checks an ISO 3166-1 alpha-2 country code and upper-cases it.
pub fn country(text: &str) -> Result<String, ApiError> {
    let code = text.trim().to_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(ApiError::validation("country", "use a two-letter ISO 3166 country code, e.g. BR"))
    }
}

/// Checks a calendar date `YYYY-MM-DD`.
pub fn date(field: &str, text: &str) -> Result<chrono::NaiveDate, ApiError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::validation(field, "use a date like 2026-11-22"))
}

/// The record `id` of `table` in the caller's tenant, or 404 naming `what`; an item that
/// does not decode is a 500 (see [`decode`]).
pub async fn fetch<T: DeserializeOwned>(
    store: &dyn Store,
    tenant: &TenantId,
    table: &'static TableDef,
    id: &str,
    what: &str,
) -> Result<T, ApiError> {
    match store.get(tenant, table, &Key::tenant(id)).await? {
        Some(item) => decode(table, id, item),
        None => Err(ApiError::NotFound(format!("{what} {id}"))),
    }
}

/// Changes the record `id` by `change`, keeping every change of every request: the record is
/// read, changed and written back on the condition that nobody wrote it in between; when
/// somebody did, it is read and changed again, up to [`MAX_ATTEMPTS`] times, then the
/// answer is 409. `change` may run more than once, on newer reads, so it must only apply
/// the request's intent (set these fields), never carry state from an earlier read.
pub async fn modify<T: Versioned>(
    store: &dyn Store,
    tenant: &TenantId,
    id: &str,
    mut change: impl FnMut(&mut T) -> Result<(), ApiError> + Send,
) -> Result<T, ApiError> {
    for attempt in 0..MAX_ATTEMPTS {
        let mut record: T = fetch(store, tenant, T::TABLE, id, T::KIND).await?;
        let read = record.version();
        let before = record.search_entry();
        change(&mut record)?;
        record.stamp(read + 1, now());
        let words = search::changes(tenant, T::TABLE, before.as_ref(), record.search_entry().as_ref());
        match write_with(store, tenant, T::TABLE, record.item(tenant)?, Condition::Version(read), words).await {
            Ok(()) => return Ok(record),
            Err(StoreError::ConditionFailed) => back_off(attempt).await,
            Err(error) => return Err(error.into()),
        }
    }
    Err(lost_race(T::KIND, id))
}

/// Stores a new record with its search words; 409 when its id is taken.
pub async fn create<T: Versioned>(store: &dyn Store, tenant: &TenantId, record: &T) -> Result<(), ApiError> {
    let words = search::changes(tenant, T::TABLE, None, record.search_entry().as_ref());
    match write_with(store, tenant, T::TABLE, record.item(tenant)?, Condition::MustNotExist, words).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed) => Err(ApiError::Conflict(format!("a {} with this id exists", T::KIND))),
        Err(error) => Err(error.into()),
    }
}

/// Deletes the record `id` with its search words, on the version read (again on a lost
/// race); 404 when there is none.
pub async fn remove<T: Versioned>(store: &dyn Store, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
    for attempt in 0..MAX_ATTEMPTS {
        let record: T = fetch(store, tenant, T::TABLE, id, T::KIND).await?;
        let mut writes = search::changes(tenant, T::TABLE, record.search_entry().as_ref(), None);
        let key = Key::tenant(id);
        writes.push(TransactWrite::Delete { table: T::TABLE, key, condition: Condition::Version(record.version()) });
        match store.transact_write(tenant, writes).await {
            Ok(()) => return Ok(()),
            Err(StoreError::ConditionFailed) => back_off(attempt).await,
            Err(error) => return Err(error.into()),
        }
    }
    Err(lost_race(T::KIND, id))
}

/// Puts `item` on `condition`, together with the word writes `words` in one transaction
/// when there are any.
async fn write_with(
    store: &dyn Store,
    tenant: &TenantId,
    table: &'static TableDef,
    item: Item,
    condition: Condition,
    mut words: Vec<TransactWrite>,
) -> Result<(), StoreError> {
    if words.is_empty() {
        return store.put(tenant, table, item, condition).await;
    }
    words.push(TransactWrite::Put { table, item, condition });
    store.transact_write(tenant, words).await
}

/// The answer when a change lost [`MAX_ATTEMPTS`] races in a row.
pub fn lost_race(kind: &str, id: &str) -> ApiError {
    ApiError::Conflict(format!("the {kind} {id} is being changed by other requests right now; try again"))
}

/// Waits a little before attempt `attempt + 1`: a random time up to 2, 4, 8, … ms (at most
/// 64), so that requests that collided do not collide again in step.
pub async fn back_off(attempt: u32) {
    let ceiling = 2u64 << attempt.min(5);
    tokio::time::sleep(std::time::Duration::from_micros(fastrand::u64(0..ceiling * 1000))).await;
}

/// Whether the item `id` of `table` exists in the caller's tenant.
pub async fn exists(
    store: &dyn Store,
    tenant: &TenantId,
    table: &'static TableDef,
    id: &str,
) -> Result<bool, ApiError> {
    Ok(store.get(tenant, table, &Key::tenant(id)).await?.is_some())
}

/// One page of a query, each item answered as a `T` (see [`Listed`]).
pub async fn page_of<T: Serialize + DeserializeOwned>(
    store: &dyn Store,
    tenant: &TenantId,
    query: Query,
    params: &PageParams,
) -> Result<Listed<T>, ApiError> {
    let query = query.limit(params.limit()?).after(params.cursor()?);
    let page = store.query_text(tenant, &query).await?;
    Listed::from_page(query.table, page)
}

/// Whether any item of `index` of `table` sits in the partition `tenant#suffix`.
pub async fn any_in(
    store: &dyn Store,
    tenant: &TenantId,
    table: &'static TableDef,
    index: &'static str,
    suffix: &str,
) -> Result<bool, ApiError> {
    let query = Query::new(table).index(index).scoped(suffix).limit(1);
    Ok(!store.query(tenant, &query).await?.items.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let id = new_id("art_");
        assert!(is_id("art_", &id));
        assert!(!is_id("alb_", &id));
        assert!(!is_id("art_", "art_../../etc"));
    }

    #[test]
    fn names_refuse_direction_overrides_and_invisible_text() {
        assert_eq!(name_field("name", "  Sigur Rós ", 50).unwrap(), "Sigur Rós");
        assert_eq!(name_field("name", "می\u{200C}خواهم", 50).unwrap(), "می\u{200C}خواهم", "ZWNJ inside a Persian word");
        assert!(name_field("name", "👩\u{200D}🎤 Band", 50).is_ok(), "ZWJ inside an emoji sequence");
        for bad in [
            "abc\u{202E}fed",
            "\u{2067}x",
            "\u{200B}",
            "a\u{200B}b",
            "\u{200D}",
            "\u{3164}",
            "x\u{200C}",
            "\u{FEFF}name",
        ] {
            let error = name_field("name", bad, 50).unwrap_err();
            assert!(matches!(error, ApiError::Validation { .. }), "{bad:?}: {error:?}");
        }
    }

    #[test]
    fn genres_are_normalised() {
        assert_eq!(genres("g", &["Indie".into(), "indie".into(), "hip-hop".into()]).unwrap(), ["indie", "hip-hop"]);
        assert!(genres("g", &[]).is_err());
        assert!(genre("g", "a#b").is_err());
    }
}
