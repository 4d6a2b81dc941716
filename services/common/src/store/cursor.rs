//! Opaque paging cursors: the key of the last item of a page, checked before it is reused.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::{Item, StoreError};
use crate::members::each_member;
use crate::model::TableDef;
use crate::tenant::TenantId;

/// Where a page stopped: the key attributes of its last item. Clients see it only as the
/// opaque text of [`Cursor::encode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(BTreeMap<String, String>);

impl Cursor {
    /// The cursor after `item`, holding the attributes `names`.
    pub(crate) fn after_item(names: &[&str], item: &Item) -> Self {
        let key = names
            .iter()
            .filter_map(|name| match item.get(*name) {
                Some(Value::String(value)) => Some(((*name).to_owned(), value.clone())),
                _ => None,
            })
            .collect();
        Self(key)
    }

    /// The cursor after the item of JSON text `text`, holding the attributes `names`, as
    /// [`Cursor::after_item`] of the decoded item would, but read from the text as it is
    /// (see `members.rs`): a page's cursor needs two to four attributes of its last item,
    /// not the whole item decoded.
    pub(crate) fn after_text(names: &[&str], text: &str) -> Result<Self, StoreError> {
        let mut found = Vec::with_capacity(names.len());
        let read = each_member(text, |member| {
            if names.contains(&member.name) && member.value.starts_with('"') {
                found.push(member);
            }
        });
        if read.is_none() {
            let item: Item = serde_json::from_str(text).map_err(StoreError::backend)?;
            return Ok(Self::after_item(names, &item));
        }
        let key = found
            .into_iter()
            .map(|member| {
                Ok((member.name.to_owned(), serde_json::from_str(member.value).map_err(StoreError::backend)?))
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Self(key))
    }

    /// A cursor from key attributes, as a backend answers them.
    pub(crate) fn from_key(key: BTreeMap<String, String>) -> Self {
        Self(key)
    }

    /// The opaque text handed to clients.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(&self.0).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    /// Reads a cursor a client sent back.
    pub fn decode(text: &str) -> Result<Self, StoreError> {
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| StoreError::InvalidCursor)?;
        let key: BTreeMap<String, String> = serde_json::from_slice(&bytes).map_err(|_| StoreError::InvalidCursor)?;
        Ok(Self(key))
    }

    /// The value of one key attribute.
    pub(crate) fn get(&self, name: &str) -> Result<&str, StoreError> {
        self.0.get(name).map(String::as_str).ok_or(StoreError::InvalidCursor)
    }

    /// The key attributes.
    pub(crate) fn attributes(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// Checks that the cursor names exactly `names`, that its `partition_attr` is
    /// `partition_value` when given, and that the table partition belongs to `tenant`.
    pub(crate) fn check(
        &self,
        table: &TableDef,
        names: &[&str],
        partition: Option<(&str, &str)>,
        tenant: Option<&TenantId>,
    ) -> Result<(), StoreError> {
        let mut expected: Vec<&str> = names.to_vec();
        expected.sort_unstable();
        expected.dedup();
        if self.0.keys().map(String::as_str).ne(expected.iter().copied()) {
            return Err(StoreError::InvalidCursor);
        }
        if let Some((name, value)) = partition
            && self.get(name)? != value
        {
            return Err(StoreError::InvalidCursor);
        }
        if let Some(tenant) = tenant
            && !tenant.owns(self.get(table.partition_key)?)
        {
            return Err(StoreError::InvalidCursor);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::USERS;

    #[test]
    fn round_trips_and_rejects_junk() {
        let item = crate::records::sample_item(&USERS).unwrap();
        let cursor = Cursor::after_item(&["tenant_id", "user_id"], &item);
        let decoded = Cursor::decode(&cursor.encode()).unwrap();
        assert_eq!(decoded, cursor);
        assert!(Cursor::decode("not base64!").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode(b"[1]")).is_err());
    }

    #[test]
    fn a_cursor_read_from_an_items_text_is_the_decoded_items() {
        for table in crate::model::TABLES {
            let mut item = crate::records::sample_item(table).unwrap();
            let mut names = vec![table.partition_key, table.sort_key];
            names.extend(table.indexes.iter().flat_map(|index| [index.partition_key, index.sort_key]));
            let text = serde_json::to_string(&item).unwrap();
            assert_eq!(Cursor::after_text(&names, &text).unwrap(), Cursor::after_item(&names, &item), "{}", table.name);
            item.insert(table.sort_key.into(), Value::String("quote \" back\\ tab\t é".into()));
            let text = serde_json::to_string(&item).unwrap();
            assert_eq!(Cursor::after_text(&names, &text).unwrap(), Cursor::after_item(&names, &item), "{}", table.name);
        }
        let escaped_name = r#"{"tenant_id":"acme","user\u005fid":"usr_1"}"#;
        let cursor = Cursor::after_text(&["tenant_id", "user_id"], escaped_name).unwrap();
        assert_eq!(cursor.get("user_id").unwrap(), "usr_1", "an escaped name is read by decoding the item");
        assert!(Cursor::after_text(&["tenant_id"], r#"{"tenant_id":"acme""#).is_err());
    }

    #[test]
    fn a_cursor_of_another_tenant_is_refused() {
        let item = crate::records::sample_item(&USERS).unwrap();
        let cursor = Cursor::after_item(&["tenant_id", "user_id"], &item);
        let other = TenantId::parse("other-label").unwrap();
        let names = ["tenant_id", "user_id"];
        assert!(cursor.check(&USERS, &names, None, Some(&other)).is_err());
        let owner = TenantId::parse("northwind-records").unwrap();
        assert!(cursor.check(&USERS, &names, Some(("tenant_id", "northwind-records")), Some(&owner)).is_ok());
        assert!(cursor.check(&USERS, &["tenant_id", "user_id", "email"], None, Some(&owner)).is_err());
    }
}
