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
    /// The summary database the reports API reads: mysql://… or sqlite://…; default
    /// <data dir>/summaries.sqlite, which `musicctl pipeline` (or `etl`) fills.
    #[arg(long, env = "MUSICCTL_DATABASE_URL")]
    database_url: Option<String>,
    /// The built web app to serve at `/`; `frontend/dist` when it exists.
    #[arg(long, env = "MUSICCTL_WEB_DIR")]
    web_dir: Option<std::path::PathBuf>,
}

/// The web app of a checkout: `frontend/dist` when it has been built, else `None`.
/// Starting the server never builds anything: `up` says how to build the web app instead.
fn local_web_app() -> Option<std::path::PathBuf> {
    let dist = std::path::Path::new("frontend").join("dist");
    dist.join("index.html").is_file().then_some(dist)
}

pub(crate) async fn run(args: UpArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let stage = LocalStage::open(data_dir).await?;
    if !args.no_seed && users::tenants::list_tenants(stage.store.as_ref()).await?.is_empty() {
        println!("first start: seeding demo data (skip with --no-seed)");
        let seed = stage.config.seed.clone().unwrap_or(crate::stage::SeedConfig { tenants: 3, rows: 10_000 });
        crate::seed::seed_local(&stage, seed.tenants, seed.rows).await?;
        println!("first start: running the data pipeline, so that the dashboard has figures");
        let pipeline = crate::commands::pipeline::PipelineArgs::local()?;
        match crate::commands::pipeline::execute(&pipeline, Some(&stage.data_dir)).await {
            Ok(report) => println!("  {}", report.summary()),
            // The platform serves without the figures; the dashboard says how to make them.
            Err(error) => eprintln!("warning: {error:#}; the dashboard stays empty until `musicctl pipeline` runs"),
        }
    }
    let url = crate::commands::etl::database_url(args.database_url.as_deref(), "local", &stage.data_dir)?;
    let summaries = pipeline::etl::Database::open(&url).await?;
    let state = AppState::new(stage.store.clone(), stage.auth_keys()?, Media::local(&stage.data_dir));
    let web_dir = match args.web_dir.clone() {
        Some(dir) => Some(dir),
        None => local_web_app(),
    };
    if let Some(dir) = &web_dir {
        anyhow::ensure!(
            dir.join("index.html").is_file(),
            "{} holds no index.html: build the web app with `npm run build` in frontend/",
            dir.display()
        );
    }
    let mut services = platform::services();
    services.push((reports::NAME, reports::api(summaries.pool.clone())));
    let app = serve::app_with_web(services, web_dir.as_deref(), state);
    let local = stage.config.local()?;
    let addr = SocketAddr::new(local.host, args.port.unwrap_or(local.port));
    let (listener, bound) = serve::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}; is another server using the port? try --port"))?;
    let base = format!("http://{bound}");
    println!("musicctl is up on {base}");
    println!("  data      {}", stage.data_dir.display());
    println!("  health    {base}/healthz");
    match &web_dir {
        Some(dir) => println!("  web app   {base}/  (from {})", dir.display()),
        None => println!(
            "  web app   not built: run `(cd frontend && npm ci && npm run build)`, then restart `musicctl up`"
        ),
    }
    println!("  api docs  {base}/docs  (OpenAPI document: {base}/openapi.json)");
    for name in platform::SERVICE_NAMES {
        println!("  {name:<9} {base}/{name}");
    }
    println!(
        "  {:<9} {base}/{}  (summaries: {}; dashboard: {base}/#/dashboard)",
        reports::NAME,
        reports::NAME,
        summaries.shown
    );
    println!("Onboard a tenant with `musicctl tenants add <slug> --name <name>`. Stop with Ctrl-C.");
    common::server::run(listener, app, common::server::Limits::default(), serve::shutdown_signal())
        .await
        .context("serving")?;
    println!("musicctl stopped");
    Ok(())
}
