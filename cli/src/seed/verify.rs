//! Checks a stage's data the way the seed promises it: counts per tenant and table, and
//! every reference (album → artist, song → album and artist, playlist → owner and songs,
//! play → user and song, like → user and what it likes) resolving inside the same tenant,
//! and every search word naming a record of its own tenant.

use std::collections::{BTreeMap, HashMap};

use common::model::{ALBUMS, ARTISTS, LIKES, PLAYLISTS, PLAYS, SONGS, TableDef, USERS};
use common::search;
use common::store::{Item, Scan};
use serde::Serialize;
use serde_json::Value;

/// What a verification found.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Report {
    /// Items per table, then per tenant (e-mail claims and playlist entries included).
    pub(crate) counts: BTreeMap<String, BTreeMap<String, u64>>,
    /// Search index items (words, and album list items) per table, then per tenant.
    pub(crate) search_index: BTreeMap<String, BTreeMap<String, u64>>,
    /// References to an id that exists nowhere.
    pub(crate) dangling: u64,
    /// References to an id of another tenant, or items whose keys name two tenants.
    pub(crate) cross_tenant: u64,
    /// The first problems found, for people.
    pub(crate) problems: Vec<String>,
}

const TABLES: [&TableDef; 7] = [&USERS, &ARTISTS, &ALBUMS, &SONGS, &PLAYLISTS, &PLAYS, &LIKES];

fn text<'a>(item: &'a Item, name: &str) -> &'a str {
    item.get(name).and_then(Value::as_str).unwrap_or_default()
}

impl Report {
    fn problem(&mut self, cross: bool, message: String) {
        if cross {
            self.cross_tenant += 1;
        } else {
            self.dangling += 1;
        }
        if self.problems.len() < 20 {
            self.problems.push(message);
        }
    }
}

/// Scans every table and checks counts and references.
pub(crate) async fn verify(scan: &dyn Scan) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut tables: HashMap<&'static str, Vec<Item>> = HashMap::new();
    // (table, id) → tenant
    let mut owners: HashMap<(&'static str, String), String> = HashMap::new();
    let mut all_words = Vec::new();
    for table in TABLES {
        let items = crate::target::scan_all(scan, table).await?;
        let (words, items): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|item| search::is_index(table, item));
        for word in &words {
            let tenant = pipeline::normalise::tenant_of(table, word);
            *report.search_index.entry(table.name.to_owned()).or_default().entry(tenant.clone()).or_default() += 1;
            all_words.push((table, tenant, search::reference(word).unwrap_or_default().to_owned()));
        }
        for item in &items {
            let tenant = text(item, "tenant_id").to_owned();
            let partition = text(item, table.partition_key);
            if partition != tenant && !partition.starts_with(&format!("{tenant}#")) {
                report.problem(true, format!("{}: an item keyed {partition} names tenant {tenant}", table.name));
            }
            *report.counts.entry(table.name.to_owned()).or_default().entry(tenant.clone()).or_default() += 1;
            let is_entity = match table.name {
                "users" => !users::accounts::is_claim(item),
                "playlists" => !text(item, "playlist_id").contains('#'),
                "likes" => false,
                _ => true,
            };
            if is_entity {
                let id_attribute = match table.name {
                    "plays" => "play_id",
                    _ => table.sort_key,
                };
                owners.insert((table.name, text(item, id_attribute).to_owned()), tenant);
            }
        }
        tables.insert(table.name, items);
    }
    let references: [(&str, &str, &str); 9] = [
        ("albums", "artist_id", "artists"),
        ("songs", "album_id", "albums"),
        ("songs", "artist_id", "artists"),
        ("playlists", "owner_id", "users"),
        ("playlists", "song_id", "songs"),
        ("plays", "user_id", "users"),
        ("plays", "song_id", "songs"),
        ("plays", "album_id", "albums"),
        ("likes", "user_id", "users"),
    ];
    // A like names a song, an album or an artist by its kind.
    let liked = |item: &Item| format!("{}s", text(item, "kind"));
    let references = references
        .iter()
        .map(|&(table, attribute, target)| (table, attribute, Some(target)))
        .chain([("likes", "item_id", None)]);
    for (table, attribute, target) in references {
        for item in tables.get(table).map(Vec::as_slice).unwrap_or_default() {
            let target_name = target.map_or_else(|| liked(item), str::to_owned);
            let target: &'static str = TABLES.iter().find(|t| t.name == target_name).map_or("", |t| t.name);
            let Some(id) = item.get(attribute).and_then(Value::as_str) else { continue };
            let tenant = text(item, "tenant_id");
            match owners.get(&(target, id.to_owned())) {
                Some(owner) if owner == tenant => {}
                Some(owner) => report.problem(true, format!("{table}.{attribute} of {tenant} names {id} of {owner}")),
                None => report.problem(false, format!("{table}.{attribute} of {tenant} names missing {id}")),
            }
        }
    }
    for (table, tenant, id) in all_words {
        match owners.get(&(table.name, id.clone())) {
            Some(owner) if *owner == tenant => {}
            Some(owner) => {
                report.problem(true, format!("an index item of {tenant} in {} names {id} of {owner}", table.name))
            }
            None => report.problem(false, format!("an index item of {tenant} in {} names missing {id}", table.name)),
        }
    }
    Ok(report)
}

/// All items of a table.
pub(crate) fn total(report: &Report, table: &str) -> u64 {
    report.counts.get(table).map_or(0, |per_tenant| per_tenant.values().sum())
}
