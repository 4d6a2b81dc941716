//! The Lambda entry of every service: API Gateway HTTP API (v2) and REST (v1) events, with
//! a stage prefix in the path, run through the single-service app a function mounts, get
//! the same answers as the local server with all services.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use testkit::Platform;

const V2: &str = include_str!("../../../services/users/tests/api/fixtures/apigw_v2_http.json");
const V1: &str = include_str!("../../../services/users/tests/api/fixtures/apigw_v1_rest.json");

fn event(fixture: &str, stage: &str, method: &Method, path: &str, token: &str, body: Option<&Value>) -> Value {
    let mut event: Value = serde_json::from_str(fixture).unwrap();
    let staged = format!("/{stage}{path}");
    if event["version"] == "2.0" {
        event["rawPath"] = json!(staged);
        event["requestContext"]["http"]["method"] = json!(method.as_str());
        event["requestContext"]["http"]["path"] = json!(staged);
        event["requestContext"]["stage"] = json!(stage);
        event["headers"]["authorization"] = json!(format!("Bearer {token}"));
    } else {
        event["path"] = json!(path);
        event["httpMethod"] = json!(method.as_str());
        event["requestContext"]["httpMethod"] = json!(method.as_str());
        event["requestContext"]["path"] = json!(staged);
        event["requestContext"]["stage"] = json!(stage);
        event["headers"]["Authorization"] = json!(format!("Bearer {token}"));
    }
    event["body"] = body.map_or(Value::Null, |b| Value::String(b.to_string()));
    event
}

#[tokio::test]
async fn every_service_answers_events_of_both_gateways_as_the_local_server_does() {
    let platform = Platform::new().await;
    let admin = platform.login("acme-records", "admin").await;
    let catalog = platform.catalog(&admin, "Harbours").await;
    let playlist =
        platform.ok(Method::POST, "/playlists", &admin.token, Some(json!({"name": "Mix"})), StatusCode::CREATED).await;
    let calls: Vec<(&str, Method, String, Option<Value>)> = vec![
        ("users", Method::GET, "/users/me".to_owned(), None),
        ("artists", Method::GET, format!("/artists/{}", catalog.artist_id), None),
        ("albums", Method::GET, format!("/albums/by-artist/{}", catalog.artist_id), None),
        ("songs", Method::GET, format!("/songs/by-album/{}", catalog.album_id), None),
        ("playlists", Method::GET, format!("/playlists/{}", playlist["playlist_id"].as_str().unwrap()), None),
        ("stats", Method::GET, "/stats/top-songs?from=2026-01-01&to=2026-01-31".to_owned(), None),
        ("songs", Method::GET, "/songs/sng_missing".to_owned(), None),
        ("artists", Method::POST, "/artists".to_owned(), Some(json!({"name": "Lambda", "genres": [7]}))),
    ];
    for (service, method, path, body) in calls {
        let single = common::serve::app([platform::service(service).unwrap()], platform.state.clone());
        let local = platform.call(method.clone(), &path, &admin.token, body.clone()).await;
        for (fixture, stage) in [(V2, "dev"), (V1, "dev"), (V2, "prod"), (V1, "test")] {
            let answer = common::testing::invoke_lambda(
                single.clone(),
                event(fixture, stage, &method, &path, &admin.token, body.as_ref()),
            )
            .await;
            assert_eq!(answer.0, local.0.as_u16(), "{service} {method} {path} via {stage}: {}", answer.1);
            assert_eq!(answer.1, local.1, "{service} {method} {path} via {stage}");
        }
    }
}

/// The Lambda binary's crate graph, from Cargo.lock, holds none of the pipeline's heavy
/// crates: cold starts and zip size stay those of a small HTTP handler.
#[test]
fn the_lambda_links_none_of_the_pipelines_heavy_crates() {
    let lock: toml::Table = include_str!("../../../Cargo.lock").parse().unwrap();
    let packages = lock["package"].as_array().unwrap();
    let dependencies = |name: &str| -> Vec<String> {
        let package = packages.iter().find(|p| p["name"].as_str() == Some(name)).unwrap();
        let listed = package.get("dependencies").and_then(toml::Value::as_array).cloned().unwrap_or_default();
        // An entry is "name" or "name version" when several versions are locked.
        listed.iter().map(|d| d.as_str().unwrap().split(' ').next().unwrap().to_owned()).collect()
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut next = vec!["platform".to_owned()];
    while let Some(name) = next.pop() {
        if seen.insert(name.clone()) {
            next.extend(dependencies(&name));
        }
    }
    assert!(seen.contains("lambda_http") && seen.contains("aws-sdk-dynamodb"), "the graph was walked");
    for heavy in [
        "pipeline",
        "datafusion",
        "parquet",
        "arrow-array",
        "object_store",
        "aws-sdk-glue",
        "aws-sdk-athena",
        "aws-sdk-cloudformation",
    ] {
        assert!(!seen.contains(heavy), "the Lambda binary links {heavy}");
    }
}
