//! `musicctl ingest`: every entity in both zones with counts that match the store, files
//! that standard readers parse, exactly once across a kill and a rerun, the same rows from
//! DynamoDB and S3 (moto) as from the embedded store, and job logs that lnav parses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

use crate::http;
use crate::jobs::{BIN, LAKE_KEY, moto, musicctl};

const ANCHOR: &str = "2026-11-20T12:00:00Z";

fn json_of(data: &Path, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let output = musicctl(data, &args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn seed(data: &Path, extra: &[&str]) {
    let mut args = vec!["seed", "--tenants", "2", "--rows", "600", "--anchor", ANCHOR, "--no-demo-accounts"];
    args.extend_from_slice(extra);
    json_of(data, &args);
}

/// Every file under `dir`, as relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The data files of a lake (both zones), without manifests.
fn zones(lake: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(lake).into_iter().filter(|(name, _)| name.starts_with("raw/") || name.starts_with("processed/")).collect()
}

fn manifests(report: &Value) -> Vec<Value> {
    report["manifests"].as_array().unwrap().clone()
}

#[test]
fn ingest_fills_both_zones_with_exactly_the_stores_items() {
    let data = tempfile::tempdir().unwrap();
    seed(data.path(), &[]);
    let verify = json_of(data.path(), &["seed", "--verify"]);
    let report = json_of(data.path(), &["ingest"]);
    let lake = data.path().join("lake");
    for manifest in manifests(&report) {
        assert_eq!(manifest["reconciled"], true, "{manifest}");
        assert_eq!(manifest["rejected"], 0, "{manifest}");
        // `seed --verify` counts every table but the tenant registry, which holds one item
        // per tenant and one marker per seed generation; search index items apart.
        for table in manifest["tables"].as_array().unwrap() {
            let name = table["table"].as_str().unwrap();
            let Some(counts) = verify["counts"][name].as_object() else { continue };
            let words = verify["search_index"][name].as_object().into_iter().flat_map(|m| m.values());
            let expected: u64 = counts.values().chain(words).map(|n| n.as_u64().unwrap()).sum();
            assert_eq!(table["items_scanned"], expected, "every item of {name} is scanned once");
        }
        for (tenant, counts) in manifest["tenants"].as_object().unwrap() {
            let mut expected: u64 = manifest["tables"]
                .as_array()
                .unwrap()
                .iter()
                .map(|table| {
                    let name = table["table"].as_str().unwrap();
                    let words = verify["search_index"][name][tenant].as_u64().unwrap_or(0);
                    verify["counts"][name][tenant].as_u64().unwrap_or(0) + words
                })
                .sum();
            if manifest["service"] == "users" {
                expected += 1 + counts["left_out"]["seed marker"].as_u64().unwrap();
                assert_eq!(counts["rows"]["tenants"], 1);
            }
            assert_eq!(counts["items_scanned"], expected, "{tenant} in {}", manifest["service"]);
        }
        for (entity, counts) in manifest["entities"].as_object().unwrap() {
            let rows = counts["rows"].as_u64().unwrap();
            assert!(rows > 0, "{entity} is empty");
            let definition = common::lake::entity(entity).unwrap();
            let (mut json_rows, mut parquet_rows) = (0, 0);
            for (name, bytes) in zones(&lake).into_iter().filter(|(name, _)| name.split('/').nth(1) == Some(entity)) {
                assert!(name.contains("/tenant_id="), "{name}");
                assert_eq!(definition.day_partition.is_some(), name.contains("/dt="), "{name}");
                if name.starts_with("raw/") {
                    for line in String::from_utf8(bytes).unwrap().lines() {
                        let row: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap();
                        assert!(row.keys().all(|key| definition.column(key).is_some()), "{line}");
                        json_rows += 1;
                    }
                } else {
                    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes)).unwrap();
                    assert_eq!(reader.schema().as_ref(), &pipeline::write::arrow_schema(definition), "{name}");
                    parquet_rows += reader.build().unwrap().map(|batch| batch.unwrap().num_rows() as u64).sum::<u64>();
                }
            }
            assert_eq!((json_rows, parquet_rows), (rows, rows), "{entity}");
        }
    }
    let users = manifests(&report).into_iter().find(|m| m["service"] == "users").unwrap();
    let claims_and_markers = users["entities"]["users"]["rows"].as_u64().unwrap() + 2;
    assert_eq!(users["left_out"], claims_and_markers, "one e-mail claim per user and one seed marker per tenant");
    let raw_users: String = zones(&lake)
        .into_iter()
        .filter(|(name, _)| name.starts_with("raw/users/"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    assert!(!raw_users.contains('@') && !raw_users.contains("argon2"), "no e-mail or password hash in the lake");

    // CSV replaces the JSON files of the raw zone and carries the same rows.
    let csv = json_of(data.path(), &["ingest", "--service", "songs", "--format", "csv"]);
    assert_eq!(manifests(&csv)[0]["reconciled"], true);
    let songs: Vec<(String, Vec<u8>)> =
        zones(&lake).into_iter().filter(|(name, _)| name.starts_with("raw/songs/")).collect();
    assert!(songs.iter().all(|(name, _)| name.ends_with(".csv")), "no JSON left: {songs:?}");
    let mut ids = Vec::new();
    for (_, bytes) in &songs {
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap().get(0), Some("song_id"));
        ids.extend(reader.records().map(|record| record.unwrap()[0].to_owned()));
    }
    assert_eq!(ids.len() as u64, manifests(&csv)[0]["entities"]["songs"]["rows"].as_u64().unwrap());

    // Every job's log parses in lnav, and the report names each container's run.
    if which_lnav() {
        let logs = json_of(data.path(), &["logs", "report"]);
        let rows = logs["rows"].as_array().unwrap();
        for service in ["users", "artists", "albums", "songs", "playlists", "stats"] {
            let row = rows.iter().find(|row| row["container"] == format!("ingest-{service}")).expect(service);
            assert_eq!(row["status"], "finished", "{row}");
            assert!(row["records"].as_str().unwrap().parse::<u64>().unwrap() > 0, "{row}");
        }
        let errors = json_of(data.path(), &["logs", "errors"]);
        assert_eq!(errors["rows"].as_array().unwrap().len(), 0, "a clean run logs no warning: {errors}");
        let steps = json_of(data.path(), &["logs", "steps"]);
        assert!(steps["rows"].as_array().unwrap().len() >= 6 * 4, "{steps}");
    }
}

fn which_lnav() -> bool {
    let found = Command::new("lnav").arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    if !found {
        assert!(std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(), "lnav is required under the test command");
        eprintln!("skipped the lnav checks: lnav is not installed (run the README's test command)");
    }
    found
}

fn checkpoints(work: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for service in std::fs::read_dir(work).into_iter().flatten().map(Result::unwrap) {
        for file in std::fs::read_dir(service.path()).into_iter().flatten().map(Result::unwrap) {
            if file.file_name().to_string_lossy().ends_with(".checkpoint.json") {
                found.push(file.path());
            }
        }
    }
    found
}

#[test]
fn a_killed_ingest_resumes_to_the_same_lake_and_reruns_count_once() {
    let data = tempfile::tempdir().unwrap();
    seed(data.path(), &[]);
    let reference = data.path().join("reference");
    let reference_report = json_of(data.path(), &["ingest", "--lake", reference.to_str().unwrap()]);
    let lake = data.path().join("lake-b");
    let args = ["ingest", "--lake", lake.to_str().unwrap(), "--page-size", "10", "--segments", "3"];
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data.path())
        .args(args)
        .env("MUSICCTL_LAKE_KEY", LAKE_KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let work = data.path().join("ingest").join("local");
    let started = Instant::now();
    while checkpoints(&work).is_empty() {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before its first checkpoint");
        assert!(started.elapsed() < Duration::from_secs(120), "no checkpoint within 120 s");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let seen = checkpoints(&work);
    assert!(!seen.is_empty(), "a checkpoint existed when the run was killed");

    let resumed = json_of(data.path(), &args);
    assert!(manifests(&resumed).iter().any(|m| m["resumed"] == true), "the interrupted jobs resumed");
    assert_eq!(zones(&lake), zones(&reference), "the resumed lake is the uninterrupted one, byte for byte");
    let again = json_of(data.path(), &args);
    assert_eq!(zones(&lake), zones(&reference), "a second run leaves the same files");
    for (one, other) in manifests(&again).iter().zip(manifests(&reference_report)) {
        assert_eq!(one["entities"], other["entities"], "every item counted once");
        assert_eq!(one["tenants"], other["tenants"]);
    }
    assert!(checkpoints(&work).is_empty(), "a finished run leaves no work files");
}

#[test]
fn an_empty_stage_gives_empty_entities_and_a_missing_table_says_deploy() {
    let data = tempfile::tempdir().unwrap();
    let report = json_of(data.path(), &["ingest", "--service", "songs"]);
    let manifest = &manifests(&report)[0];
    assert_eq!(manifest["items_scanned"], 0);
    assert_eq!(manifest["entities"]["songs"]["rows"], 0);
    assert_eq!(manifest["reconciled"], true);
    let dry = json_of(data.path(), &["ingest", "--dry-run"]);
    assert_eq!(dry["status"], "dry_run");
    assert!(!data.path().join("lake").join("_manifests").join("users").exists(), "a dry run writes nothing");

    let Some(endpoint) = moto() else { return };
    let stage = format!("nodeploy{}", std::process::id());
    let output =
        musicctl(data.path(), &["ingest", "--stage", &stage, "--endpoint-url", &endpoint, "--lake", "s3://nowhere"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("musicctl deploy {stage}")), "{stderr}");
}

#[test]
fn dynamodb_and_s3_give_the_same_lake_as_the_embedded_store() {
    let Some(endpoint) = moto() else { return };
    let data = tempfile::tempdir().unwrap();
    let stage = format!("lake{}", std::process::id());
    seed(data.path(), &["--stage", &stage, "--endpoint-url", &endpoint]);
    seed(data.path(), &[]);
    let bucket = format!("musicctl-{stage}-lake");
    let lake = format!("s3://{bucket}");
    let ingest = ["ingest", "--stage", &stage, "--endpoint-url", &endpoint, "--lake", &lake];
    // An upload that fails publishes nothing and says how to resume.
    let failed = musicctl(data.path(), &ingest);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success() && stderr.contains("nothing was published"), "{stderr}");
    assert!(stderr.contains("Run the same command again to resume"), "{stderr}");
    let (status, _) = http::raw(&endpoint, "PUT", &format!("/{bucket}"));
    assert_eq!(status, 200, "moto makes the bucket");
    let s3 = json_of(data.path(), &ingest);
    assert_eq!(manifests(&s3)[0]["resumed"], true, "the failed run's scan is reused");
    let local = json_of(data.path(), &["ingest"]);
    for (remote, here) in manifests(&s3).iter().zip(manifests(&local)) {
        assert_eq!(remote["entities"], here["entities"], "{}", here["service"]);
        assert_eq!(remote["tenants"], here["tenants"], "{}", here["service"]);
    }
    let files = zones(&data.path().join("lake"));
    assert!(files.len() > 20, "{}", files.len());
    let options = pipeline::storage::S3Options { region: "us-east-1".into(), endpoint_url: Some(endpoint.clone()) };
    let s3_lake = pipeline::storage::Lake::s3(&bucket, &options).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let remote_keys: Vec<String> =
        ["raw/", "processed/"].iter().flat_map(|zone| runtime.block_on(s3_lake.list(zone)).unwrap()).collect();
    assert_eq!(remote_keys.len(), files.len(), "the S3 lake holds the same files, no more");
    for (name, bytes) in files {
        let remote =
            runtime.block_on(s3_lake.get(&name)).unwrap().unwrap_or_else(|| panic!("{name} is in the S3 lake"));
        if name.starts_with("raw/tenants/") || name.starts_with("processed/tenants/") {
            // A tenant's row carries the time it was onboarded, which differs between stores.
            continue;
        }
        assert!(remote.as_ref() == bytes.as_slice(), "{name} holds the same bytes in S3 as in the local lake");
    }
}

#[test]
fn the_container_command_line_takes_its_service_and_stage_from_the_environment() {
    let data = tempfile::tempdir().unwrap();
    json_of(data.path(), &["seed", "--tenants", "1", "--rows", "50"]);
    let logs = data.path().join("job-logs");
    let output = Command::new(BIN)
        .arg("ingest")
        .env("MUSICCTL_DATA_DIR", data.path())
        .env("MUSICCTL_SERVICE", "albums")
        .env("MUSICCTL_STAGE", "local")
        .env("MUSICCTL_FORMAT", "csv")
        .env("MUSICCTL_LOG_DIR", &logs)
        .env("MUSICCTL_LAKE_KEY", LAKE_KEY)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let written: Vec<String> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["ingest-albums.log"]);
    let manifests = data.path().join("lake").join("_manifests");
    let services: Vec<String> = std::fs::read_dir(&manifests)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(services, ["albums"]);
    let lake = zones(&data.path().join("lake"));
    assert!(lake.keys().any(|name| name.starts_with("raw/albums/") && name.ends_with(".csv")), "{:?}", lake.keys());
    let log = std::fs::read_to_string(logs.join("ingest-albums.log")).unwrap();
    assert!(
        log.lines().next().unwrap().contains("| INFO | ingest-albums | started: stage=local service=albums"),
        "{log}"
    );
    assert!(log.lines().last().unwrap().contains("| INFO | ingest-albums | finished: items="), "{log}");
}

#[tokio::test]
async fn an_item_that_does_not_normalise_is_counted_logged_and_kept_in_rejects() {
    use common::store::{Condition, Store as _};
    let data = tempfile::tempdir().unwrap();
    json_of(data.path(), &["seed", "--tenants", "1", "--rows", "40"]);
    let store = common::store::EmbeddedStore::open(data.path().join("store.sqlite")).unwrap();
    let tenant = common::TenantId::parse("northwind-records").unwrap();
    let mut bad = common::records::sample_item(&common::model::SONGS).unwrap();
    bad.insert("tenant_id".into(), tenant.as_str().into());
    bad.insert("song_id".into(), "sng_broken".into());
    bad.insert("tenant_album".into(), tenant.scoped("alb_x").into());
    bad.insert("tenant_genre".into(), tenant.scoped("indie").into());
    bad.insert("duration_ms".into(), "three minutes".into());
    store.put(&tenant, &common::model::SONGS, bad, Condition::None).await.unwrap();
    drop(store);

    let report = json_of(data.path(), &["ingest", "--service", "songs"]);
    let manifest = &manifests(&report)[0];
    assert_eq!(manifest["rejected"], 1, "{manifest}");
    assert_eq!(manifest["reconciled"], true, "a reject is accounted for: {manifest}");
    assert_eq!(manifest["tenants"]["northwind-records"]["rejected"], 1);
    let rejects = std::fs::read_to_string(data.path().join("lake/rejects/songs/part-00000.json")).unwrap();
    let reject: Value = serde_json::from_str(rejects.lines().next().unwrap()).unwrap();
    assert_eq!(reject["key"], "northwind-records/sng_broken");
    assert!(reject["reason"].as_str().unwrap().contains("duration_ms"), "{reject}");
    assert_eq!(reject["item"]["duration_ms"], "three minutes");
    let log = std::fs::read_to_string(data.path().join("logs/ingest-songs.log")).unwrap();
    assert!(
        log.lines()
            .any(|line| line.contains("| WARNING | ingest-songs | rejected item:") && line.contains("sng_broken")),
        "{log}"
    );
    let songs = zones(&data.path().join("lake"));
    assert!(!songs.values().any(|bytes| String::from_utf8_lossy(bytes).contains("sng_broken")), "no row of it");
}
