//! The musicctl binary: onboarding, `musicctl up` on a real socket, help texts and
//! stage-file errors, each in a fresh data directory and working directory.

use crate::http;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_musicctl");

fn musicctl(cwd: &Path, data_dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(cwd)
        .env("MUSICCTL_DATA_DIR", data_dir)
        .env_remove("MUSICCTL_ADMIN_PASSWORD")
        .args(args)
        .output()
        .expect("musicctl runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A running `musicctl up` (or another server command), stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) base: String,
    /// Drains the server's output so that it never writes into a closed pipe.
    _drain: std::thread::JoinHandle<()>,
}

impl Server {
    fn start(cwd: &Path, data_dir: &Path) -> Self {
        Self::spawn(cwd, &["--data-dir", data_dir.to_str().unwrap(), "up", "--port", "0"], "musicctl is up on ")
    }

    /// Runs `musicctl <args>` and waits, following its output, for the line that starts
    /// with `ready` and names the address.
    pub(crate) fn spawn(cwd: &Path, args: &[&str], ready: &str) -> Self {
        let mut child = Command::new(BIN)
            .current_dir(cwd)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("musicctl starts");
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.starts_with(ready) {
            line.clear();
            assert!(reader.read_line(&mut line).unwrap() > 0, "musicctl {args:?} stopped before listening");
        }
        let base = line.trim().rsplit(' ').next().unwrap().to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{line}");
        let drain = std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).is_ok_and(|n| n > 0) {
                sink.clear();
            }
        });
        Self { child, base, _drain: drain }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn onboard_then_serve_register_login_and_validate() {
    let cwd = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let added = musicctl(
        cwd.path(),
        data.path(),
        &[
            "tenants",
            "add",
            "northwind",
            "--name",
            "Northwind Records",
            "--admin-email",
            "boss@northwind.test",
            "--admin-password",
            "Sup3r-secret!",
            "--json",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let added: Value = serde_json::from_str(&stdout(&added)).unwrap();
    assert_eq!(added["tenant"]["tenant_id"], "northwind");
    assert_eq!(added["admin"]["role"], "admin");
    let again = musicctl(cwd.path(), data.path(), &["tenants", "add", "northwind", "--name", "Again"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    let listed = musicctl(cwd.path(), data.path(), &["tenants", "list", "--json"]);
    let listed: Value = serde_json::from_str(&stdout(&listed)).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let server = Server::start(cwd.path(), data.path());
    let register = json!({"tenant": "northwind", "email": "ana@example.com", "password": "correct horse 9", "display_name": "Ana"});
    let (status, body) = http::call(&server.base, "POST", "/users/register", None, Some(&register));
    assert_eq!(status, 201, "{body}");
    let login = json!({"tenant": "northwind", "email": "ana@example.com", "password": "correct horse 9"});
    let (status, body) = http::call(&server.base, "POST", "/users/login", None, Some(&login));
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().unwrap();
    let (status, body) = http::call(&server.base, "GET", "/users/validate", Some(token), None);
    assert_eq!((status, body["tenant_id"].as_str()), (200, Some("northwind")));
    // A tenant onboarded while the server runs is seen at once: one data directory.
    let added = musicctl(cwd.path(), data.path(), &["tenants", "add", "southwind", "--name", "Southwind Radio"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let other = json!({"tenant": "southwind", "email": "ana@example.com", "password": "correct horse 9", "display_name": "Ana"});
    assert_eq!(http::call(&server.base, "POST", "/users/register", None, Some(&other)).0, 201);
    let (status, body) = http::call(&server.base, "POST", "/users/login", None, Some(&json!({"tenant": 5})));
    assert_eq!(status, 422, "{body}");
}

#[test]
fn every_command_has_help() {
    let cwd = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["up", "--help"],
        &["tenants", "--help"],
        &["tenants", "add", "--help"],
        &["tenants", "list", "--help"],
        &["seed", "--help"],
        &["reindex", "--help"],
        &["render", "--help"],
        &["deploy", "--help"],
        &["destroy", "--help"],
        &["diagrams", "--help"],
        &["ingest", "--help"],
        &["crawl", "--help"],
        &["views", "--help"],
        &["views", "create", "--help"],
        &["views", "list", "--help"],
        &["query", "--help"],
        &["etl", "--help"],
        &["pipeline", "--help"],
        &["reports", "--help"],
        &["vm", "--help"],
        &["vm", "status", "--help"],
        &["vm", "stop", "--help"],
        &["logs", "--help"],
    ] {
        let output = musicctl(cwd.path(), cwd.path(), args);
        assert!(output.status.success(), "{args:?}");
        assert!(stdout(&output).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn a_stage_file_in_the_working_directory_overrides_and_is_checked() {
    let cwd = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir(cwd.path().join("stages")).unwrap();
    let built_in = include_str!("../../../stages/local.toml");
    std::fs::write(cwd.path().join("stages/local.toml"), built_in.replace("port = 8080", "port = 8080\nprot = 1"))
        .unwrap();
    let output = musicctl(cwd.path(), data.path(), &["tenants", "list"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("prot") && message.contains("stages/local.toml"), "{message}");
}

#[test]
fn bad_arguments_say_what_to_do() {
    let cwd = tempfile::tempdir().unwrap();
    let output = musicctl(cwd.path(), cwd.path(), &["tenants", "add", "Bad Slug", "--name", "X"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("a-z, 0-9"), "{}", stderr(&output));
    let output = musicctl(
        cwd.path(),
        cwd.path(),
        &["tenants", "add", "okay", "--name", "X", "--admin-email", "a@b.co", "--admin-password", "weak"],
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("--admin-password"), "{}", stderr(&output));
}
