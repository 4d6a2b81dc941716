//! What search finds each catalog record by, which A-to-Z lists show it (albums: all, and
//! one per genre), and what a result shows of it (see [`crate::search`]): no attribute here may be the partition key of a global index, or
//! word items would turn up in that index's queries (an item without it is not in the index).

use serde_json::{Value, json};

use super::{Album, Artist, Playlist, Song};
use crate::search::{Entry, Searchable};

fn entry(id: &str, text: &str, summary: Value) -> Option<Entry> {
    let Value::Object(summary) = summary else { return None };
    Some(Entry { id: id.to_owned(), text: text.to_owned(), summary, lists: Vec::new() })
}

/// The list of all albums, A to Z.
pub const ALL_ALBUMS: &str = "all";

/// The list of the albums of `genre`, A to Z.
pub fn genre_list(genre: &str) -> String {
    format!("genre:{genre}")
}

impl Searchable for Artist {
    fn search_entry(&self) -> Option<Entry> {
        let summary = json!({"name": self.name, "genres": self.genres, "popularity": self.popularity});
        entry(&self.artist_id, &self.name, summary)
    }
}

impl Searchable for Album {
    fn search_entry(&self) -> Option<Entry> {
        let mut summary = json!({"title": self.title, "artist_id": self.artist_id, "release_date": self.release_date});
        if let Some(cover) = &self.cover_url {
            summary["cover_url"] = cover.as_str().into();
        }
        let lists = std::iter::once(ALL_ALBUMS.to_owned()).chain(self.genres.iter().map(|g| genre_list(g))).collect();
        entry(&self.album_id, &self.title, summary).map(|entry| Entry { lists, ..entry })
    }
}

impl Searchable for Song {
    fn search_entry(&self) -> Option<Entry> {
        let summary = json!({
            "title": self.title,
            "artist_id": self.artist_id,
            "album_id": self.album_id,
            "duration_ms": self.duration_ms,
            "genre": self.genre,
        });
        entry(&self.song_id, &self.title, summary)
    }
}

/// Only public playlists are found: a private one is its owner's business.
impl Searchable for Playlist {
    fn search_entry(&self) -> Option<Entry> {
        if !self.public {
            return None;
        }
        entry(&self.playlist_id, &self.name, json!({"name": self.name, "owner_id": self.owner_id}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IndexKind;

    #[test]
    fn results_carry_no_partition_key_of_a_global_index() {
        let entries = [
            (&crate::model::ARTISTS, Artist::sample().search_entry()),
            (&crate::model::ALBUMS, Album::sample().search_entry()),
            (&crate::model::SONGS, Song::sample().search_entry()),
            (&crate::model::PLAYLISTS, Playlist { public: true, ..Playlist::sample() }.search_entry()),
        ];
        for (table, entry) in entries {
            let entry = entry.expect(table.name);
            for index in table.indexes.iter().filter(|index| index.kind == IndexKind::Global) {
                assert!(!entry.summary.contains_key(index.partition_key), "{}.{}", table.name, index.partition_key);
            }
        }
    }

    #[test]
    fn private_playlists_are_not_found() {
        assert_eq!(Playlist { public: false, ..Playlist::sample() }.search_entry(), None);
    }
}
