//! `musicctl crawl`, `views create` and `query`: the inferred catalog matches the model and
//! the store, every view and query runs, three queries equal answers computed from the
//! store's items without SQL, `--tenant` is a bound filter, and on moto the Glue crawlers
//! and Athena executions are driven as on AWS.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use chrono::{DateTime, Datelike as _, Timelike as _, Utc};
use common::store::{EmbeddedStore, Item, Scan as _, ScanRequest};
use serde_json::Value;

use crate::jobs::{BIN, moto, musicctl, ok};

const ANCHOR: &str = "2026-11-20T12:00:00Z";

fn failure(data: &Path, args: &[&str]) -> String {
    let output = musicctl(data, args);
    assert!(!output.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn rows(data: &Path, args: &[&str]) -> Vec<Value> {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    serde_json::from_str::<Value>(&ok(data, &args)).unwrap().as_array().unwrap().clone()
}

/// Every item of the `plays` table, read straight from the store.
pub(crate) async fn plays(data: &Path) -> Vec<Item> {
    let store = EmbeddedStore::open(data.join("store.sqlite")).unwrap();
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let request = ScanRequest { table: &common::model::PLAYS, segment: 0, total_segments: 1, limit: None, cursor };
        let page = store.scan(&request).await.unwrap();
        items.extend(page.items);
        match page.cursor {
            Some(next) => cursor = Some(next),
            None => return items,
        }
    }
}

pub(crate) fn text<'a>(item: &'a Item, name: &str) -> &'a str {
    item[name].as_str().unwrap()
}

/// A seeded, ingested and crawled local stage with its views.
fn lake() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let seed = ["seed", "--tenants", "2", "--rows", "800", "--anchor", ANCHOR, "--no-demo-accounts", "--json"];
    ok(data.path(), &seed);
    ok(data.path(), &["ingest", "--json"]);
    data
}

#[tokio::test]
async fn the_inferred_catalog_matches_the_model_and_every_view_and_query_runs() {
    let data = lake();
    let before = failure(data.path(), &["query", "top_songs"]);
    assert!(before.contains("`musicctl ingest` and `musicctl crawl` first"), "{before}");

    let crawl: Value = serde_json::from_str(&ok(data.path(), &["crawl", "--json"])).unwrap();
    assert_eq!(crawl["findings"], serde_json::json!([]));
    let tables = crawl["catalog"]["tables"].as_array().unwrap();
    assert_eq!(tables.len(), common::lake::ENTITIES.len());
    let plays_table = tables.iter().find(|t| t["name"] == "plays").unwrap();
    let keys: Vec<&str> =
        plays_table["partition_keys"].as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(keys, ["tenant_id", "dt"]);
    let items = plays(data.path()).await;
    assert_eq!(plays_table["rows"], items.len(), "every play is a row");
    let days: BTreeSet<(String, String)> =
        items.iter().map(|p| (text(p, "tenant_id").to_owned(), text(p, "played_at")[..10].to_owned())).collect();
    assert_eq!(plays_table["partitions"], days.len(), "one partition per tenant and day");

    let no_views = failure(data.path(), &["query", "--sql", "SELECT count(*) FROM play_details"]);
    assert!(no_views.contains("run `musicctl views create`"), "{no_views}");
    assert!(ok(data.path(), &["views", "create", "--dry-run"]).contains("would create view play_details"));
    let catalog: Value = serde_json::from_slice(&std::fs::read(data.path().join("catalog.json")).unwrap()).unwrap();
    assert_eq!(catalog["views"], serde_json::json!([]), "a dry run registers nothing");
    ok(data.path(), &["views", "create"]);

    for view in &pipeline::sql::VIEWS {
        let sql = format!("SELECT * FROM {}", view.name);
        assert!(!rows(data.path(), &["query", "--sql", &sql]).is_empty(), "view {} has rows", view.name);
    }
    for query in &pipeline::sql::QUERIES {
        let result = rows(data.path(), &["query", query.name]);
        assert!(!result.is_empty(), "query {} has rows", query.name);
        let tenants: BTreeSet<&str> = result.iter().map(|row| row["tenant_id"].as_str().unwrap()).collect();
        assert_eq!(tenants.len(), 2, "query {} answers for both tenants, apart", query.name);
    }
    // A crawl after views keeps them registered.
    ok(data.path(), &["crawl"]);
    assert_eq!(rows(data.path(), &["query", "--sql", "SELECT count(*) AS n FROM play_details"])[0]["n"], items.len());
}

#[tokio::test]
async fn three_queries_equal_answers_computed_from_the_stores_items() {
    let data = lake();
    ok(data.path(), &["crawl"]);
    let items = plays(data.path()).await;

    // top_songs: plays and listeners per song, the ten most played per tenant.
    let mut per_song: BTreeMap<(&str, &str), (u64, BTreeSet<&str>)> = BTreeMap::new();
    for play in &items {
        let entry = per_song.entry((text(play, "tenant_id"), text(play, "song_id"))).or_default();
        entry.0 += 1;
        entry.1.insert(text(play, "user_id"));
    }
    let mut expected: Vec<(String, u64, String, u64, usize)> = Vec::new();
    for tenant in per_song.keys().map(|(t, _)| *t).collect::<BTreeSet<_>>() {
        let mut songs: Vec<_> = per_song.iter().filter(|((t, _), _)| *t == tenant).collect();
        songs.sort_by(|((_, a), (pa, _)), ((_, b), (pb, _))| pb.cmp(pa).then(a.cmp(b)));
        for (position, ((_, song), (count, users))) in songs.into_iter().take(10).enumerate() {
            expected.push((tenant.to_owned(), position as u64 + 1, (*song).to_owned(), *count, users.len()));
        }
    }
    let got: Vec<(String, u64, String, u64, usize)> = rows(data.path(), &["query", "top_songs"])
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_owned();
            let n = |k: &str| r[k].as_u64().unwrap();
            (s("tenant_id"), n("chart_position"), s("song_id"), n("plays"), n("listeners") as usize)
        })
        .collect();
    assert_eq!(got, expected);

    // listening_by_hour_and_weekday: plays per UTC weekday (0 = Sunday) and hour.
    let mut per_hour: BTreeMap<(String, u32, u32), u64> = BTreeMap::new();
    for play in &items {
        let at: DateTime<Utc> = text(play, "played_at").parse().unwrap();
        let key = (text(play, "tenant_id").to_owned(), at.weekday().num_days_from_sunday(), at.hour());
        *per_hour.entry(key).or_default() += 1;
    }
    let got: BTreeMap<(String, u32, u32), u64> = rows(data.path(), &["query", "listening_by_hour_and_weekday"])
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_u64().unwrap();
            ((r["tenant_id"].as_str().unwrap().to_owned(), n("play_weekday") as u32, n("play_hour") as u32), n("plays"))
        })
        .collect();
    assert_eq!(got, per_hour);

    // popular_playlists: plays started from each playlist, the ten most played per tenant.
    let mut per_playlist: BTreeMap<(String, String), u64> = BTreeMap::new();
    for play in &items {
        if let Some(playlist) = play.get("context").and_then(Value::as_str).and_then(|c| c.strip_prefix("playlist:")) {
            *per_playlist.entry((text(play, "tenant_id").to_owned(), playlist.to_owned())).or_default() += 1;
        }
    }
    let got = rows(data.path(), &["query", "popular_playlists"]);
    assert!(!got.is_empty());
    for row in &got {
        let key = (row["tenant_id"].as_str().unwrap().to_owned(), row["playlist_id"].as_str().unwrap().to_owned());
        assert_eq!(row["plays"].as_u64(), per_playlist.get(&key).copied(), "{key:?}");
    }
    for tenant in got.iter().map(|r| r["tenant_id"].as_str().unwrap()).collect::<BTreeSet<_>>() {
        let mut counts: Vec<u64> = per_playlist.iter().filter(|((t, _), _)| t == tenant).map(|(_, n)| *n).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let listed: Vec<u64> =
            got.iter().filter(|r| r["tenant_id"] == tenant).map(|r| r["plays"].as_u64().unwrap()).collect();
        assert_eq!(listed, counts.into_iter().take(10).collect::<Vec<_>>(), "the top ten of {tenant}");
    }
}

#[test]
fn tenant_filters_bind_their_value_and_only_queries_run() {
    let data = lake();
    ok(data.path(), &["crawl"]);
    let all = rows(data.path(), &["query", "top_songs"]);
    let tenant = all[0]["tenant_id"].as_str().unwrap().to_owned();
    let mine = rows(data.path(), &["query", "top_songs", "--tenant", &tenant]);
    let expected: Vec<Value> = all.iter().filter(|r| r["tenant_id"] == tenant.as_str()).cloned().collect();
    assert_eq!(mine, expected, "the tenant's rows, in the query's order");
    assert!(rows(data.path(), &["query", "top_songs", "--tenant", "nobody-here"]).is_empty());

    let injected = failure(data.path(), &["query", "top_songs", "--tenant", "x' OR '1'='1"]);
    assert!(injected.contains("--tenant"), "{injected}");
    let write = failure(data.path(), &["query", "--sql", "DROP TABLE plays"]);
    assert!(write.contains("only a query"), "{write}");
    let unknown = failure(data.path(), &["query", "top_song"]);
    assert!(unknown.contains("no query is named top_song") && unknown.contains("emerging_artists"), "{unknown}");
    let wrong = failure(data.path(), &["query", "--sql", "SELECT nope FROM plays"]);
    assert!(wrong.contains("nope"), "the engine's message: {wrong}");
    let no_tenant_column =
        failure(data.path(), &["query", "--sql", "SELECT count(*) AS n FROM plays", "--tenant", &tenant]);
    assert!(no_tenant_column.contains("tenant_id column"), "{no_tenant_column}");

    let csv = ok(data.path(), &["query", "top_songs", "--format", "csv", "--tenant", &tenant]);
    assert!(csv.starts_with("tenant_id,chart_position,song_id,title,artist,plays,listeners,minutes_played\n"), "{csv}");
    assert_eq!(csv.lines().count(), 11);
    let table = ok(data.path(), &["query", "top_songs", "--tenant", &tenant]);
    assert!(table.trim_end().ends_with("(10 rows)"), "{table}");
}

/// Creates the stage's Glue database, crawlers and Athena workgroup on moto from the rendered
/// template, since moto's CloudFormation skips those resource types.
async fn create_analytics(config: &aws_config::SdkConfig, stage: &str) {
    let cwd = tempfile::tempdir().unwrap();
    let out = cwd.path().join("out");
    let rendered =
        Command::new(BIN).current_dir(cwd.path()).args(["render", stage, "--out"]).arg(&out).output().unwrap();
    assert!(rendered.status.success());
    let template: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(out.join("cloudformation.yaml")).unwrap()).unwrap();
    let resources = template["Resources"].as_mapping().unwrap();
    let bucket = resources["LakeBucket"]["Properties"]["BucketName"].as_str().unwrap().to_owned();
    let glue = aws_sdk_glue::Client::new(config);
    let database = resources["AnalyticsDatabase"]["Properties"]["DatabaseInput"]["Name"].as_str().unwrap();
    let input = aws_sdk_glue::types::DatabaseInput::builder().name(database).build().unwrap();
    let _ = glue.create_database().database_input(input).send().await;
    for (_, resource) in resources.iter().filter(|(_, r)| r["Type"] == "AWS::Glue::Crawler") {
        let properties = &resource["Properties"];
        let path = properties["Targets"]["S3Targets"][0]["Path"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .replace("${LakeBucket}", &bucket);
        let target = aws_sdk_glue::types::S3Target::builder().path(path).build();
        let _ = glue
            .create_crawler()
            .name(properties["Name"].as_str().unwrap())
            .role("arn:aws:iam::123456789012:role/crawler")
            .database_name(database)
            .targets(aws_sdk_glue::types::CrawlerTargets::builder().s3_targets(target).build())
            .configuration(properties["Configuration"].as_str().unwrap())
            .send()
            .await;
    }
    let workgroup = &resources["AnalyticsWorkGroup"]["Properties"];
    let output = aws_sdk_athena::types::ResultConfiguration::builder()
        .output_location(format!("s3://{bucket}/_athena/"))
        .build();
    let configuration = aws_sdk_athena::types::WorkGroupConfiguration::builder().result_configuration(output).build();
    let _ = aws_sdk_athena::Client::new(config)
        .create_work_group()
        .name(workgroup["Name"].as_str().unwrap())
        .configuration(configuration)
        .send()
        .await;
}

#[tokio::test]
async fn on_moto_crawl_drives_every_crawler_and_views_run_in_the_stages_workgroup() {
    let Some(url) = moto() else { return };
    let stage = "dev";
    let data = tempfile::tempdir().unwrap();
    let with_endpoint = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        all.extend(["--stage".to_owned(), stage.to_owned(), "--endpoint-url".to_owned(), url.clone()]);
        all
    };
    let run = |args: &[&str]| -> Output {
        let args = with_endpoint(args);
        musicctl(data.path(), &args.iter().map(String::as_str).collect::<Vec<_>>())
    };

    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&url)
        .load()
        .await;
    let glue = aws_sdk_glue::Client::new(&config);
    let has_crawlers = glue.get_crawler().name("musicctl-dev-plays").send().await.is_ok();
    if !has_crawlers {
        let undeployed = run(&["crawl"]);
        let stderr = String::from_utf8_lossy(&undeployed.stderr);
        assert!(!undeployed.status.success() && stderr.contains("musicctl deploy dev"), "{stderr}");
    }
    create_analytics(&config, stage).await;

    let crawls_of = |name: &'static str| {
        let glue = glue.clone();
        async move { glue.list_crawls().crawler_name(name).send().await.unwrap().crawls.unwrap_or_default().len() }
    };
    let before = crawls_of("musicctl-dev-plays").await;
    let dry = run(&["crawl", "--dry-run"]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("would start musicctl-dev-plays"));
    assert_eq!(crawls_of("musicctl-dev-plays").await, before, "a dry run starts nothing");

    let crawl = run(&["crawl", "--json"]);
    assert!(!crawl.status.success(), "moto's crawlers infer no tables, so the check fails");
    let report: Value = serde_json::from_slice(&crawl.stdout).unwrap();
    let crawls = report["crawls"].as_array().unwrap();
    assert_eq!(crawls.len(), common::lake::ENTITIES.len(), "every crawler ran: {report}");
    assert!(crawls.iter().all(|c| c["state"] == "COMPLETED"), "{report}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), common::lake::ENTITIES.len());
    assert!(
        findings.iter().all(
            |f| f["problem"] == "missing from the catalog" && f["fix"].as_str().unwrap().contains("musicctl crawl")
        )
    );
    assert_eq!(crawls_of("musicctl-dev-plays").await, before + 1, "one crawl started");

    let views = run(&["views", "create", "--json"]);
    assert!(views.status.success(), "{}", String::from_utf8_lossy(&views.stderr));
    let made: Value = serde_json::from_slice(&views.stdout).unwrap();
    let athena = aws_sdk_athena::Client::new(&config);
    for (view, made) in pipeline::sql::VIEWS.iter().zip(made["views"].as_array().unwrap()) {
        let id = made["execution_id"].as_str().unwrap();
        let execution =
            athena.get_query_execution().query_execution_id(id).send().await.unwrap().query_execution.unwrap();
        assert_eq!(execution.query.as_deref(), Some(view.statement()), "{}", view.name);
        assert_eq!(execution.work_group.as_deref(), Some("musicctl-dev"));
        assert_eq!(execution.query_execution_context.unwrap().database.as_deref(), Some("musicctl_dev"));
    }
    let listed = athena.list_query_executions().work_group("musicctl-dev").send().await.unwrap();
    assert!(listed.query_execution_ids.unwrap_or_default().len() >= pipeline::sql::VIEWS.len());

    let query = run(&["query", "top_songs", "--tenant", "acme", "--format", "json"]);
    assert!(query.status.success(), "{}", String::from_utf8_lossy(&query.stderr));
    assert!(String::from_utf8_lossy(&query.stderr).contains("USD at 5 USD per TB"));
}
