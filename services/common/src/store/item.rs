//! Item sizes, counted as DynamoDB counts them, and index projections.

use serde_json::Value;

use super::Item;
use crate::model::{IndexDef, Projection, TableDef};

/// The size of an item as DynamoDB bills and pages it: attribute names plus values.
pub fn item_size(item: &Item) -> usize {
    item.iter().map(|(name, value)| name.len() + value_size(value)).sum()
}

/// An upper bound of [`item_size`] for an item whose compact JSON text is `text_len` bytes:
/// no name or value counts more than twice its text, as the quotes, colons, commas and
/// brackets around it pay for the bytes DynamoDB counts per nested value. It lets a page
/// fill without decoding its items while it is far from [`super::MAX_PAGE_BYTES`].
pub(crate) fn size_bound(text_len: usize) -> usize {
    2 * text_len
}

fn value_size(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(_) => 1,
        Value::String(text) => text.len(),
        Value::Number(number) => {
            let digits = number.to_string().chars().filter(char::is_ascii_digit).count();
            digits.div_ceil(2) + 1
        }
        Value::Array(values) => 3 + values.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        Value::Object(map) => 3 + map.iter().map(|(name, v)| 1 + name.len() + value_size(v)).sum::<usize>(),
    }
}

/// The attributes of `item` that `index` copies.
pub fn project(table: &TableDef, index: &IndexDef, item: &Item) -> Item {
    let keys = [table.partition_key, table.sort_key, index.partition_key, index.sort_key];
    match index.projection {
        Projection::All => item.clone(),
        Projection::KeysOnly => pick(item, &keys, &[]),
        Projection::Include(names) => pick(item, &keys, names),
    }
}

fn pick(item: &Item, keys: &[&str], names: &[&str]) -> Item {
    item.iter()
        .filter(|(name, _)| keys.contains(&name.as_str()) || names.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::USERS;

    #[test]
    fn sizes_count_names_and_values() {
        let item = json!({"pk": "abc", "n": 12345, "flag": true, "list": ["ab"]});
        let item = item.as_object().unwrap();
        // pk 2+3, n 1+(3+1), flag 4+1, list 4+(3+1+2)
        assert_eq!(item_size(item), 5 + 5 + 5 + 10);
    }

    #[test]
    fn the_size_bound_holds_for_any_shape() {
        let items = [
            json!({"a": 1}),
            json!({"a": []}),
            json!({"a": {}}),
            json!({"n": [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3]}),
            json!({"m": {"a": 1, "b": [0, {"c": 2}], "d": null, "e": true}}),
            json!({"x": -5, "y": 0.5, "z": 123456789, "s": "", "t": "é"}),
        ];
        for item in items {
            let text = serde_json::to_string(&item).unwrap();
            let size = item_size(item.as_object().unwrap());
            assert!(size <= size_bound(text.len()), "{text}: {size} > {}", size_bound(text.len()));
        }
    }

    #[test]
    fn keys_only_keeps_table_and_index_keys() {
        let item = crate::records::sample_item(&USERS).unwrap();
        let projected = project(&USERS, USERS.index("by_plan").unwrap(), &item);
        let mut names: Vec<_> = projected.keys().cloned().collect();
        names.sort();
        assert_eq!(names, ["created_at", "tenant_id", "tenant_plan", "user_id"]);
    }
}
