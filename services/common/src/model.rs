//! The table model: every table, key, index and projection of the platform, defined once.
//!
//! The stores create tables from it, and the CloudFormation template, `serverless.yml`,
//! the seeder, the ingest jobs and `diagrams/dynamodb.md` are all generated from it.
//! The records stored in each table, and their sample items, are in [`crate::records`].
//! Search words live in the tables of what they find (see [`crate::search`]), in partitions
//! of their own, so they need no index.
//! Key attributes are strings. Every table partition key and every global index partition
//! key holds the tenant slug or `tenant#rest`, which the stores check on every write.

/// Whether an index is global (own partition key) or local (the table's partition key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// A global secondary index: its own partition and sort key.
    Global,
    /// A local secondary index: the table's partition key with another sort key.
    Local,
}

/// Which attributes an index copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    /// Every attribute.
    All,
    /// Only the table's and the index's key attributes.
    KeysOnly,
    /// The key attributes and these others.
    Include(&'static [&'static str]),
}

/// A secondary index of a table.
#[derive(Debug, PartialEq, Eq)]
pub struct IndexDef {
    /// The index name, unique within its table.
    pub name: &'static str,
    /// Global or local.
    pub kind: IndexKind,
    /// The partition key attribute (the table's own for a local index).
    pub partition_key: &'static str,
    /// The sort key attribute.
    pub sort_key: &'static str,
    /// The attributes the index copies.
    pub projection: Projection,
    /// The access pattern the index serves.
    pub purpose: &'static str,
}

/// A logical reference from an attribute of one table to the items of another.
#[derive(Debug, PartialEq, Eq)]
pub struct Reference {
    /// The referring attribute.
    pub attribute: &'static str,
    /// The referenced table.
    pub table: &'static str,
    /// How the relation reads in a diagram.
    pub label: &'static str,
}

/// A table of the platform.
#[derive(Debug, PartialEq, Eq)]
pub struct TableDef {
    /// The logical table name; stages add their own prefix.
    pub name: &'static str,
    /// The service that owns the table.
    pub service: &'static str,
    /// The partition key attribute.
    pub partition_key: &'static str,
    /// The sort key attribute.
    pub sort_key: &'static str,
    /// Secondary indexes.
    pub indexes: &'static [IndexDef],
    /// Whether point-in-time recovery is on.
    pub point_in_time_recovery: bool,
    /// The attribute holding the epoch second after which DynamoDB may delete an item
    /// (its time to live), if the table has one. Deletion is lazy: readers still check it.
    pub time_to_live: Option<&'static str>,
    /// References to other tables.
    pub references: &'static [Reference],
}

impl TableDef {
    /// The index called `name`.
    pub fn index(&self, name: &str) -> Option<&'static IndexDef>
    where
        Self: 'static,
    {
        self.indexes.iter().find(|index| index.name == name)
    }

    /// Every attribute that must hold a tenant-owned value: the table's partition key and
    /// each global index's partition key.
    pub fn tenant_scoped_attributes(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.partition_key)
            .chain(self.indexes.iter().filter(|index| index.kind == IndexKind::Global).map(|index| index.partition_key))
    }

    /// Every key attribute of the table and its indexes, each once, in definition order.
    pub fn key_attributes(&self) -> Vec<&'static str> {
        let mut names = vec![self.partition_key, self.sort_key];
        for index in self.indexes {
            for name in [index.partition_key, index.sort_key] {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }
}

/// The tenant registry: one item per onboarded organisation.
pub static TENANTS: TableDef = TableDef {
    name: "tenants",
    service: "users",
    partition_key: "tenant_id",
    sort_key: "record",
    indexes: &[],
    point_in_time_recovery: true,
    time_to_live: None,
    references: &[],
};

/// Users of every tenant, and one e-mail claim item per user that keeps e-mails unique.
pub static USERS: TableDef = TableDef {
    name: "users",
    service: "users",
    partition_key: "tenant_id",
    sort_key: "user_id",
    indexes: &[
        IndexDef {
            name: "by_email",
            kind: IndexKind::Local,
            partition_key: "tenant_id",
            sort_key: "email",
            projection: Projection::Include(&["password_hash", "role", "display_name"]),
            purpose: "log in by e-mail",
        },
        IndexDef {
            name: "by_plan",
            kind: IndexKind::Global,
            partition_key: "tenant_plan",
            sort_key: "created_at",
            projection: Projection::KeysOnly,
            purpose: "users of a plan over time",
        },
    ],
    point_in_time_recovery: true,
    // Login throttling counters expire on their own.
    time_to_live: Some("expires_at"),
    references: &[Reference { attribute: "tenant_id", table: "tenants", label: "belongs to" }],
};

/// Artists of every tenant's catalog.
pub static ARTISTS: TableDef = TableDef {
    name: "artists",
    service: "artists",
    partition_key: "tenant_id",
    sort_key: "artist_id",
    indexes: &[
        IndexDef {
            name: "by_name",
            kind: IndexKind::Local,
            partition_key: "tenant_id",
            sort_key: "name_key",
            projection: Projection::Include(&["name", "genres", "popularity"]),
            purpose: "artists by name, A to Z",
        },
        IndexDef {
            name: "by_genre",
            kind: IndexKind::Global,
            partition_key: "tenant_genre",
            sort_key: "popularity_key",
            projection: Projection::All,
            purpose: "top artists of a genre",
        },
    ],
    point_in_time_recovery: true,
    time_to_live: None,
    references: &[],
};

/// Albums of every tenant's catalog.
pub static ALBUMS: TableDef = TableDef {
    name: "albums",
    service: "albums",
    partition_key: "tenant_id",
    sort_key: "album_id",
    indexes: &[
        IndexDef {
            name: "by_artist",
            kind: IndexKind::Global,
            partition_key: "tenant_artist",
            sort_key: "release_date",
            projection: Projection::All,
            purpose: "an artist's discography by release date",
        },
        IndexDef {
            name: "by_release",
            kind: IndexKind::Local,
            partition_key: "tenant_id",
            sort_key: "release_date",
            projection: Projection::Include(&["title", "artist_id", "cover_url"]),
            purpose: "new releases",
        },
    ],
    point_in_time_recovery: true,
    time_to_live: None,
    references: &[Reference { attribute: "artist_id", table: "artists", label: "recorded by" }],
};

/// Songs of every tenant's catalog.
pub static SONGS: TableDef = TableDef {
    name: "songs",
    service: "songs",
    partition_key: "tenant_id",
    sort_key: "song_id",
    indexes: &[
        IndexDef {
            name: "by_album",
            kind: IndexKind::Global,
            partition_key: "tenant_album",
            sort_key: "track_key",
            projection: Projection::All,
            purpose: "an album's tracklist in order",
        },
        IndexDef {
            name: "by_title",
            kind: IndexKind::Local,
            partition_key: "tenant_id",
            sort_key: "title_key",
            projection: Projection::Include(&["title", "artist_id", "album_id", "duration_ms", "genre"]),
            purpose: "songs by title, A to Z",
        },
        IndexDef {
            name: "by_genre",
            kind: IndexKind::Global,
            partition_key: "tenant_genre",
            sort_key: "title_key",
            projection: Projection::Include(&["title", "artist_id", "album_id", "duration_ms", "genre"]),
            purpose: "songs of a genre, by title",
        },
    ],
    point_in_time_recovery: true,
    time_to_live: None,
    references: &[
        Reference { attribute: "album_id", table: "albums", label: "track of" },
        Reference { attribute: "artist_id", table: "artists", label: "performed by" },
    ],
};

/// Playlists: a header item and one item per entry, in one partition so that one Query
/// returns a playlist with all its songs.
pub static PLAYLISTS: TableDef = TableDef {
    name: "playlists",
    service: "playlists",
    partition_key: "tenant_id",
    sort_key: "playlist_id",
    indexes: &[IndexDef {
        name: "by_owner",
        kind: IndexKind::Global,
        partition_key: "tenant_owner",
        sort_key: "updated_at",
        projection: Projection::Include(&["name", "public", "entry_count"]),
        purpose: "my playlists, newest first (sparse: headers only)",
    }],
    point_in_time_recovery: true,
    time_to_live: None,
    references: &[
        Reference { attribute: "owner_id", table: "users", label: "owned by" },
        Reference { attribute: "song_id", table: "songs", label: "lists" },
    ],
};

/// Plays: one item per listen, partitioned by tenant and day so that writes spread.
pub static PLAYS: TableDef = TableDef {
    name: "plays",
    service: "stats",
    partition_key: "tenant_day",
    sort_key: "play_key",
    indexes: &[
        IndexDef {
            name: "by_user",
            kind: IndexKind::Global,
            partition_key: "tenant_user",
            sort_key: "played_at",
            projection: Projection::All,
            purpose: "a user's listening history",
        },
        IndexDef {
            name: "by_song",
            kind: IndexKind::Global,
            partition_key: "tenant_song",
            sort_key: "played_at",
            projection: Projection::KeysOnly,
            purpose: "a song's plays over time",
        },
    ],
    point_in_time_recovery: true,
    time_to_live: None,
    references: &[
        Reference { attribute: "user_id", table: "users", label: "played by" },
        Reference { attribute: "song_id", table: "songs", label: "plays" },
    ],
};

/// Users' likes of songs, albums and artists: one partition per user, one item per liked
/// thing (so liking twice is one like), and newest first by the local index.
pub static LIKES: TableDef = TableDef {
    name: "likes",
    service: "playlists",
    partition_key: "tenant_user",
    sort_key: "like_key",
    indexes: &[IndexDef {
        name: "by_time",
        kind: IndexKind::Local,
        partition_key: "tenant_user",
        sort_key: "liked_key",
        projection: Projection::All,
        purpose: "a user's likes of a kind, newest first",
    }],
    point_in_time_recovery: true,
    time_to_live: None,
    references: &[Reference { attribute: "user_id", table: "users", label: "liked by" }],
};

/// Every table of the platform.
pub static TABLES: [&TableDef; 8] = [&TENANTS, &USERS, &ARTISTS, &ALBUMS, &SONGS, &PLAYLISTS, &PLAYS, &LIKES];

/// The table called `name`.
pub fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().copied().find(|table| table.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_item_has_its_keys() {
        for table in TABLES {
            let item = crate::records::sample_item(table).expect(table.name);
            for name in table.key_attributes() {
                assert!(item.get(name).is_some_and(|v| v.is_string()), "{}.{name}", table.name);
            }
        }
    }

    #[test]
    fn local_indexes_share_the_table_partition_key() {
        for table in TABLES {
            for index in table.indexes {
                if index.kind == IndexKind::Local {
                    assert_eq!(index.partition_key, table.partition_key, "{}", index.name);
                }
            }
        }
    }

    #[test]
    fn references_name_tables_of_the_model() {
        for table in TABLES {
            for reference in table.references {
                assert!(super::table(reference.table).is_some(), "{}", reference.table);
            }
        }
    }
}
