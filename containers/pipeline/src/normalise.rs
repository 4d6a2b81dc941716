//! Turns one stored item into rows of the lake's entities, by the kinds and typed columns
//! of `common::lake`: an item becomes rows, is left out on purpose, or is rejected with a
//! reason (never dropped silently).

use common::lake::{self, ALBUM_GENRES, ARTIST_GENRES, EntityDef, Fate, ItemKind, SONG_GENRES};
use common::model::TableDef;
use common::store::Item;
use hmac::{KeyInit as _, Mac as _};
use serde_json::Value;

use crate::row::{Cell, Row, cell_of, day_of};

/// What became of one item.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Rows of the item's entities; the first is the item's own row.
    Rows(Vec<Row>),
    /// Left out on purpose: the kind says why.
    LeftOut(&'static ItemKind),
    /// Not normalisable: why.
    Rejected(String),
}

/// Normalises items; holds the key that pseudonymises e-mail addresses.
#[derive(Clone)]
pub struct Normaliser {
    email_key: Vec<u8>,
}

impl std::fmt::Debug for Normaliser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Normaliser { email_key: <secret> }")
    }
}

/// The tenant of a stored item: its partition key value up to the first `#`.
pub fn tenant_of(table: &TableDef, item: &Item) -> String {
    let partition = item.get(table.partition_key).and_then(Value::as_str).unwrap_or_default();
    partition.split('#').next().unwrap_or_default().to_owned()
}

/// The primary key of a stored item as one text, `partition/sort`, for logs and rejects.
pub fn key_text(table: &TableDef, item: &Item) -> String {
    let text = |name: &str| item.get(name).and_then(Value::as_str).unwrap_or("?").to_owned();
    format!("{}/{}", text(table.partition_key), text(table.sort_key))
}

impl Normaliser {
    /// A normaliser whose e-mail hashes are keyed with `email_key`.
    pub fn new(email_key: &[u8]) -> Self {
        Self { email_key: email_key.to_vec() }
    }

    /// The pseudonym of an e-mail address: HMAC-SHA256 of its lower-cased form, in hex.
    pub fn email_hash(&self, email: &str) -> String {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.email_key).expect("HMAC takes any key length");
        mac.update(email.trim().to_lowercase().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// What becomes of `item` of `table`.
    pub fn normalise(&self, table: &'static TableDef, item: &Item) -> Outcome {
        let tenant = tenant_of(table, item);
        if common::TenantId::parse(&tenant).is_err() {
            return Outcome::Rejected(format!("partition `{tenant}` names no valid tenant"));
        }
        let Some(kind) = lake::kind_of(table, item) else {
            return Outcome::Rejected("no item kind of the model matches it".to_owned());
        };
        let entities = match kind.fate {
            Fate::LeftOut(_) => return Outcome::LeftOut(kind),
            Fate::Rows(entities) => entities,
        };
        let mut rows = Vec::new();
        for entity in entities {
            match self.rows_of(entity, &tenant, item) {
                Ok(mut more) => rows.append(&mut more),
                Err(reason) => return Outcome::Rejected(format!("{}: {reason}", entity.name)),
            }
        }
        Outcome::Rows(rows)
    }

    fn rows_of(&self, entity: &'static EntityDef, tenant: &str, item: &Item) -> Result<Vec<Row>, String> {
        let row = |cells: Vec<Cell>| {
            let day = entity.day_partition.and_then(|name| {
                let index = entity.columns.iter().position(|column| column.name == name)?;
                match cells[index] {
                    Cell::Timestamp(millis) => Some(day_of(millis)),
                    _ => None,
                }
            });
            Row { entity, tenant: tenant.to_owned(), day, cells }
        };
        if std::ptr::eq(entity, &ARTIST_GENRES) || std::ptr::eq(entity, &ALBUM_GENRES) {
            let id_column = &entity.columns[0];
            let id = cell_of(id_column, item.get(id_column.name))?;
            let genres = item.get("genres").and_then(Value::as_array).ok_or("`genres` is not a list")?;
            return genres
                .iter()
                .enumerate()
                .map(|(position, genre)| {
                    let genre = cell_of(&entity.columns[1], Some(genre))?;
                    Ok(row(vec![id.clone(), genre, Cell::Int(position as i64)]))
                })
                .collect();
        }
        if std::ptr::eq(entity, &SONG_GENRES) {
            let cells: Result<Vec<Cell>, String> =
                entity.columns.iter().map(|column| cell_of(column, item.get(column.name))).collect();
            return Ok(vec![row(cells?)]);
        }
        let mut cells = Vec::with_capacity(entity.columns.len());
        for column in entity.columns {
            let cell = match (entity.name, column.name) {
                ("users", "email_hash") => {
                    let email = item.get("email").and_then(Value::as_str).ok_or("`email` is missing")?;
                    Cell::Text(self.email_hash(email))
                }
                ("artists", "primary_genre") => {
                    let first = item.get("genres").and_then(Value::as_array).and_then(|genres| genres.first());
                    cell_of(column, first)?
                }
                ("playlists", "collaborator_count") => match item.get("collaborators") {
                    None | Some(Value::Null) => Cell::Int(0),
                    Some(Value::Array(list)) => Cell::Int(list.len() as i64),
                    Some(other) => return Err(format!("`collaborators` is not a list: {other}")),
                },
                _ => cell_of(column, item.get(column.name))?,
            };
            cells.push(cell);
        }
        Ok(vec![row(cells)])
    }
}

#[cfg(test)]
mod tests {
    use common::lake::{PLAYLISTS, PLAYS, USERS};
    use common::model;
    use serde_json::json;

    use super::*;

    fn item(value: Value) -> Item {
        value.as_object().unwrap().clone()
    }

    fn normaliser() -> Normaliser {
        Normaliser::new(b"test key")
    }

    #[test]
    fn a_play_becomes_one_row_in_its_day() {
        let play = item(json!({"tenant_day": "acme#2026-11-22", "play_key": "2026-11-22T20:15:03.120Z#ply_1",
            "tenant_id": "acme", "play_id": "ply_1", "user_id": "usr_1", "song_id": "sng_1", "artist_id": "art_1",
            "album_id": "alb_1", "played_at": "2026-11-22T23:59:59.999Z", "ms_played": 1000, "device": "web",
            "plan": "free"}));
        let Outcome::Rows(rows) = normaliser().normalise(&model::PLAYS, &play) else { panic!() };
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].entity.name, rows[0].tenant.as_str(), rows[0].day.as_deref()),
            ("plays", "acme", Some("2026-11-22"))
        );
        assert_eq!(rows[0].cells.len(), PLAYS.columns.len());
        assert_eq!(rows[0].cells[8], Cell::Null, "no context");
    }

    #[test]
    fn users_are_pseudonymised() {
        let user = item(json!({"tenant_id": "acme", "user_id": "usr_1", "email": "Ana@Example.com",
            "display_name": "Ana", "role": "listener", "plan": "free", "created_at": "2026-01-01T00:00:00.000Z",
            "password_hash": "$argon2id$secret"}));
        let Outcome::Rows(rows) = normaliser().normalise(&model::USERS, &user) else { panic!() };
        let text = format!("{:?}", rows[0].cells);
        assert!(!text.contains("argon2") && !text.contains("Ana"), "{text}");
        assert_eq!(rows[0].cells[1], Cell::Text(normaliser().email_hash("ana@example.com")));
        assert_ne!(Normaliser::new(b"other").email_hash("ana@example.com"), normaliser().email_hash("ana@example.com"));
        assert_eq!(USERS.columns[1].name, "email_hash");
    }

    #[test]
    fn claims_and_markers_are_left_out_and_strangers_rejected() {
        let claim = item(json!({"tenant_id": "acme", "user_id": "email#ana@example.com"}));
        assert!(
            matches!(normaliser().normalise(&model::USERS, &claim), Outcome::LeftOut(kind) if kind.name == "e-mail claim")
        );
        let stranger = item(json!({"tenant_id": "acme", "user_id": "robot"}));
        assert!(matches!(normaliser().normalise(&model::USERS, &stranger), Outcome::Rejected(_)));
        let bad = item(json!({"tenant_id": "acme", "playlist_id": "pl_1", "owner_id": "usr_1", "name": "x",
            "public": "yes", "entry_count": 0, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}));
        let Outcome::Rejected(reason) = normaliser().normalise(&model::PLAYLISTS, &bad) else { panic!() };
        assert!(reason.contains("public"), "{reason}");
        assert_eq!(PLAYLISTS.columns[3].name, "public");
    }

    #[test]
    fn every_sample_item_of_the_model_has_a_fate_and_no_reject() {
        for table in model::TABLES {
            let sample = common::records::sample_item(table).expect(table.name);
            match normaliser().normalise(table, &sample) {
                Outcome::Rows(rows) => assert!(!rows.is_empty(), "{}", table.name),
                Outcome::LeftOut(kind) => panic!("the sample of {} is left out as {}", table.name, kind.name),
                Outcome::Rejected(reason) => panic!("the sample of {} is rejected: {reason}", table.name),
            }
        }
    }

    #[test]
    fn genres_become_rows_in_order() {
        let artist = item(json!({"tenant_id": "acme", "artist_id": "art_1", "name": "A", "genres": ["indie", "folk"],
            "monthly_listeners": 5, "popularity": 7, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}));
        let Outcome::Rows(rows) = normaliser().normalise(&model::ARTISTS, &artist) else { panic!() };
        let genres: Vec<_> =
            rows.iter().filter(|row| row.entity.name == "artist_genres").map(|row| row.cells.clone()).collect();
        assert_eq!(genres[1], vec![Cell::Text("art_1".into()), Cell::Text("folk".into()), Cell::Int(1)]);
        assert_eq!(rows[0].cells[5], Cell::Text("indie".into()), "primary genre");
    }
}
