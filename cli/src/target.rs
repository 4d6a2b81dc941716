//! The data of a stage, for the commands that read or write it (`seed`, `tenants`,
//! `reindex`): the embedded store of the local stage, or the DynamoDB tables and media
//! bucket of an AWS stage, whose region and bucket come from its stage file when it has one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use common::model::TableDef;
use common::store::{DynamoStore, Item, Scan, ScanRequest, Store};

use crate::local::LocalStage;

/// Which stage's data a command works on.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct StageArgs {
    /// The stage: `local` (the embedded store) or an AWS stage's DynamoDB tables.
    #[arg(long, env = "MUSICCTL_STAGE", default_value = "local")]
    pub(crate) stage: String,
    /// Send every AWS call to this endpoint (e.g. a local DynamoDB or moto).
    #[arg(long, env = "MUSICCTL_ENDPOINT_URL")]
    pub(crate) endpoint_url: Option<String>,
}

/// The opened data of a stage.
pub(crate) struct StageData {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) scan: Arc<dyn Scan>,
    /// The media directory, for the local stage.
    pub(crate) media_root: Option<PathBuf>,
    /// The media bucket and its client, for an AWS stage with a stage file.
    pub(crate) media_bucket: Option<(aws_sdk_s3::Client, String)>,
    /// The region and the data lake's bucket, for an AWS stage with a stage file.
    pub(crate) lake: Option<(String, String)>,
}

impl StageData {
    /// The local stage's data, already opened.
    pub(crate) fn local(stage: &LocalStage) -> Self {
        Self {
            store: stage.store.clone(),
            scan: stage.store.clone(),
            media_root: Some(stage.data_dir.join("media")),
            media_bucket: None,
            lake: None,
        }
    }
}

/// Opens the data of `args.stage`; on an AWS stage, creates missing tables when `create`
/// (a dry run changes nothing, so it needs the stage deployed).
pub(crate) async fn open(args: &StageArgs, data_dir: Option<&Path>, create: bool) -> anyhow::Result<StageData> {
    if args.stage == "local" {
        return Ok(StageData::local(&LocalStage::open(data_dir).await?));
    }
    let valid = (1..=20).contains(&args.stage.len())
        && args.stage.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    anyhow::ensure!(valid, "--stage `{}` is not a stage name: use local, dev, test or prod", args.stage);
    let prefix = format!("musicctl-{}-", args.stage);
    let aws_stage = crate::stage::load(&args.stage).ok().and_then(|(config, _)| {
        let stage = config.aws_stage().ok()?;
        Some((stage.aws.region.clone(), stage.media.bucket.clone(), stage.lake.bucket.clone()))
    });
    let (store, media_bucket, lake) = match aws_stage {
        Some((region, bucket, lake_bucket)) => {
            let clients = crate::deploy::aws::Clients::new(&region, args.endpoint_url.as_deref()).await;
            let store = Arc::new(DynamoStore::new(clients.dynamodb.clone(), prefix));
            (store, Some((clients.s3, bucket)), Some((region, lake_bucket)))
        }
        None => (Arc::new(DynamoStore::from_env(args.endpoint_url.as_deref(), prefix).await), None, None),
    };
    if create {
        store.create_tables(&common::model::TABLES).await.with_context(|| {
            format!("reaching the DynamoDB tables of stage {}; check AWS credentials or --endpoint-url", args.stage)
        })?;
    }
    Ok(StageData { store: store.clone(), scan: store, media_root: None, media_bucket, lake })
}

/// Every item of `table`, read by a parallel scan in four segments.
pub(crate) async fn scan_all(scan: &dyn Scan, table: &'static TableDef) -> anyhow::Result<Vec<Item>> {
    let mut items = Vec::new();
    for segment in 0..4 {
        let mut cursor = None;
        loop {
            let request = ScanRequest { table, segment, total_segments: 4, limit: None, cursor };
            let page = scan.scan(&request).await?;
            items.extend(page.items);
            match page.cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
    }
    Ok(items)
}
