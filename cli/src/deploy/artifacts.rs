//! The functions' code: one `bootstrap.zip` of the `musicctl-lambda` binary, built with
//! cargo-lambda or taken from `--artifacts`, uploaded once per content to the stage's
//! artifact bucket under a key named by its SHA-256.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};
use sha2::{Digest as _, Sha256};

use super::aws::{Clients, explain};

/// Finds the zip in `dir`, or builds it with cargo-lambda when `dir` is `None`.
pub(crate) fn locate_or_build(dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = dir {
        for candidate in [dir.join("bootstrap.zip"), dir.join("musicctl-lambda").join("bootstrap.zip")] {
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
        bail!(
            "no bootstrap.zip in {}: build it with `cargo lambda build --release --arm64 --output-format zip -p platform`",
            dir.display()
        );
    }
    let has_cargo_lambda =
        Command::new("cargo").args(["lambda", "--version"]).output().is_ok_and(|out| out.status.success());
    if !has_cargo_lambda {
        bail!(
            "cargo-lambda is missing: install it with `pip install cargo-lambda` (or `cargo install cargo-lambda`), \
             or pass --artifacts DIR with a prebuilt bootstrap.zip"
        );
    }
    let status = Command::new("cargo")
        .args([
            "lambda",
            "build",
            "--release",
            "--arm64",
            "--output-format",
            "zip",
            "-p",
            "platform",
            "--bin",
            "musicctl-lambda",
        ])
        .status()
        .context("running cargo lambda build")?;
    anyhow::ensure!(status.success(), "cargo lambda build failed; see its output above");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let zip = target.join("lambda").join("musicctl-lambda").join("bootstrap.zip");
    anyhow::ensure!(zip.is_file(), "cargo lambda build made no {}", zip.display());
    Ok(zip)
}

/// The artifact bucket of a stage: `musicctl-<stage>-artifacts-<account>`, unless named.
pub(crate) async fn bucket_name(clients: &Clients, stage: &str, given: Option<&str>) -> anyhow::Result<String> {
    if let Some(name) = given {
        return Ok(name.to_owned());
    }
    Ok(format!("musicctl-{stage}-artifacts-{}", account(clients).await?))
}

/// The AWS account the credentials belong to.
pub(crate) async fn account(clients: &Clients) -> anyhow::Result<String> {
    let identity = clients
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("reading the AWS account: {}; check your credentials", explain(error)))?;
    Ok(identity.account().unwrap_or("unknown").to_owned())
}

/// Creates `bucket` in `region` unless it exists.
pub(crate) async fn ensure_bucket(clients: &Clients, bucket: &str, region: &str) -> anyhow::Result<()> {
    if clients.s3.head_bucket().bucket(bucket).send().await.is_ok() {
        return Ok(());
    }
    let mut request = clients.s3.create_bucket().bucket(bucket);
    if region != "us-east-1" {
        let location = aws_sdk_s3::types::BucketLocationConstraint::from(region);
        request = request.create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder().location_constraint(location).build(),
        );
    }
    request.send().await.map_err(|error| anyhow::anyhow!("creating bucket {bucket}: {}", explain(error)))?;
    Ok(())
}

/// Uploads the zip unless an object with its content hash is there; answers its key.
pub(crate) async fn upload(clients: &Clients, bucket: &str, stage: &str, zip: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(zip).with_context(|| format!("reading {}", zip.display()))?;
    let digest = hex::encode(Sha256::digest(&bytes));
    let key = format!("{stage}/musicctl-lambda-{}.zip", &digest[..16]);
    if clients.s3.head_object().bucket(bucket).key(&key).send().await.is_ok() {
        return Ok(key);
    }
    clients
        .s3
        .put_object()
        .bucket(bucket)
        .key(&key)
        .body(bytes.into())
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("uploading {key}: {}", explain(error)))?;
    Ok(key)
}

/// Uploads a stack template too large to send inline; answers the URL CloudFormation reads.
pub(crate) async fn upload_template(
    clients: &Clients,
    bucket: &str,
    region: &str,
    stage: &str,
    template: &str,
) -> anyhow::Result<String> {
    let digest = hex::encode(Sha256::digest(template.as_bytes()));
    let key = format!("{stage}/cloudformation-{}.yaml", &digest[..16]);
    clients
        .s3
        .put_object()
        .bucket(bucket)
        .key(&key)
        .content_type("application/x-yaml")
        .body(template.as_bytes().to_vec().into())
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("uploading {key}: {}", explain(error)))?;
    Ok(format!("https://{bucket}.s3.{region}.amazonaws.com/{key}"))
}
