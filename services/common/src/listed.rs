//! List answers written straight from the stored JSON text of their items.
//!
//! A stored item is its record's fields plus key and index attributes, all written by the
//! record's own serialiser. A list answers each item's record fields as they are stored,
//! copied into one buffer, instead of decoding every item into its record and encoding the
//! record again, which cost more than the rest of a list request on the local server.
//!
//! Which members are the record's comes from the record type itself (the field names its
//! `Deserialize` knows), and a null member is left out, as every optional field of a record
//! is when absent. The copy only finds where each member's value ends (`members.rs`); it
//! does not check the values against the record's types: the record's serialiser wrote
//! them, and a single read still decodes its item. An item the copy cannot read (not an object, or a member
//! name written with escapes) goes through the record type instead, with the same 500 as
//! any item that does not decode. Debug builds (every test) also decode each item into its
//! record and check that the copy says exactly what the record's own encoding would.

use std::marker::PhantomData;
use std::ops::Range;

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::{self, DeserializeOwned, Visitor};

use crate::error::ApiError;
use crate::members::{SortedNames, each_member};
use crate::model::TableDef;
use crate::record::decode_text;
use crate::store::TextPage;

/// The JSON array of a list of `T` records, ready to send.
#[derive(Debug)]
pub struct Items<T> {
    text: String,
    record: PhantomData<fn() -> T>,
}

impl<T: Serialize + DeserializeOwned> Items<T> {
    /// The stored item texts `texts` of `table`, each answered as a `T`.
    pub fn from_texts(table: &TableDef, texts: &[String]) -> Result<Self, ApiError> {
        let mut fields = field_names::<T>().to_vec();
        fields.sort_unstable();
        let mut text = String::with_capacity(texts.iter().map(|item| item.len() + 1).sum::<usize>() + 2);
        text.push('[');
        for (n, item) in texts.iter().enumerate() {
            if n > 0 {
                text.push(',');
            }
            let start = text.len();
            if copy_fields(item, &fields, &mut text).is_none() {
                text.truncate(start);
                let record: T = decode_text(table, item)?;
                text.push_str(&serde_json::to_string(&record).map_err(anyhow::Error::from)?);
            }
            #[cfg(debug_assertions)]
            check_copy::<T>(table, item, &text[start..]);
        }
        text.push(']');
        Ok(Self { text, record: PhantomData })
    }

    /// Records already read.
    pub fn from_records(records: &[T]) -> Result<Self, ApiError> {
        Ok(Self { text: serde_json::to_string(records).map_err(anyhow::Error::from)?, record: PhantomData })
    }
}

impl<T> Items<T> {
    /// The JSON array.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// A page of `T` records ready to send: the items and the next cursor. It answers as
/// [`crate::paging::ListResponse`] of `T` does, which is what the API documents.
#[derive(Debug)]
pub struct Listed<T> {
    items: Items<T>,
    next_cursor: Option<String>,
}

impl<T: Serialize + DeserializeOwned> Listed<T> {
    /// The page `page` of stored item texts of `table`, each answered as a `T`.
    pub fn from_page(table: &TableDef, page: TextPage) -> Result<Self, ApiError> {
        let items = Items::from_texts(table, &page.items)?;
        Ok(Self { items, next_cursor: page.cursor.map(|cursor| cursor.encode()) })
    }

    /// A whole list of records already read, as one last page.
    pub fn from_records(records: &[T]) -> Result<Self, ApiError> {
        Ok(Self { items: Items::from_records(records)?, next_cursor: None })
    }
}

impl<T> IntoResponse for Listed<T> {
    fn into_response(self) -> Response {
        let cursor = self.next_cursor.map(|cursor| serde_json::Value::String(cursor).to_string());
        let mut members = vec![("items", self.items.as_str())];
        members.extend(cursor.as_deref().map(|cursor| ("next_cursor", cursor)));
        json_object(&members)
    }
}

/// A 200 answer of the JSON object of `members`, each a name and its value's JSON text.
pub fn json_object(members: &[(&str, &str)]) -> Response {
    let mut body =
        String::with_capacity(members.iter().map(|(name, value)| name.len() + value.len() + 4).sum::<usize>() + 2);
    body.push('{');
    for (n, (name, value)) in members.iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        body.push('"');
        body.push_str(name);
        body.push_str("\":");
        body.push_str(value);
    }
    body.push('}');
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

/// Copies the members of the JSON object `text` that `fields` (sorted) names, but null
/// ones, into `out` as one object; `None` for anything else than an object whose member
/// names need no escapes. Members kept one after the other are copied at once.
fn copy_fields(text: &str, fields: &[&str], out: &mut String) -> Option<()> {
    let mut names = SortedNames::default();
    let mut first = true;
    let mut run: Option<Range<usize>> = None;
    let mut flush = |run: &mut Option<Range<usize>>, out: &mut String| {
        if let Some(run) = run.take() {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&text[run]);
        }
    };
    out.push('{');
    each_member(text, |member| {
        if member.value != "null" && names.holds(fields, member.name) {
            run = Some(run.take().map_or(member.span.start, |run| run.start)..member.span.end);
        } else {
            flush(&mut run, out);
        }
    })?;
    flush(&mut run, out);
    out.push('}');
    Some(())
}

/// The names of the fields of record `T`, as its derived `Deserialize` hands them to
/// `deserialize_struct`; none for a type that is not a plain struct.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Names<'a>(&'a mut &'static [&'static str]);

    impl<'de> serde::Deserializer<'de> for Names<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("names read"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut names));
    names
}

/// Checks that the copy `copied` of the stored item `text` says what the record's own
/// encoding says, where the item decodes into its record (debug builds).
#[cfg(debug_assertions)]
fn check_copy<T: Serialize + DeserializeOwned>(table: &TableDef, text: &str, copied: &str) {
    let Ok(record) = serde_json::from_str::<T>(text) else { return };
    let expected = serde_json::to_value(&record).expect("a record encodes");
    let copied: serde_json::Value = serde_json::from_str(copied).expect("a copy is JSON");
    assert_eq!(copied, expected, "a {} item copied into a list answer differs from its record", table.name);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SONGS;
    use crate::records::Song;
    use crate::store::Page;
    use crate::tenant::TenantId;

    fn stored(item: &crate::store::Item) -> String {
        serde_json::to_string(item).unwrap()
    }

    async fn body(listed: Listed<Song>) -> serde_json::Value {
        let response = listed.into_response();
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    #[test]
    fn the_field_names_are_the_records() {
        let names = field_names::<Song>();
        assert!(names.contains(&"song_id") && names.contains(&"audio_key"), "{names:?}");
        assert!(!names.contains(&"tenant_id"));
        assert!(field_names::<String>().is_empty());
    }

    #[tokio::test]
    async fn a_list_answers_the_record_fields_and_nothing_else() {
        let tenant = TenantId::sample();
        let song = Song::sample();
        let mut no_audio = Song { song_id: "sng_2".into(), audio_key: None, ..Song::sample() };
        no_audio.title = "Quote \" and back\\slash, ünïcode".into();
        let mut with_null = no_audio.to_item(&tenant).unwrap();
        with_null.insert("audio_key".into(), serde_json::Value::Null);
        let page = Page {
            items: vec![stored(&song.to_item(&tenant).unwrap()), stored(&no_audio.to_item(&tenant).unwrap())],
            cursor: None,
        };
        let answer = body(Listed::<Song>::from_page(&SONGS, page).unwrap()).await;
        let expected = crate::paging::ListResponse { items: vec![song, no_audio], next_cursor: None };
        assert_eq!(answer, serde_json::to_value(&expected).unwrap());
        assert!(!answer.to_string().contains("tenant_id"), "{answer}");
        let page = Page { items: vec![stored(&with_null)], cursor: None };
        assert!(body(Listed::<Song>::from_page(&SONGS, page).unwrap()).await["items"][0].get("audio_key").is_none());
    }

    #[tokio::test]
    async fn a_page_with_more_after_it_answers_its_cursor() {
        use base64::Engine as _;
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"song_id":"sng_1"}"#);
        let cursor = crate::store::Cursor::decode(&text).unwrap();
        let item = stored(&Song::sample().to_item(&TenantId::sample()).unwrap());
        let answer =
            body(Listed::<Song>::from_page(&SONGS, Page { items: vec![item], cursor: Some(cursor) }).unwrap()).await;
        assert_eq!(answer["next_cursor"], text);
        assert_eq!(answer["items"][0]["song_id"], Song::sample().song_id);
    }

    fn copied(text: &str, fields: &[&str]) -> Option<String> {
        let mut out = String::new();
        copy_fields(text, fields, &mut out)?;
        Some(out)
    }

    #[test]
    fn the_named_members_are_copied_as_written_but_nulls() {
        let text = r#"{"a":"x\"}]","b":[1,{"c":null}],"k":"key","d":null,"e":-1.5e3,"f":true,"z":0}"#;
        let all = ["a", "b", "d", "e", "f"];
        assert_eq!(copied(text, &all).unwrap(), r#"{"a":"x\"}]","b":[1,{"c":null}],"e":-1.5e3,"f":true}"#);
        assert_eq!(copied(text, &["b", "f", "z"]).unwrap(), r#"{"b":[1,{"c":null}],"f":true,"z":0}"#);
        assert_eq!(copied(text, &["q"]).unwrap(), "{}");
        let spaced = " { \"a\" : 1 ,\n \"b\" : \"two\" } ";
        let copy: serde_json::Value = serde_json::from_str(&copied(spaced, &["a", "b"]).unwrap()).unwrap();
        assert_eq!(copy, serde_json::json!({"a": 1, "b": "two"}));
        for text in ["[1]", r#"{"a":1"#, r#"{"a\u0062":1}"#] {
            assert_eq!(copied(text, &["a"]), None, "{text}");
        }
    }

    #[tokio::test]
    async fn an_item_with_escaped_names_goes_through_the_record() {
        let text =
            stored(&Song::sample().to_item(&TenantId::sample()).unwrap()).replace("\"title\"", "\"t\\u0069tle\"");
        let answer = body(Listed::<Song>::from_page(&SONGS, Page { items: vec![text], cursor: None }).unwrap()).await;
        assert_eq!(answer["items"][0]["title"], "Salt Lines");
    }
}
