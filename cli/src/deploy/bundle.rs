//! The data VM's bundle: the sources its jobs' image builds from and the stage's rendered
//! compose file, as one gzipped tar, uploaded to the stage's lake bucket, where the VM's
//! first boot (and every later `musicctl deploy`) finds it.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use super::aws::{Clients, explain};

/// What the image builds from, relative to the repository root.
const ROOTS: [&str; 8] =
    ["Cargo.toml", "Cargo.lock", "rustfmt.toml", "cli", "services", "containers", "templates", "stages"];
/// Folders never bundled: build output and installed packages.
const SKIPPED: [&str; 4] = ["target", "node_modules", "build", ".git"];

/// The bundle of the repository at `root` with `compose` as its `docker-compose.yml`.
/// Entries are sorted and carry no times or owners, so the same sources give the same bytes.
pub(crate) fn build(root: &Path, compose: &str) -> anyhow::Result<Vec<u8>> {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut archive = tar::Builder::new(encoder);
    archive.mode(tar::HeaderMode::Deterministic);
    for name in ROOTS {
        let start = root.join(name);
        anyhow::ensure!(
            start.exists(),
            "{} is missing: run `musicctl deploy` from the repository's root, where the data VM's sources are",
            start.display()
        );
        let walk = walkdir::WalkDir::new(&start)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| !SKIPPED.iter().any(|skipped| entry.file_name() == *skipped));
        for entry in walk {
            let entry = entry.with_context(|| format!("reading {}", start.display()))?;
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(root).context("a path outside the repository")?;
                archive
                    .append_path_with_name(entry.path(), relative)
                    .with_context(|| format!("bundling {}", entry.path().display()))?;
            }
        }
    }
    let mut header = tar::Header::new_gnu();
    header.set_size(compose.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_cksum();
    archive.append_data(&mut header, "docker-compose.yml", compose.as_bytes())?;
    let mut encoder = archive.into_inner()?;
    encoder.flush()?;
    Ok(encoder.finish()?)
}

/// Uploads `bundle` to `bucket` at `key`.
pub(crate) async fn upload(clients: &Clients, bucket: &str, key: &str, bundle: Vec<u8>) -> anyhow::Result<()> {
    clients
        .s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type("application/gzip")
        .body(bundle.into())
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("uploading the data VM's bundle to s3://{bucket}/{key}: {}", explain(error)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_holds_the_sources_and_the_compose_file_and_nothing_built() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let bundle = build(root, "services: {}\n").unwrap();
        assert_eq!(bundle, build(root, "services: {}\n").unwrap(), "the same sources give the same bytes");
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bundle.as_slice()));
        let names: Vec<String> =
            archive.entries().unwrap().map(|e| e.unwrap().path().unwrap().display().to_string()).collect();
        for needed in
            ["Cargo.lock", "containers/ingest/Dockerfile", "cli/src/main.rs", "stages/dev.toml", "docker-compose.yml"]
        {
            assert!(names.iter().any(|name| name == needed), "{needed} is in the bundle");
        }
        assert!(!names.iter().any(|name| name.split('/').any(|part| SKIPPED.contains(&part))), "nothing built");
    }
}
