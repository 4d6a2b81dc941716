//! `musicctl pipeline` and the reports API over what it loads: the dashboard's figures
//! equal the store's plays, its filters narrow them, a tenant admin sees only its tenant,
//! listeners and strangers are refused, and MariaDB answers exactly as SQLite does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use common::auth::Role;
use common::testing::{assert_error, call};
use common::{AuthKeys, TenantId};
use secrecy::SecretString;
use serde_json::Value;
use sqlx::AssertSqlSafe;

use crate::binary::Server;
use crate::jobs::ok;
use crate::lake_sql::{plays, text};

fn keys() -> AuthKeys {
    AuthKeys::from_secret(&SecretString::from("r".repeat(32)), Duration::from_secs(600)).unwrap()
}

fn token(tenant: &str, role: Role) -> String {
    keys().issue(&TenantId::parse(tenant).unwrap(), "usr_test", role).unwrap().token
}

/// The reports API as the data VM serves it: tokens checked by signature alone, as the VM
/// has no users table (under `musicctl up`, tokens are also checked against the store).
async fn reports_app(url: &str) -> Router {
    let database = pipeline::etl::Database::open(url).await.unwrap();
    reports::standalone(database.pool, keys())
}

async fn dashboard(app: &Router, token: &str, query: &str) -> Value {
    let (status, body) = call(app, Method::GET, &format!("/reports/dashboard{query}"), Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn sum(rows: &Value, field: &str) -> i64 {
    rows.as_array().unwrap().iter().map(|row| row[field].as_i64().unwrap()).sum()
}

fn strings(rows: &Value, field: &str) -> BTreeSet<String> {
    rows.as_array().unwrap().iter().map(|row| row[field].as_str().unwrap().to_owned()).collect()
}

/// A local stage seeded with two tenants and put through the whole pipeline; its tenants.
fn piped() -> (tempfile::TempDir, Value) {
    let data = tempfile::tempdir().unwrap();
    let seed = ["seed", "--tenants", "2", "--rows", "600", "--anchor", "2026-11-20T12:00:00Z", "--no-demo-accounts"];
    ok(data.path(), &seed);
    let report: Value = serde_json::from_str(&ok(data.path(), &["pipeline", "--json"])).unwrap();
    (data, report)
}

#[tokio::test]
async fn the_pipeline_feeds_a_tenant_scoped_dashboard() {
    let (data, report) = piped();
    let steps: Vec<&str> = report["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["ingest", "crawl", "views", "etl"]);
    assert_eq!(report["details"]["etl"]["tables"].as_array().unwrap().len(), pipeline::etl::SUMMARIES.len());
    assert!(data.path().join("summaries.sqlite").is_file());

    let items = plays(data.path()).await;
    let mut by_tenant: BTreeMap<String, Vec<&common::store::Item>> = BTreeMap::new();
    for item in &items {
        by_tenant.entry(text(item, "tenant_id").to_owned()).or_default().push(item);
    }
    assert_eq!(by_tenant.len(), 2);
    let url = format!("sqlite://{}", data.path().join("summaries.sqlite").display());
    let app = reports_app(&url).await;

    let mut seen: Vec<(BTreeSet<String>, BTreeSet<String>)> = Vec::new();
    for (tenant, tenant_plays) in &by_tenant {
        let admin = token(tenant, Role::Admin);
        let all = dashboard(&app, &admin, "").await;
        assert_eq!(all["tenant"], tenant.as_str());
        assert!(all["etl_run"].is_string() && all["data_as_of"].is_string(), "{}", all["etl_run"]);
        assert_eq!(all["totals"]["plays"], tenant_plays.len(), "every play of the tenant, and no other");
        let first = tenant_plays.iter().map(|p| &text(p, "played_at")[..10]).min().unwrap();
        let last = tenant_plays.iter().map(|p| &text(p, "played_at")[..10]).max().unwrap();
        assert_eq!(
            (all["bounds"]["first_day"].as_str().unwrap(), all["bounds"]["last_day"].as_str().unwrap()),
            (first, last)
        );
        assert_eq!(sum(&all["daily_listening"], "plays") as usize, tenant_plays.len());
        assert_eq!(sum(&all["hourly"], "plays") as usize, tenant_plays.len());
        for chart in [
            "genres",
            "hourly",
            "plans",
            "signups",
            "funnel",
            "engagement",
            "genre_artists",
            "catalog_growth",
            "devices",
            "top_songs",
        ] {
            assert!(!all[chart].as_array().unwrap().is_empty(), "{chart} has rows for {tenant}");
        }

        // A week narrows the figures to the plays of that week.
        let from =
            (chrono::NaiveDate::parse_from_str(last, "%Y-%m-%d").unwrap() - chrono::Duration::days(6)).to_string();
        let week = dashboard(&app, &admin, &format!("?from={from}")).await;
        let in_week = tenant_plays.iter().filter(|p| &text(p, "played_at")[..10] >= from.as_str()).count();
        assert_eq!(week["totals"]["plays"], in_week);
        assert!(in_week < tenant_plays.len());
        assert_eq!(week["filters"]["from"], from.as_str());
        assert!(
            week["daily_listening"].as_array().unwrap().iter().all(|d| d["day"].as_str().unwrap() >= from.as_str())
        );

        // A genre narrows the listening figures to that genre's plays.
        let genre = all["genres"][0]["genre"].as_str().unwrap().to_owned();
        let by_genre = dashboard(&app, &admin, &format!("?genre={genre}")).await;
        assert_eq!(by_genre["totals"]["plays"], all["genres"][0]["plays"]);
        assert!(by_genre["genre_artists"].as_array().unwrap().iter().all(|a| a["genre"] == genre.as_str()));
        assert_eq!(by_genre["genres"], all["genres"], "the genre chart stays whole, to show the choice");

        // A plan narrows sign-ups and engagement.
        let plan = all["plans"][0]["plan"].as_str().unwrap().to_owned();
        let by_plan = dashboard(&app, &admin, &format!("?plan={plan}")).await;
        assert!(by_plan["signups"].as_array().unwrap().iter().all(|s| s["plan"] == plan.as_str()));
        assert!(by_plan["engagement"].as_array().unwrap().iter().all(|s| s["plan"] == plan.as_str()));

        let (status, lineage) = call(&app, Method::GET, "/reports/lineage", Some(&admin), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(lineage.as_array().unwrap().len(), pipeline::etl::SUMMARIES.len());
        seen.push((strings(&all["top_songs"], "song_id"), strings(&all["engagement"], "user_id")));

        assert_error(
            &call(&app, Method::GET, "/reports/dashboard", Some(&token(tenant, Role::Listener)), None).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    assert!(
        seen[0].0.is_disjoint(&seen[1].0) && seen[0].1.is_disjoint(&seen[1].1),
        "no tenant sees another's songs or users"
    );

    // A tenant that was never loaded sees nothing, not another's figures.
    let stranger = dashboard(&app, &token("nobody-here", Role::Admin), "").await;
    assert_eq!((stranger["etl_run"].clone(), stranger["totals"]["plays"].clone()), (Value::Null, Value::from(0)));
    assert!(stranger["top_songs"].as_array().unwrap().is_empty());

    assert_error(
        &call(&app, Method::GET, "/reports/dashboard", None, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let admin = token(by_tenant.keys().next().unwrap(), Role::Admin);
    for query in ["?from=2026-02-30", "?from=2026-03-02&to=2026-03-01", "?to=-262143-01-01"] {
        let answer = call(&app, Method::GET, &format!("/reports/dashboard{query}"), Some(&admin), None).await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }

    mariadb_answers_as_sqlite(data.path(), &app, &by_tenant.keys().cloned().collect::<Vec<_>>()).await;
}

/// The same lake loaded into MariaDB gives the same dashboards, to the figure.
async fn mariadb_answers_as_sqlite(data: &Path, sqlite: &Router, tenants: &[String]) {
    let Ok(server) = std::env::var("MUSICCTL_TEST_MYSQL_URL") else {
        assert!(std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(), "MUSICCTL_TEST_MYSQL_URL is required");
        eprintln!("skipped the MariaDB half: MUSICCTL_TEST_MYSQL_URL is not set (run the README's test command)");
        return;
    };
    sqlx::any::install_default_drivers();
    let database = format!("musicctl_reports_{}", std::process::id());
    let admin = sqlx::AnyPool::connect(&server).await.unwrap();
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {database}"))).execute(&admin).await.unwrap();
    let url = format!("{}/{database}", server.trim_end_matches('/'));
    ok(data, &["etl", "--database-url", &url, "--json"]);
    let mysql = reports_app(&url).await;
    for tenant in tenants {
        for query in ["", "?from=2026-11-01&to=2026-11-15", "?genre=rock&plan=premium"] {
            let token = token(tenant, Role::Admin);
            let (mut ours, mut theirs) =
                (dashboard(sqlite, &token, query).await, dashboard(&mysql, &token, query).await);
            for body in [&mut ours, &mut theirs] {
                body["etl_run"] = Value::Null; // Each load is its own run.
            }
            assert_eq!(ours, theirs, "MariaDB and SQLite agree for {tenant} {query}");
        }
    }
    sqlx::raw_sql(AssertSqlSafe(format!("DROP DATABASE {database}"))).execute(&admin).await.unwrap();
    admin.close().await;
}

#[test]
fn the_reports_server_alone_checks_tokens_with_the_stage_secret_and_allows_the_web_app() {
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", data.path().join("summaries.sqlite").display());
    let secret = "a stage secret of enough length!".to_owned();
    let args = [
        "--data-dir",
        data.path().to_str().unwrap(),
        "reports",
        "--database-url",
        &url,
        "--jwt-secret",
        &secret,
        "--port",
        "0",
    ];
    let server = Server::spawn(data.path(), &args, "musicctl reports is up on ");
    let stage_keys = AuthKeys::from_secret(&SecretString::from(secret), Duration::from_secs(600)).unwrap();
    let admin = stage_keys.issue(&TenantId::parse("acme").unwrap(), "usr_1", Role::Admin).unwrap().token;

    assert_eq!(crate::http::call(&server.base, "GET", "/healthz", None, None).0, 200);
    let (status, body) = crate::http::call(&server.base, "GET", "/reports/dashboard", Some(&admin), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["tenant"].as_str(), body["etl_run"].is_null()), (Some("acme"), true), "no ETL run yet");
    let foreign = token("acme", Role::Admin); // Signed with another secret.
    assert_eq!(crate::http::call(&server.base, "GET", "/reports/dashboard", Some(&foreign), None).0, 401);
    let (status, body) = crate::http::call(&server.base, "GET", "/songs", Some(&admin), None);
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")), "only the reports API is served");

    // The web app calls it from the web bucket's origin.
    let host = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    let request = format!(
        "OPTIONS /reports/dashboard HTTP/1.1\r\nHost: {host}\r\nOrigin: http://musicctl-dev-web.s3-website-us-east-1.amazonaws.com\r\n\
         Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization\r\nConnection: close\r\n\r\n"
    );
    std::io::Write::write_all(&mut stream, request.as_bytes()).unwrap();
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).unwrap();
    let head = response.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{response}");
    assert!(head.contains("access-control-allow-origin: *") && head.contains("authorization"), "{response}");
}
