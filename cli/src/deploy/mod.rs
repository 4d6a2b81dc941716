//! `musicctl deploy <stage>` and `musicctl destroy <stage>`: one CloudFormation stack per
//! stage, deployed through change sets, then point-in-time recovery checked on every table
//! and the web app published to the stage's bucket.

mod artifacts;
pub(crate) mod aws;
mod bundle;
mod pitr;
pub(crate) mod stack;
mod web;

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::path::PathBuf;

use anyhow::bail;
use serde::Serialize;

use crate::render::{self, Overrides};
use aws::Clients;

/// Options of `musicctl deploy`.
#[derive(Debug, clap::Args)]
pub(crate) struct DeployArgs {
    /// The stage: dev, test, prod or another stages/<stage>.toml.
    stage: String,
    /// Print the change set and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// A directory with a prebuilt bootstrap.zip, instead of building with cargo-lambda.
    #[arg(long)]
    artifacts: Option<PathBuf>,
    /// The bucket for the functions' code; `musicctl-<stage>-artifacts-<account>` by default.
    #[arg(long)]
    artifact_bucket: Option<String>,
    /// Publish frontend/dist as it is instead of building it for the stage.
    #[arg(long)]
    skip_web_build: bool,
    /// The repository whose sources the data VM's bundle holds; the working directory by
    /// default, else the checkout musicctl was built from.
    #[arg(long)]
    sources: Option<PathBuf>,
    /// Send every AWS call to this endpoint (e.g. moto or LocalStack).
    #[arg(long, env = "MUSICCTL_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    #[command(flatten)]
    overrides: Overrides,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Options of `musicctl destroy`.
#[derive(Debug, clap::Args)]
pub(crate) struct DestroyArgs {
    /// The stage whose stack to remove.
    stage: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
    /// Print what would be removed, removing nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send every AWS call to this endpoint.
    #[arg(long, env = "MUSICCTL_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    #[command(flatten)]
    overrides: Overrides,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// What a deployment did.
#[derive(Debug, Serialize)]
struct DeployReport {
    stage: String,
    stack: String,
    status: &'static str,
    changes: Vec<stack::Change>,
    outputs: BTreeMap<String, String>,
    resources: Vec<Resource>,
    point_in_time_recovery: BTreeMap<String, pitr::TablePitr>,
    web_files_uploaded: usize,
    /// Where the data VM's bundle was uploaded.
    bundle: String,
    bundle_bytes: usize,
}

#[derive(Debug, Serialize)]
struct Resource {
    resource_type: String,
    logical_id: String,
    physical_id: String,
}

fn stack_name(stage: &str) -> String {
    format!("musicctl-{stage}")
}

/// The repository to bundle: `--sources`, the working directory when it is a checkout,
/// else the checkout this binary was built from.
fn sources(given: Option<&std::path::Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = given {
        return Ok(path.to_owned());
    }
    let checkout = |dir: &std::path::Path| dir.join("Cargo.lock").is_file() && dir.join("containers").is_dir();
    if checkout(std::path::Path::new(".")) {
        return Ok(PathBuf::from("."));
    }
    let built_from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    anyhow::ensure!(
        checkout(&built_from),
        "the data VM's bundle needs the repository's sources: run `musicctl deploy` from its root or pass --sources DIR"
    );
    Ok(built_from)
}

pub(crate) async fn deploy(args: DeployArgs) -> anyhow::Result<()> {
    let config = render::load_stage(&args.stage, &args.overrides)?;
    let stage = config.aws_stage()?;
    let rendered = render::render(&config)?;
    let clients = Clients::new(&stage.aws.region, args.endpoint_url.as_deref()).await;
    let stack = stack_name(&args.stage);
    let say = |text: String| {
        if !args.json {
            eprintln!("{text}");
        }
    };

    // Say where before anything changes: an ambient region never moves a stage silently.
    let account = artifacts::account(&clients).await?;
    eprintln!("stage {}: account {account}, region {}", args.stage, stage.aws.region);
    let zip = artifacts::locate_or_build(args.artifacts.as_deref())?;
    let bucket = artifacts::bucket_name(&clients, &args.stage, args.artifact_bucket.as_deref()).await?;
    let key = if args.dry_run {
        say(format!("would upload {} to s3://{bucket}", zip.display()));
        format!("{}/musicctl-lambda-dry-run.zip", args.stage)
    } else {
        artifacts::ensure_bucket(&clients, &bucket, &stage.aws.region).await?;
        let key = artifacts::upload(&clients, &bucket, &args.stage, &zip).await?;
        say(format!("code at s3://{bucket}/{key}"));
        key
    };
    let tags: Vec<(String, String)> = stage.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    // A template over CloudFormation's inline limit goes through the artifact bucket.
    let template_url = if rendered.cloudformation.len() > stack::MAX_TEMPLATE_BODY {
        if args.dry_run {
            artifacts::ensure_bucket(&clients, &bucket, &stage.aws.region).await?;
        }
        Some(
            artifacts::upload_template(&clients, &bucket, &stage.aws.region, &args.stage, &rendered.cloudformation)
                .await?,
        )
    } else {
        None
    };
    let template = match &template_url {
        Some(url) => stack::Template::Url(url),
        None => stack::Template::Body(&rendered.cloudformation),
    };
    let planned =
        stack::plan(&clients, &stack, template, &[("ArtifactBucket", &bucket), ("ArtifactKey", &key)], &tags).await?;
    let bundle = bundle::build(&sources(args.sources.as_deref())?, &rendered.compose)?;
    let bundle_bytes = bundle.len();
    if args.dry_run {
        stack::discard(&clients, &stack, &planned).await?;
        say(format!(
            "would upload the data VM's bundle ({} KB) to s3://{}/{}",
            bundle_bytes / 1024,
            stage.lake.bucket,
            render::BUNDLE_KEY
        ));
        let report = serde_json::json!({"stage": args.stage, "stack": stack, "status": "dry_run",
            "changes": planned.changes, "bundle_bytes": bundle_bytes});
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else if planned.changes.is_empty() {
            println!("{stack}: no changes");
        } else {
            println!("{stack}: {} changes (nothing applied)", planned.changes.len());
            for change in &planned.changes {
                println!(
                    "  {:<8} {:<28} {:<36} {}",
                    change.action, change.logical_id, change.resource_type, change.replacement
                );
            }
        }
        return Ok(());
    }
    let status = if planned.changes.is_empty() {
        stack::discard(&clients, &stack, &planned).await?;
        say(format!("{stack}: no changes"));
        "no_changes"
    } else {
        say(format!("{stack}: applying {} changes", planned.changes.len()));
        stack::execute(&clients, &stack, &planned, args.json).await?;
        if planned.creates_stack { "created" } else { "updated" }
    };
    let outputs = stack::outputs(&clients, &stack).await?;
    let point_in_time_recovery = pitr::ensure(&clients, &render::prefix(&args.stage)).await?;
    let api_url = outputs.get("ApiUrl").cloned().unwrap_or_default();
    let web_bucket = outputs.get("WebBucket").cloned().unwrap_or_else(|| stage.web.bucket.clone());
    let reports_url = outputs.get("ReportsUrl").cloned().unwrap_or_default();
    let files = web::files(&args.stage, &api_url, &reports_url, !args.skip_web_build)?;
    let web_files_uploaded = web::publish(&clients, &web_bucket, files).await?;
    // The data VM waits for its bundle at first boot; a later deploy replaces it for the
    // next rebuild of its image.
    let lake_bucket = outputs.get("LakeBucket").cloned().unwrap_or_else(|| stage.lake.bucket.clone());
    bundle::upload(&clients, &lake_bucket, render::BUNDLE_KEY, bundle).await?;
    let bundle = format!("s3://{lake_bucket}/{}", render::BUNDLE_KEY);
    say(format!("data VM bundle at {bundle} ({} KB)", bundle_bytes / 1024));
    let resources = stack::resources(&clients, &stack)
        .await?
        .into_iter()
        .map(|(resource_type, logical_id, physical_id)| Resource { resource_type, logical_id, physical_id })
        .collect();
    let report = DeployReport {
        stage: args.stage.clone(),
        stack,
        status,
        changes: planned.changes,
        outputs,
        resources,
        point_in_time_recovery,
        web_files_uploaded,
        bundle,
        bundle_bytes,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{}: {} ({} changes, {} web files uploaded)",
            report.stack,
            report.status,
            report.changes.len(),
            report.web_files_uploaded
        );
        for (key, value) in &report.outputs {
            println!("  {key:<12} {value}");
        }
        let off: Vec<&String> =
            report.point_in_time_recovery.iter().filter(|(_, p)| p.switched_on).map(|(t, _)| t).collect();
        if !off.is_empty() {
            println!(
                "  point-in-time recovery was off and is now on for: {}",
                off.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            );
        }
    }
    Ok(())
}

pub(crate) async fn destroy(args: DestroyArgs) -> anyhow::Result<()> {
    let config = render::load_stage(&args.stage, &args.overrides)?;
    let stage = config.aws_stage()?;
    let clients = Clients::new(&stage.aws.region, args.endpoint_url.as_deref()).await;
    let stack = stack_name(&args.stage);
    let account = artifacts::account(&clients).await?;
    eprintln!("stage {}: account {account}, region {}", args.stage, stage.aws.region);
    if stack::status(&clients, &stack).await?.is_none() {
        bail!("there is no stack {stack} to remove in account {account}, region {}", stage.aws.region);
    }
    let outputs = stack::outputs(&clients, &stack).await?;
    let mut buckets = vec![outputs.get("WebBucket").cloned().unwrap_or_else(|| stage.web.bucket.clone())];
    if !stage.dynamodb.retain_on_delete {
        buckets.push(outputs.get("MediaBucket").cloned().unwrap_or_else(|| stage.media.bucket.clone()));
        buckets.push(outputs.get("LakeBucket").cloned().unwrap_or_else(|| stage.lake.bucket.clone()));
    }
    if args.dry_run {
        let resources = stack::resources(&clients, &stack).await?;
        if args.json {
            let resources: Vec<_> = resources
                .iter()
                .map(|(kind, logical, _)| serde_json::json!({"resource_type": kind, "logical_id": logical}))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({"stage": args.stage, "stack": stack, "status": "dry_run", "buckets_to_empty": buckets, "resources": resources})
                )?
            );
        } else {
            println!(
                "dry run: would empty {} and remove {stack} with its {} resources; nothing was removed",
                buckets.join(", "),
                resources.len()
            );
        }
        return Ok(());
    }
    if !args.yes {
        eprint!(
            "This removes stack {stack}, its functions, its API and its web bucket. Type the stage name to go on: "
        );
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim() != args.stage {
            bail!("not confirmed; nothing was removed");
        }
    }
    let mut emptied = 0;
    for bucket in &buckets {
        emptied += web::empty(&clients, bucket).await?;
    }
    stack::delete(&clients, &stack, args.json).await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"stage": args.stage, "stack": stack, "status": "deleted", "objects_removed": emptied})
            )?
        );
    } else {
        println!("{stack}: deleted ({emptied} objects removed from its buckets)");
    }
    Ok(())
}
