//! `musicctl etl`: the summary tables and their lineage in SQLite and in the real MariaDB,
//! identical across reruns, all-or-nothing when a table fails, figures equal to the named
//! queries', and an unreachable database named without its password.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use pipeline::etl::SUMMARIES;
use serde_json::Value;
use sqlx::{AnyPool, AssertSqlSafe, Row as _};

use crate::jobs::{musicctl, ok};

/// A seeded, ingested and crawled local stage.
fn lake() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    ok(
        data.path(),
        &[
            "seed",
            "--tenants",
            "2",
            "--rows",
            "600",
            "--anchor",
            "2026-11-20T12:00:00Z",
            "--no-demo-accounts",
            "--json",
        ],
    );
    ok(data.path(), &["ingest", "--json"]);
    ok(data.path(), &["crawl", "--json"]);
    data
}

async fn pool(url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(url).await.unwrap()
}

/// Every table's rows as text, in key order: equal maps mean identical tables.
async fn contents(pool: &AnyPool, mysql: bool) -> BTreeMap<String, Vec<String>> {
    let mut tables: Vec<(String, Vec<&str>, Vec<&str>)> =
        SUMMARIES.iter().map(|s| (s.table(), s.columns.iter().map(|(n, _)| *n).collect(), s.key.to_vec())).collect();
    let lineage =
        pipeline::etl::model::LINEAGE_COLUMNS.iter().map(|(n, _)| *n).filter(|n| *n != "etl_run" && *n != "query_ms");
    tables.push(("etl_lineage".to_owned(), lineage.collect(), vec!["tenant_id", "summary_table"]));
    let mut out = BTreeMap::new();
    for (table, columns, key) in tables {
        let row_text = if mysql {
            format!("CONCAT_WS('|', {})", columns.join(", "))
        } else {
            columns.iter().map(|c| format!("CAST({c} AS TEXT)")).collect::<Vec<_>>().join(" || '|' || ")
        };
        let sql = format!("SELECT {row_text} AS line FROM {table} ORDER BY {}", key.join(", "));
        let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(pool).await.unwrap();
        out.insert(table, rows.iter().map(|row| row.get::<String, _>(0)).collect());
    }
    out
}

fn etl(data: &Path, url: &str) -> Output {
    musicctl(data, &["etl", "--database-url", url, "--json"])
}

/// Two runs give identical tables; a run that fails on its fourth table changes nothing
/// and names the table.
async fn reruns_are_identical_and_failures_change_nothing(data: &Path, url: &str, mysql: bool) {
    let first: Value = serde_json::from_slice(&etl(data, url).stdout).unwrap();
    assert_eq!(first["tables"].as_array().unwrap().len(), SUMMARIES.len());
    let pool = pool(url).await;
    let before = contents(&pool, mysql).await;
    for summary in &SUMMARIES {
        assert!(!before[&summary.table()].is_empty(), "{} has rows", summary.table());
    }
    let second = etl(data, url);
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(contents(&pool, mysql).await, before, "a rerun gives identical tables");

    let fourth = SUMMARIES[3].table();
    let trigger = if mysql {
        format!(
            "CREATE TRIGGER refuse BEFORE INSERT ON {fourth} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'"
        )
    } else {
        format!("CREATE TRIGGER refuse BEFORE INSERT ON {fourth} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    };
    sqlx::raw_sql(AssertSqlSafe(trigger)).execute(&pool).await.unwrap();
    // New data in the lake, so that a partial load would show.
    ok(
        data,
        &[
            "seed",
            "--force",
            "--tenants",
            "3",
            "--rows",
            "300",
            "--anchor",
            "2026-11-20T12:00:00Z",
            "--no-demo-accounts",
            "--json",
        ],
    );
    ok(data, &["ingest", "--json"]);
    ok(data, &["crawl", "--json"]);
    let failed = etl(data, url);
    let message = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success());
    assert!(message.contains(&format!("loading {fourth}")) && message.contains("refused by the test"), "{message}");
    assert_eq!(contents(&pool, mysql).await, before, "every table is as the previous run left it");
    let log = std::fs::read_to_string(data.join("logs/etl.log")).unwrap();
    assert!(log.contains("| ERROR | etl | failed:"), "{log}");

    sqlx::raw_sql(AssertSqlSafe("DROP TRIGGER refuse")).execute(&pool).await.unwrap();
    let recovered: Value = serde_json::from_slice(&etl(data, url).stdout).unwrap();
    let tenants: std::collections::BTreeSet<&str> =
        recovered["lineage"].as_array().unwrap().iter().map(|l| l["tenant_id"].as_str().unwrap()).collect();
    assert_eq!(tenants.len(), 3, "the next good run loads the new lake");
    pool.close().await;
}

#[tokio::test]
async fn sqlite_summaries_match_the_queries_carry_lineage_and_load_all_or_nothing() {
    let data = lake();
    let url = format!("sqlite://{}?mode=rwc", data.path().join("summaries.sqlite").display());
    let dry: Value = serde_json::from_str(&ok(data.path(), &["etl", "--dry-run", "--json"])).unwrap();
    assert_eq!(dry["dry_run"], true);
    assert!(!data.path().join("summaries.sqlite").exists(), "a dry run writes nothing");

    let report: Value = serde_json::from_str(&ok(data.path(), &["etl", "--json"])).unwrap();
    let pool = pool(&url).await;
    // The summaries hold what the named queries say.
    let top: Vec<Value> = serde_json::from_str(&ok(data.path(), &["query", "top_songs", "--format", "json"])).unwrap();
    for row in &top {
        let loaded = sqlx::query(
            "SELECT song_id, plays, listeners FROM summary_top_songs WHERE tenant_id = ? AND chart_position = ?",
        )
        .bind(row["tenant_id"].as_str().unwrap().to_owned())
        .bind(row["chart_position"].as_i64().unwrap())
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(loaded.get::<String, _>(0), row["song_id"].as_str().unwrap());
        assert_eq!(loaded.get::<i64, _>(1), row["plays"].as_i64().unwrap());
        assert_eq!(loaded.get::<i64, _>(2), row["listeners"].as_i64().unwrap());
    }
    let hours: Vec<Value> =
        serde_json::from_str(&ok(data.path(), &["query", "listening_by_hour_and_weekday", "--format", "json"]))
            .unwrap();
    let loaded: i64 =
        sqlx::query("SELECT count(*) FROM summary_hourly_listening").fetch_one(&pool).await.unwrap().get(0);
    assert_eq!(loaded as usize, hours.len());
    for row in hours.iter().step_by(17) {
        let plays: i64 = sqlx::query(
            "SELECT plays FROM summary_hourly_listening WHERE tenant_id = ? AND play_weekday = ? AND play_hour = ?",
        )
        .bind(row["tenant_id"].as_str().unwrap().to_owned())
        .bind(row["play_weekday"].as_i64().unwrap())
        .bind(row["play_hour"].as_i64().unwrap())
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
        assert_eq!(plays, row["plays"].as_i64().unwrap());
    }
    // Lineage, per tenant: items scanned -> lake rows -> summary rows.
    let plays_per_tenant: Vec<Value> = serde_json::from_str(&ok(
        data.path(),
        &["query", "--sql", "SELECT tenant_id, count(*) AS n FROM plays GROUP BY tenant_id", "--format", "json"],
    ))
    .unwrap();
    for tenant in &plays_per_tenant {
        let lineage = report["lineage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["tenant_id"] == tenant["tenant_id"] && l["summary_table"] == "summary_daily_listening")
            .unwrap();
        assert_eq!(lineage["lake_rows"], tenant["n"], "{lineage}");
        assert!(lineage["source_items"].as_u64().unwrap() >= tenant["n"].as_u64().unwrap());
        assert!(lineage["lake_runs"].as_str().unwrap().starts_with("stats:"));
        let days: i64 = sqlx::query("SELECT count(*) FROM summary_daily_listening WHERE tenant_id = ?")
            .bind(tenant["tenant_id"].as_str().unwrap().to_owned())
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(lineage["summary_rows"], days);
    }
    pool.close().await;
    reruns_are_identical_and_failures_change_nothing(data.path(), &url, false).await;
}

#[tokio::test]
async fn mariadb_loads_the_same_way() {
    let server = match std::env::var("MUSICCTL_TEST_MYSQL_URL") {
        Ok(url) => url,
        Err(_) => {
            assert!(std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(), "MUSICCTL_TEST_MYSQL_URL is required");
            eprintln!("skipped: MUSICCTL_TEST_MYSQL_URL is not set (run the README's test command)");
            return;
        }
    };
    let database = format!("musicctl_etl_{}", std::process::id());
    let admin = pool(&server).await;
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {database}"))).execute(&admin).await.unwrap();
    let url = format!("{}/{database}", server.trim_end_matches('/'));
    let data = lake();
    reruns_are_identical_and_failures_change_nothing(data.path(), &url, true).await;
    sqlx::raw_sql(AssertSqlSafe(format!("DROP DATABASE {database}"))).execute(&admin).await.unwrap();
    admin.close().await;
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let data = lake();
    let output = etl(data.path(), "mysql://etl:s3cret-pass@127.0.0.1:1/musicctl");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        message.contains("mysql://etl:***@127.0.0.1:1/musicctl") && message.contains("check that it runs"),
        "{message}"
    );
    assert!(!message.contains("s3cret-pass"), "{message}");
    let unknown = etl(data.path(), "postgres://x@y/z");
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("use mysql://"));
}
