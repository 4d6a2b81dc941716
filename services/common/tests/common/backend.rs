//! The stores under test: a fresh embedded store per test, and DynamoStore on a moto server
//! (its URL in `MUSICCTL_TEST_DYNAMODB_URL`) with fresh tables per test.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use common::model::TABLES;
use common::store::{DynamoStore, EmbeddedStore, Scan, Store};

/// A store and its scan side, with whatever keeps it alive.
pub(crate) struct Backend {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) scan: Arc<dyn Scan>,
    pub(crate) name: &'static str,
    _dir: Option<tempfile::TempDir>,
}

fn embedded_at(store: EmbeddedStore, dir: tempfile::TempDir) -> Backend {
    let store = Arc::new(store);
    let runtime = tokio::runtime::Handle::current();
    let created = Arc::clone(&store);
    tokio::task::block_in_place(|| runtime.block_on(created.create_tables(&TABLES))).expect("tables");
    Backend { store: store.clone(), scan: store, name: "embedded", _dir: Some(dir) }
}

/// A fresh embedded store.
pub(crate) fn embedded() -> Backend {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(dir.path().join("store.sqlite")).expect("open");
    embedded_at(store, dir)
}

/// A fresh embedded store whose batch writes are limited to `items_per_second`.
pub(crate) fn embedded_throttled(items_per_second: u32) -> Backend {
    let dir = tempfile::tempdir().expect("temp dir");
    let store =
        EmbeddedStore::open_with_write_capacity(dir.path().join("store.sqlite"), items_per_second).expect("open");
    embedded_at(store, dir)
}

/// The moto endpoint, or `None` after saying why the test is skipped. With
/// `MUSICCTL_REQUIRE_SERVICES=1` (as the test command sets) a missing endpoint fails instead.
pub(crate) fn dynamo_url() -> Option<String> {
    match std::env::var("MUSICCTL_TEST_DYNAMODB_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(),
                "MUSICCTL_TEST_DYNAMODB_URL is not set but services are required"
            );
            eprintln!("skipped: MUSICCTL_TEST_DYNAMODB_URL is not set (run the README's test command)");
            None
        }
    }
}

static NEXT_PREFIX: AtomicU32 = AtomicU32::new(0);

/// A DynamoStore on moto (or on `endpoint` when given) with fresh tables.
pub(crate) async fn dynamo(endpoint: Option<&str>) -> Option<Backend> {
    let url = match endpoint {
        Some(url) => url.to_owned(),
        None => dynamo_url()?,
    };
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .endpoint_url(url)
        .build();
    let prefix = format!("t{}-{}-", std::process::id(), NEXT_PREFIX.fetch_add(1, Ordering::Relaxed));
    let store = Arc::new(DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(config), prefix));
    store.create_tables(&TABLES).await.expect("tables on moto");
    Some(Backend { store: store.clone(), scan: store, name: "dynamo", _dir: None })
}
