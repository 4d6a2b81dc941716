//! What the data-pipeline tests (ingest, lake SQL, ETL) share: running the binary on a
//! data directory with the tests' lake key and none of the job containers' environment,
//! and finding the moto server the test command starts.

use std::path::Path;
use std::process::{Command, Output};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_musicctl");

/// The key that pseudonymises e-mails in the tests' lakes.
pub(crate) const LAKE_KEY: &str = "a key for the tests only";

/// `musicctl --data-dir <data> <args>`, with the tests' lake key and without the variables
/// a job container sets (stage, service, lake, database).
pub(crate) fn musicctl(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("MUSICCTL_LAKE_KEY", LAKE_KEY)
        .env_remove("MUSICCTL_STAGE")
        .env_remove("MUSICCTL_SERVICE")
        .env_remove("MUSICCTL_LAKE")
        .env_remove("MUSICCTL_DATABASE_URL")
        .output()
        .expect("musicctl runs")
}

/// The standard output of a run that must succeed.
pub(crate) fn ok(data: &Path, args: &[&str]) -> String {
    let output = musicctl(data, args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The moto server's URL; `None` (the test skips) only outside the test command.
pub(crate) fn moto() -> Option<String> {
    match std::env::var("MUSICCTL_TEST_DYNAMODB_URL") {
        Ok(url) => Some(url),
        Err(_) => {
            assert!(std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(), "MUSICCTL_TEST_DYNAMODB_URL is required");
            eprintln!("skipped: MUSICCTL_TEST_DYNAMODB_URL is not set (run the README's test command)");
            None
        }
    }
}
