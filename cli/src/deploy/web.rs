//! The stage's web bucket: the web app built for the stage's API URL (or, without a
//! `frontend/`, the stage's landing page) and `config.json`, uploaded file by file, skipping
//! files whose content is already there.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;
use md5::{Digest as _, Md5};

use super::aws::{Clients, explain};

const LANDING: &str = include_str!("../../../templates/web/index.html.hbs");

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "wav" => "audio/wav",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The files to publish: (key, bytes).
/// The web app's files; its `config.json` names the API and the reports API on the data VM.
pub(crate) fn files(
    stage: &str,
    api_url: &str,
    reports_url: &str,
    build: bool,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let config = serde_json::to_vec_pretty(
        &serde_json::json!({"stage": stage, "api_url": api_url, "reports_url": reports_url}),
    )?;
    let frontend = PathBuf::from("frontend");
    if frontend.join("package.json").is_file() {
        if build {
            for args in [&["ci", "--no-audit", "--no-fund"][..], &["run", "build"]] {
                let status = Command::new("npm")
                    .args(args)
                    .current_dir(&frontend)
                    .env("VITE_API_URL", api_url)
                    .env("VITE_STAGE", stage)
                    .status()
                    .context("running npm in frontend/; is Node.js installed?")?;
                anyhow::ensure!(status.success(), "npm {} failed in frontend/", args.join(" "));
            }
        }
        let dist = frontend.join("dist");
        let mut files = Vec::new();
        collect(&dist, &dist, &mut files)?;
        anyhow::ensure!(!files.is_empty(), "frontend/dist is empty: build the web app first");
        files.push(("config.json".to_owned(), config));
        return Ok(files);
    }
    let mut handlebars = handlebars::Handlebars::new();
    handlebars.set_strict_mode(true);
    let page = handlebars.render_template(LANDING, &serde_json::json!({"stage": stage, "api_url": api_url}))?;
    Ok(vec![("index.html".to_owned(), page.into_bytes()), ("config.json".to_owned(), config)])
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, files)?;
        } else {
            let key = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            files.push((key, std::fs::read(&path)?));
        }
    }
    Ok(())
}

/// Uploads `files` to `bucket`, skipping those already there with the same content;
/// answers how many were uploaded.
pub(crate) async fn publish(clients: &Clients, bucket: &str, files: Vec<(String, Vec<u8>)>) -> anyhow::Result<usize> {
    let mut uploaded = 0;
    for (key, bytes) in files {
        let digest = format!("\"{}\"", hex::encode(Md5::digest(&bytes)));
        let current = clients.s3.head_object().bucket(bucket).key(&key).send().await;
        if current.ok().and_then(|head| head.e_tag().map(str::to_owned)).as_deref() == Some(digest.as_str()) {
            continue;
        }
        clients
            .s3
            .put_object()
            .bucket(bucket)
            .key(&key)
            .content_type(content_type(Path::new(&key)))
            .body(bytes.into())
            .send()
            .await
            .map_err(|error| anyhow::anyhow!("uploading {key} to {bucket}: {}", explain(error)))?;
        uploaded += 1;
    }
    Ok(uploaded)
}

/// Deletes every object of `bucket`, every version of it included (the lake bucket is
/// versioned), so that the stack can delete the bucket.
pub(crate) async fn empty(clients: &Clients, bucket: &str) -> anyhow::Result<usize> {
    let mut removed = 0;
    loop {
        let listed = match clients.s3.list_object_versions().bucket(bucket).send().await {
            Ok(listed) => listed,
            Err(error) if explain(&error).contains("NoSuchBucket") => return Ok(removed),
            Err(error) => anyhow::bail!("listing {bucket}: {}", explain(error)),
        };
        let versions = listed.versions().iter().map(|version| (version.key(), version.version_id()));
        let markers = listed.delete_markers().iter().map(|marker| (marker.key(), marker.version_id()));
        let doomed: Vec<(String, Option<String>)> = versions
            .chain(markers)
            .filter_map(|(key, version)| Some((key?.to_owned(), version.map(str::to_owned))))
            .collect();
        if doomed.is_empty() {
            return Ok(removed);
        }
        for (key, version) in doomed {
            clients
                .s3
                .delete_object()
                .bucket(bucket)
                .key(&key)
                .set_version_id(version)
                .send()
                .await
                .map_err(|error| anyhow::anyhow!("deleting {key} from {bucket}: {}", explain(error)))?;
            removed += 1;
        }
    }
}
