//! The lake's entities: the normalised tables that ingest writes and SQL reads, with their
//! typed columns, and what ingest does with every kind of item the tables hold. Declared
//! once, beside the table model; writers, catalog checks and diagrams are generated from it.
//!
//! Files live at `<zone>/<entity>/tenant_id=<t>/[dt=<yyyy-mm-dd>/]part-<n>.<ext>`: `tenant_id`
//! (and `dt` for day-partitioned entities) are partition columns, carried by the path as Hive
//! and Glue expect, so a reader of the table sees them on every row; the files hold the
//! data columns below.

use serde_json::Value;

use crate::model::{self, TableDef};
use crate::records;
use crate::store::Item;

/// The partition column every entity has: the tenant slug.
pub const TENANT_COLUMN: &str = "tenant_id";

/// The day partition column of day-partitioned entities: `YYYY-MM-DD`.
pub const DAY_COLUMN: &str = "dt";

/// The type of a column, as Parquet, Glue and both SQL engines see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A 64-bit signed integer.
    Int,
    /// True or false.
    Bool,
    /// A UTC time to the millisecond; text form `YYYY-MM-DD HH:MM:SS.fff`.
    Timestamp,
    /// A calendar day; text form `YYYY-MM-DD`.
    Date,
}

impl ColumnType {
    /// The type's name in Glue and Athena DDL.
    pub fn sql_name(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Int => "bigint",
            Self::Bool => "boolean",
            Self::Timestamp => "timestamp",
            Self::Date => "date",
        }
    }
}

/// One data column of an entity.
#[derive(Debug, PartialEq, Eq)]
pub struct ColumnDef {
    /// The column name; also the item attribute it comes from unless the entity derives it.
    pub name: &'static str,
    /// The type.
    pub ty: ColumnType,
    /// Whether a row may lack a value.
    pub nullable: bool,
    /// What the column holds.
    pub doc: &'static str,
}

const fn col(name: &'static str, ty: ColumnType, doc: &'static str) -> ColumnDef {
    ColumnDef { name, ty, nullable: false, doc }
}

const fn opt(name: &'static str, ty: ColumnType, doc: &'static str) -> ColumnDef {
    ColumnDef { name, ty, nullable: true, doc }
}

use ColumnType::{Bool, Date, Int, Text, Timestamp};

/// A normalised entity of the lake: one catalog table.
#[derive(Debug, PartialEq, Eq)]
pub struct EntityDef {
    /// The entity and catalog table name.
    pub name: &'static str,
    /// The DynamoDB table its rows come from.
    pub table: &'static TableDef,
    /// The data columns, in file order.
    pub columns: &'static [ColumnDef],
    /// The columns that identify a row within a tenant; files are sorted by them.
    pub key: &'static [&'static str],
    /// The timestamp column whose UTC day is the `dt` partition, for day-partitioned entities.
    pub day_partition: Option<&'static str>,
    /// What a row is.
    pub doc: &'static str,
}

impl EntityDef {
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&'static ColumnDef>
    where
        Self: 'static,
    {
        self.columns.iter().find(|column| column.name == name)
    }

    /// The partition columns, outermost first.
    pub fn partition_columns(&self) -> &'static [&'static str] {
        if self.day_partition.is_some() { &[TENANT_COLUMN, DAY_COLUMN] } else { &[TENANT_COLUMN] }
    }
}

/// Organisations onboarded on the platform.
pub static TENANTS: EntityDef = EntityDef {
    name: "tenants",
    table: &model::TENANTS,
    columns: &[col("name", Text, "the organisation's name"), col("created_at", Timestamp, "when it was onboarded")],
    key: &[],
    day_partition: None,
    doc: "one row per onboarded organisation",
};

/// Users, pseudonymised: no password hash, no name, the e-mail as a keyed hash.
pub static USERS: EntityDef = EntityDef {
    name: "users",
    table: &model::USERS,
    columns: &[
        col("user_id", Text, "the user id"),
        col("email_hash", Text, "HMAC-SHA256 of the lower-cased e-mail under the lake key, hex"),
        col("role", Text, "admin or listener"),
        col("plan", Text, "free, student, premium or family"),
        opt("country", Text, "two-letter country code"),
        col("created_at", Timestamp, "when the account was made"),
    ],
    key: &["user_id"],
    day_partition: None,
    doc: "one row per user account",
};

/// Artists of the catalog.
pub static ARTISTS: EntityDef = EntityDef {
    name: "artists",
    table: &model::ARTISTS,
    columns: &[
        col("artist_id", Text, "the artist id"),
        col("name", Text, "the name"),
        opt("country", Text, "two-letter country code"),
        col("monthly_listeners", Int, "listeners in the last 30 days"),
        col("popularity", Int, "popularity from 0 to 100"),
        opt("primary_genre", Text, "the first of the artist's genres"),
        col("created_at", Timestamp, "when the artist was added"),
        col("updated_at", Timestamp, "when the artist last changed"),
    ],
    key: &["artist_id"],
    day_partition: None,
    doc: "one row per artist",
};

/// The genres of each artist.
pub static ARTIST_GENRES: EntityDef = EntityDef {
    name: "artist_genres",
    table: &model::ARTISTS,
    columns: &[
        col("artist_id", Text, "the artist"),
        col("genre", Text, "a genre of the artist"),
        col("position", Int, "the genre's place in the artist's list, from 0 (primary)"),
    ],
    key: &["artist_id", "position"],
    day_partition: None,
    doc: "one row per artist and genre",
};

/// Albums of the catalog.
pub static ALBUMS: EntityDef = EntityDef {
    name: "albums",
    table: &model::ALBUMS,
    columns: &[
        col("album_id", Text, "the album id"),
        col("artist_id", Text, "the album's artist"),
        col("title", Text, "the title"),
        col("release_date", Date, "the release day"),
        col("total_tracks", Int, "tracks on the album"),
        opt("label", Text, "the record label"),
        col("created_at", Timestamp, "when the album was added"),
        col("updated_at", Timestamp, "when the album last changed"),
    ],
    key: &["album_id"],
    day_partition: None,
    doc: "one row per album",
};

/// The genres of each album.
pub static ALBUM_GENRES: EntityDef = EntityDef {
    name: "album_genres",
    table: &model::ALBUMS,
    columns: &[
        col("album_id", Text, "the album"),
        col("genre", Text, "a genre of the album"),
        col("position", Int, "the genre's place in the album's list, from 0 (primary)"),
    ],
    key: &["album_id", "position"],
    day_partition: None,
    doc: "one row per album and genre",
};

/// Songs of the catalog.
pub static SONGS: EntityDef = EntityDef {
    name: "songs",
    table: &model::SONGS,
    columns: &[
        col("song_id", Text, "the song id"),
        col("album_id", Text, "the album it is a track of"),
        col("artist_id", Text, "the album's artist"),
        col("title", Text, "the title"),
        col("disc_number", Int, "the disc, from 1"),
        col("track_number", Int, "the track on the disc, from 1"),
        col("duration_ms", Int, "the length in milliseconds"),
        col("created_at", Timestamp, "when the song was added"),
        col("updated_at", Timestamp, "when the song last changed"),
    ],
    key: &["song_id"],
    day_partition: None,
    doc: "one row per song",
};

/// The genre of each song.
pub static SONG_GENRES: EntityDef = EntityDef {
    name: "song_genres",
    table: &model::SONGS,
    columns: &[col("song_id", Text, "the song"), col("genre", Text, "the song's genre")],
    key: &["song_id", "genre"],
    day_partition: None,
    doc: "one row per song and genre",
};

/// Playlist headers; the share token is a secret and stays out.
pub static PLAYLISTS: EntityDef = EntityDef {
    name: "playlists",
    table: &model::PLAYLISTS,
    columns: &[
        col("playlist_id", Text, "the playlist id"),
        col("owner_id", Text, "the user who made it"),
        col("name", Text, "the name"),
        col("public", Bool, "whether every user of the tenant may read it"),
        col("collaborator_count", Int, "users besides the owner who may change it"),
        col("entry_count", Int, "songs it holds"),
        col("created_at", Timestamp, "when it was made"),
        col("updated_at", Timestamp, "when it last changed"),
    ],
    key: &["playlist_id"],
    day_partition: None,
    doc: "one row per playlist",
};

/// The songs of each playlist, in order.
pub static PLAYLIST_ENTRIES: EntityDef = EntityDef {
    name: "playlist_entries",
    table: &model::PLAYLISTS,
    columns: &[
        col("playlist_id", Text, "the playlist"),
        col("position", Int, "the place in the playlist, from 0"),
        col("song_id", Text, "the song"),
        col("artist_id", Text, "the song's artist"),
        col("duration_ms", Int, "the song's length when it was added"),
        col("added_by", Text, "the user who added it"),
        col("added_at", Timestamp, "when it was added"),
    ],
    key: &["playlist_id", "position"],
    day_partition: None,
    doc: "one row per song of a playlist",
};

/// Listens, partitioned by the day they happened.
pub static PLAYS: EntityDef = EntityDef {
    name: "plays",
    table: &model::PLAYS,
    columns: &[
        col("play_id", Text, "the play id"),
        col("user_id", Text, "who listened"),
        col("song_id", Text, "the song"),
        col("artist_id", Text, "the song's artist"),
        col("album_id", Text, "the song's album"),
        col("played_at", Timestamp, "when the play started"),
        col("ms_played", Int, "milliseconds listened"),
        col("device", Text, "mobile, desktop, web, tablet, speaker, car or tv"),
        opt("context", Text, "where it was started from, e.g. playlist:pl_…"),
        col("plan", Text, "the listener's plan at the time"),
        opt("country", Text, "the listener's country"),
    ],
    key: &["played_at", "play_id"],
    day_partition: Some("played_at"),
    doc: "one row per listen",
};

/// Users' likes of songs, albums and artists.
pub static LIKES: EntityDef = EntityDef {
    name: "likes",
    table: &model::LIKES,
    columns: &[
        col("user_id", Text, "who likes it"),
        col("kind", Text, "song, album or artist"),
        col("item_id", Text, "the song, album or artist liked"),
        col("liked_at", Timestamp, "when it was liked"),
    ],
    key: &["user_id", "kind", "item_id"],
    day_partition: None,
    doc: "one row per like of a song, an album or an artist",
};

/// Every entity of the lake.
pub static ENTITIES: [&EntityDef; 12] = [
    &TENANTS,
    &USERS,
    &ARTISTS,
    &ARTIST_GENRES,
    &ALBUMS,
    &ALBUM_GENRES,
    &SONGS,
    &SONG_GENRES,
    &PLAYLISTS,
    &PLAYLIST_ENTRIES,
    &PLAYS,
    &LIKES,
];

/// The entity called `name`.
pub fn entity(name: &str) -> Option<&'static EntityDef> {
    ENTITIES.iter().copied().find(|entity| entity.name == name)
}

/// What ingest does with one kind of item.
#[derive(Debug, PartialEq, Eq)]
pub enum Fate {
    /// The item becomes rows of these entities; the first is the item's own row.
    Rows(&'static [&'static EntityDef]),
    /// The item is left out of the lake, for this reason.
    LeftOut(&'static str),
}

/// A kind of item that a table holds.
#[derive(Debug)]
pub struct ItemKind {
    /// The table.
    pub table: &'static TableDef,
    /// The kind's name, e.g. `user` or `e-mail claim`.
    pub name: &'static str,
    /// What ingest does with it.
    pub fate: Fate,
    /// The sort key prefix that marks the kind; `None` for the table's remaining items.
    pub sort_prefix: Option<&'static str>,
    /// Whether the kind's sort keys contain `#` (entries) or not (headers); `None` for either.
    pub composite_sort: Option<bool>,
}

/// Why search words stay out of the lake.
const SEARCH_WORDS: &str = "search index: one item per word of a name, which the record's own row holds";

/// Every kind of item of every table: each maps to entities or is left out with a reason.
pub static ITEM_KINDS: [ItemKind; 17] = [
    ItemKind {
        table: &model::TENANTS,
        name: "tenant",
        fate: Fate::Rows(&[&TENANTS]),
        sort_prefix: Some(records::TENANT_RECORD),
        composite_sort: Some(false),
    },
    ItemKind {
        table: &model::TENANTS,
        name: "seed marker",
        fate: Fate::LeftOut("bookkeeping of `musicctl seed`, not platform data"),
        sort_prefix: Some(records::SEED_MARKER_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::USERS,
        name: "user",
        fate: Fate::Rows(&[&USERS]),
        sort_prefix: Some(records::USER_PREFIX),
        composite_sort: Some(false),
    },
    ItemKind {
        table: &model::USERS,
        name: "e-mail claim",
        fate: Fate::LeftOut("keeps e-mails unique; it repeats the user's e-mail, which the lake pseudonymises"),
        sort_prefix: Some(records::EMAIL_CLAIM_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::USERS,
        name: "login throttle",
        fate: Fate::LeftOut("counts failed logins for 15 minutes; it names an e-mail or a client address"),
        sort_prefix: Some(records::THROTTLE_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::ARTISTS,
        name: "artist search word",
        fate: Fate::LeftOut(SEARCH_WORDS),
        sort_prefix: Some(crate::search::WORD_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::ARTISTS,
        name: "artist",
        fate: Fate::Rows(&[&ARTISTS, &ARTIST_GENRES]),
        sort_prefix: None,
        composite_sort: Some(false),
    },
    ItemKind {
        table: &model::ALBUMS,
        name: "album search word",
        fate: Fate::LeftOut(SEARCH_WORDS),
        sort_prefix: Some(crate::search::WORD_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::ALBUMS,
        name: "album list item",
        fate: Fate::LeftOut("index of the A-to-Z album lists (all, by genre), which the album's own rows hold"),
        sort_prefix: Some(crate::search::LIST_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::ALBUMS,
        name: "album",
        fate: Fate::Rows(&[&ALBUMS, &ALBUM_GENRES]),
        sort_prefix: None,
        composite_sort: Some(false),
    },
    ItemKind {
        table: &model::SONGS,
        name: "song search word",
        fate: Fate::LeftOut(SEARCH_WORDS),
        sort_prefix: Some(crate::search::WORD_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::SONGS,
        name: "song",
        fate: Fate::Rows(&[&SONGS, &SONG_GENRES]),
        sort_prefix: None,
        composite_sort: Some(false),
    },
    ItemKind {
        table: &model::PLAYLISTS,
        name: "playlist search word",
        fate: Fate::LeftOut(SEARCH_WORDS),
        sort_prefix: Some(crate::search::WORD_PREFIX),
        composite_sort: None,
    },
    ItemKind {
        table: &model::PLAYLISTS,
        name: "playlist header",
        fate: Fate::Rows(&[&PLAYLISTS]),
        sort_prefix: None,
        composite_sort: Some(false),
    },
    ItemKind {
        table: &model::PLAYLISTS,
        name: "playlist entry",
        fate: Fate::Rows(&[&PLAYLIST_ENTRIES]),
        sort_prefix: None,
        composite_sort: Some(true),
    },
    ItemKind {
        table: &model::PLAYS,
        name: "play",
        fate: Fate::Rows(&[&PLAYS]),
        sort_prefix: None,
        composite_sort: Some(true),
    },
    ItemKind {
        table: &model::LIKES,
        name: "like",
        fate: Fate::Rows(&[&LIKES]),
        sort_prefix: None,
        composite_sort: Some(true),
    },
];

/// The kind of `item` of `table`, or `None` when no kind matches (ingest rejects it).
pub fn kind_of(table: &TableDef, item: &Item) -> Option<&'static ItemKind> {
    let sort = item.get(table.sort_key).and_then(Value::as_str)?;
    let kinds = ITEM_KINDS.iter().filter(|kind| kind.table.name == table.name);
    let matches = |kind: &&ItemKind| {
        kind.sort_prefix.is_none_or(|prefix| sort.starts_with(prefix))
            && kind.composite_sort.is_none_or(|composite| sort.contains('#') == composite)
    };
    // A kind with a prefix is more specific than one without: try those first.
    let (specific, general): (Vec<_>, Vec<_>) = kinds.partition(|kind| kind.sort_prefix.is_some());
    specific.into_iter().find(matches).or_else(|| general.into_iter().find(matches))
}

/// The services whose tables ingest reads, in order, with their tables.
pub fn service_tables(service: &str) -> Vec<&'static TableDef> {
    model::TABLES.iter().copied().filter(|table| table.service == service).collect()
}

/// The entities whose rows come from `table`.
pub fn entities_of(table: &TableDef) -> Vec<&'static EntityDef> {
    ENTITIES.iter().copied().filter(|entity| entity.table.name == table.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_kinds_and_every_entity_a_kind() {
        for table in model::TABLES {
            assert!(ITEM_KINDS.iter().any(|kind| kind.table.name == table.name), "{} has no item kind", table.name);
        }
        for entity in ENTITIES {
            let fed = ITEM_KINDS.iter().any(|kind| matches!(kind.fate, Fate::Rows(list) if list.contains(&entity)));
            assert!(fed, "no item kind feeds {}", entity.name);
        }
    }

    #[test]
    fn keys_and_day_partitions_name_columns() {
        for entity in ENTITIES {
            for name in entity.key {
                assert!(entity.column(name).is_some(), "{}.{name}", entity.name);
            }
            if let Some(name) = entity.day_partition {
                assert_eq!(entity.column(name).map(|c| c.ty), Some(ColumnType::Timestamp), "{}", entity.name);
            }
            assert!(entity.column(TENANT_COLUMN).is_none(), "{}: tenant_id is a partition column", entity.name);
        }
    }

    fn check(table: &TableDef, sort: &str, expected: Option<&str>) {
        let mut item = Item::new();
        item.insert(table.sort_key.into(), sort.into());
        assert_eq!(kind_of(table, &item).map(|kind| kind.name), expected, "{}: {sort}", table.name);
    }

    #[test]
    fn kinds_follow_the_sort_key() {
        check(&model::USERS, "usr_0193", Some("user"));
        check(&model::USERS, "email#ana@example.com", Some("e-mail claim"));
        check(&model::USERS, "something-else", None);
        check(&model::TENANTS, "tenant", Some("tenant"));
        check(&model::TENANTS, "seed#0001", Some("seed marker"));
        check(&model::PLAYLISTS, "pl_0193", Some("playlist header"));
        check(&model::PLAYLISTS, "pl_0193#00004", Some("playlist entry"));
        check(&model::PLAYS, "2026-11-22T20:15:03.120Z#ply_01", Some("play"));
        check(&model::SONGS, "sng_01", Some("song"));
        check(&model::SONGS, "w#harbour#sng_01", Some("song search word"));
        check(&model::PLAYLISTS, "w#road#pl_0193", Some("playlist search word"));
        check(&model::ALBUMS, "l#genre:indie#low tide #alb_01", Some("album list item"));
        check(&model::ALBUMS, "alb_01", Some("album"));
    }
}
