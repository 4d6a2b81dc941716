//! The stored record of every item kind, defined once: each record's fields (the API type),
//! the stored item it becomes (the record plus its key and index attributes), and a fixed
//! sample that `diagrams/dynamodb.md` shows.
//!
//! Services build their items with these builders and read each other's items by decoding
//! them into these records, never by JSON field name.

mod album;
mod artist;
mod like;
mod play;
mod playlist;
mod search;
mod song;
mod tenant;
mod user;

pub use album::Album;
pub use artist::Artist;
pub use like::{Like, LikeKind, like_key};
pub use play::{Device, Play};
pub use playlist::{Playlist, PlaylistEntry, entry_key};
pub use search::{ALL_ALBUMS, genre_list};
pub use song::Song;
pub use tenant::{SEED_MARKER_PREFIX, TENANT_RECORD, Tenant};
pub use user::{EMAIL_CLAIM_PREFIX, Plan, THROTTLE_PREFIX, USER_PREFIX, User};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::model::{ALBUMS, ARTISTS, PLAYLISTS, SONGS, TableDef};
use crate::store::Item;
use crate::tenant::TenantId;

/// A record kept at its id in its table with a version, so that every change of it is a
/// write conditional on the version read (optimistic locking, see
/// [`crate::record::modify`]).
pub trait Versioned: Serialize + DeserializeOwned + Send + crate::search::Searchable {
    /// The table it lives in.
    const TABLE: &'static TableDef;
    /// What people call it in messages, e.g. `artist`.
    const KIND: &'static str;

    /// Its stored item, with key and index attributes.
    fn item(&self, tenant: &TenantId) -> Result<Item, ApiError>;

    /// The version it was read at.
    fn version(&self) -> u64;

    /// Sets the version and the time of the change.
    fn stamp(&mut self, version: u64, now: String);
}

macro_rules! versioned {
    ($record:ty, $table:expr, $kind:literal) => {
        impl Versioned for $record {
            const TABLE: &'static TableDef = &$table;
            const KIND: &'static str = $kind;

            fn item(&self, tenant: &TenantId) -> Result<Item, ApiError> {
                self.to_item(tenant)
            }

            fn version(&self) -> u64 {
                self.version
            }

            fn stamp(&mut self, version: u64, now: String) {
                self.version = version;
                self.updated_at = now;
            }
        }
    };
}

versioned!(Artist, ARTISTS, "artist");
versioned!(Album, ALBUMS, "album");
versioned!(Song, SONGS, "song");
versioned!(Playlist, PLAYLISTS, "playlist");

/// The sample item of `table`, built from the sample record of its kind with the same
/// builder the owning service writes with, for the sample tenant `northwind-records`;
/// `None` for a table without a record kind here.
pub fn sample_item(table: &TableDef) -> Option<Item> {
    let tenant = TenantId::sample();
    let item = match table.name {
        "tenants" => Tenant::sample().to_item(),
        "users" => User::sample().to_item(&tenant, user::SAMPLE_PASSWORD_HASH),
        "artists" => Artist::sample().to_item(&tenant),
        "albums" => Album::sample().to_item(&tenant),
        "songs" => Song::sample().to_item(&tenant),
        "playlists" => Playlist::sample().to_item(&tenant),
        "plays" => Play::sample().to_item(&tenant),
        "likes" => Like::sample().to_item(&tenant),
        _ => return None,
    };
    item.ok()
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;

    use super::*;
    use crate::model::{PLAYLISTS, TABLES};
    use crate::record;

    /// Checks that `record` comes back unchanged from its stored `item`.
    fn check<T: DeserializeOwned + PartialEq + Debug>(record: &T, item: Item, table: &TableDef) {
        let key = item.get(table.sort_key).and_then(|value| value.as_str()).unwrap_or_default().to_owned();
        let decoded: T = record::decode(table, &key, item).unwrap();
        assert_eq!(&decoded, record, "{}", table.name);
    }

    #[test]
    fn every_sample_record_round_trips_through_its_item() {
        let tenant = TenantId::sample();
        check(&Tenant::sample(), Tenant::sample().to_item().unwrap(), &crate::model::TENANTS);
        check(&User::sample(), User::sample().to_item(&tenant, "hash").unwrap(), &crate::model::USERS);
        check(&Artist::sample(), Artist::sample().to_item(&tenant).unwrap(), &crate::model::ARTISTS);
        check(&Album::sample(), Album::sample().to_item(&tenant).unwrap(), &crate::model::ALBUMS);
        check(&Song::sample(), Song::sample().to_item(&tenant).unwrap(), &crate::model::SONGS);
        check(&Playlist::sample(), Playlist::sample().to_item(&tenant).unwrap(), &PLAYLISTS);
        let entry = PlaylistEntry::sample();
        check(&entry, entry.to_item(&tenant, &Playlist::sample().playlist_id).unwrap(), &PLAYLISTS);
        check(&Play::sample(), Play::sample().to_item(&tenant).unwrap(), &crate::model::PLAYS);
        check(&Like::sample(), Like::sample().to_item(&tenant).unwrap(), &crate::model::LIKES);
    }

    #[test]
    fn every_table_has_a_sample_item_of_the_sample_tenant() {
        for table in TABLES {
            let item = sample_item(table).unwrap_or_else(|| panic!("{} has no sample", table.name));
            for name in table.tenant_scoped_attributes() {
                let value = item.get(name).and_then(|value| value.as_str()).unwrap_or_default();
                assert!(TenantId::sample().owns(value), "{}.{name} = {value}", table.name);
            }
        }
    }

    #[test]
    fn the_user_item_keeps_the_hash_out_of_the_record() {
        let item = User::sample().to_item(&TenantId::sample(), "secret-hash").unwrap();
        assert_eq!(item["password_hash"], "secret-hash");
        let user: User = record::decode(&crate::model::USERS, "usr", item).unwrap();
        assert!(!serde_json::to_string(&user).unwrap().contains("secret-hash"));
    }

    #[test]
    fn a_stored_item_that_does_not_decode_is_an_internal_error() {
        let mut item = Song::sample().to_item(&TenantId::sample()).unwrap();
        item.insert("duration_ms".into(), "long".into());
        let error = record::decode::<Song>(&crate::model::SONGS, "sng_1", item).unwrap_err();
        assert!(matches!(error, crate::ApiError::Internal(_)), "{error:?}");
    }
}
