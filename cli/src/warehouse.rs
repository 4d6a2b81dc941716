//! Where a stage's lake SQL runs: on the local stage, the catalog file in the data directory
//! and DataFusion over the lake folder; on an AWS stage, the stage's Glue database and
//! crawlers and its Athena workgroup.

use std::path::{Path, PathBuf};

use pipeline::catalog::Catalog;
use pipeline::storage::Lake;

use crate::athena::Athena;
use crate::glue::Glue;
use crate::target::StageArgs;

/// The local stage's lake and catalog file.
pub(crate) struct Local {
    /// The data directory.
    pub(crate) data_dir: PathBuf,
    /// Where the catalog is recorded.
    pub(crate) catalog_path: PathBuf,
}

/// An AWS stage's catalog and SQL services.
pub(crate) struct Aws {
    pub(crate) stage: String,
    pub(crate) region: String,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) lake_bucket: String,
    pub(crate) glue: Glue,
    pub(crate) athena: Athena,
}

/// A stage's warehouse.
pub(crate) enum Warehouse {
    Local(Local),
    Aws(Aws),
}

/// Opens the warehouse of `args.stage`.
pub(crate) async fn open(args: &StageArgs, data_dir: Option<&Path>) -> anyhow::Result<Warehouse> {
    if args.stage == "local" {
        let data_dir = crate::local::data_dir(data_dir)?;
        return Ok(Warehouse::Local(Local { catalog_path: data_dir.join("catalog.json"), data_dir }));
    }
    let (config, _) = crate::stage::load(&args.stage)?;
    let stage = config.aws_stage()?;
    let sdk = crate::deploy::aws::sdk_config(&stage.aws.region, args.endpoint_url.as_deref()).await;
    Ok(Warehouse::Aws(Aws {
        stage: args.stage.clone(),
        region: stage.aws.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        lake_bucket: stage.lake.bucket.clone(),
        glue: Glue::new(&sdk, &args.stage),
        athena: Athena::new(&sdk, &args.stage),
    }))
}

impl Aws {
    /// The stage's lake bucket.
    pub(crate) fn lake(&self) -> anyhow::Result<Lake> {
        let options =
            pipeline::storage::S3Options { region: self.region.clone(), endpoint_url: self.endpoint_url.clone() };
        Lake::s3(&self.lake_bucket, &options)
    }
}

impl Local {
    /// The recorded catalog, or what to do when there is none.
    pub(crate) fn catalog(&self) -> anyhow::Result<Catalog> {
        Catalog::load(&self.catalog_path)?.ok_or_else(|| {
            anyhow::anyhow!(
                "the local stage has no catalog yet ({} is missing): run `musicctl ingest` and `musicctl crawl` first",
                self.catalog_path.display()
            )
        })
    }

    /// The lake a catalog describes.
    pub(crate) fn lake_of(catalog: &Catalog) -> anyhow::Result<Lake> {
        anyhow::ensure!(
            !catalog.lake.starts_with("s3://"),
            "the local catalog describes {}: crawl the local lake again with `musicctl crawl`",
            catalog.lake
        );
        Lake::local(Path::new(&catalog.lake))
    }
}
