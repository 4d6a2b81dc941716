//! `musicctl seed`: every table filled once with coherent data, a second run a no-op, a
//! killed run resumed without duplicates, and the same on a DynamoDB endpoint (moto).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_musicctl");
const TABLES: [&str; 6] = ["users", "artists", "albums", "songs", "playlists", "plays"];

fn musicctl_json(data: &Path, args: &[&str]) -> Value {
    let output = Command::new(BIN).arg("--data-dir").arg(data).args(args).arg("--json").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{args:?}: {}\n{stdout}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{args:?} printed no JSON: {stdout}"))
}

/// Asserts a verification report: every table holds `rows` items or more, every tenant at
/// least a fifth of them, and no reference dangles or crosses tenants.
fn assert_complete(report: &Value, rows: u64, tenants: usize) {
    assert_eq!(report["dangling"], 0, "{report}");
    assert_eq!(report["cross_tenant"], 0, "{report}");
    for table in TABLES {
        let per_tenant = report["counts"][table].as_object().unwrap_or_else(|| panic!("no {table}: {report}"));
        assert_eq!(per_tenant.len(), tenants, "{table}");
        let total: u64 = per_tenant.values().map(|n| n.as_u64().unwrap()).sum();
        assert!(total >= rows, "{table} holds {total} items, fewer than {rows}");
        for (tenant, count) in per_tenant {
            assert!(count.as_u64().unwrap() * 5 >= total, "{table}: {tenant} holds under a fifth");
        }
    }
}

#[test]
fn a_local_seed_fills_every_table_once() {
    let data = tempfile::tempdir().unwrap();
    let first = musicctl_json(data.path(), &["seed", "--tenants", "3", "--rows", "10000"]);
    assert_eq!(first["status"], "seeded");
    assert_eq!(first["demo_accounts"].as_array().unwrap().len(), 6);
    assert_eq!(first["audio_files"], 18, "six files for each of three tenants");
    let report = musicctl_json(data.path(), &["seed", "--verify"]);
    assert_complete(&report, 10_000, 3);
    let again = musicctl_json(data.path(), &["seed", "--tenants", "3", "--rows", "10000"]);
    assert_eq!(again["status"], "already_seeded");
    assert_eq!(
        musicctl_json(data.path(), &["seed", "--verify"])["counts"],
        report["counts"],
        "a second run writes nothing"
    );
    let more = musicctl_json(data.path(), &["seed", "--tenants", "3", "--rows", "300", "--force"]);
    assert_eq!((more["status"].as_str(), more["generation"].as_u64()), (Some("seeded"), Some(2)));
    let grown = musicctl_json(data.path(), &["seed", "--verify"]);
    assert_complete(&grown, 10_300, 3);
    for tenant in ["northwind-records", "aurora-radio", "sonora-regional"] {
        let audio = data.path().join("media").join(tenant).join("audio");
        assert!(std::fs::read_dir(&audio).unwrap().count() >= 5, "{}", audio.display());
    }
}

#[test]
fn a_killed_seed_resumes_without_duplicates() {
    let reference = tempfile::tempdir().unwrap();
    let started = Instant::now();
    musicctl_json(reference.path(), &["seed", "--tenants", "2", "--rows", "4000", "--seed", "7"]);
    let full_run = started.elapsed();
    let expected = musicctl_json(reference.path(), &["seed", "--verify"]);
    let mut delay = full_run.mul_f64(0.6);
    for _ in 0..5 {
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(BIN)
            .arg("--data-dir")
            .arg(data.path())
            .args(["seed", "--tenants", "2", "--rows", "4000", "--seed", "7", "--json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_some() {
            // It finished before the kill; try again sooner.
            delay = delay.mul_f64(0.5);
            continue;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let resumed = musicctl_json(data.path(), &["seed", "--tenants", "2", "--rows", "4000", "--seed", "7"]);
        assert_eq!(resumed["status"], "seeded");
        let report = musicctl_json(data.path(), &["seed", "--verify"]);
        assert_eq!(
            report["counts"], expected["counts"],
            "the resumed seed has exactly the items of an uninterrupted one"
        );
        assert_eq!((report["dangling"].as_u64(), report["cross_tenant"].as_u64()), (Some(0), Some(0)));
        return;
    }
    panic!("the seed always finished before it could be killed (full run {full_run:?})");
}

#[test]
fn a_dynamodb_seed_fills_every_table_once() {
    let Ok(url) = std::env::var("MUSICCTL_TEST_DYNAMODB_URL") else {
        assert!(std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(), "MUSICCTL_TEST_DYNAMODB_URL is required");
        eprintln!("skipped: MUSICCTL_TEST_DYNAMODB_URL is not set (run the README's test command)");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let stage = format!("ci{}", std::process::id());
    // Fewer rows than the local seed: moto answers one request at a time, and the search
    // words nearly double the items (`scripts/bench seed` loads moto at full size).
    let args = ["seed", "--stage", &stage, "--endpoint-url", &url, "--tenants", "3", "--rows", "4000"];
    let seeded = musicctl_json(data.path(), &args);
    assert_eq!(seeded["status"], "seeded");
    assert!(seeded["demo_accounts"].as_array().unwrap().is_empty(), "demo accounts are for the local stage only");
    assert_eq!(seeded["audio_files"], 0, "a stage without a stage file has no media bucket: {seeded}");
    let report = musicctl_json(data.path(), &["seed", "--stage", &stage, "--endpoint-url", &url, "--verify"]);
    assert_complete(&report, 4_000, 3);
    let words = musicctl_json(data.path(), &["reindex", "--stage", &stage, "--endpoint-url", &url, "--dry-run"]);
    assert_eq!(words["tables"]["songs"]["rewritten"], 0, "the seed wrote every search word: {words}");
    let again = musicctl_json(data.path(), &args);
    assert_eq!(again["status"], "already_seeded");
}

#[test]
fn dry_runs_write_nothing() {
    let data = tempfile::tempdir().unwrap();
    let planned = musicctl_json(data.path(), &["seed", "--tenants", "2", "--rows", "300", "--dry-run"]);
    assert_eq!(planned["status"], "dry_run");
    let users: u64 = planned["written"]["users"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert!(users >= 300, "{planned}");
    let added = musicctl_json(data.path(), &["tenants", "add", "westend-jazz", "--name", "West End Jazz", "--dry-run"]);
    assert_eq!(added["status"], "dry_run");
    let report = musicctl_json(data.path(), &["seed", "--verify"]);
    assert!(report["counts"].as_object().unwrap().is_empty(), "a dry run wrote {report}");
    let tenants = musicctl_json(data.path(), &["tenants", "list"]);
    assert!(tenants.as_array().unwrap().is_empty(), "a dry run onboarded {tenants}");
}

#[tokio::test]
async fn reindex_rebuilds_lost_and_stale_search_words_then_changes_nothing() {
    use common::model::SONGS;
    use common::store::{Condition, EmbeddedStore, Key, Partition, Scan as _, ScanRequest, Store as _};

    let data = tempfile::tempdir().unwrap();
    musicctl_json(data.path(), &["seed", "--tenants", "1", "--rows", "60", "--no-demo-accounts"]);
    let counts = |report: &Value, table: &str, name: &str| report["tables"][table][name].as_u64().unwrap();
    // The seed writes the words that the services would.
    let fresh = musicctl_json(data.path(), &["reindex", "--dry-run"]);
    for table in ["artists", "albums", "songs", "playlists"] {
        assert_eq!(counts(&fresh, table, "rewritten"), 0, "{table}: {fresh}");
        assert!(counts(&fresh, table, "up_to_date") > 0, "{table}: {fresh}");
    }
    // Songs that lost their words (data from before search), and a word whose song is gone.
    {
        let store = EmbeddedStore::open(data.path().join("store.sqlite")).unwrap();
        let request = ScanRequest { table: &SONGS, segment: 0, total_segments: 1, limit: None, cursor: None };
        let items = store.scan(&request).await.unwrap().items;
        let words: Vec<_> = items.iter().filter(|item| common::search::is_index(&SONGS, item)).collect();
        let tenant = common::TenantId::parse("northwind-records").unwrap();
        let mut lost: Vec<String> =
            words.iter().map(|item| common::search::reference(item).unwrap().to_owned()).collect();
        lost.dedup();
        lost.truncate(5);
        for item in &words {
            if lost.iter().any(|id| Some(id.as_str()) == common::search::reference(item)) {
                let sort = item["song_id"].as_str().unwrap().to_owned();
                let key = Key { partition: Partition::Scoped("words".to_owned()), sort };
                store.delete(&tenant, &SONGS, &key, Condition::MustExist).await.unwrap();
            }
        }
        let mut orphan = words[0].clone();
        orphan.insert("song_id".into(), "w#ghost#sng_gone".into());
        orphan.insert("ref_id".into(), "sng_gone".into());
        store.put(&tenant, &SONGS, orphan, Condition::None).await.unwrap();
    }
    let dry = musicctl_json(data.path(), &["reindex", "--dry-run"]);
    assert_eq!((counts(&dry, "songs", "rewritten"), counts(&dry, "songs", "words_deleted")), (5, 1), "{dry}");
    let fixed = musicctl_json(data.path(), &["reindex"]);
    assert_eq!((counts(&fixed, "songs", "rewritten"), counts(&fixed, "songs", "words_deleted")), (5, 1), "{fixed}");
    assert!(counts(&fixed, "songs", "words_written") >= 5, "{fixed}");
    let again = musicctl_json(data.path(), &["reindex"]);
    for table in ["artists", "albums", "songs", "playlists"] {
        assert_eq!((counts(&again, table, "rewritten"), counts(&again, table, "words_deleted")), (0, 0), "{again}");
    }
    let report = musicctl_json(data.path(), &["seed", "--verify"]);
    assert_eq!((report["dangling"].as_u64(), report["cross_tenant"].as_u64()), (Some(0), Some(0)), "{report}");
}
