//! `musicctl reports`: the reports API alone, over a summary database, as the data VM's
//! `reports` container runs it next to MySQL (locally `musicctl up` serves it with the rest).
//! Tokens are checked with the stage's secret, so the dashboard's tokens are the platform's.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use common::AuthKeys;
use secrecy::SecretString;

/// Options of `musicctl reports`.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportsArgs {
    /// The summary database: mysql://user:password@host:3306/db or sqlite://path. Default:
    /// the local stage's <data dir>/summaries.sqlite.
    #[arg(long, env = "MUSICCTL_DATABASE_URL")]
    database_url: Option<String>,
    /// The address to listen on; 0.0.0.0 inside a container.
    #[arg(long, env = "MUSICCTL_HOST", default_value = "127.0.0.1")]
    host: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, env = "MUSICCTL_PORT", default_value_t = 8090)]
    port: u16,
    /// The stage's token signing secret (on the VM from SSM); default: the local stage's.
    #[arg(long, env = "MUSICCTL_JWT_SECRET", hide_env_values = true)]
    jwt_secret: Option<String>,
    /// How long tokens stay valid, in minutes, as the stage issues them.
    #[arg(long, env = "MUSICCTL_TOKEN_TTL_MINUTES", default_value_t = 60)]
    token_ttl_minutes: u64,
}

pub(crate) async fn run(args: ReportsArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let (url, keys) = match (&args.database_url, &args.jwt_secret) {
        (Some(url), Some(secret)) => {
            let ttl = Duration::from_secs(args.token_ttl_minutes * 60);
            (url.clone(), AuthKeys::from_secret(&SecretString::from(secret.clone()), ttl)?)
        }
        _ => {
            let stage = crate::local::LocalStage::open(data_dir).await?;
            let url = crate::commands::etl::database_url(args.database_url.as_deref(), "local", &stage.data_dir)?;
            (url, stage.auth_keys()?)
        }
    };
    let database = pipeline::etl::Database::open(&url).await?;
    let app = reports::standalone(database.pool.clone(), keys);
    let addr = SocketAddr::new(args.host, args.port);
    let (listener, bound) = common::serve::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}; is another server using the port? try --port"))?;
    println!("musicctl reports is up on http://{bound}");
    println!("  summaries {}", database.shown);
    println!("  dashboard data  http://{bound}/reports/dashboard   docs http://{bound}/docs");
    common::server::run(listener, app, common::server::Limits::default(), common::serve::shutdown_signal())
        .await
        .context("serving")?;
    Ok(())
}
