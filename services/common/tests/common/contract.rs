//! The store contract: what every backend must do, asserted the same way for each.

use std::collections::BTreeSet;

use common::TenantId;
use common::model::{PLAYLISTS, SONGS, USERS};
use common::store::{
    BatchRetry, Condition, Item, Key, MAX_PAGE_BYTES, MAX_TRANSACT_ITEMS, Partition, Query, ScanRequest, SortCondition,
    StoreError, TransactWrite, Update, VERSION, WriteRequest, batch_write, item_size, version_of,
};
use serde_json::{Value, json};

use crate::backend::Backend;

fn tenant(slug: &str) -> TenantId {
    TenantId::parse(slug).unwrap()
}

fn item(value: Value) -> Item {
    match value {
        Value::Object(map) => map,
        _ => panic!("items are objects"),
    }
}

fn song(tenant: &TenantId, n: usize, title: &str) -> Item {
    item(json!({
        "tenant_id": tenant.as_str(),
        "song_id": format!("sng_{n:05}"),
        "title": title,
        "title_key": title.to_lowercase(),
        "album_id": format!("alb_{}", n % 3),
        "artist_id": "art_1",
        "tenant_album": tenant.scoped(&format!("alb_{}", n % 3)),
        "track_key": format!("01-{n:03}"),
        "duration_ms": 200_000 + n,
        "genre": "indie",
    }))
}

async fn all_pages(backend: &Backend, tenant: &TenantId, query: Query) -> Vec<Vec<Item>> {
    let mut pages = Vec::new();
    let mut query = query;
    loop {
        let page = backend.store.query(tenant, &query).await.unwrap();
        pages.push(page.items);
        match page.cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return pages,
        }
    }
}

fn ids(items: &[Item], attribute: &str) -> Vec<String> {
    items.iter().map(|item| item[attribute].as_str().unwrap().to_owned()).collect()
}

pub(crate) async fn put_get_and_conditions(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    let first = song(&acme, 1, "Salt Lines");
    store.put(&acme, &SONGS, first.clone(), Condition::MustNotExist).await.unwrap();
    let got = store.get(&acme, &SONGS, &Key::tenant("sng_00001")).await.unwrap();
    assert_eq!(got.as_ref(), Some(&first), "{}", backend.name);
    let again = store.put(&acme, &SONGS, first.clone(), Condition::MustNotExist).await;
    assert!(matches!(again, Err(StoreError::ConditionFailed)), "{}", backend.name);
    let missing = song(&acme, 2, "Nowhere");
    let must_exist = store.put(&acme, &SONGS, missing, Condition::MustExist).await;
    assert!(matches!(must_exist, Err(StoreError::ConditionFailed)));
    assert!(store.get(&acme, &SONGS, &Key::tenant("sng_00002")).await.unwrap().is_none());
    let mut replaced = first.clone();
    replaced.insert("title".into(), "Salt Lines (Live)".into());
    store.put(&acme, &SONGS, replaced.clone(), Condition::MustExist).await.unwrap();
    let got = store.get(&acme, &SONGS, &Key::tenant("sng_00001")).await.unwrap().unwrap();
    assert_eq!(got["title"], "Salt Lines (Live)");
    // Nested values and numbers survive the round trip.
    let mut nested = song(&acme, 3, "Nested");
    nested.insert("meta".into(), json!({"bpm": 120, "tags": ["a", "b"], "ratio": 0.5, "live": false, "none": null}));
    store.put(&acme, &SONGS, nested.clone(), Condition::None).await.unwrap();
    assert_eq!(store.get(&acme, &SONGS, &Key::tenant("sng_00003")).await.unwrap(), Some(nested));
}

pub(crate) async fn update_and_delete(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    store.put(&acme, &SONGS, song(&acme, 1, "Salt Lines"), Condition::None).await.unwrap();
    let mut update = Update::default();
    update.set.insert("title".into(), "Salt Lines II".into());
    update.set.insert("plays".into(), 7.into());
    update.remove.push("genre".into());
    let updated = store.update(&acme, &SONGS, &Key::tenant("sng_00001"), update, Condition::MustExist).await.unwrap();
    assert_eq!(updated["title"], "Salt Lines II");
    assert_eq!(updated["plays"], 7);
    assert!(updated.get("genre").is_none());
    let missing = store.update(&acme, &SONGS, &Key::tenant("sng_09999"), Update::default(), Condition::MustExist).await;
    assert!(matches!(missing, Err(StoreError::ConditionFailed)), "{}", backend.name);
    let mut key_change = Update::default();
    key_change.set.insert("song_id".into(), "sng_x".into());
    let refused = store.update(&acme, &SONGS, &Key::tenant("sng_00001"), key_change, Condition::None).await;
    assert!(matches!(refused, Err(StoreError::InvalidItem { .. })));
    // An update moves the item in its indexes.
    let mut moved = Update::default();
    moved.set.insert("tenant_album".into(), acme.scoped("alb_new").into());
    store.update(&acme, &SONGS, &Key::tenant("sng_00001"), moved, Condition::MustExist).await.unwrap();
    let in_new = store.query(&acme, &Query::new(&SONGS).index("by_album").scoped("alb_new")).await.unwrap();
    assert_eq!(ids(&in_new.items, "song_id"), ["sng_00001"]);
    let in_old = store.query(&acme, &Query::new(&SONGS).index("by_album").scoped("alb_1")).await.unwrap();
    assert!(in_old.items.is_empty(), "{}", backend.name);
    let old = store.delete(&acme, &SONGS, &Key::tenant("sng_00001"), Condition::MustExist).await.unwrap();
    assert_eq!(old.unwrap()["title"], "Salt Lines II");
    assert!(store.get(&acme, &SONGS, &Key::tenant("sng_00001")).await.unwrap().is_none());
    let again = store.delete(&acme, &SONGS, &Key::tenant("sng_00001"), Condition::MustExist).await;
    assert!(matches!(again, Err(StoreError::ConditionFailed)));
    assert!(store.delete(&acme, &SONGS, &Key::tenant("sng_00001"), Condition::None).await.unwrap().is_none());
    let in_index = store.query(&acme, &Query::new(&SONGS).index("by_title")).await.unwrap();
    assert!(in_index.items.is_empty(), "a deleted item leaves its indexes");
}

pub(crate) async fn tenants_never_see_each_other(backend: &Backend) {
    let acme = tenant("acme-records");
    let beta = tenant("beta-radio");
    let store = &backend.store;
    for n in 0..5 {
        store.put(&acme, &SONGS, song(&acme, n, &format!("Acme {n}")), Condition::None).await.unwrap();
    }
    store.put(&beta, &SONGS, song(&beta, 100, "Beta 100"), Condition::None).await.unwrap();
    assert!(store.get(&beta, &SONGS, &Key::tenant("sng_00001")).await.unwrap().is_none());
    let beta_songs = store.query(&beta, &Query::new(&SONGS)).await.unwrap();
    assert_eq!(ids(&beta_songs.items, "song_id"), ["sng_00100"]);
    let beta_album = store.query(&beta, &Query::new(&SONGS).index("by_album").scoped("alb_1")).await.unwrap();
    assert_eq!(ids(&beta_album.items, "song_id"), ["sng_00100"]);
    let by_title = store.query(&beta, &Query::new(&SONGS).index("by_title")).await.unwrap();
    assert_eq!(by_title.items.len(), 1);
    // Deleting or updating another tenant's key touches nothing of theirs.
    assert!(store.delete(&beta, &SONGS, &Key::tenant("sng_00001"), Condition::None).await.unwrap().is_none());
    assert!(store.get(&acme, &SONGS, &Key::tenant("sng_00001")).await.unwrap().is_some());
    let update = store.update(&beta, &SONGS, &Key::tenant("sng_00002"), Update::default(), Condition::MustExist).await;
    assert!(matches!(update, Err(StoreError::ConditionFailed)));
    // A cursor handed to one tenant is refused for another.
    let page = store.query(&acme, &Query::new(&SONGS).limit(2)).await.unwrap();
    let cursor = page.cursor.expect("more songs follow");
    let reused = store.query(&beta, &Query::new(&SONGS).limit(2).after(Some(cursor))).await;
    assert!(matches!(reused, Err(StoreError::InvalidCursor)), "{}", backend.name);
}

pub(crate) async fn items_that_break_the_model_are_refused(backend: &Backend) {
    let acme = tenant("acme-records");
    let beta = tenant("beta-radio");
    let store = &backend.store;
    let foreign = song(&beta, 1, "Foreign");
    let refused = store.put(&acme, &SONGS, foreign.clone(), Condition::None).await;
    assert!(matches!(refused, Err(StoreError::InvalidItem { .. })));
    let mut foreign_index = song(&acme, 1, "Sneaky");
    foreign_index.insert("tenant_album".into(), beta.scoped("alb_1").into());
    assert!(store.put(&acme, &SONGS, foreign_index, Condition::None).await.is_err());
    let mut prefix_trick = song(&acme, 1, "Prefix");
    prefix_trick.insert("tenant_album".into(), "acme-records2#alb".into());
    assert!(store.put(&acme, &SONGS, prefix_trick, Condition::None).await.is_err());
    let mut no_sort = song(&acme, 1, "No sort");
    no_sort.remove("song_id");
    assert!(store.put(&acme, &SONGS, no_sort, Condition::None).await.is_err());
    let mut numeric_key = song(&acme, 1, "Numeric");
    numeric_key.insert("track_key".into(), 3.into());
    assert!(store.put(&acme, &SONGS, numeric_key, Condition::None).await.is_err());
    let batch = vec![WriteRequest::Put(foreign)];
    assert!(store.batch_write_chunk(&acme, &SONGS, batch).await.is_err());
    assert!(store.query(&beta, &Query::new(&SONGS)).await.unwrap().items.is_empty());
}

pub(crate) async fn sort_conditions_and_order(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    let titles = ["Alpha", "Alps", "Amber", "Beta", "Bravo", "Café", "Zulu"];
    for (n, title) in titles.iter().enumerate() {
        store.put(&acme, &SONGS, song(&acme, n, title), Condition::None).await.unwrap();
    }
    let check = |condition: SortCondition, forward: bool, expected: &'static [&'static str]| {
        let store = store.clone();
        let acme = acme.clone();
        async move {
            let mut query = Query::new(&SONGS).index("by_title").sort(condition.clone());
            if !forward {
                query = query.backward();
            }
            let page = store.query(&acme, &query).await.unwrap();
            let got: Vec<String> = page.items.iter().map(|i| i["title_key"].as_str().unwrap().to_owned()).collect();
            assert_eq!(got, expected, "{condition:?}");
        }
    };
    check(SortCondition::BeginsWith("al".into()), true, &["alpha", "alps"]).await;
    check(SortCondition::BeginsWith("a".into()), false, &["amber", "alps", "alpha"]).await;
    check(SortCondition::Eq("beta".into()), true, &["beta"]).await;
    check(SortCondition::Between("alps".into(), "beta".into()), true, &["alps", "amber", "beta"]).await;
    check(SortCondition::Lt("amber".into()), true, &["alpha", "alps"]).await;
    check(SortCondition::Le("amber".into()), true, &["alpha", "alps", "amber"]).await;
    check(SortCondition::Gt("café".into()), true, &["zulu"]).await;
    check(SortCondition::Ge("café".into()), true, &["café", "zulu"]).await;
    check(SortCondition::BeginsWith("caf".into()), true, &["café"]).await;
    // The table itself sorts by its sort key, both ways.
    let forward = store.query(&acme, &Query::new(&SONGS)).await.unwrap();
    assert_eq!(ids(&forward.items, "song_id").first().map(String::as_str), Some("sng_00000"));
    let backward = store.query(&acme, &Query::new(&SONGS).backward().limit(1)).await.unwrap();
    assert_eq!(ids(&backward.items, "song_id"), ["sng_00006"]);
    let on_table = store
        .query(&acme, &Query::new(&SONGS).sort(SortCondition::Between("sng_00002".into(), "sng_00004".into())))
        .await
        .unwrap();
    assert_eq!(ids(&on_table.items, "song_id"), ["sng_00002", "sng_00003", "sng_00004"]);
}

pub(crate) async fn index_projections_and_sparse_indexes(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    let user = common::records::sample_item(&USERS).unwrap();
    let user = {
        let mut user = user;
        user.insert("tenant_id".into(), acme.as_str().into());
        user.insert("tenant_plan".into(), acme.scoped("premium").into());
        user
    };
    store.put(&acme, &USERS, user.clone(), Condition::None).await.unwrap();
    let keys_only = store.query(&acme, &Query::new(&USERS).index("by_plan").scoped("premium")).await.unwrap();
    let names: BTreeSet<&str> = keys_only.items[0].keys().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(["created_at", "tenant_id", "tenant_plan", "user_id"]), "{}", backend.name);
    let include = store
        .query(
            &acme,
            &Query::new(&USERS).index("by_email").sort(SortCondition::Eq(user["email"].as_str().unwrap().into())),
        )
        .await
        .unwrap();
    let names: BTreeSet<&str> = include.items[0].keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["display_name", "email", "password_hash", "role", "tenant_id", "user_id"]),
        "{}",
        backend.name
    );
    // Playlist entries carry no tenant_owner, so the owner index holds only headers.
    let header = item(json!({"tenant_id": acme.as_str(), "playlist_id": "pl_1", "name": "Mix", "public": false,
        "entry_count": 2, "updated_at": "2026-11-22T10:00:00.000Z", "tenant_owner": acme.scoped("usr_1")}));
    store.put(&acme, &PLAYLISTS, header, Condition::None).await.unwrap();
    for position in 0..2 {
        let entry =
            item(json!({"tenant_id": acme.as_str(), "playlist_id": format!("pl_1#{position:04}"), "song_id": "sng_1"}));
        store.put(&acme, &PLAYLISTS, entry, Condition::None).await.unwrap();
    }
    let mine = store.query(&acme, &Query::new(&PLAYLISTS).index("by_owner").scoped("usr_1")).await.unwrap();
    assert_eq!(ids(&mine.items, "playlist_id"), ["pl_1"]);
    let whole =
        store.query(&acme, &Query::new(&PLAYLISTS).sort(SortCondition::BeginsWith("pl_1".into()))).await.unwrap();
    assert_eq!(ids(&whole.items, "playlist_id"), ["pl_1", "pl_1#0000", "pl_1#0001"]);
}

pub(crate) async fn pages_stop_at_one_megabyte(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    let filler = "x".repeat(90_000);
    let mut written = Vec::new();
    for n in 0..40 {
        let mut item = song(&acme, n, &format!("Big {n:02}"));
        item.insert("lyrics".into(), filler.clone().into());
        written.push(WriteRequest::Put(item));
    }
    batch_write(store.as_ref(), &acme, &SONGS, written, BatchRetry::default()).await.unwrap();
    let pages = all_pages(backend, &acme, Query::new(&SONGS)).await;
    assert!(pages.len() >= 4, "3.6 MB should need at least 4 pages, got {}", pages.len());
    for page in &pages {
        let bytes: usize = page.iter().map(item_size).sum();
        assert!(bytes <= MAX_PAGE_BYTES, "{}: a page of {bytes} bytes", backend.name);
    }
    let seen: Vec<String> = pages.iter().flat_map(|page| ids(page, "song_id")).collect();
    let expected: Vec<String> = (0..40).map(|n| format!("sng_{n:05}")).collect();
    assert_eq!(seen, expected, "{}: pages continue exactly where they stopped", backend.name);
    let index_pages = all_pages(backend, &acme, Query::new(&SONGS).index("by_album").scoped("alb_1")).await;
    assert!(index_pages.len() >= 2, "1.2 MB of album 1 needs 2 pages");
    assert_eq!(index_pages.iter().map(Vec::len).sum::<usize>(), 13, "songs 1, 4, …, 37 are on album 1");
}

pub(crate) async fn limits_and_cursors_continue_exactly(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    let requests = (0..23).map(|n| WriteRequest::Put(song(&acme, n, &format!("Song {:02}", 22 - n)))).collect();
    batch_write(store.as_ref(), &acme, &SONGS, requests, BatchRetry::default()).await.unwrap();
    for (query, attribute) in [
        (Query::new(&SONGS).limit(5), "song_id"),
        (Query::new(&SONGS).limit(5).backward(), "song_id"),
        (Query::new(&SONGS).index("by_title").limit(4), "title_key"),
        (Query::new(&SONGS).index("by_album").scoped("alb_1").limit(3).backward(), "track_key"),
    ] {
        let whole = store.query(&acme, &Query { limit: None, ..query.clone() }).await.unwrap();
        let pages = all_pages(backend, &acme, query.clone()).await;
        assert!(pages.iter().all(|page| page.len() <= query.limit.unwrap() as usize));
        let paged: Vec<String> = pages.iter().flat_map(|page| ids(page, attribute)).collect();
        assert_eq!(paged, ids(&whole.items, attribute), "{}: {query:?}", backend.name);
    }
    let junk = store.query(&acme, &Query::new(&SONGS).after(Some(common::store::Cursor::decode("e30").unwrap()))).await;
    assert!(matches!(junk, Err(StoreError::InvalidCursor)));
    let _ = Partition::Tenant;
}

pub(crate) async fn parallel_scan_returns_every_item_once(backend: &Backend) {
    let tenants = [tenant("acme-records"), tenant("beta-radio"), tenant("gamma-school")];
    let mut expected = BTreeSet::new();
    for (t, tenant) in tenants.iter().enumerate() {
        let requests: Vec<WriteRequest> =
            (0..150).map(|n| WriteRequest::Put(song(tenant, t * 1000 + n, &format!("S{n}")))).collect();
        for request in &requests {
            if let WriteRequest::Put(item) = request {
                expected.insert((tenant.to_string(), item["song_id"].as_str().unwrap().to_owned()));
            }
        }
        batch_write(backend.store.as_ref(), tenant, &SONGS, requests, BatchRetry::default()).await.unwrap();
    }
    let total_segments = 4;
    let mut seen = Vec::new();
    let mut non_empty_segments = 0;
    for segment in 0..total_segments {
        let mut cursor = None;
        let mut in_segment = 0;
        loop {
            let request = ScanRequest { table: &SONGS, segment, total_segments, limit: Some(37), cursor };
            let page = backend.scan.scan(&request).await.unwrap();
            in_segment += page.items.len();
            for item in &page.items {
                seen.push((
                    item["tenant_id"].as_str().unwrap().to_owned(),
                    item["song_id"].as_str().unwrap().to_owned(),
                ));
            }
            match page.cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        if in_segment > 0 {
            non_empty_segments += 1;
        }
    }
    let unique: BTreeSet<_> = seen.iter().cloned().collect();
    assert_eq!(seen.len(), unique.len(), "{}: an item came twice", backend.name);
    assert_eq!(unique, expected, "{}", backend.name);
    assert!(non_empty_segments >= 2, "{}: the work should spread over segments", backend.name);
}

pub(crate) async fn batch_of_1000_loses_nothing(backend: &Backend, expect_retries: bool) {
    let acme = tenant("acme-records");
    let requests: Vec<WriteRequest> = (0..1000).map(|n| WriteRequest::Put(song(&acme, n, &format!("T{n}")))).collect();
    let retry = BatchRetry { base: std::time::Duration::from_millis(10), ..BatchRetry::default() };
    let retries = batch_write(backend.store.as_ref(), &acme, &SONGS, requests, retry).await.unwrap();
    if expect_retries {
        assert!(retries > 0, "{}: the backend should have throttled", backend.name);
    }
    let pages = all_pages(backend, &acme, Query::new(&SONGS)).await;
    let seen: Vec<String> = pages.iter().flat_map(|page| ids(page, "song_id")).collect();
    let expected: Vec<String> = (0..1000).map(|n| format!("sng_{n:05}")).collect();
    assert_eq!(seen, expected, "{}", backend.name);
}

pub(crate) async fn bulk_loads_replace_items_and_their_index_entries(backend: &Backend) {
    let (acme, globex) = (tenant("acme-records"), tenant("globex-radio"));
    let store = &backend.store;
    assert!(store.bulk_size() >= 1);
    let first: Vec<Item> = (0..300).map(|n| song(&acme, n, &format!("Old {n}"))).collect();
    store.bulk_put(&acme, &SONGS, first).await.unwrap();
    // The same keys again: even songs move to another album and take a new title.
    let second: Vec<Item> = (0..300)
        .map(|n| {
            let mut item = song(&acme, n, &format!("New {n}"));
            if n % 2 == 0 {
                item.insert("tenant_album".into(), acme.scoped("alb_moved").into());
            }
            item
        })
        .collect();
    store.bulk_put(&acme, &SONGS, second).await.unwrap();
    let table: Vec<Item> = all_pages(backend, &acme, Query::new(&SONGS)).await.concat();
    assert_eq!(table.len(), 300, "{}", backend.name);
    assert!(table.iter().all(|item| item["title"].as_str().unwrap().starts_with("New ")), "{}", backend.name);
    let moved = all_pages(backend, &acme, Query::new(&SONGS).index("by_album").scoped("alb_moved")).await.concat();
    assert_eq!(moved.len(), 150, "{}", backend.name);
    let mut stayed = Vec::new();
    for album in 0..3 {
        let query = Query::new(&SONGS).index("by_album").scoped(format!("alb_{album}"));
        stayed.extend(all_pages(backend, &acme, query).await.concat());
    }
    assert_eq!(stayed.len(), 150, "an old index entry outlived its item ({})", backend.name);
    assert!(stayed.iter().all(|item| item["duration_ms"].as_u64().unwrap() % 2 == 1));
    let titles = all_pages(backend, &acme, Query::new(&SONGS).index("by_title")).await.concat();
    assert_eq!(titles.len(), 300, "{}", backend.name);
    // A load holding another tenant's item is refused before anything of it is written.
    let mixed = vec![song(&globex, 900, "Ours"), song(&acme, 901, "Theirs")];
    let error = store.bulk_put(&globex, &SONGS, mixed).await.unwrap_err();
    assert!(matches!(error, StoreError::InvalidItem { .. }), "{error}");
    assert!(store.query(&globex, &Query::new(&SONGS)).await.unwrap().items.is_empty(), "{}", backend.name);
}

pub(crate) async fn versions_guard_writes(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    let key = Key::tenant("sng_00001");
    let mut first = song(&acme, 1, "Salt Lines");
    // No item: a version condition fails, even for version 0.
    let absent = store.put(&acme, &SONGS, first.clone(), Condition::Version(0)).await;
    assert!(matches!(absent, Err(StoreError::ConditionFailed)), "{}", backend.name);
    store.put(&acme, &SONGS, first.clone(), Condition::MustNotExist).await.unwrap();
    // An item without a version is at version 0.
    first.insert(VERSION.into(), 1.into());
    store.put(&acme, &SONGS, first.clone(), Condition::Version(0)).await.unwrap();
    let stale = store.put(&acme, &SONGS, first.clone(), Condition::Version(0)).await;
    assert!(matches!(stale, Err(StoreError::ConditionFailed)), "a second writer of version 0 loses: {}", backend.name);
    let mut update = Update::default();
    update.set.insert("title".into(), "Salt Lines II".into());
    update.set.insert(VERSION.into(), 2.into());
    let updated = store.update(&acme, &SONGS, &key, update.clone(), Condition::Version(1)).await.unwrap();
    assert_eq!(updated[VERSION], 2);
    let lost = store.update(&acme, &SONGS, &key, update, Condition::Version(1)).await;
    assert!(matches!(lost, Err(StoreError::ConditionFailed)), "{}", backend.name);
    let refused = store.delete(&acme, &SONGS, &key, Condition::Version(1)).await;
    assert!(matches!(refused, Err(StoreError::ConditionFailed)), "{}", backend.name);
    assert!(store.delete(&acme, &SONGS, &key, Condition::Version(2)).await.unwrap().is_some());
}

pub(crate) async fn transactions_write_all_or_nothing(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = &backend.store;
    let entry = |position: usize| {
        item(json!({"tenant_id": acme.as_str(), "playlist_id": format!("pl_1#{position:05}"), "song_id": "sng_1"}))
    };
    let header = |version: u64| {
        item(json!({"tenant_id": acme.as_str(), "playlist_id": "pl_1", "tenant_owner": acme.scoped("usr_1"),
            "updated_at": "2026-12-01T00:00:00.000Z", "version": version}))
    };
    store.put(&acme, &PLAYLISTS, header(1), Condition::MustNotExist).await.unwrap();
    // 99 entries and the header in one transaction: the most DynamoDB takes.
    let mut writes: Vec<TransactWrite> = (0..MAX_TRANSACT_ITEMS - 1)
        .map(|n| TransactWrite::Put { table: &PLAYLISTS, item: entry(n), condition: Condition::MustNotExist })
        .collect();
    writes.push(TransactWrite::Put { table: &PLAYLISTS, item: header(2), condition: Condition::Version(1) });
    store.transact_write(&acme, writes).await.unwrap();
    let all = Query::new(&PLAYLISTS).sort(SortCondition::BeginsWith("pl_1".into()));
    let count = |pages: Vec<Vec<Item>>| pages.iter().map(Vec::len).sum::<usize>();
    assert_eq!(count(all_pages(backend, &acme, all.clone()).await), MAX_TRANSACT_ITEMS, "{}", backend.name);
    // One failed condition, here the last, and nothing of the transaction is written.
    let writes = vec![
        TransactWrite::Delete { table: &PLAYLISTS, key: Key::tenant("pl_1#00000"), condition: Condition::None },
        TransactWrite::Put { table: &PLAYLISTS, item: entry(500), condition: Condition::None },
        TransactWrite::Update {
            table: &PLAYLISTS,
            key: Key::tenant("pl_1"),
            update: Update { set: item(json!({"version": 3})), remove: vec![] },
            condition: Condition::Version(1),
        },
    ];
    let stale = store.transact_write(&acme, writes.clone()).await;
    assert!(matches!(stale, Err(StoreError::ConditionFailed)), "{}: {stale:?}", backend.name);
    assert!(store.get(&acme, &PLAYLISTS, &Key::tenant("pl_1#00000")).await.unwrap().is_some(), "{}", backend.name);
    assert!(store.get(&acme, &PLAYLISTS, &Key::tenant("pl_1#00500")).await.unwrap().is_none(), "{}", backend.name);
    // The same with the right version: all of it.
    let mut writes = writes;
    if let Some(TransactWrite::Update { condition, .. }) = writes.last_mut() {
        *condition = Condition::Version(2);
    }
    store.transact_write(&acme, writes).await.unwrap();
    assert!(store.get(&acme, &PLAYLISTS, &Key::tenant("pl_1#00000")).await.unwrap().is_none());
    assert!(store.get(&acme, &PLAYLISTS, &Key::tenant("pl_1#00500")).await.unwrap().is_some());
    let header_now = store.get(&acme, &PLAYLISTS, &Key::tenant("pl_1")).await.unwrap().unwrap();
    assert_eq!(header_now["version"], 3);
    assert!(header_now.get("tenant_owner").is_some(), "an update keeps the attributes it does not name");
    // A failed check alone cancels the writes beside it.
    let writes = vec![
        TransactWrite::Check { table: &SONGS, key: Key::tenant("sng_missing"), condition: Condition::MustExist },
        TransactWrite::Put { table: &PLAYLISTS, item: entry(501), condition: Condition::None },
    ];
    assert!(matches!(store.transact_write(&acme, writes).await, Err(StoreError::ConditionFailed)));
    assert!(store.get(&acme, &PLAYLISTS, &Key::tenant("pl_1#00501")).await.unwrap().is_none(), "{}", backend.name);
    // What DynamoDB refuses is refused before it is sent.
    let twice = vec![
        TransactWrite::Put { table: &PLAYLISTS, item: entry(7), condition: Condition::None },
        TransactWrite::Delete { table: &PLAYLISTS, key: Key::tenant("pl_1#00007"), condition: Condition::None },
    ];
    assert!(matches!(store.transact_write(&acme, twice).await, Err(StoreError::InvalidTransaction(_))));
    let too_many = (0..=MAX_TRANSACT_ITEMS)
        .map(|n| TransactWrite::Put { table: &PLAYLISTS, item: entry(1000 + n), condition: Condition::None })
        .collect();
    assert!(matches!(store.transact_write(&acme, too_many).await, Err(StoreError::InvalidTransaction(_))));
    assert!(matches!(store.transact_write(&acme, Vec::new()).await, Err(StoreError::InvalidTransaction(_))));
    // Another tenant's item cannot be written through a transaction.
    let beta = tenant("beta-radio");
    let foreign = vec![TransactWrite::Put { table: &PLAYLISTS, item: entry(9), condition: Condition::None }];
    assert!(matches!(store.transact_write(&beta, foreign).await, Err(StoreError::InvalidItem { .. })));
}

pub(crate) async fn concurrent_versioned_writers_lose_nothing(backend: &Backend) {
    let acme = tenant("acme-records");
    let store = backend.store.clone();
    let mut first = song(&acme, 1, "Counter");
    first.insert("count".into(), 0.into());
    store.put(&acme, &SONGS, first, Condition::MustNotExist).await.unwrap();
    // 20 writers each add one to a counter by read, change, write-if-unchanged, retrying.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let store = store.clone();
        let acme = acme.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let current = store.get(&acme, &SONGS, &Key::tenant("sng_00001")).await.unwrap().unwrap();
                let read = version_of(&current);
                let mut next = current.clone();
                next.insert("count".into(), (current["count"].as_u64().unwrap() + 1).into());
                next.insert(VERSION.into(), (read + 1).into());
                match store.put(&acme, &SONGS, next, Condition::Version(read)).await {
                    Ok(()) => return,
                    Err(StoreError::ConditionFailed) => tokio::task::yield_now().await,
                    Err(error) => panic!("{error}"),
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let last = store.get(&acme, &SONGS, &Key::tenant("sng_00001")).await.unwrap().unwrap();
    assert_eq!(last["count"], 20, "{}", backend.name);
    assert_eq!(version_of(&last), 20);
}
