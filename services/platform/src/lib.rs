//! The six services wired together: the registry that mounts them under their names, and
//! the settings a Lambda function reads from its environment.

use std::time::Duration;

use anyhow::Context as _;
use common::media::Media;
use common::serve::ServiceRouter;
use common::store::DynamoStore;
use common::{AppState, AuthKeys};
use secrecy::SecretString;

/// The names of the services, in mounting order.
pub const SERVICE_NAMES: [&str; 6] =
    [users::NAME, artists::NAME, albums::NAME, songs::NAME, playlists::NAME, stats::NAME];

/// The documented router of service `name`.
pub fn service(name: &str) -> Option<ServiceRouter> {
    let router = match name {
        users::NAME => users::api(),
        artists::NAME => artists::api(),
        albums::NAME => albums::api(),
        songs::NAME => songs::api(),
        playlists::NAME => playlists::api(),
        stats::NAME => stats::api(),
        _ => return None,
    };
    SERVICE_NAMES.iter().find(|known| **known == name).map(|known| (*known, router))
}

/// Every service, mounted under its name.
pub fn services() -> Vec<ServiceRouter> {
    SERVICE_NAMES.iter().filter_map(|name| service(name)).collect()
}

fn env(name: &str) -> anyhow::Result<String> {
    std::env::var(name).with_context(|| format!("the function's environment lacks {name}; redeploy the stage"))
}

/// A Lambda function's service and state, from the environment the stack gives it:
/// `MUSICCTL_SERVICE`, `MUSICCTL_TABLE_PREFIX`, `MUSICCTL_JWT_SECRET`,
/// `MUSICCTL_TOKEN_TTL_MINUTES` and `MUSICCTL_MEDIA_BUCKET`.
pub async fn lambda_from_env() -> anyhow::Result<(ServiceRouter, AppState)> {
    let name = env("MUSICCTL_SERVICE")?;
    let service = service(&name).with_context(|| format!("MUSICCTL_SERVICE `{name}` is not a service"))?;
    let ttl_minutes: u64 = env("MUSICCTL_TOKEN_TTL_MINUTES")?.parse().context("MUSICCTL_TOKEN_TTL_MINUTES")?;
    let secret = SecretString::from(env("MUSICCTL_JWT_SECRET")?);
    let keys = AuthKeys::from_secret(&secret, Duration::from_secs(ttl_minutes * 60))?;
    // Loaded once for both clients; with the function's credentials in its environment this
    // makes no network call, so a cold start costs no round trip before the first request.
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = DynamoStore::from_config(&config, env("MUSICCTL_TABLE_PREFIX")?);
    let media = Media::S3 {
        client: aws_sdk_s3::Client::new(&config),
        bucket: env("MUSICCTL_MEDIA_BUCKET")?,
        expires_in: Duration::from_secs(15 * 60),
    };
    Ok((service, AppState::new(std::sync::Arc::new(store), keys, media)))
}
