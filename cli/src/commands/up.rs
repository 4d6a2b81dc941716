//! `musicctl up`: the whole platform on this machine, on the embedded defaults.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context as _;
use common::AppState;
use common::media::Media;
use common::serve;

use crate::local::LocalStage;

/// Options of `musicctl up`.
#[derive(Debug, clap::Args)]
pub(crate) struct UpArgs {
    /// The port to listen on (0 picks a free one); default from stages/local.toml.
    #[arg(long)]
    port: Option<u16>,
    /// Do not seed demo data on the first start.
    #[arg(long)]
    no_seed: bool,
}

/// Every service router, mounted under its name.
pub(crate) fn services() -> Vec<serve::ServiceRouter> {
    vec![
        (users::NAME, users::api()),
        (artists::NAME, artists::api()),
        (albums::NAME, albums::api()),
        (songs::NAME, songs::api()),
        (playlists::NAME, playlists::api()),
        (stats::NAME, stats::api()),
    ]
}

pub(crate) async fn run(args: UpArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let stage = LocalStage::open(data_dir).await?;
    if !args.no_seed && users::tenants::list_tenants(stage.store.as_ref()).await?.is_empty() {
        println!("first start: seeding demo data (skip with --no-seed)");
        crate::seed::seed_local(&stage, stage.config.seed.tenants, stage.config.seed.rows).await?;
    }
    let state = AppState::new(stage.store.clone(), stage.auth_keys()?, Media::local(&stage.data_dir));
    let app = serve::app(services(), state);
    let addr = SocketAddr::new(stage.config.local.host, args.port.unwrap_or(stage.config.local.port));
    let (listener, bound) = serve::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}; is another server using the port? try --port"))?;
    let base = format!("http://{bound}");
    println!("musicctl is up on {base}");
    println!("  data      {}", stage.data_dir.display());
    println!("  health    {base}/healthz");
    println!("  api docs  {base}/docs  (OpenAPI document: {base}/openapi.json)");
    for (name, _) in services() {
        println!("  {name:<9} {base}/{name}");
    }
    println!("Onboard a tenant with `musicctl tenants add <slug> --name <name>`. Stop with Ctrl-C.");
    axum::serve(listener, app).with_graceful_shutdown(serve::shutdown_signal()).await.context("serving")?;
    println!("musicctl stopped");
    Ok(())
}
