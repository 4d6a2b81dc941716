//! The Lambda entry: API Gateway HTTP API (v2) and REST (v1) events, with a stage prefix
//! in the path, get the same answers as the local server.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

const V2: &str = include_str!("fixtures/apigw_v2_http.json");
const V1: &str = include_str!("fixtures/apigw_v1_rest.json");

/// An event from a fixture for `method path` (path without stage), with a stage prefix.
fn event(
    fixture: &str,
    stage: &str,
    method: &str,
    path: &str,
    query: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Value {
    let mut event: Value = serde_json::from_str(fixture).unwrap();
    let staged = if stage == "$default" { path.to_owned() } else { format!("/{stage}{path}") };
    let body = body.map_or(Value::Null, |b| Value::String(b.to_string()));
    if event["version"] == "2.0" {
        event["rawPath"] = json!(staged);
        event["rawQueryString"] = json!(query);
        event["requestContext"]["http"]["method"] = json!(method);
        event["requestContext"]["http"]["path"] = json!(staged);
        event["requestContext"]["stage"] = json!(stage);
        if let Some(token) = token {
            event["headers"]["authorization"] = json!(format!("Bearer {token}"));
        }
    } else {
        event["path"] = json!(path);
        event["httpMethod"] = json!(method);
        event["requestContext"]["httpMethod"] = json!(method);
        event["requestContext"]["path"] = json!(staged);
        event["requestContext"]["stage"] = json!(stage);
        if !query.is_empty() {
            let params: serde_json::Map<String, Value> = query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_owned(), json!(v)))
                .collect();
            event["queryStringParameters"] = Value::Object(params.clone());
            event["multiValueQueryStringParameters"] =
                Value::Object(params.into_iter().map(|(k, v)| (k, json!([v]))).collect());
        }
        if let Some(token) = token {
            event["headers"]["Authorization"] = json!(format!("Bearer {token}"));
        }
    }
    event["body"] = body;
    event
}

/// Runs an event through the service as the Lambda runtime would: status and JSON body.

#[tokio::test]
async fn events_of_both_gateway_versions_match_the_local_server() {
    let app = TestApp::new().await;
    let login = json!({"tenant": "acme-records", "email": "admin@acme-records.test", "password": PASSWORD});
    for (fixture, stage) in [(V2, "dev"), (V2, "$default"), (V1, "dev"), (V1, "prod")] {
        let (status, session) = common::testing::invoke_lambda(
            app.router.clone(),
            event(fixture, stage, "POST", "/users/login", "", None, Some(&login)),
        )
        .await;
        assert_eq!(status, 200, "{stage}: {session}");
        let token = session["token"].as_str().unwrap();
        let lambda = common::testing::invoke_lambda(
            app.router.clone(),
            event(fixture, stage, "GET", "/users/validate", "", Some(token), None),
        )
        .await;
        let local = app.call(Method::GET, "/users/validate", Some(token), None).await;
        assert_eq!((lambda.0, &lambda.1), (local.0.as_u16(), &local.1), "{stage}");
        let listed = common::testing::invoke_lambda(
            app.router.clone(),
            event(fixture, stage, "GET", "/users", "limit=1", Some(token), None),
        )
        .await;
        assert_eq!(listed.0, 200, "{stage}: {}", listed.1);
        assert_eq!(listed.1["items"].as_array().unwrap().len(), 1);
        let denied = common::testing::invoke_lambda(
            app.router.clone(),
            event(fixture, stage, "GET", "/users/me", "", None, None),
        )
        .await;
        assert_eq!(denied.0, StatusCode::UNAUTHORIZED.as_u16());
        assert_eq!(denied.1["error"]["code"], "unauthorized");
        let bad = common::testing::invoke_lambda(
            app.router.clone(),
            event(fixture, stage, "POST", "/users/register", "", None, Some(&json!({"tenant": 1}))),
        )
        .await;
        assert_eq!(bad.0, 422, "{stage}: {}", bad.1);
    }
}
